import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { addNextYearPartitions, isLedgerPartitioned, partitionLedger } from '../../ops/ledger-partitions';

// `lizhou partition-ledger` partitions activities and cases by year (ops/ledger-partitions.sql),
// here on the loaded demo county. The references to a record are then kept by triggers instead
// of foreign keys, so these tests hold them to a foreign key's rules.
let t: TestApp;
let village: Client;
let lectureCategory: number;
let personIds: number[];

let before: { activities: number; cases: number; attendance: number; events: number; maxActivity: number };
let afterConversion: typeof before;
let shapeBefore: string[];
let shapeAfter: string[];

// ledger-partitions.sql spells out both tables; whatever a migration adds to them must be there too.
// Columns, defaults and generated expressions, checks, and every index but the key (which gains
// the date column by design), one line each; a parent's index reads "ON ONLY" where a plain one
// reads "ON".
const tableShape = async () =>
  (
    await queryRows<{ line: string }>(
      t.ctx.db,
      sql`select c.relname::text || ' column ' || a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end
                 || coalesce(' ' || a.attgenerated::text || ' ' || pg_get_expr(d.adbin, d.adrelid), '') as line
            from pg_attribute a join pg_class c on c.oid = a.attrelid left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where c.relname in ('activities', 'cases') and c.relnamespace = current_schema()::regnamespace and a.attnum > 0 and not a.attisdropped
          union all
          select c.relname::text || ' check ' || k.conname::text || ' ' || pg_get_constraintdef(k.oid)
            from pg_constraint k join pg_class c on c.oid = k.conrelid
           where c.relname in ('activities', 'cases') and c.relnamespace = current_schema()::regnamespace and k.contype = 'c'
          union all
          select tablename::text || ' index ' || replace(indexdef, ' ON ONLY ', ' ON ')
            from pg_indexes
           where tablename in ('activities', 'cases') and schemaname = current_schema() and indexname not like '%pk' and indexname not like '%pkey'
          order by 1`,
    )
  ).map((r) => r.line);
const counts = async () =>
  (
    await queryRows<typeof before>(
      t.ctx.db,
      sql`select (select count(*)::int from activities) as activities, (select count(*)::int from cases) as cases, (select count(*)::int from activity_people) as attendance, (select count(*)::int from case_events) as events, (select max(id)::int from activities) as "maxActivity"`,
    )
  )[0];

beforeAll(async () => {
  t = await createTestApp();
  before = await counts();
  expect(await isLedgerPartitioned(t.ctx.db)).toBe(false);
  shapeBefore = await tableShape();
  const done = await partitionLedger(t.ctx.db);
  expect(done.converted).toBe(true);
  afterConversion = await counts();
  shapeAfter = await tableShape();
  village = await t.login('village');
  const cats = (await village.get('/api/ledger/categories?kind=activity')).body as { id: number; code: string }[];
  lectureCategory = cats.find((c) => c.code === 'XJ_ESD')!.id;
  const me = (await village.get('/api/auth/me')).body as { orgUnitId: number };
  personIds = (await queryRows<{ id: number }>(t.ctx.db, sql`select id from persons where org_unit_id = ${me.orgUnitId} order by id limit 3`)).map((r) => r.id);
  expect(personIds.length).toBe(3);
});
afterAll(() => t?.close());

