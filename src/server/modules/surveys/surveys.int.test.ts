import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { DEMO_PASSWORD } from '../../db/demo/demo-county';
import { createUserAsSystem } from '../auth';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { IP_LIMIT } from './answer.service';
import { DEMO_SURVEY_INDICATOR, DEMO_SURVEY_TITLE } from './demo';
import { TARGET_CODE_PATTERN, TOKEN_PATTERN, hashToken } from './tokens';

/**
 * 群众评价 end to end over HTTP: managing surveys within the subtree, one-time tokens, answering
 * without an account (validation, single use under concurrency, one per device, rate limit,
 * closed surveys), results, the abuse report, and results written into an indicator.
 */
let t: TestApp;
let town: Client;
let otherTown: Client;
let zzb: Client;
let village: Client;
let leader: Client;
let anon: Client;
let townId: number;
let villageIds: number[];
let outsideVillage: number;

const QUESTIONS = [
  { key: 'overall', type: 'rating', label: '您对村干部的总体工作满意吗？', required: true },
  { key: 'service', type: 'rating', label: '您对便民服务满意吗？', required: true },
  { key: 'who', type: 'single', label: '您的身份', options: ['本村居民', '外来务工人员', '其他'], required: false },
  { key: 'focus', type: 'multi', label: '希望加强哪些方面', options: ['道路', '环境', '养老'], required: false },
  { key: 'note', type: 'text', label: '意见建议', required: false },
];
const GOOD = { overall: 5, service: 4, who: '本村居民', focus: ['道路', '养老'], note: '路灯不够亮' };

const device = () => `lizhou_sd=${randomBytes(16).toString('base64url')}`;
const answer = (code: string, body: unknown, headers: Record<string, string> = {}) => anon.request('POST', `/api/public/surveys/${code}/answers`, body, headers);

