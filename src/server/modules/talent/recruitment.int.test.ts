import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let zzb: Client;
let countyId: number;
let enterprise: number;

beforeAll(async () => {
  t = await createTestApp();
  zzb = await t.login('zzb');
  countyId = await t.unitId('330784');
  [{ id: enterprise }] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where type = 'enterprise' order by id limit 1`);
});
afterAll(() => t?.close());

async function figure(code: string, year: number) {
  const list = (await zzb.get('/api/indicators')).body as { id: number; code: string }[];
  const ind = list.find((i) => i.code === code)!;
  const r = await zzb.get(`/api/indicators/${ind.id}/aggregate?unitId=${countyId}&from=${year}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function candidate(body: Partial<Record<string, unknown>> = {}) {
  const res = await zzb.post('/api/recruitment/candidates', { year: 2022, name: '测试候选人', field: '新材料', employerUnitId: enterprise, level: 'provincial', appliedOn: '2022-03-10', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; version: number; stage: string };
}

const move = (id: number, version: number, toStage: string, movedOn: string, note?: string) => zzb.post(`/api/recruitment/candidates/${id}/moves`, { version, toStage, movedOn, note });

describe('the pipeline', () => {
  it('moves a candidate one stage at a time, dated and noted, and records where a candidate stopped', async () => {
    const c = await candidate({ name: '测试顺序' });
    expect(c.stage).toBe('applied');
    const skip = await move(c.id, c.version, 'defence', '2022-05-01');
    expect(skip.status).toBe(400);
    expect(skip.body).toMatchObject({ code: 'recruitment.stage_order', details: [{ path: 'toStage' }] });
    const early = await move(c.id, c.version, 'screened', '2022-03-01');
    expect(early.status).toBe(400);
    expect(early.body.code).toBe('recruitment.move_before_last');
    const screened = await move(c.id, c.version, 'screened', '2022-05-01', '材料齐全');
    expect(screened.status, JSON.stringify(screened.body)).toBe(201);
    expect((await move(c.id, c.version, 'defence', '2022-06-01')).status).toBe(409); // stale version
    const stopped = await move(c.id, screened.body.version, 'not_selected', '2022-06-20', '复审未入围');
    expect(stopped.body).toMatchObject({ stage: 'not_selected', stoppedAt: 'screened', stageName: '未入选（止于初审通过）', final: true, nextStages: [] });
    expect(stopped.body.events.map((e: { toStage: string; movedOn: string }) => `${e.toStage}@${e.movedOn}`)).toEqual(['applied@2022-03-10', 'screened@2022-05-01', 'not_selected@2022-06-20']);
    expect((await move(c.id, stopped.body.version, 'defence', '2022-07-01')).status).toBe(409);
    // The events are append-only in the database too.
    await expect(t.ctx.db.execute(sql`update recruitment_stage_events set note = '改' where candidate_id = ${c.id}`)).rejects.toThrow();
    await expect(t.ctx.db.execute(sql`delete from recruitment_stage_events where candidate_id = ${c.id}`)).rejects.toThrow();
  });

  it('refuses bad input with Chinese messages beside the fields, and other roles', async () => {
    const bad = await zzb.post('/api/recruitment/candidates', { year: 2022, name: '', field: '材料', employerUnitId: enterprise, level: 'city', appliedOn: '2022/03/01' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['appliedOn', 'level', 'name']);
    expect(bad.body.message).toMatch(/[\u4e00-\u9fa5]/);
    const town = await t.login('town');
    expect((await town.get('/api/recruitment/candidates')).status).toBe(403);
  });
});

describe('the seed’s recruitment figures, from the records', () => {
  it('shows the pass rates with their definitions: 复审通过率 40% (2021) and 50% (2022) for national candidates', async () => {
    const r = await zzb.get('/api/recruitment/rates?from=2021&to=2022');
    expect(r.status).toBe(200);
    expect(r.body.definitions.reviewRate).toBe('复审通过率 = 入围答辩人数 ÷ 初审通过人数');
    const row = (year: number, level: string) => r.body.rows.find((x: { year: number; level: string }) => x.year === year && x.level === level);
    expect(row(2021, 'national')).toMatchObject({ screened: 5, defence: 2, selected: 1, reviewRate: 40 });
    expect(row(2022, 'national')).toMatchObject({ screened: 8, defence: 4, selected: 2, reviewRate: 50 });
    expect(row(2021, 'provincial')).toMatchObject({ defence: 11, selected: 3 });
    expect(row(2022, 'provincial')).toMatchObject({ defence: 19, selected: 4 });
    const board = (await zzb.get('/api/recruitment/board?year=2022')).body;
    expect(board.stages.find((s: { stage: string }) => s.stage === 'selected')).toMatchObject({ national: 2, provincial: 4, count: 6 });
    // Nobody of a finished round stands at 入围答辩 any more, but 19 provincial candidates reached it.
    expect(board.stages.find((s: { stage: string }) => s.stage === 'defence')).toMatchObject({ count: 0, reached: { national: 4, provincial: 19 } });
    expect(board.years).toEqual(expect.arrayContaining([2021, 2022]));
  });

  it('derives 入围答辩, 入选 and 复审通过率 from the pipeline, so a move changes them', async () => {
    expect((await figure('HW_SJDB', 2021)).value).toBe(11);
    expect((await figure('HW_SJDB', 2022)).value).toBe(19);
    expect((await figure('RC_GJ', 2021)).value).toBe(1);
    expect((await figure('RC_GJ', 2022)).value).toBe(2);
    expect((await figure('RC_SJ', 2021)).value).toBe(3);
    expect((await figure('RC_SJ', 2022)).value).toBe(4);
    expect((await figure('HW_GJTGL', 2021)).value).toBe(40);
    const rate = await figure('HW_GJTGL', 2022);
    expect(rate.value).toBe(50);
    // The peer standing (金华第1) stays with the rate.
    expect(rate.benchmarks[0]).toMatchObject({ rank: 1, peerCount: 9 });

    const c = await candidate({ name: '测试指标', appliedOn: '2022-03-12' });
    const s = await move(c.id, c.version, 'screened', '2022-05-02');
    const d = await move(c.id, s.body.version, 'defence', '2022-07-02');
    expect(d.status).toBe(201);
    expect((await figure('HW_SJDB', 2022)).value).toBe(20);
    const n = await candidate({ name: '测试国家级', level: 'national', appliedOn: '2022-03-12' });
    const ns = await move(n.id, n.version, 'screened', '2022-05-02');
    expect(ns.status).toBe(201);
    // 4 of 9 national candidates past 初审 reached the defence now.
    expect((await figure('HW_GJTGL', 2022)).value).toBeCloseTo((4 / 9) * 100, 6);
  });
});
