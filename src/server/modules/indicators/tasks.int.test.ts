import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let zzb: Client;
let town: Client;
let village: Client;
let leader: Client;
let admin: Client;
let townId: number;
let villageId: number;
const TOWN = '330784105'; // 石柱镇, the demo town account's unit

beforeAll(async () => {
  t = await createTestApp();
  [zzb, town, village, leader, admin] = await Promise.all([t.login('zzb'), t.login('town'), t.login('village'), t.login('leader'), t.login('admin')]);
  townId = await t.unitId(TOWN);
  villageId = (await village.get('/api/auth/me')).body.orgUnitId;
});
afterAll(() => t?.close());

let seq = 0;
/** A fresh yearly indicator so each test starts from a clean slate. */
async function indicator(extra: Record<string, unknown> = {}, definition: Record<string, unknown> = {}) {
  const code = `T_${++seq}`;
  const res = await zzb.post('/api/indicators', {
    code,
    name: `测试指标${seq}`,
    unit: '个',
    direction: 'higher',
    periodType: 'year',
    ...extra,
    definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, valueKind: 'integer', minValue: 0, maxValue: 100, ...definition },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; code: string };
}

async function task(indicatorIds: number[], unitIds: number[], period = '2025') {
  const res = await zzb.post('/api/tasks', { title: `测试任务${++seq}`, period, deadline: '2030-01-01T00:00:00Z', indicatorIds, unitIds });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; units: number; overlaps: number };
}

const form = (c: Client, taskId: number, unitId: number) => c.get(`/api/tasks/${taskId}/units/${unitId}`);
async function save(c: Client, taskId: number, unitId: number, values: { indicatorId: number; value: number | null; comment?: string }[], submit: boolean) {
  const f = await form(c, taskId, unitId);
  return c.put(`/api/tasks/${taskId}/units/${unitId}`, { version: f.body.submission.version, submit, values });
}
async function review(c: Client, taskId: number, unitId: number, action: string, reason?: string, fieldReasons?: { indicatorId: number; reason: string }[]) {
  const f = await form(c, taskId, unitId);
  return c.post(`/api/tasks/${taskId}/units/${unitId}/review`, { action, version: f.body.submission.version, reason, fieldReasons });
}
const aggregate = async (c: Client, id: number, unitId: number, period: string, provisional = false) =>
  (await c.get(`/api/indicators/${id}/aggregate?unitId=${unitId}&from=${period}&provisional=${provisional}`)).body;