async function newSurvey(client: Client, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/surveys', { title: `测评${randomBytes(3).toString('hex')}`, questions: QUESTIONS, mode: 'token', period: '2022', villagesUnderIds: [townId], ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
async function setStatus(client: Client, s: { id: number }, to: 'open' | 'close') {
  const cur = (await client.get(`/api/surveys/${s.id}`)).body;
  const res = await client.post(`/api/surveys/${s.id}/${to}`, { version: cur.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
/** Issues `count` tokens per target and returns them by target id. */
async function tokensFor(client: Client, s: { id: number }, count: number): Promise<Map<number, string[]>> {
  const issued = await client.post(`/api/surveys/${s.id}/tokens`, { count });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  const sheet = await client.get(`/api/surveys/${s.id}/tokens/print?batch=${encodeURIComponent(issued.body.batch)}`);
  return new Map(sheet.body.targets.map((x: { targetId: number; tokens: { token: string }[] }) => [x.targetId, x.tokens.map((k) => k.token)]));
}

beforeAll(async () => {
  t = await createTestApp();
  await createUserAsSystem(t.ctx, { username: 'dc_town', displayName: '东城街道干部', orgUnitCode: '330784001', role: 'town', password: DEMO_PASSWORD });
  [town, otherTown, zzb, village, leader] = await Promise.all(['town', 'dc_town', 'zzb', 'village', 'leader'].map((u) => t.login(u)));
  anon = t.anonymous();
  townId = await t.unitId('330784105');
  villageIds = (await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where parent_id = ${townId} and type in ('village', 'community') order by code`)).map((r) => r.id);
  [{ id: outsideVillage }] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where parent_id = (select id from org_units where code = '330784001') and type in ('village', 'community') order by code limit 1`);
});
afterAll(() => t?.close());

describe('managing surveys', () => {
  it('creates a draft over every village and community of the town, each with its own public code', async () => {
    const s = await newSurvey(town);
    expect(s.status).toBe('draft');
    expect(s.targets.map((x: { orgUnitId: number }) => x.orgUnitId).sort()).toEqual([...villageIds].sort());
    for (const x of s.targets) {
      expect(x.code).toMatch(TARGET_CODE_PATTERN);
      expect(x.link).toBe(`/s/${x.code}`);
    }
  });

  it('reports each bad field of a survey in Chinese', async () => {
    const res = await town.post('/api/surveys', {
      title: '',
      mode: 'token',
      period: '2022年',
      questions: [
        { key: 'a', type: 'single', label: '只有一个选项', options: ['是'] },
        { key: 'a', type: 'rating', label: '' },
      ],
    });
    expect(res.status).toBe(400);
    const paths = res.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'period', 'questions.0.options', 'questions.1.label', 'questions.1.key']));
    expect(res.body.details.find((d: { path: string }) => d.path === 'questions.0.options').message).toBe('选择题至少需要两个选项');
  });

  it('refuses targets outside the owner unit, naming them', async () => {
    const res = await town.post('/api/surveys', { title: '越界', questions: QUESTIONS, mode: 'token', targetUnitIds: [villageIds[0], outsideVillage] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('survey.target_out_of_scope');
    expect(res.body.details).toEqual([{ path: 'targetUnitIds.1', message: expect.stringContaining('不在主办单位（石柱镇）的范围内') }]);
  });

  it("keeps a town's surveys from another town's manager, and management from villages and leaders", async () => {
    const s = await newSurvey(town);
    expect((await otherTown.get(`/api/surveys/${s.id}`)).status).toBe(404);
    expect((await otherTown.patch(`/api/surveys/${s.id}`, { version: s.version, title: '改' })).status).toBe(404);
    expect((await otherTown.post(`/api/surveys/${s.id}/open`, { version: s.version })).status).toBe(404);
    expect((await otherTown.get('/api/surveys')).body.some((x: { id: number }) => x.id === s.id)).toBe(false);
    for (const c of [village, leader]) {
      expect((await c.post('/api/surveys', { title: 'x', questions: QUESTIONS, mode: 'token' })).status).toBe(403);
      expect((await c.patch(`/api/surveys/${s.id}`, { version: s.version, title: '改' })).status).toBe(403);
      expect((await c.post(`/api/surveys/${s.id}/tokens`, { count: 1 })).status).toBe(403);
    }
    // The county sees and manages it (its owner lies in the county's subtree).
    expect((await zzb.get(`/api/surveys/${s.id}`)).body.canManage).toBe(true);
  });

  it("shows a village its own target only, once the survey is past its draft", async () => {
    const s = await newSurvey(town);
    expect((await village.get(`/api/surveys/${s.id}`)).status).toBe(404);
    await setStatus(town, s, 'open');
    const seen = await village.get(`/api/surveys/${s.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.canManage).toBe(false);
    expect(seen.body.targets).toHaveLength(1);
    expect((await village.get('/api/surveys')).body.some((x: { id: number; targets: number }) => x.id === s.id && x.targets === 1)).toBe(true);
  });

  it('refuses a stale version with 409 and the current state', async () => {
    const s = await newSurvey(town);
    expect((await town.patch(`/api/surveys/${s.id}`, { version: s.version, title: '第一次修改' })).status).toBe(200);
    const stale = await town.patch(`/api/surveys/${s.id}`, { version: s.version, title: '第二次修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('survey.version_conflict');
    expect(stale.body.details.current).toMatchObject({ title: '第一次修改', version: s.version + 1 });
  });

  it('fixes questions and mode once collecting; targets can then only be added', async () => {
    const s = await newSurvey(town, { villagesUnderIds: [], targetUnitIds: villageIds.slice(0, 2) });
    const opened = await setStatus(town, s, 'open');
    const q = await town.patch(`/api/surveys/${s.id}`, { version: opened.version, questions: QUESTIONS.slice(0, 2) });
    expect([q.status, q.body.code]).toEqual([409, 'survey.questions_locked']);
    const less = await town.patch(`/api/surveys/${s.id}`, { version: opened.version, targetUnitIds: villageIds.slice(0, 1) });
    expect([less.status, less.body.code]).toEqual([409, 'survey.targets_locked']);
    const more = await town.patch(`/api/surveys/${s.id}`, { version: opened.version, title: '改了标题', questions: QUESTIONS, targetUnitIds: villageIds });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(more.body.targets).toHaveLength(villageIds.length);
  });
});

describe('tokens', () => {
  it('issues a batch, prints it again identically, and exports it as .xlsx', async () => {
    const s = await newSurvey(town);
    const issued = await town.post(`/api/surveys/${s.id}/tokens`, { count: 4 });
    expect(issued.body).toMatchObject({ targets: villageIds.length, issued: 4 * villageIds.length });
    const batches = await town.get(`/api/surveys/${s.id}/tokens`);
    expect(batches.body).toEqual([{ batch: issued.body.batch, targets: villageIds.length, issued: 4 * villageIds.length, used: 0 }]);
    const first = await town.get(`/api/surveys/${s.id}/tokens/print?batch=${encodeURIComponent(issued.body.batch)}`);
    const again = await town.get(`/api/surveys/${s.id}/tokens/print`);
    expect(again.body.targets).toEqual(first.body.targets);
    const k = first.body.targets[0].tokens[0];
    expect(k.token).toMatch(TOKEN_PATTERN);
    expect(k.display).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(k.link).toBe(`/s/${first.body.targets[0].code}?t=${k.token}`);
    // The database keeps salts and hashes only.
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from survey_tokens where token_hash = ${k.token} or salt = ${k.token}`);
    expect(n).toBe(0);
    const file = await town.request('POST', `/api/surveys/${s.id}/tokens/export`);
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(3).text).toBe('答题码');
    expect(ws.rowCount).toBe(1 + 4 * villageIds.length);
    const [{ events }] = await queryRows<{ events: number }>(t.ctx.db, sql`select count(*)::int as events from audit_events where entity_id = ${String(s.id)} and action in ('survey.tokens_print', 'survey.tokens_export')`);
    expect(events).toBe(3);
  });

  it('refuses tokens for an open-link survey', async () => {
    const s = await newSurvey(town, { mode: 'device' });
    const res = await town.post(`/api/surveys/${s.id}/tokens`, { count: 1 });
    expect([res.status, res.body.code]).toEqual([409, 'survey.not_token_mode']);
  });
});

describe('answering with one-time tokens', () => {
  let s: { id: number; targets: { targetId: number; code: string }[] };
  let tokens: Map<number, string[]>;
  let code: string;
  let mine: string[];
  beforeAll(async () => {
    s = await newSurvey(town);
    tokens = await tokensFor(town, s, 20);
    await setStatus(town, s, 'open');
    code = s.targets[0].code;
    mine = tokens.get(s.targets[0].targetId)!;
  });

  it('shows the questions and the unit without an account; 404 for an unknown code', async () => {
    const res = await anon.get(`/api/public/surveys/${code}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, mode: 'token', status: 'open', statusName: '收集中', answered: false, token: null });
    expect(res.body.questions.map((q: { key: string }) => q.key)).toEqual(QUESTIONS.map((q) => q.key));
    expect(res.body.unitName).toBeTruthy();
    expect((await anon.get('/api/public/surveys/ZZZZZZZZ')).status).toBe(404);
    expect((await anon.get('/api/public/surveys/not-a-code')).status).toBe(404);
  });

  it('reports each bad answer as a field error', async () => {
    const res = await answer(code, { token: mine[0], answers: { overall: 6, service: 2.5, who: '游客', focus: ['道路', '飞机'], note: '长'.repeat(501) } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('survey.answers_invalid');
    expect(Object.fromEntries(res.body.details.map((d: { path: string; message: string }) => [d.path, d.message]))).toEqual({
      'answers.overall': '第1题请打 1 到 5 分',
      'answers.service': '第2题请打 1 到 5 分',
      'answers.who': '第3题请从给出的选项中选择一项',
      'answers.focus': '第4题请从给出的选项中选择',
      'answers.note': '第5题最多填写 500 个字，当前 501 个字',
    });
    const missing = await answer(code, { answers: {} });
    expect(missing.body.details).toEqual([
      { path: 'token', message: '请输入答题码' },
      { path: 'answers.overall', message: '第1题为必答题，请选择' },
      { path: 'answers.service', message: '第2题为必答题，请选择' },
    ]);
    // Nothing was used up by the refused sheets.
    expect((await anon.get(`/api/public/surveys/${code}?t=${mine[0]}`)).body.token).toEqual({ state: 'unused' });
  });

  it('takes a token once: a second use is refused with a clear message', async () => {
    const first = await answer(code, { token: mine[1].toLowerCase().replace(/(.{4})/g, '$1-').slice(0, 14), answers: GOOD });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.message).toBe('提交成功，感谢您的评价！');
    const second = await answer(code, { token: mine[1], answers: GOOD });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'survey.token_used', message: expect.stringContaining('该答题码已经使用过') });
    expect((await anon.get(`/api/public/surveys/${code}?t=${mine[1]}`)).body.token).toEqual({ state: 'used' });
  });

  it('refuses a token of another unit, and a made-up one', async () => {
    const other = tokens.get(s.targets[1].targetId)![0];
    const res = await answer(code, { token: other, answers: GOOD });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'token', message: expect.stringContaining('答题码无效') }]);
    expect((await anon.get(`/api/public/surveys/${code}?t=${other}`)).body.token).toEqual({ state: 'invalid' });
    expect((await answer(code, { token: 'ABCD-EFGH-JKMN', answers: GOOD })).body.code).toBe('survey.token_invalid');
  });

  it('stores exactly one of two sheets sent at once with the same token', async () => {
    const token = mine[2];
    const results = await Promise.all([answer(code, { token, answers: GOOD }), answer(code, { token, answers: { ...GOOD, overall: 1 } })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from survey_responses r join survey_tokens k on k.id = r.token_id where k.token_hash = ${hashToken(token)}`);
    expect(n).toBe(1);
  });

  it('stores every one of many sheets sent together, each token once', async () => {
    const batch = mine.slice(3, 18);
    const sent = [...batch, ...batch];
    const results = await Promise.all(sent.map((token) => answer(code, { token, answers: GOOD })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(batch.length);
    expect(results.filter((r) => r.status === 409)).toHaveLength(batch.length);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from survey_responses where survey_id = ${s.id}`);
    expect(n).toBe(2 + batch.length);
  });

  it('refuses cross-site posts (Origin check), as for check-in links', async () => {
    const res = await answer(code, { token: mine[18], answers: GOOD }, { origin: 'https://evil.example' });
    expect([res.status, res.body.code]).toEqual([403, 'auth.origin_mismatch']);
  });

  it('answers 410 once the survey is closed, and for a draft', async () => {
    const draft = await newSurvey(town);
    expect((await anon.get(`/api/public/surveys/${draft.targets[0].code}`)).body.code).toBe('survey.not_open');
    await setStatus(town, s, 'close');
    const view = await anon.get(`/api/public/surveys/${code}`);
    expect([view.status, view.body.code]).toEqual([410, 'survey.closed']);
    expect(view.body.details.title).toBeTruthy();
    const res = await answer(code, { token: mine[19], answers: GOOD });
    expect([res.status, res.body.code]).toEqual([410, 'survey.closed']);
  });
});

describe('answering an open link (one per device)', () => {
  it('takes one sheet per device, and says so when the page is opened again', async () => {
    const s = await newSurvey(town, { mode: 'device' });
    await setStatus(town, s, 'open');
    const code = s.targets[0].code;
    const phone = device();
    const first = await answer(code, { answers: GOOD }, { cookie: phone });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await answer(code, { answers: GOOD }, { cookie: phone });
    expect([again.status, again.body.code]).toEqual([409, 'survey.already_answered']);
    expect((await anon.request('GET', `/api/public/surveys/${code}`, undefined, { cookie: phone })).body.answered).toBe(true);
    expect((await answer(code, { answers: GOOD }, { cookie: device() })).status).toBe(201);
    // Two sheets at once from one device: one is stored.
    const twin = device();
    const both = await Promise.all([answer(code, { answers: GOOD }, { cookie: twin }), answer(code, { answers: GOOD }, { cookie: twin })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('gives a device without one a random httpOnly cookie for the survey API only', async () => {
    const s = await newSurvey(town, { mode: 'device' });
    await setStatus(town, s, 'open');
    const res = await anon.get(`/api/public/surveys/${s.targets[0].code}`);
    expect(String(res.headers['set-cookie'])).toMatch(/^lizhou_sd=[A-Za-z0-9_-]{22}; Max-Age=\d+; Path=\/api\/public\/surveys; HttpOnly; SameSite=Lax/);
  });

  it('limits one address per minute, and stores only keyed hashes of address and device', async () => {
    const s = await newSurvey(town, { mode: 'device' });
    await setStatus(town, s, 'open');
    const code = s.targets[1].code;
    const results = [];
    for (let i = 0; i <= IP_LIMIT; i++) results.push(await answer(code, { answers: GOOD }, { cookie: device() }));
    expect(results.slice(0, IP_LIMIT).every((r) => r.status === 201)).toBe(true);
    const last = results[IP_LIMIT];
    expect([last.status, last.body.code]).toEqual([429, 'survey.rate_limited']);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await queryRows<Record<string, unknown>>(t.ctx.db, sql`select * from survey_responses where survey_id = ${s.id}`);
    expect(rows).toHaveLength(IP_LIMIT);
    const ipHash = t.ctx.crypto.lookupHash(`survey.ip:${s.id}:127.0.0.1`);
    expect(rows.every((r) => r.ip_hash === ipHash)).toBe(true);
    expect(new Set(rows.map((r) => r.device_hash)).size).toBe(IP_LIMIT);
    const everything = JSON.stringify(await queryRows(t.ctx.db, sql`select s.*, r.* from surveys s join survey_responses r on r.survey_id = s.id where s.id = ${s.id}`));
    expect(everything).not.toContain('127.0.0.1');
  });
});

describe('results', () => {
  it('averages each sheet, then each unit, and scores out of 100', async () => {
    const s = await newSurvey(town, { villagesUnderIds: [], targetUnitIds: villageIds.slice(0, 2) });
    const tokens = await tokensFor(town, s, 3);
    await setStatus(town, s, 'open');
    const [a, b] = s.targets;
    const ta = tokens.get(a.targetId)!;
    const tb = tokens.get(b.targetId)!;
    for (const [code, token, answers] of [
      [a.code, ta[0], { overall: 5, service: 4, who: '本村居民', focus: ['道路'] }],
      [a.code, ta[1], { overall: 3, service: 3, who: '其他', focus: ['道路', '环境'], note: '希望多装路灯' }],
      [b.code, tb[0], { overall: 4, service: 5, focus: ['养老'] }],
    ] as const) {
      expect((await answer(code, { token, answers })).status).toBe(201);
    }
    const r = (await town.get(`/api/surveys/${s.id}/results`)).body;
    const ua = r.units.find((u: { targetId: number }) => u.targetId === a.targetId);
    const ub = r.units.find((u: { targetId: number }) => u.targetId === b.targetId);
    expect([ua.responses, ua.satisfaction, ua.score]).toEqual([2, 3.75, 75]);
    expect([ub.responses, ub.satisfaction, ub.score]).toEqual([1, 4.5, 90]);
    expect(ua.questions.overall).toEqual({ '5': 1, '3': 1 });
    expect(ua.questions.focus).toEqual({ 道路: 2, 环境: 1 });
    expect(ua.questions.who).toEqual({ 本村居民: 1, 其他: 1 });
    expect(ua.questions.note).toEqual({ answered: 1 });
    expect(r.totals).toMatchObject({ responses: 3, satisfaction: 4, score: 80 });
    expect(r.totals.questions.focus).toEqual({ 道路: 2, 环境: 1, 养老: 1 });
    expect(r.comments).toEqual([expect.objectContaining({ text: '希望多装路灯', unitName: ua.unitName })]);
    // A village sees its own unit's results, without the comments.
    const mine = (await village.get(`/api/surveys/${s.id}/results`)).body;
    expect(mine.units.map((u: { targetId: number }) => u.targetId)).toEqual([a.targetId]);
    expect(mine.comments).toEqual([]);
    const file = await town.request('POST', `/api/surveys/${s.id}/results/export`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('各单位结果')!;
    expect(sheet.getRow(1).getCell(5).text).toBe('百分制得分');
    expect(sheet.getRow(sheet.rowCount).values).toEqual(expect.arrayContaining(['合计', 3, 4, 80]));
  });

  it('reports a burst of answers to one unit, and one device behind many sheets', async () => {
    const s = await newSurvey(town, { villagesUnderIds: [], targetUnitIds: villageIds.slice(0, 1) });
    const tokens = (await tokensFor(town, s, 12)).get(s.targets[0].targetId)!;
    await setStatus(town, s, 'open');
    const phone = device();
    for (const token of tokens) expect((await answer(s.targets[0].code, { token, answers: GOOD }, { cookie: phone })).status).toBe(201);
    const report = (await town.get(`/api/surveys/${s.id}/abuse?perMinute=5&perDevice=2&perIp=10`)).body;
    expect(report.bursts.length).toBeGreaterThan(0);
    expect(report.bursts[0]).toMatchObject({ targetId: s.targets[0].targetId, count: expect.any(Number) });
    expect(report.bursts.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(12);
    expect(report.devices).toEqual([expect.objectContaining({ count: 12, units: [expect.any(String)] })]);
    expect(report.addresses).toEqual([expect.objectContaining({ count: 12 })]);
    expect(report.devices[0].label).toHaveLength(8);
    expect((await village.get(`/api/surveys/${s.id}/abuse`)).status).toBe(403);
  });
});

describe('writing results into an indicator', () => {
  let indicatorId: number;
  let s: { id: number; targets: { targetId: number; code: string; orgUnitId: number }[] };
  const create = async (code: string, tree: string, periodType = 'year') => {
    const res = await zzb.post('/api/indicators', { code, name: `满意度${code}`, unit: '分', direction: 'higher', periodType, definition: { effectiveFrom: periodType === 'year' ? '2020' : '2020-01', valueKind: 'decimal', minValue: 0, maxValue: 100, aggregation: { kind: 'simple', tree, time: 'avg' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };

  beforeAll(async () => {
    indicatorId = await create('T_QZMY', 'avg');
    s = await newSurvey(town, { villagesUnderIds: [], targetUnitIds: villageIds.slice(0, 2), period: '2024' });
    const tokens = await tokensFor(town, s, 2);
    await setStatus(town, s, 'open');
    const [a, b] = s.targets;
    await answer(a.code, { token: tokens.get(a.targetId)![0], answers: { overall: 5, service: 4 } });
    await answer(a.code, { token: tokens.get(a.targetId)![1], answers: { overall: 3, service: 3 } });
    await answer(b.code, { token: tokens.get(b.targetId)![0], answers: { overall: 4, service: 5 } });
  });

  it('waits for the survey to close', async () => {
    const res = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId });
    expect([res.status, res.body.code]).toEqual([409, 'survey.not_closed']);
  });

  it("writes each unit's score as a signed-off figure that the aggregate reads, with history and audit", async () => {
    await setStatus(town, s, 'close');
    const res = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ written: 2, created: 2, replaced: 0 });
    const agg = await town.get(`/api/indicators/${indicatorId}/aggregate?unitId=${townId}&from=2024`);
    expect(agg.body.value).toBe(82.5);
    const values = await queryRows<{ id: number; value: number; approvedValue: number; source: string; comment: string; taskId: number | null }>(
      t.ctx.db,
      sql`select id, value, approved_value as "approvedValue", source, comment, task_id as "taskId" from indicator_values where indicator_id = ${indicatorId} order by approved_value`,
    );
    expect(values.map((v) => [v.value, v.approvedValue, v.source, v.taskId])).toEqual([
      [75, 75, 'survey', null],
      [90, 90, 'survey', null],
    ]);
    expect(values[0].comment).toMatch(/^群众评价《.+》：2 份答卷，平均 3\.75 分/);
    const history = await queryRows<{ action: string; newValue: number; reason: string }>(t.ctx.db, sql`select action, new_value as "newValue", reason from indicator_value_history where value_id = ${values[0].id}`);
    expect(history).toEqual([expect.objectContaining({ action: 'import', newValue: 75, reason: values[0].comment })]);
    const [{ events }] = await queryRows<{ events: number }>(t.ctx.db, sql`select count(*)::int as events from audit_events where action = 'indicator.external_write' and entity_id in (${sql.join(values.map((v) => sql`${String(v.id)}`), sql`, `)})`);
    expect(events).toBe(2);
  });

  it('writes again from the same survey, recorded in the history', async () => {
    const res = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId });
    expect(res.body).toMatchObject({ written: 2, created: 0, replaced: 2, changed: 0 });
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from indicator_value_history h join indicator_values v on v.id = h.value_id where v.indicator_id = ${indicatorId}`);
    expect(n).toBe(4);
  });

  it('never overwrites a figure collected through a task, nor one from another survey', async () => {
    const other = await newSurvey(town, { villagesUnderIds: [], targetUnitIds: villageIds.slice(0, 1), period: '2024' });
    const token = (await tokensFor(town, other, 1)).get(other.targets[0].targetId)![0];
    await setStatus(town, other, 'open');
    await answer(other.targets[0].code, { token, answers: { overall: 1, service: 1 } });
    await setStatus(town, other, 'close');
    const res = await town.post(`/api/surveys/${other.id}/indicator`, { indicatorId });
    expect([res.status, res.body.code]).toEqual([409, 'indicator.figure_owned_elsewhere']);
    expect(res.body.message).toContain('其他来源');

    // A task collected and signed off 2025's figure for the first village.
    const [task] = await queryRows<{ id: number }>(t.ctx.db, sql`insert into collection_tasks (tenant_id, title, period, deadline, issuer_unit_id, issued_by) values ('330784', '满意度填报', '2025', '2030-01-01', ${townId}, '测试') returning id`);
    await t.ctx.db.execute(sql`insert into task_submissions (tenant_id, task_id, org_unit_id, status) values ('330784', ${task.id}, ${villageIds[0]}, 'approved')`);
    await t.ctx.db.execute(sql`insert into indicator_values (tenant_id, indicator_id, org_unit_id, period, value, approved_value, task_id) values ('330784', ${indicatorId}, ${villageIds[0]}, '2025', 66, 66, ${task.id})`);
    const cur = (await town.get(`/api/surveys/${s.id}`)).body;
    expect((await town.patch(`/api/surveys/${s.id}`, { version: cur.version, period: '2025' })).status).toBe(200);
    const refused = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId });
    expect([refused.status, refused.body.code]).toEqual([409, 'indicator.figure_owned_elsewhere']);
    expect(refused.body.message).toContain('已通过填报任务报送并审核');
    const [{ value }] = await queryRows<{ value: number }>(t.ctx.db, sql`select approved_value as value from indicator_values where indicator_id = ${indicatorId} and period = '2025' and org_unit_id = ${villageIds[0]}`);
    expect(value).toBe(66);
    // Nothing of the refused write stayed behind.
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from indicator_values where indicator_id = ${indicatorId} and period = '2025'`);
    expect(n).toBe(1);
  });

  it('refuses an indicator summed up the tree, of another period type, or derived', async () => {
    const cur = (await town.get(`/api/surveys/${s.id}`)).body;
    await town.patch(`/api/surveys/${s.id}`, { version: cur.version, period: '2024' });
    const summed = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId: await create('T_QZMY_SUM', 'sum') });
    expect([summed.status, summed.body.code]).toEqual([409, 'indicator.tree_rule_unsuitable']);
    const monthly = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId: await create('T_QZMY_M', 'avg', 'month') });
    expect([monthly.status, monthly.body.code]).toEqual([400, 'indicator.period_type_mismatch']);
    const [derived] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from indicators where code = 'DY_RS'`);
    const d = await town.post(`/api/surveys/${s.id}/indicator`, { indicatorId: derived.id });
    expect([d.status, d.body.code]).toEqual([409, 'indicator.not_entered']);
  });
});

