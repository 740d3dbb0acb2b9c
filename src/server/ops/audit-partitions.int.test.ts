import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { createTestApp, type Client, type TestApp } from '../testing/harness';
import { archiveAuditEvents } from '../modules/audit';
import { addAuditMonthPartitions, auditPartitions, isAuditPartitioned, partitionAudit } from './audit-partitions';

// `lizhou partition-audit` partitions the audit log by month (ops/audit-partitions.sql), here on
// the loaded demo county with events back-dated up to 400 days. The log must stay append-only
// through it, and the archive then drops whole months instead of deleting them row by row.
let t: TestApp;
let auditor: Client;
let before: { n: number; ids: string; maxId: number };
let afterConversion: typeof before;
let shapeBefore: string[];
let shapeAfter: string[];

const DAYS = [400, 366, 200, 100, 20];
const back = (days: number) =>
  t.ctx.db.execute(sql`insert into audit_events (tenant_id, at, actor_name, action, entity_type, summary) values ('330784', now() - make_interval(days => ${days}), '测试', 'test.old', 'test', ${`${days}天前`})`);
const summary = async () =>
  (await queryRows<typeof before>(t.ctx.db, sql`select count(*)::int as n, md5(string_agg(id::text || summary || at::text, ',' order by id)) as ids, max(id)::int as "maxId" from audit_events`))[0];
const monthOf = async (days: number) => (await queryRows<{ m: string }>(t.ctx.db, sql`select 'audit_events_' || to_char(now() at time zone 'UTC' - make_interval(days => ${days}), 'YYYYMM') as m`))[0].m;
const partitionOf = async (id: number) => (await queryRows<{ part: string }>(t.ctx.db, sql`select tableoid::regclass::text as part from audit_events where id = ${id}`))[0]?.part;

// Columns, defaults and every index but the key (which gains `at` by design), one line each.
const tableShape = async () =>
  (
    await queryRows<{ line: string }>(
      t.ctx.db,
      sql`select 'column ' || a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end
                 || coalesce(' ' || pg_get_expr(d.adbin, d.adrelid), '') || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end as line
            from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where a.attrelid = 'audit_events'::regclass and a.attnum > 0 and not a.attisdropped
          union all
          select 'index ' || replace(indexdef, ' ON ONLY ', ' ON ') from pg_indexes
           where tablename = 'audit_events' and schemaname = current_schema() and indexname not like '%pk' and indexname not like '%pkey'
          union all
          select 'trigger ' || tgname::text from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal
          order by 1`,
    )
  ).map((r) => r.line);

async function pgError(query: SQL): Promise<string | undefined> {
  try {
    await t.ctx.db.transaction(async (tx) => {
      await tx.execute(query);
    });
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    return err.code ?? err.cause?.code;
  }
  return undefined;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const d of DAYS) await back(d);
  before = await summary();
  shapeBefore = await tableShape();
  expect(await isAuditPartitioned(t.ctx.db)).toBe(false);
  const done = await partitionAudit(t.ctx.db);
  expect(done.converted).toBe(true);
  afterConversion = await summary();
  shapeAfter = await tableShape();
  auditor = await t.login('auditor');
});
afterAll(() => t?.close());