describe('a collection task from issue to approval', () => {
  it('county issues, village fills and fixes an error, town returns with a reason, village corrects, town approves, county sees it counted', async () => {
    const ind = await indicator();
    const tk = await task([ind.id], [villageId]);
    expect(tk.units).toBe(1);

    const mine = await village.get('/api/tasks/mine');
    expect(mine.body.fill.map((f: { taskId: number }) => f.taskId)).toContain(tk.id);

    const bad = await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 250 }], true);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ path: `values.${ind.id}`, message: '不能大于 100个' }]);
    expect((await form(village, tk.id, villageId)).body.submission.status).toBe('not_started');

    const ok = await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 25 }], true);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.submission.status).toBe('submitted');
    expect(ok.body.canFill).toBe(false);

    const queue = await town.get('/api/tasks/mine');
    expect(queue.body.review.some((r: { taskId: number; unitId: number }) => r.taskId === tk.id && r.unitId === villageId)).toBe(true);

    const noReason = await review(town, tk.id, villageId, 'return', '  ');
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('task.reason_required');
    const ret = await review(town, tk.id, villageId, 'return', '数据与台账不符', [{ indicatorId: ind.id, reason: '应为全年合计' }]);
    expect(ret.status).toBe(200);
    const seen = await form(village, tk.id, villageId);
    expect(seen.body.submission.status).toBe('returned');
    expect(seen.body.submission.returnReason).toBe('数据与台账不符');
    expect(seen.body.fields[0].returnReason).toBe('应为全年合计');

    expect(await aggregate(zzb, ind.id, townId, '2025').then((a) => a.value)).toBeNull();
    expect(await aggregate(zzb, ind.id, townId, '2025', true).then((a) => a.value)).toBe(25);

    expect((await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 30 }], true)).status).toBe(200);
    const approved = await review(town, tk.id, villageId, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.submission.status).toBe('approved');
    expect(approved.body.fields[0].approvedValue).toBe(30);

    const progress = await zzb.get(`/api/tasks/${tk.id}/progress`);
    expect(progress.body.approvedShare).toBe(1);
    expect(progress.body.units[0]).toMatchObject({ unitId: villageId, status: 'approved', overdue: false, parentName: '石柱镇' });
    expect(progress.body.units[0].submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const county = (await zzb.get('/api/auth/me')).body.orgUnitId;
    expect((await aggregate(zzb, ind.id, county, '2025')).value).toBe(30);
    const sources = await zzb.get(`/api/indicators/${ind.id}/sources?unitId=${county}&from=2025`);
    expect(sources.body.items).toHaveLength(1);
    expect(sources.body.items[0]).toMatchObject({ unitId: villageId, approvedValue: 30, changesSinceSignoff: 0 });
  });

  it('refuses to let a village review, or a unit review itself, and keeps out-of-subtree forms hidden', async () => {
    const ind = await indicator();
    const tk = await task([ind.id], [villageId, townId]);
    await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 3 }], true);
    expect((await review(village, tk.id, villageId, 'approve')).status).toBe(403);
    await save(town, tk.id, townId, [{ indicatorId: ind.id, value: 4 }], true);
    const self = await review(town, tk.id, townId, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('task.self_review');
    const own = await t.unitId('330784105');
    const sibling = (await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where parent_id = ${own} and type in ('village', 'community') and id <> ${villageId} limit 1`))[0].id;
    const onBehalf = await task([ind.id], [sibling]);
    expect((await save(town, onBehalf.id, sibling, [{ indicatorId: ind.id, value: 1 }], true)).status).toBe(200);
    const four = await review(town, onBehalf.id, sibling, 'approve');
    expect(four.status).toBe(403);
    expect(four.body.code).toBe('task.own_submission');
    expect((await review(zzb, onBehalf.id, sibling, 'approve')).status).toBe(200);
    const other = await t.unitId('330784001');
    const otherTask = await task([ind.id], [other]);
    expect((await form(town, otherTask.id, other)).status).toBe(404);
    expect((await leader.put(`/api/tasks/${tk.id}/units/${villageId}`, { version: 1, submit: false, values: [] })).status).toBe(403);
  });
});

describe('approval goes level by level', () => {
  it('the county approves a town only after all its reporting villages are approved; unapproving a village withdraws the town', async () => {
    const ind = await indicator();
    const villages = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where parent_id = ${townId} and type in ('village', 'community') order by id`);
    const tk = await task([ind.id], [townId, ...villages.map((v) => v.id)]);
    await save(town, tk.id, townId, [{ indicatorId: ind.id, value: 5 }], true);
    const early = await review(zzb, tk.id, townId, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('task.children_not_approved');
    expect(early.body.message).toContain('下级单位尚未全部审核通过');

    // The county fills in for the villages here; a filler may never sign off their own entry.
    for (const v of villages) {
      expect((await save(admin, tk.id, v.id, [{ indicatorId: ind.id, value: 2 }], true)).status).toBe(200);
      expect((await review(town, tk.id, v.id, 'approve')).status).toBe(200);
    }
    expect((await review(zzb, tk.id, townId, 'approve')).status).toBe(200);
    expect((await aggregate(zzb, ind.id, townId, '2025')).value).toBe(5 + 2 * villages.length);

    const un = await review(zzb, tk.id, villages[0].id, 'unapprove', '抽查发现问题');
    expect(un.status).toBe(200);
    expect(un.body.submission.status).toBe('submitted');
    expect((await form(zzb, tk.id, townId)).body.submission.status).toBe('submitted');
    const audit = await queryRows<{ summary: string }>(t.ctx.db, sql`select summary from audit_events where action = 'task.unapprove' order by id desc limit 1`);
    expect(audit[0].summary).toContain('同时撤销上级审核：石柱镇');
  });
});

describe('approved figures are locked', () => {
  it('a correction needs a reopen; both values stay in history, the published figure holds until re-approval, and the change is counted', async () => {
    const ind = await indicator();
    const tk = await task([ind.id], [villageId]);
    await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 40 }], true);
    await review(town, tk.id, villageId, 'approve');

    const locked = await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 41 }], false);
    expect(locked.status).toBe(400);
    expect(locked.body.code).toBe('task.locked');
    // Even a direct write to the database cannot change a locked figure.
    await expect(t.ctx.db.execute(sql`update indicator_values set value = 99 where task_id = ${tk.id}`)).rejects.toThrow();

    expect((await review(town, tk.id, villageId, 'reopen', '村里反映漏报一项收入')).status).toBe(200);
    expect((await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 44 }], true)).status).toBe(200);
    expect((await aggregate(zzb, ind.id, townId, '2025')).value).toBe(40);
    const after = await review(town, tk.id, villageId, 'approve');
    expect(after.body.fields[0]).toMatchObject({ value: 44, approvedValue: 44, changesSinceSignoff: 1 });
    expect(after.body.submission.reopenCount).toBe(1);
    expect((await aggregate(zzb, ind.id, townId, '2025')).value).toBe(44);

    const history = await zzb.get(`/api/tasks/${tk.id}/units/${villageId}/history/${ind.id}`);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['submit', 'approve', 'reopen', 'submit', 'approve']);
    expect(history.body.find((h: { action: string }) => h.action === 'reopen').reason).toBe('村里反映漏报一项收入');
    expect(history.body.map((h: { newValue: number }) => h.newValue)).toContain(40);
    const sources = await zzb.get(`/api/indicators/${ind.id}/sources?unitId=${townId}&from=2025`);
    expect(sources.body.items[0].changesSinceSignoff).toBe(1);
  });
});

