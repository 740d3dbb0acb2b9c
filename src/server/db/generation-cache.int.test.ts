import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from './client';
import { generationCached, primeGenerations } from './generation-cache';
import { withReadMemo } from './read-memo';
import { createTempDatabase } from '../testing/temp-database';

type TempDatabase = Awaited<ReturnType<typeof createTempDatabase>>;
import { loadDefinitions } from '../modules/indicators/definitions.service';
import { resolveSession } from '../modules/auth';
import { createTestApp, type TestApp } from '../testing/harness';

/** A database of its own (a temporary one on a server), migrated. */
async function freshDatabase(temps: TempDatabase[]): Promise<Database> {
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
  if (temp) temps.push(temp);
  const database = await openDatabase({ url: temp?.url, dataDir: 'memory' });
  await database.migrate();
  return database;
}

const addIndicator = (d: Database, tenant: string, code: string, name: string) =>
  queryRows<{ id: number }>(
    d.db,
    sql`insert into indicators (tenant_id, code, name, unit, direction, period_type, source) values (${tenant}, ${code}, ${name}, '个', 'higher', 'year', 'entered') returning id`,
  ).then((r) => r[0].id);
const addVersion = (d: Database, indicatorId: number, from: string) =>
  d.db.execute(sql`insert into indicator_versions (indicator_id, version_no, effective_from, aggregation, value_kind, created_by) values (${indicatorId}, (select coalesce(max(version_no), 0) + 1 from indicator_versions where indicator_id = ${indicatorId}), ${from}, '{"kind":"simple","tree":"sum","time":"sum"}', 'integer', 'test')`);
const tokenOf = async (d: Database, tenant: string) =>
  (await queryRows<{ token: string }>(d.db, sql`select token from cache_generations where tenant_id = ${tenant} and name = 'indicator_defs'`))[0]?.token ?? null;