describe('the demo county', () => {
  it('has the closed 2022 satisfaction survey, whose scores are the QZPJ_CS figures for 2022', async () => {
    const list = (await zzb.get('/api/surveys?status=closed')).body;
    const demo = list.find((x: { title: string }) => x.title === DEMO_SURVEY_TITLE);
    expect(demo).toMatchObject({ mode: 'token', status: 'closed', period: '2022', ownerName: '永康市' });
    const results = (await zzb.get(`/api/surveys/${demo.id}/results`)).body;
    const villagesAll = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where type in ('village', 'community')`);
    expect(results.units).toHaveLength(villagesAll.length);
    for (const u of results.units) expect(u.responses).toBeGreaterThanOrEqual(10);
    const figures = new Map(
      (await queryRows<{ orgUnitId: number; value: number }>(t.ctx.db, sql`select v.org_unit_id as "orgUnitId", v.approved_value as value from indicator_values v join indicators i on i.id = v.indicator_id where i.code = ${DEMO_SURVEY_INDICATOR} and v.period = '2022'`)).map((r) => [r.orgUnitId, r.value]),
    );
    expect(figures.size).toBe(results.units.length);
    for (const u of results.units) expect(figures.get(u.orgUnitId)).toBe(u.score);
    // The planted burst shows in the abuse report.
    const report = (await zzb.get(`/api/surveys/${demo.id}/abuse`)).body;
    expect(report.devices[0]).toMatchObject({ count: 12 });
    // Writing the results again changes nothing.
    const again = await zzb.post(`/api/surveys/${demo.id}/indicator`, { indicatorId: (await queryRows<{ id: number }>(t.ctx.db, sql`select id from indicators where code = ${DEMO_SURVEY_INDICATOR}`))[0].id });
    expect(again.body).toMatchObject({ changed: 0, replaced: results.units.length });
  });
});