describe('validation while filling', () => {
  it('refuses a part larger than its whole and a fraction for a count, naming each field', async () => {
    const whole = await indicator();
    const part = await indicator({}, { notAbove: whole.code });
    const tk = await task([whole.id, part.id], [villageId]);
    const res = await save(village, tk.id, villageId, [{ indicatorId: whole.id, value: 10 }, { indicatorId: part.id, value: 12 }], false);
    expect(res.status).toBe(400);
    expect(res.body.details).toHaveLength(1);
    expect(res.body.details[0].path).toBe(`values.${part.id}`);
    expect(res.body.details[0].message).toMatch(/^不能大于「测试指标\d+」（10）$/);
    const frac = await save(village, tk.id, villageId, [{ indicatorId: whole.id, value: 1.5 }], false);
    expect(frac.body.details[0].message).toContain('应为整数');
    const missing = await save(village, tk.id, villageId, [{ indicatorId: whole.id, value: 10 }], true);
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].message).toMatch(/^请填写「/);
    const draft = await save(village, tk.id, villageId, [{ indicatorId: whole.id, value: 10 }], false);
    expect(draft.status).toBe(200);
    expect(draft.body.submission.status).toBe('draft');
    expect(draft.body.fields[0].value).toBe(10);
  });

  it('an outlier against last year must be confirmed with a comment before submitting', async () => {
    const ind = await indicator();
    const y1 = await task([ind.id], [villageId], '2024');
    await save(village, y1.id, villageId, [{ indicatorId: ind.id, value: 10 }], true);
    await review(town, y1.id, villageId, 'approve');
    const y2 = await task([ind.id], [villageId], '2025');
    const f = await form(village, y2.id, villageId);
    expect(f.body.fields[0].previous).toEqual({ label: '上年（2024年）', value: 10 });
    const res = await save(village, y2.id, villageId, [{ indicatorId: ind.id, value: 60 }], true);
    expect(res.status).toBe(400);
    expect(res.body.details[0].message).toContain('与上年（2024年）（10个）相比增加500%');
    expect(res.body.details[0].message).toContain('请核实');
    const ok = await save(village, y2.id, villageId, [{ indicatorId: ind.id, value: 60, comment: '新增物业出租收入' }], true);
    expect(ok.status).toBe(200);
    expect(ok.body.fields[0]).toMatchObject({ comment: '新增物业出租收入', warnings: [expect.stringContaining('变化较大')] });
  });

  it('two people saving the same form: the second is told, not silently overwritten', async () => {
    const ind = await indicator();
    const tk = await task([ind.id], [villageId]);
    const f = await form(village, tk.id, villageId);
    const a = await village.put(`/api/tasks/${tk.id}/units/${villageId}`, { version: f.body.submission.version, submit: false, values: [{ indicatorId: ind.id, value: 1 }] });
    const b = await town.put(`/api/tasks/${tk.id}/units/${villageId}`, { version: f.body.submission.version, submit: false, values: [{ indicatorId: ind.id, value: 2 }] });
    expect(a.status).toBe(200);
    expect(b.status).toBe(409);
    expect(b.body.code).toBe('task.version_conflict');
    expect((await form(zzb, tk.id, villageId)).body.fields[0].value).toBe(1);
  });
});