describe('generation cache (indicator definitions kept between requests)', () => {
  const temps: TempDatabase[] = [];
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    [a, b] = [await freshDatabase(temps), await freshDatabase(temps)];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const t of temps) await t.drop();
  });

  it('gives a tenant a new token on every change to its indicators or their versions, and none to other tenants', async () => {
    const id = await addIndicator(a, 'G1', 'G1_A', '甲');
    await addIndicator(a, 'G2', 'G2_A', '乙');
    const seen = [await tokenOf(a, 'G1')];
    const other = await tokenOf(a, 'G2');
    await addVersion(a, id, '2020');
    seen.push(await tokenOf(a, 'G1'));
    await a.db.execute(sql`update indicators set name = '甲二' where id = ${id}`);
    seen.push(await tokenOf(a, 'G1'));
    await a.db.execute(sql`update indicator_versions set value_kind = 'decimal' where indicator_id = ${id}`);
    seen.push(await tokenOf(a, 'G1'));
    await a.db.execute(sql`delete from indicator_versions where indicator_id = ${id}`);
    seen.push(await tokenOf(a, 'G1'));
    expect(seen.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect(await tokenOf(a, 'G2')).toBe(other);
  });

  it('loads once per token, shares a frozen answer, and loads again after a change', async () => {
    const id = await addIndicator(a, 'G3', 'G3_A', '丙');
    await addVersion(a, id, '2020');
    let loads = 0;
    const load = () => ((loads += 1), loadNames(a, 'G3'));
    const first = await generationCached(a.db, 'G3', 'indicator_defs', load);
    expect(await generationCached(a.db, 'G3', 'indicator_defs', load)).toBe(first);
    expect(loads).toBe(1);
    expect(first).toEqual(['丙']);
    expect(() => (first as string[]).push('x')).toThrow(TypeError);
    await a.db.execute(sql`update indicators set name = '丙二' where id = ${id}`);
    expect(await generationCached(a.db, 'G3', 'indicator_defs', load)).toEqual(['丙二']);
    expect(loads).toBe(2);
  });

  it('never hands out what a transaction that rolled back loaded under its own token', async () => {
    const id = await addIndicator(a, 'G4', 'G4_A', '丁');
    const load = (d: Parameters<typeof loadNames>[0]) => () => loadNames(d, 'G4');
    expect(await generationCached(a.db, 'G4', 'indicator_defs', load(a))).toEqual(['丁']);
    await expect(
      a.db.transaction(async (tx) => {
        await tx.execute(sql`update indicators set name = '丁（未提交）' where id = ${id}`);
        expect(await generationCached(tx, 'G4', 'indicator_defs', load({ db: tx }))).toEqual(['丁（未提交）']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await generationCached(a.db, 'G4', 'indicator_defs', load(a))).toEqual(['丁']);
  });

  it('keeps two databases apart even for the same tenant', async () => {
    await addIndicator(a, 'G5', 'G5_A', '甲库');
    await addIndicator(b, 'G5', 'G5_A', '乙库');
    const names = async (d: Database) => [...(await loadDefinitions(d.db, 'G5')).values()].map((x) => x.row.name);
    expect(await names(a)).toEqual(['甲库']);
    expect(await names(b)).toEqual(['乙库']);
    expect(await names(a)).toEqual(['甲库']);
  });

  it('gives a tenant new tokens for its ledger categories, targets and peer standings on every change', async () => {
    const tokenOfSet = async (name: string) =>
      (await queryRows<{ token: string }>(a.db, sql`select token from cache_generations where tenant_id = 'G8' and name = ${name}`))[0]?.token ?? null;
    const indicatorId = await addIndicator(a, 'G8', 'G8_I', '庚');
    const [{ unitId }] = await queryRows<{ unitId: number }>(
      a.db,
      sql`insert into org_units (tenant_id, code, name, type, pinyin_initials, pinyin_full) values ('G8', 'G8U', '庚县', 'county', 'gx', 'gengxian') returning id as "unitId"`,
    );
    const changes: Record<string, string[]> = {
      ledger_categories: [
        `insert into ledger_categories (tenant_id, kind, code, name) values ('G8', 'activity', 'G8_A', '宣讲')`,
        `update ledger_categories set name = '宣讲二' where tenant_id = 'G8'`,
        `delete from ledger_categories where tenant_id = 'G8'`,
      ],
      indicator_targets: [
        `insert into indicator_targets (tenant_id, indicator_id, org_unit_id, period, target, updated_by) values ('G8', ${indicatorId}, ${unitId}, '2022', 10, 'test')`,
        `update indicator_targets set target = 12 where tenant_id = 'G8'`,
        `delete from indicator_targets where tenant_id = 'G8'`,
      ],
      peer_benchmarks: [
        `insert into peer_benchmarks (tenant_id, indicator_id, org_unit_id, period, peer_group, rank, peer_count, source_title, created_by) values ('G8', ${indicatorId}, ${unitId}, '2022', '金华', 1, 9, '通报', 'test')`,
        `update peer_benchmarks set rank = 2 where tenant_id = 'G8'`,
        `delete from peer_benchmarks where tenant_id = 'G8'`,
      ],
    };
    for (const [name, statements] of Object.entries(changes)) {
      const seen: (string | null)[] = [];
      for (const statement of statements) {
        await a.db.execute(sql.raw(statement));
        seen.push(await tokenOfSet(name));
      }
      expect(seen.every((t) => typeof t === 'string'), name).toBe(true);
      expect(new Set(seen).size, name).toBe(3);
    }
  });

  it('caches nothing for a tenant without a token (after a truncate of the versions)', async () => {
    await addIndicator(b, 'G6', 'G6_A', '戊');
    await b.db.execute(sql`truncate indicator_versions`);
    expect(await queryRows(b.db, sql`select * from cache_generations where name = 'indicator_defs'`)).toEqual([]);
    let loads = 0;
    const load = () => ((loads += 1), loadNames(b, 'G6'));
    await generationCached(b.db, 'G6', 'indicator_defs', load);
    await generationCached(b.db, 'G6', 'indicator_defs', load);
    expect(loads).toBe(2);
    await addIndicator(b, 'G6', 'G6_B', '戊二');
    expect(await tokenOf(b, 'G6')).not.toBeNull();
  });

  it('uses the tokens a read-only request was primed with instead of asking the database', async () => {
    const id = await addIndicator(a, 'G7', 'G7_A', '己');
    const primed = await tokenOf(a, 'G7');
    const load = () => loadNames(a, 'G7');
    await withReadMemo(async () => {
      primeGenerations(a.db, 'G7', { indicator_defs: primed! });
      expect(await generationCached(a.db, 'G7', 'indicator_defs', load)).toEqual(['己']);
    });
    await a.db.execute(sql`update indicators set name = '己二' where id = ${id}`);
    await withReadMemo(async () => {
      // Primed with the token read at the session lookup, before the change: the request reads as of then.
      primeGenerations(a.db, 'G7', { indicator_defs: primed! });
      expect(await generationCached(a.db, 'G7', 'indicator_defs', load)).toEqual(['己']);
    });
    await withReadMemo(async () => expect(await generationCached(a.db, 'G7', 'indicator_defs', load)).toEqual(['己二']));
  });

  it('does not compare a read on another handle (a replica) with the tokens primed for the primary', async () => {
    await addIndicator(b, 'G9', 'G9_A', '副本');
    const replicaToken = await tokenOf(b, 'G9');
    await withReadMemo(async () => {
      // The session lookup read the primary (a); the request then sends a heavy read to b.
      primeGenerations(a.db, 'G9', { indicator_defs: 'primary-token-newer-than-the-replica' });
      expect(await generationCached(b.db, 'G9', 'indicator_defs', () => loadNames(b, 'G9'))).toEqual(['副本']);
    });
    // Stored under b's own token: a later read of b finds it without loading.
    expect(replicaToken).not.toBeNull();
    expect(await generationCached(b.db, 'G9', 'indicator_defs', () => Promise.reject(new Error('should come from the cache')))).toEqual(['副本']);
  });
});

async function loadNames(d: { db: Database['db'] }, tenant: string): Promise<string[]> {
  return (await queryRows<{ name: string }>(d.db, sql`select name from indicators where tenant_id = ${tenant} order by id`)).map((r) => r.name);
}

describe('generation cache through the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('primes a request with its tenant’s tokens at the session lookup', async () => {
    const zzb = await t.login('zzb');
    const session = decodeURIComponent(zzb.cookie!.split('=')[1]);
    const [{ tenantId }] = await queryRows<{ tenantId: string }>(t.ctx.db, sql`select tenant_id as "tenantId" from users where username = 'zzb'`);
    const setToken = (token: string) => t.ctx.db.execute(sql`update cache_generations set token = ${token} where tenant_id = ${tenantId} and name = 'indicator_defs'`);
    const [{ current }] = await queryRows<{ current: string }>(t.ctx.db, sql`select token as current from cache_generations where tenant_id = ${tenantId} and name = 'indicator_defs'`);
    try {
      await setToken('before-the-lookup');
      expect(await generationCached(t.ctx.db, tenantId, 'indicator_defs', async () => ['before'])).toEqual(['before']);
      await withReadMemo(async () => {
        expect(await resolveSession(t.ctx, session, null)).not.toBeNull();
        // A token written after the lookup is not asked for: the request reads as of its lookup.
        await setToken('after-the-lookup');
        expect(await generationCached(t.ctx.db, tenantId, 'indicator_defs', async () => ['after'])).toEqual(['before']);
      });
      expect(await generationCached(t.ctx.db, tenantId, 'indicator_defs', async () => ['after'])).toEqual(['after']);
    } finally {
      // Back as it was: the app's next read then finds its cached token stale and reads the definitions again.
      await setToken(current);
    }
  });

  it('shows a renamed ledger category on the very next list', async () => {
    const admin = await t.login('admin');
    const list = async () => (await admin.get('/api/ledger/categories?kind=activity')).body as { id: number; name: string; version: number }[];
    const [first] = await list();
    const renamed = await admin.patch(`/api/ledger/categories/${first.id}`, { version: first.version, name: '改名后的类别' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await list()).find((c) => c.id === first.id)?.name).toBe('改名后的类别');
  });

  it('shows a changed definition on the very next form and aggregate', async () => {
    const zzb = await t.login('zzb');
    const village = await t.login('village');
    const villageId = (await village.get('/api/auth/me')).body.orgUnitId;
    const created = await zzb.post('/api/indicators', {
      code: 'GEN_CACHE',
      name: '缓存测试指标',
      unit: '个',
      direction: 'higher',
      periodType: 'year',
      definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, valueKind: 'integer', minValue: 0, maxValue: 100 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const task = await zzb.post('/api/tasks', { title: '缓存测试任务', period: '2025', deadline: '2030-01-01T00:00:00Z', indicatorIds: [created.body.id], unitIds: [villageId] });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const field = async () => (await village.get(`/api/tasks/${task.body.id}/units/${villageId}`)).body.fields[0];
    expect(await field()).toMatchObject({ name: '缓存测试指标', maxValue: 100 });
    const renamed = await zzb.patch(`/api/indicators/${created.body.id}`, { version: created.body.version, name: '改名后的指标' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await field()).toMatchObject({ name: '改名后的指标', maxValue: 100 });
    const version = await zzb.post(`/api/indicators/${created.body.id}/versions`, {
      effectiveFrom: '2024',
      aggregation: { kind: 'simple', tree: 'sum', time: 'sum' },
      valueKind: 'integer',
      minValue: 0,
      maxValue: 50,
    });
    expect(version.status, JSON.stringify(version.body)).toBeLessThan(300);
    expect(await field()).toMatchObject({ name: '改名后的指标', maxValue: 50 });
    // And a save is checked against the new limit.
    const form = (await village.get(`/api/tasks/${task.body.id}/units/${villageId}`)).body;
    const saved = await village.put(`/api/tasks/${task.body.id}/units/${villageId}`, { version: form.submission.version, submit: false, values: [{ indicatorId: created.body.id, value: 80 }] });
    expect(saved.status).toBe(400);
  });
});
