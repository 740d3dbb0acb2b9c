import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let zzb: Client;
let town: Client;
let village: Client;
let villageId: number;
let townId: number;
const cat = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp();
  [zzb, town, village] = await Promise.all([t.login('zzb'), t.login('town'), t.login('village')]);
  villageId = (await village.get('/api/auth/me')).body.orgUnitId;
  townId = (await town.get('/api/auth/me')).body.orgUnitId;
  for (const kind of ['activity', 'case', 'project', 'honour']) {
    const res = await zzb.get(`/api/ledger/categories?kind=${kind}`);
    for (const c of res.body) cat.set(c.code, c.id);
  }
});
afterAll(() => t?.close());

const lecture = (over: Record<string, unknown> = {}) => ({ categoryId: cat.get('XJ_ESD'), title: '党的二十大精神进村宣讲', heldOn: '2022-11-02', place: '村文化礼堂', participants: 40, audience: 120, team: '石柱镇宣讲团', attributes: { format: '微宣讲', videos: 1 }, ...over });

describe('activities', () => {
  it('records a lecture with inherited attributes and finds it by a Chinese phrase', async () => {
    const res = await village.post('/api/activities', lecture());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.orgUnitId).toBe(villageId);
    expect(res.body.attributes).toEqual({ format: '微宣讲', videos: 1 });
    const found = await village.get(`/api/activities?q=${encodeURIComponent('精神进村')}`);
    expect(found.body.items.map((i: { id: number }) => i.id)).toContain(res.body.id);
    const none = await village.get(`/api/activities?q=${encodeURIComponent('精神出村')}`);
    expect(none.body.items.map((i: { id: number }) => i.id)).not.toContain(res.body.id);
    const oneChar = await village.get(`/api/activities?q=${encodeURIComponent('讲')}`);
    expect(oneChar.body.items.map((i: { id: number }) => i.id)).toContain(res.body.id);
  });

  it('reports every bad field at once in Chinese', async () => {
    const res = await village.post('/api/activities', lecture({ attributes: { format: '相声', videos: -1, bogus: 1 }, endedOn: '2022-11-01' }));
    expect(res.status).toBe(400);
    const paths = res.body.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['attributes.bogus', 'attributes.format', 'attributes.videos', 'endedOn']);
    expect(res.body.details.find((d: { path: string }) => d.path === 'attributes.format').message).toContain('集中宣讲');
  });

  it('refuses a stale edit and keeps the newer one', async () => {
    const { body: a } = await village.post('/api/activities', lecture({ title: '并发编辑' }));
    const first = await village.patch(`/api/activities/${a.id}`, { version: a.version, participants: 50 });
    expect(first.status).toBe(200);
    const second = await town.patch(`/api/activities/${a.id}`, { version: a.version, participants: 60 });
    expect(second.status).toBe(409);
    expect(second.body.details.current.participants).toBe(50);
  });
});