describe('enter once', () => {
  it('pre-fills figures the registry holds, read-only, and freezes them on submission', async () => {
    const members = await indicator({ source: 'derived', derivation: 'people.party_members', unit: '名' }, { maxValue: null, aggregation: { kind: 'simple', tree: 'sum', time: 'latest' } });
    const tk = await task([members.id], [villageId]);
    const f = await form(village, tk.id, villageId);
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(distinct r.person_id)::int as n from person_roles r join persons p on p.id = r.person_id join org_units o on o.id = p.org_unit_id
          where r.role = 'party_member' and r.start_date <= '2025-12-31' and (r.end_date is null or r.end_date >= '2025-12-31') and p.archived_at is null
            and o.path like (select path from org_units where id = ${villageId}) || '%'`,
    );
    expect(n).toBeGreaterThan(0);
    expect(f.body.fields[0]).toMatchObject({ value: n, editable: false, source: 'derived', derivationLabel: '人员库：期末党员人数' });
    const typed = await save(village, tk.id, villageId, [{ indicatorId: members.id, value: n + 5 }], false);
    expect(typed.status).toBe(400);
    expect(typed.body.details[0].message).toBe('该项由系统自动生成，不能手工修改');
    expect((await save(village, tk.id, villageId, [], true)).status).toBe(200);
    const [stored] = await queryRows<{ value: number; source: string }>(t.ctx.db, sql`select value, source from indicator_values where task_id = ${tk.id}`);
    expect(stored).toEqual({ value: n, source: 'derived' });
  });

  it('answers a save with the form exactly as a fresh read shows it: drafts, history, derived figures, submission', async () => {
    const members = await indicator({ source: 'derived', derivation: 'people.party_members', unit: '名' }, { maxValue: null, aggregation: { kind: 'simple', tree: 'sum', time: 'latest' } });
    const count = await indicator();
    const tk = await task([count.id, members.id], [villageId], '2024');
    const first = await save(village, tk.id, villageId, [{ indicatorId: count.id, value: 3 }], false);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual((await form(village, tk.id, villageId)).body);
    expect(first.body.fields[0]).toMatchObject({ value: 3, historyCount: 1, editable: true });
    const second = await save(village, tk.id, villageId, [{ indicatorId: count.id, value: 4, comment: '复核' }], false);
    expect(second.body).toEqual((await form(village, tk.id, villageId)).body);
    expect(second.body.fields[0]).toMatchObject({ value: 4, comment: '复核', historyCount: 2 });
    const submitted = await save(village, tk.id, villageId, [], true);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toEqual((await form(village, tk.id, villageId)).body);
    expect(submitted.body.submission.status).toBe('submitted');
    expect(submitted.body.fields.map((x: { editable: boolean }) => x.editable)).toEqual([false, false]);
    expect(submitted.body.fields[1].value).toBeGreaterThan(0);
    // The town, reviewing, reads the same form.
    expect((await form(town, tk.id, villageId)).body.fields).toEqual(submitted.body.fields);
  });

  it('a figure already asked for by another task is shown, not asked again', async () => {
    const ind = await indicator();
    const first = await task([ind.id], [villageId]);
    await save(village, first.id, villageId, [{ indicatorId: ind.id, value: 7 }], false);
    const second = await task([ind.id], [villageId]);
    expect(second.overlaps).toBe(1);
    const f = await form(village, second.id, villageId);
    expect(f.body.fields[0]).toMatchObject({ value: 7, editable: false, ownerTask: { id: first.id } });
    const res = await save(village, second.id, villageId, [{ indicatorId: ind.id, value: 8 }], false);
    expect(res.status).toBe(400);
    expect(res.body.details[0].message).toMatch(/^该项已在「测试任务\d+」中填报，无需重复填写$/);
    const [{ rows }] = await queryRows<{ rows: number }>(t.ctx.db, sql`select count(*)::int as rows from indicator_values where indicator_id = ${ind.id}`);
    expect(rows).toBe(1);
  });
});

describe('filling from a spreadsheet', () => {
  it('downloads a pre-filled sheet; an upload with a bad cell saves nothing and names the row and column', async () => {
    const a = await indicator();
    const b = await indicator();
    const tk = await task([a.id, b.id], [villageId]);
    const tpl = await village.post(`/api/tasks/${tk.id}/units/${villageId}/template`);
    expect(tpl.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('指标编码*');
    expect(ws.getRow(2).getCell(1).value).toBe(a.code);
    ws.getRow(2).getCell(4).value = '12';
    ws.getRow(3).getCell(4).value = '十二';
    const badFile = Buffer.from(await wb.xlsx.writeBuffer());
    const version = (await form(village, tk.id, villageId)).body.submission.version;
    const bad = await village.upload(`/api/tasks/${tk.id}/units/${villageId}/upload?version=${version}`, badFile);
    expect(bad.status).toBe(200);
    expect(bad.body.applied).toBe(0);
    expect(bad.body.issues).toEqual([{ line: 3, column: '数值', message: '「十二」不是数字' }]);
    expect(bad.body.form.fields.map((f: { value: number | null }) => f.value)).toEqual([null, null]);

    ws.getRow(3).getCell(4).value = '150';
    const rangeFile = Buffer.from(await wb.xlsx.writeBuffer());
    const range = await village.upload(`/api/tasks/${tk.id}/units/${villageId}/upload?version=${version}`, rangeFile);
    expect(range.body.issues).toEqual([{ line: 3, column: '数值', message: '不能大于 100个' }]);

    ws.getRow(3).getCell(4).value = '1,5';
    const good = await village.upload(`/api/tasks/${tk.id}/units/${villageId}/upload?version=${version}`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(good.body.applied).toBe(2);
    expect(good.body.form.fields.map((f: { value: number | null }) => f.value)).toEqual([12, 15]);
    expect(good.body.form.submission.status).toBe('draft');
  });
});

describe('progress board and reminders', () => {
  it('flags overdue units and lists whom to remind', async () => {
    const ind = await indicator();
    const res = await zzb.post('/api/tasks', { title: '逾期测试', period: '2025', deadline: '2020-01-01T00:00:00Z', indicatorIds: [ind.id], unitIds: [villageId, townId] });
    await save(town, res.body.id, townId, [{ indicatorId: ind.id, value: 1 }], true);
    const p = await zzb.get(`/api/tasks/${res.body.id}/progress`);
    expect(p.body.units.map((u: { unitId: number; overdue: boolean }) => [u.unitId, u.overdue])).toEqual([
      [villageId, true],
      [townId, false],
    ]);
    expect(p.body.task.counts).toMatchObject({ total: 2, not_started: 1, submitted: 1, overdue: 1 });
    const r = await zzb.get(`/api/tasks/${res.body.id}/reminders`);
    expect(r.body.units).toHaveLength(1);
    expect(r.body.units[0].unitId).toBe(villageId);
    expect(r.body.units[0].contacts.length).toBeGreaterThan(0);
    expect(r.body.message).toContain('目前已逾期');
    const own = await town.get(`/api/tasks/${res.body.id}/progress`);
    expect(own.body.units.every((u: { unitId: number }) => [villageId, townId].includes(u.unitId))).toBe(true);
    const exp = await zzb.post(`/api/tasks/${res.body.id}/progress/export`);
    expect(exp.headers['content-type']).toContain('spreadsheetml');
  });

  it('the issuer ends a task: forms lock for filling, drop out of my tasks, and open again when reopened', async () => {
    const ind = await indicator();
    const tk = await task([ind.id], [villageId]);
    const detail = await zzb.get(`/api/tasks/${tk.id}`);
    expect((await town.post(`/api/tasks/${tk.id}/close`, { version: detail.body.version, closed: true })).status).toBe(403);
    const closed = await zzb.post(`/api/tasks/${tk.id}/close`, { version: detail.body.version, closed: true });
    expect(closed.body.closed).toBe(true);
    expect((await zzb.post(`/api/tasks/${tk.id}/close`, { version: detail.body.version, closed: false })).status).toBe(409);
    const res = await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 1 }], false);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('task.closed');
    expect((await form(village, tk.id, villageId)).body.canFill).toBe(false);
    expect((await village.get('/api/tasks/mine')).body.fill.some((f: { taskId: number }) => f.taskId === tk.id)).toBe(false);
    const reopened = await zzb.post(`/api/tasks/${tk.id}/close`, { version: closed.body.version, closed: false });
    expect(reopened.body.closed).toBe(false);
    expect((await save(village, tk.id, villageId, [{ indicatorId: ind.id, value: 1 }], false)).status).toBe(200);
  });

  it('refuses a task whose indicators do not match the period, or that is computed', async () => {
    const monthly = await indicator({ periodType: 'month' }, { effectiveFrom: '2020-01' });
    const r1 = await zzb.post('/api/tasks', { title: 'x', period: '2025', deadline: '2030-01-01', indicatorIds: [monthly.id], unitIds: [villageId] });
    expect(r1.status).toBe(400);
    expect(r1.body.message).toContain('与期次 2025 不一致');
    const a = await indicator();
    const b = await indicator();
    const ratio = await indicator({}, { aggregation: { kind: 'ratio', numerator: a.code, denominator: b.code, scale: 100 } });
    const r2 = await zzb.post('/api/tasks', { title: 'x', period: '2025', deadline: '2030-01-01', indicatorIds: [ratio.id], unitIds: [villageId] });
    expect(r2.body.code).toBe('task.computed_indicator');
    expect((await town.post('/api/tasks', { title: 'x', period: '2025', deadline: '2030-01-01', indicatorIds: [a.id], unitIds: [villageId] })).status).toBe(403);
  });
});