describe('audit log partitioned by month', () => {
  it('keeps every event and id, in a partition per month, and runs once', async () => {
    expect(afterConversion).toEqual(before);
    const parts = await auditPartitions(t.ctx.db);
    for (const d of [...DAYS, 0, -31]) expect(parts).toContain(await monthOf(d));
    expect(parts).toContain('audit_events_default');
    expect(await partitionAudit(t.ctx.db)).toEqual({ converted: false, partitions: parts });
    await addAuditMonthPartitions(t.ctx.db);
    expect(await auditPartitions(t.ctx.db)).toEqual(parts);
  });

  it('has the columns, defaults, indexes and guards of the table it replaces', () => {
    expect(shapeBefore.filter((l) => l.startsWith('index ')).length).toBe(4);
    expect(shapeBefore).toContain('trigger audit_events_no_delete');
    expect(shapeAfter).toEqual(shapeBefore);
  });

  it('files new events in this month’s partition, ids continuing, and the auditor still reads them', async () => {
    const res = await auditor.get('/api/audit/events?pageSize=5');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items[0].action).toBe('auth.login');
    const [last] = await queryRows<{ id: number; action: string }>(t.ctx.db, sql`select id::int, action from audit_events order by id desc limit 1`);
    expect(last.id).toBeGreaterThan(before.maxId);
    expect(await partitionOf(last.id)).toBe(await monthOf(0));
  });

  it('stays append-only: updates, deletes of recent events and truncation are refused, a partition’s too', async () => {
    expect(await pgError(sql`update audit_events set summary = '改' where id = ${before.maxId}`)).toBe('42501');
    expect(await pgError(sql`delete from audit_events where id = ${before.maxId}`)).toBe('42501');
    expect(await pgError(sql`truncate audit_events`)).toBe('42501');
    expect(await pgError(sql.raw(`truncate ${await monthOf(0)}`))).toBe('42501');
    expect(await pgError(sql.raw(`truncate audit_events_default`))).toBe('42501');
    // Dropping a month goes through the archive's function, which holds the 180-day floor.
    expect(await pgError(sql`select lizhou_audit_drop_month(${await monthOf(400)})`)).toBe('42501');
    const asArchive = async (part: string) =>
      pgError(sql`select set_config('lizhou.audit_archive', 'on', true), lizhou_audit_drop_month(${part})`);
    expect(await asArchive(await monthOf(20))).toBe('42501');
    expect(await asArchive('audit_events_default')).toBe('42501');
    expect(await asArchive('persons')).toBe('42501');
    expect((await auditPartitions(t.ctx.db)).includes(await monthOf(20))).toBe(true);
  });

  it('archives whole months: the cutoff moves back to its month’s start, and those months are dropped', async () => {
    const old = async () => (await queryRows<{ summary: string }>(t.ctx.db, sql`select summary from audit_events where action = 'test.old' order by id`)).map((r) => r.summary);
    // Events before the start of the UTC month holding (now − retention): what the archive takes.
    const due = async (days: number) =>
      (
        await queryRows<{ summary: string }>(
          t.ctx.db,
          sql`select summary from audit_events where action = 'test.old' and at < date_trunc('month', (now() - make_interval(days => ${days})) at time zone 'UTC') at time zone 'UTC' order by id`,
        )
      ).map((r) => r.summary);
    const monthsBefore = async (cutoff: Date) =>
      (await auditPartitions(t.ctx.db)).filter((p) => /^audit_events_\d{6}$/.test(p) && Date.UTC(Number(p.slice(13, 17)), Number(p.slice(17, 19)), 1) <= cutoff.getTime());

    const expected = await due(365);
    // 400 days back is at least one whole month before the month of 365 days back.
    expect(expected).toContain('400天前');
    let stored: Buffer | null = null;
    const r = await archiveAuditEvents(t.ctx.db, 365, async (archive) => {
      stored = archive;
    });
    expect(r.before.getUTCDate()).toBe(1);
    expect(r.count).toBe(expected.length);
    expect(
      gunzipSync(stored!)
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).summary),
    ).toEqual(expected);
    expect(await old()).toEqual(DAYS.map((d) => `${d}天前`).filter((x) => !expected.includes(x)));
    expect(await auditPartitions(t.ctx.db)).not.toContain(await monthOf(400));
    expect(await monthsBefore(r.before)).toEqual([]);

    const expected2 = await due(180);
    const r2 = await archiveAuditEvents(t.ctx.db, 180, async () => {});
    expect(r2.count).toBe(expected2.length);
    expect(await old()).toEqual(DAYS.map((d) => `${d}天前`).filter((x) => !expected.includes(x) && !expected2.includes(x)));
    expect(await monthsBefore(r2.before)).toEqual([]);
    expect(await auditPartitions(t.ctx.db)).toContain(await monthOf(100));
  });
});