const partitionOf = async (id: number) => (await queryRows<{ part: string }>(t.ctx.db, sql`select tableoid::regclass::text as part from activities where id = ${id}`))[0]?.part;
const attendance = async (id: number) => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from activity_people where activity_id = ${id}`))[0].n;
async function pgError(query: SQL): Promise<{ code?: string; constraint?: string }> {
  try {
    await t.ctx.db.transaction(async (tx) => {
      await tx.execute(query);
    });
  } catch (e) {
    const err = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
    return { code: err.code ?? err.cause?.code, constraint: err.constraint ?? err.cause?.constraint };
  }
  return {};
}
const record = (heldOn: string, title = '分区测试宣讲') => village.post('/api/activities', { categoryId: lectureCategory, title, heldOn, personIds });

describe('partitioned ledger tables', () => {
  it('have the same columns, defaults, checks and indexes as the migrated tables they replace', () => {
    expect(shapeBefore.filter((l) => l.includes(' index ')).length).toBeGreaterThanOrEqual(10);
    expect(shapeBefore.some((l) => l.startsWith('activities column search tsvector s '))).toBe(true);
    expect(shapeAfter).toEqual(shapeBefore);
  });
});

describe('activities partitioned by year', () => {
  it('stores each record in its year’s partition and moves it, attendance and all, when its date changes year', async () => {
    const res = await record('2022-11-02');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await partitionOf(res.body.id)).toBe('activities_2022');
    expect(await attendance(res.body.id)).toBe(3);

    const moved = await village.patch(`/api/activities/${res.body.id}`, { version: res.body.version, heldOn: '2021-06-30' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await partitionOf(res.body.id)).toBe('activities_2021');
    expect(await attendance(res.body.id)).toBe(3);
    // The id is the same record: a stale edit with the old version is still refused.
    const stale = await village.patch(`/api/activities/${res.body.id}`, { version: res.body.version, title: '旧版本' });
    expect(stale.status).toBe(409);
    expect((await village.get(`/api/activities/${res.body.id}`)).body.heldOn).toBe('2021-06-30');
  });

  it('keeps a date outside every year partition in the default partition instead of refusing it', async () => {
    const res = await record('1999-03-01', '日期录错的宣讲');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await partitionOf(res.body.id)).toBe('activities_default');
    // That year cannot get its own partition while its rows sit in the default one …
    const [refused] = await queryRows<{ ok: boolean }>(t.ctx.db, sql`select lizhou_year_partition('activities', 'held_on', 1999) as ok`);
    expect(refused.ok).toBe(false);
    // … a year without rows there can, once, and new rows of that year go to it.
    const [made] = await queryRows<{ ok: boolean }>(t.ctx.db, sql`select lizhou_year_partition('activities', 'held_on', 2040) as ok`);
    const [again] = await queryRows<{ ok: boolean }>(t.ctx.db, sql`select lizhou_year_partition('activities', 'held_on', 2040) as ok`);
    expect([made.ok, again.ok]).toEqual([true, true]);
    const future = await record('2040-01-01', '远期计划');
    expect(await partitionOf(future.body.id)).toBe('activities_2040');
  });

  it('keeps every row, id and reference through the conversion, which runs once', async () => {
    expect(afterConversion).toEqual(before);
    expect(before.activities).toBeGreaterThan(100);
    expect(before.events).toBeGreaterThan(10);
    expect((await partitionLedger(t.ctx.db)).converted).toBe(false);
    // New ids continue after the old ones.
    const res = await record('2022-01-15', '转换后的第一条');
    expect(res.body.id).toBeGreaterThan(before.maxActivity);
  });

  it('has a partition for every year the records hold, this year and next, and adds them at start', async () => {
    const year = new Date().getFullYear();
    const names = async (table: string) => (await queryRows<{ name: string }>(t.ctx.db, sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = ${table}::regclass`)).map((p) => p.name);
    expect(await names('activities')).toEqual(expect.arrayContaining(['activities_2021', 'activities_2022', `activities_${year}`, `activities_${year + 1}`, 'activities_default']));
    expect(await names('cases')).toEqual(expect.arrayContaining(['cases_2022', `cases_${year}`, `cases_${year + 1}`, 'cases_default']));
    await t.ctx.db.execute(sql.raw(`drop table activities_${year + 1}`));
    await addNextYearPartitions(t.ctx.db);
    expect(await names('activities')).toContain(`activities_${year + 1}`);
  });

  it('reads only the partitions a date range names', async () => {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(t.ctx.db, sql`explain select count(*) from activities where held_on >= '2022-01-01' and held_on < '2023-01-01'`);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('activities_2022');
    expect(text).not.toMatch(/activities_(2021|2023|default)/);
  });

  it('refuses attendance or a case naming an activity that does not exist, as a foreign key would', async () => {
    const [{ max }] = await queryRows<{ max: number }>(t.ctx.db, sql`select max(id)::int as max from activities`);
    expect(await pgError(sql`insert into activity_people (activity_id, person_id) values (${max + 1000}, ${personIds[0]})`)).toEqual({ code: '23503', constraint: 'activity_people_activity_fk' });
    expect(await pgError(sql`update cases set source_activity_id = ${max + 1000} where id = (select min(id) from cases)`)).toEqual({ code: '23503', constraint: 'cases_source_activity_fk' });
    expect(await pgError(sql`update activity_people set activity_id = ${max + 1000} where activity_id = (select min(activity_id) from activity_people)`)).toEqual({ code: '23503', constraint: 'activity_people_activity_fk' });
    // Checked once per statement: one bad row among good ones refuses the whole insert.
    const [good] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from activities where id not in (select activity_id from activity_people) order by id limit 1`);
    expect(await pgError(sql`insert into activity_people (activity_id, person_id) values (${good.id}, ${personIds[0]}), (${max + 1000}, ${personIds[1]})`)).toEqual({ code: '23503', constraint: 'activity_people_activity_fk' });
    expect(await attendance(good.id)).toBe(0);
  });

  it('deletes an activity’s attendance with it, and refuses to delete one a case came from', async () => {
    // Two years, one statement: the check runs once over every deleted row.
    const [a, b] = [await record('2022-05-04', '待删除的活动'), await record('2023-05-04', '待删除的活动')];
    expect([await attendance(a.body.id), await attendance(b.body.id)]).toEqual([3, 3]);
    await t.ctx.db.execute(sql`delete from activities where id in (${a.body.id}, ${b.body.id})`);
    expect([await attendance(a.body.id), await attendance(b.body.id)]).toEqual([0, 0]);

    const [source] = await queryRows<{ id: number }>(t.ctx.db, sql`select source_activity_id as id from cases where source_activity_id is not null limit 1`);
    expect(source, 'the demo has cases raised at on-site office events').toBeDefined();
    expect(await pgError(sql`delete from activities where id = ${source.id}`)).toEqual({ code: '23503', constraint: 'cases_source_activity_fk' });
    expect(await partitionOf(source.id)).toBeDefined();
  });
});

describe('cases partitioned by year', () => {
  it('stores a case in its registration year’s partition and keeps its events through a change of year', async () => {
    const zzb = await t.login('zzb');
    const cats = (await zzb.get('/api/ledger/categories?kind=case')).body as { id: number; code: string; parentId: number | null }[];
    const leaf = cats.find((c) => c.parentId != null) ?? cats[0];
    const res = await zzb.post('/api/cases', { categoryId: leaf.id, title: '分区测试事项', registeredOn: '2022-03-01', requester: '测试企业' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const part = async () => (await queryRows<{ part: string; events: number }>(t.ctx.db, sql`select tableoid::regclass::text as part, (select count(*)::int from case_events e where e.case_id = c.id) as events from cases c where c.id = ${res.body.id}`))[0];
    const before = await part();
    expect(before.part).toBe('cases_2022');
    expect(before.events).toBeGreaterThan(0);
    const year = new Date().getFullYear();
    await t.ctx.db.execute(sql`update cases set registered_on = ${`${year}-01-05`} where id = ${res.body.id}`);
    expect(await part()).toEqual({ part: `cases_${year}`, events: before.events });
    expect((await zzb.get(`/api/cases/${res.body.id}`)).status).toBe(200);
  });

  it('refuses events of a case that does not exist, and deleting a case that has events, as the foreign key did', async () => {
    const [{ max }] = await queryRows<{ max: number }>(t.ctx.db, sql`select max(id)::int as max from cases`);
    expect(await pgError(sql`insert into case_events (case_id, action, actor_name) values (${max + 1000}, 'progress', '测试')`)).toEqual({ code: '23503', constraint: 'case_events_case_fk' });
    expect(await pgError(sql`update case_events set case_id = ${max + 1000} where id = (select min(id) from case_events)`)).toEqual({ code: '23503', constraint: 'case_events_case_fk' });
    expect(await pgError(sql`delete from cases where id = (select min(case_id) from case_events)`)).toEqual({ code: '23503', constraint: 'case_events_case_fk' });
  });
});