describe('derived indicator from the ledger', () => {
  it('counts lectures live, at the town, including a new one', async () => {
    const created = await zzb.post('/api/indicators', {
      code: 'T_XJ_CC',
      name: '宣讲场次（测试）',
      unit: '场',
      direction: 'higher',
      periodType: 'year',
      source: 'derived',
      derivation: 'ledger.records',
      definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, recordQuery: { kind: 'activity', measure: 'count', categoryCode: 'XJ', dateBasis: 'held' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const at = async () => (await town.get(`/api/indicators/${created.body.id}/aggregate?unitId=${townId}&from=2022`)).body.value as number;
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from activities a join ledger_categories c on c.id = a.category_id
          where c.path like (select path from ledger_categories where code = 'XJ' and kind = 'activity') || '%' and a.archived_at is null
            and a.held_on between '2022-01-01' and '2022-12-31' and a.org_unit_id in (select id from org_units where path like (select path from org_units where id = ${townId}) || '%')`,
    );
    const before = await at();
    expect(before).toBe(n);
    await village.post('/api/activities', lecture({ title: '又一场宣讲' }));
    expect(await at()).toBe(before + 1);
  });

  it('pre-fills a collection form with the count from the records (enter once)', async () => {
    const ind = (await zzb.get('/api/indicators?q=T_XJ_CC')).body.find((i: { code: string }) => i.code === 'T_XJ_CC');
    await village.post('/api/activities', lecture({ title: '填报预填', heldOn: '2023-03-03' }));
    await village.post('/api/activities', lecture({ title: '填报预填二', heldOn: '2023-04-04' }));
    const task = await zzb.post('/api/tasks', { title: '台账预填测试', period: '2023', deadline: '2030-01-01T00:00:00Z', indicatorIds: [ind.id], unitIds: [villageId] });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const form = await village.get(`/api/tasks/${task.body.id}/units/${villageId}`);
    const field = form.body.fields.find((f: { indicatorId: number }) => f.indicatorId === ind.id);
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from activities a join ledger_categories c on c.id = a.category_id
          where c.path like (select path from ledger_categories where code = 'XJ' and kind = 'activity') || '%' and a.archived_at is null
            and a.held_on between '2023-01-01' and '2023-12-31' and a.org_unit_id = ${villageId}`,
    );
    expect(n).toBeGreaterThanOrEqual(2);
    expect(field.value).toBe(n);
    expect(field.source).toBe('derived');
  });

  it('refuses a record query naming a category that does not exist, by field', async () => {
    const res = await zzb.post('/api/indicators', {
      code: 'T_BAD_Q',
      name: '坏查询',
      unit: '场',
      direction: 'higher',
      periodType: 'year',
      source: 'derived',
      derivation: 'ledger.records',
      definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, recordQuery: { kind: 'activity', measure: 'count', categoryCode: 'NOPE', dateBasis: 'held' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('definition.recordQuery.categoryCode');
  });
});

describe('cases', () => {
  it('runs 登记 → 交办 → 办结 → 销号 with each side doing its part', async () => {
    const reg = await zzb.post('/api/cases', { categoryId: cat.get('QYXQ'), title: '企业用地指标需求', registeredOn: '2022-06-01', requester: '某五金企业' });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    expect(reg.body.dueOn).toBe('2022-06-16');
    let c = reg.body;
    c = (await zzb.post(`/api/cases/${c.id}/assign`, { version: c.version, unitId: townId, note: '请石柱镇办理' })).body;
    expect(c.status).toBe('assigned');
    const early = await zzb.post(`/api/cases/${c.id}/close`, { version: c.version });
    expect(early.status).toBe(400);
    const townClose = await town.post(`/api/cases/${c.id}/resolve`, { version: c.version, resolution: '已协调用地指标' });
    expect(townClose.status).toBe(200);
    c = townClose.body;
    const townCannotClose = await town.post(`/api/cases/${c.id}/close`, { version: c.version });
    expect(townCannotClose.status).toBe(403);
    const closed = await zzb.post(`/api/cases/${c.id}/close`, { version: c.version, note: '已核实' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const detail = await zzb.get(`/api/cases/${c.id}`);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(['register', 'assign', 'resolve', 'close']);
    const timeline = await zzb.get(`/api/cases/${c.id}/timeline`);
    expect(timeline.body.map((e: { action: string }) => e.action)).toEqual(['ledger.case_create', 'ledger.case_assign', 'ledger.case_resolve', 'ledger.case_close']);
  });

  it('flags an open case past its deadline in the list and the per-unit overdue view', async () => {
    const reg = await zzb.post('/api/cases', { categoryId: cat.get('WMCJ'), title: '背街小巷垃圾堆放', registeredOn: '2022-01-03' });
    await zzb.post(`/api/cases/${reg.body.id}/assign`, { version: reg.body.version, unitId: townId });
    const list = await town.get('/api/cases?flag=overdue');
    const item = list.body.items.find((i: { id: number }) => i.id === reg.body.id);
    expect(item.overdue).toBe(true);
    const overdue = await zzb.get('/api/cases/overdue');
    expect(overdue.body.items.find((u: { unitId: number }) => u.unitId === townId).overdue).toBeGreaterThanOrEqual(1);
  });

  it('hides discipline cases from accounts without the permission and logs every read', async () => {
    const reg = await zzb.post('/api/cases', { categoryId: cat.get('WJWF'), title: '某党员违纪线索', registeredOn: '2022-05-01' });
    expect(reg.status).toBe(201);
    await zzb.post(`/api/cases/${reg.body.id}/assign`, { version: reg.body.version, unitId: townId });
    const townList = await town.get('/api/cases?pageSize=200');
    expect(townList.body.items.map((i: { id: number }) => i.id)).not.toContain(reg.body.id);
    expect((await town.get(`/api/cases/${reg.body.id}`)).status).toBe(404);
    const [{ before }] = await queryRows<{ before: number }>(t.ctx.db, sql`select count(*)::int as before from audit_events where action = 'ledger.case_sensitive_read'`);
    expect((await zzb.get(`/api/cases/${reg.body.id}`)).status).toBe(200);
    const [{ after }] = await queryRows<{ after: number }>(t.ctx.db, sql`select count(*)::int as after from audit_events where action = 'ledger.case_sensitive_read'`);
    expect(after).toBe(before + 1);
  });
});

describe('projects and honours', () => {
  it('keeps investment totals equal to the funding lines', async () => {
    const res = await town.post('/api/projects', {
      categoryId: cat.get('GJQJ'),
      title: '共建强基示范项目',
      startedOn: '2022-03-01',
      status: 'in_progress',
      progress: 40,
      funds: [
        { source: '财政', planned: 1_000_000, actual: 600_000.5 },
        { source: '社会资本', planned: 500_000, actual: 100_000.25 },
      ],
      milestones: [{ name: '开工', plannedOn: '2022-03-01', doneOn: '2022-03-02' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.plannedInvestment).toBe(1_500_000);
    expect(res.body.actualInvestment).toBe(700_000.75);
    // Editing other fields keeps the funding lines and their totals.
    const edited = await town.patch(`/api/projects/${res.body.id}`, { version: res.body.version, progress: 60 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ progress: 60, actualInvestment: 700_000.75 });
    const detail = await town.get(`/api/projects/${res.body.id}`);
    expect(detail.body.funds).toHaveLength(2);
    expect(detail.body.milestones).toEqual([{ name: '开工', plannedOn: '2022-03-01', doneOn: '2022-03-02' }]);
  });

  it('credits a person honour to their unit', async () => {
    const [p] = await queryRows<{ id: number; orgUnitId: number }>(t.ctx.db, sql`select id, org_unit_id as "orgUnitId" from persons where org_unit_id in (select id from org_units where path like (select path from org_units where id = ${townId}) || '%') limit 1`);
    const res = await town.post('/api/honours', { categoryId: cat.get('XJGR'), title: '金华市优秀共产党员', level: 'city', awardedOn: '2022-07-01', recipientType: 'person', recipientPersonId: p.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.orgUnitId).toBe(p.orgUnitId);
  });
});
