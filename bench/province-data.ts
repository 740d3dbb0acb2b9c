/**
 * Province-scale data for `bench/load.ts --province`: after the demo county is loaded through the
 * app's seeders, every other county of Zhejiang (PROVINCE_COUNTIES of them, in division-code
 * order) gets the demo county's volume of records, written with set-based SQL
 * (INSERT … SELECT over the demo county's rows × the target counties) in one transaction per
 * batch of counties. Loading the demo 89 more times through the seeders would take ~45 min.
 *
 * - Org tree: each county's real towns/streets and villages/communities (the division data that
 *   `bench/org-tree.ts` loads, through the same `insertUnits`, so paths and pinyin are the app's),
 *   plus the party organizations and departments the demo county's generator adds (its planTree:
 *   departments with organ branches, a transport-industry committee, per town a party committee
 *   with two organ branches, an enterprise with its branch, venues and schools, per village a
 *   branch or a general branch with 2–3 branches). Unit counts follow each county's real size.
 * - Records: the demo county's rows of each table below are copied to every target county, their
 *   units mapped to the target's units of the same kind (demo unit k of a kind → target unit
 *   k mod n of that kind), so each county holds exactly the demo county's number of people,
 *   activities, cases… with the same dates, statuses and categories. Rows that are unique per unit
 *   (a figure per indicator, unit and period; a submission per task and unit; a target) are kept
 *   only where demo unit k has a counterpart k < n, so those scale with the county's real size.
 * - Personal fields: ciphertext and lookup hashes keep the app's shapes (iv.tag.body in
 *   base64url with the body as long as the plain value; a 32-byte hash in base64url): each county
 *   splices its own IV and hash prefix into the demo row's values, so ciphertexts differ per county
 *   and hashes stay unique (the unique index checks it). The workload never decrypts another
 *   county's people; masked ID numbers carry the county's code.
 * - Ids come from the identity columns; references to a copied row use a map from the demo row's
 *   id to the copy's, by rank (copies are inserted in the demo ids' order; checked after each
 *   table) or by a natural key. Column lists are read from the catalog (insertable columns only),
 *   so a column added later is copied from the demo row unless it is mapped here.
 * Every constraint, trigger and index stays in place; only INSERTs, plus one UPDATE of the new
 * category paths. Batches touch disjoint tenants, so `jobs` of them may run side by side.
 * Layout caveat: each county's rows lie together in the heap (the demo county's first), which is
 * kinder to a county-wide scan than years of interleaved writes from 90 counties would be.
 * PROVINCE_PROFILE=1 prints the time spent per statement kind.
 *
 * Tables filled: org_units, persons, person_roles, users, ledger_categories, activities,
 * activity_people, cases, case_events, honours, projects (+ milestones, funds), indicators,
 * indicator_versions, collection_tasks, task_indicators, task_submissions, indicator_values,
 * indicator_value_history, indicator_targets, peer_benchmarks, cockpits, activations,
 * talent_programmes, talent_applications, talent_payments, audit_events. Not filled (the
 * workload does not read them): surveys, mobilization rosters, cadres, pairings, maps,
 * apartments, schemes, reports.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { planTree } from '../src/server/db/demo/demo-county';
import { loadDivisions } from '../src/server/db/demo/divisions';
import { rng } from '../src/server/db/demo/synthetic';
import { insertUnits } from '../src/server/modules/org';

export interface ProvinceOptions {
  /** Tenant (division code) of the demo county already loaded; its rows are the template. */
  demoTenant: string;
  /** How many other counties to fill (at most 89). */
  counties: number;
  /** Counties per transaction (default 10). */
  batch?: number;
  /** Transactions run side by side, each on its own connection (default 1). */
  jobs?: number;
  log?: (line: string) => void;
}

export interface ProvinceResult {
  counties: number;
  seconds: number;
  /** Rows per table: the demo county's and the total after filling. */
  tables: { table: string; demo: number; total: number }[];
}

/** Tables whose demo rows are counted for the report, with how to find the demo county's rows. */
const COUNTED: [table: string, demoRows: string][] = [
  ['org_units', `tenant_id = $1`],
  ['persons', `tenant_id = $1`],
  ['person_roles', `tenant_id = $1`],
  ['users', `tenant_id = $1`],
  ['ledger_categories', `tenant_id = $1`],
  ['activities', `tenant_id = $1`],
  ['activity_people', `activity_id in (select id from activities where tenant_id = $1)`],
  ['cases', `tenant_id = $1`],
  ['case_events', `case_id in (select id from cases where tenant_id = $1)`],
  ['honours', `tenant_id = $1`],
  ['projects', `tenant_id = $1`],
  ['project_milestones', `project_id in (select id from projects where tenant_id = $1)`],
  ['project_funds', `project_id in (select id from projects where tenant_id = $1)`],
  ['indicators', `tenant_id = $1`],
  ['indicator_versions', `indicator_id in (select id from indicators where tenant_id = $1)`],
  ['collection_tasks', `tenant_id = $1`],
  ['task_indicators', `task_id in (select id from collection_tasks where tenant_id = $1)`],
  ['task_submissions', `tenant_id = $1`],
  ['indicator_values', `tenant_id = $1`],
  ['indicator_value_history', `tenant_id = $1`],
  ['indicator_targets', `tenant_id = $1`],
  ['peer_benchmarks', `tenant_id = $1`],
  ['cockpits', `tenant_id = $1`],
  ['activations', `tenant_id = $1`],
  ['talent_programmes', `tenant_id = $1`],
  ['talent_applications', `tenant_id = $1`],
  ['talent_payments', `tenant_id = $1`],
  ['audit_events', `tenant_id = $1`],
];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Kind of unit for mapping demo units onto a target county's: towns and streets are one kind, villages and communities another. */
const GROUP = `(case type when 'street' then 'town' when 'community' then 'village' else type end)`;

/** The counties filled, in division-code order, the demo county left out. */
export function provinceCounties(demoTenant: string, count: number): { code: string; name: string }[] {
  return loadDivisions()
    .counties.filter(([code]) => code !== demoTenant)
    .slice(0, count)
    .map(([code, name]) => ({ code, name }));
}

class Filler {
  private readonly columns = new Map<string, string[]>();
  /** Time spent per statement kind, for PROVINCE_PROFILE=1. */
  readonly spent = new Map<string, number>();
  constructor(
    private readonly c: pg.Client,
    private readonly demo: string,
  ) {}

  async q(text: string, params: unknown[] = [], label = text.replace(/\s+/g, ' ').slice(0, 48)) {
    const t = performance.now();
    try {
      return await this.c.query(text, params);
    } finally {
      this.spent.set(label, (this.spent.get(label) ?? 0) + performance.now() - t);
    }
  }

  /** Columns an INSERT may name: not identity, not generated. */
  private async insertable(table: string): Promise<string[]> {
    if (!this.columns.has(table)) {
      const { rows } = await this.c.query<{ name: string }>(
        `select column_name as name from information_schema.columns
         where table_schema = current_schema() and table_name = $1 and is_identity = 'NO' and is_generated = 'NEVER'
         order by ordinal_position`,
        [table],
      );
      if (!rows.length) throw new Error(`table ${table} not found`);
      this.columns.set(table, rows.map((r) => r.name));
    }
    return this.columns.get(table)!;
  }

  /**
   * INSERT INTO table (every insertable column) SELECT … FROM `from` (the demo row is `s`):
   * a column takes `set[column]` when given, otherwise the demo row's value.
   */
  async copy(table: string, o: { from: string; set: Record<string, string>; where?: string; order: string }): Promise<number> {
    const cols = await this.insertable(table);
    const unknown = Object.keys(o.set).filter((k) => !cols.includes(k));
    if (unknown.length) throw new Error(`${table}: no insertable column ${unknown.join(', ')}`);
    const text = `insert into ${ident(table)} (${cols.map(ident).join(', ')})
      select ${cols.map((c) => o.set[c] ?? `s.${ident(c)}`).join(', ')}
      from ${o.from} where ${o.where ?? 'true'} order by ${o.order}`;
    return (await this.q(text, [], `copy ${table}`)).rowCount ?? 0;
  }

  /**
   * Map from the demo county's rows of `table` to their copies in each batch county, by rank in
   * id order (copies are inserted ordered by demo id). `same` lists columns a copy keeps from its
   * demo row: checked, so a wrong pairing fails loudly instead of silently mixing records.
   */
  async rankMap(name: string, table: string, same: string[], filter = 'true') {
    await this.q(`create temp table ${name} on commit drop as
      select d.tenant, s.id as src, d.id as dst
      from (select id, row_number() over (order by id) as rn from ${table} where tenant_id = ${lit(this.demo)} and ${filter}) s
      join (select id, tenant_id as tenant, row_number() over (partition by tenant_id order by id) as rn
            from ${table} where tenant_id in (select code from _batch) and ${filter}) d using (rn)`);
    await this.index(name);
    const [{ demo }] = (await this.q(`select count(*)::int as demo from ${table} where tenant_id = ${lit(this.demo)} and ${filter}`)).rows;
    const [{ mapped, tenants }] = (await this.q(`select count(*)::int as mapped, (select count(*)::int from _batch) as tenants from ${name}`)).rows;
    if (mapped !== demo * tenants) throw new Error(`${table}: ${mapped} copies mapped, expected ${demo} × ${tenants}`);
    if (same.length) {
      // Every pair of a small map; one in 16 of a large one (a misordered copy shows in any sample).
      const sample = mapped > 100_000 ? 'm.src % 16 = 0 and' : '';
      const differs = same.map((c) => `a.${ident(c)} is distinct from b.${ident(c)}`).join(' or ');
      const [{ bad }] = (await this.q(`select count(*)::int as bad from ${name} m join ${table} a on a.id = m.src join ${table} b on b.id = m.dst where ${sample} (${differs})`)).rows;
      if (bad) throw new Error(`${table}: ${bad} copies do not match their demo rows`);
    }
  }

  async index(name: string) {
    await this.q(`create unique index on ${name} (tenant, src)`);
    await this.q(`analyze ${name}`);
  }
}

/**
 * Fills the database at `url` (the demo county loaded, nothing else) with the other counties.
 * Uses its own connection: no statement timeout, asynchronous commit, larger work memory.
 */
export async function fillProvince(url: string, opts: ProvinceOptions): Promise<ProvinceResult> {
  if (!/^\d{6}$/.test(opts.demoTenant)) throw new Error(`unexpected tenant ${opts.demoTenant}`);
  const log = opts.log ?? (() => {});
  const counties = provinceCounties(opts.demoTenant, opts.counties);
  const batchSize = Math.max(1, opts.batch ?? 10);
  const batches = Array.from({ length: Math.ceil(counties.length / batchSize) }, (_, i) => counties.slice(i * batchSize, (i + 1) * batchSize));
  const t0 = performance.now();
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`set statement_timeout = 0; set synchronous_commit = off; set work_mem = '256MB'; set jit = off`);
    return client;
  };
  const main = await connect();
  try {
    const demoCounts = new Map<string, number>();
    for (const [table, where] of COUNTED) demoCounts.set(table, (await main.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, [opts.demoTenant])).rows[0].n);
    // Batches touch disjoint tenants (and maps rank within a tenant), so jobs may run side by side.
    let next = 0;
    let done = 0;
    const spent = new Map<string, number>();
    const worker = async (client: pg.Client) => {
      const f = new Filler(client, opts.demoTenant);
      const db = drizzle(client);
      while (next < batches.length) {
        const batch = batches[next++];
        const tb = performance.now();
        await client.query('begin');
        try {
          await fillBatch(f, db as never, opts.demoTenant, batch);
          await client.query('commit');
        } catch (e) {
          await client.query('rollback').catch(() => undefined);
          throw e;
        }
        done += batch.length;
        log(`  ${String(done).padStart(3)}/${counties.length} counties; ${batch.map((c) => c.name).join('、')}: ${((performance.now() - tb) / 1000).toFixed(1)} s`);
      }
      for (const [k, v] of f.spent) spent.set(k, (spent.get(k) ?? 0) + v);
    };
    const jobs = Math.max(1, Math.min(opts.jobs ?? 1, batches.length));
    const clients = [main, ...(await Promise.all(Array.from({ length: jobs - 1 }, connect)))];
    try {
      await Promise.all(clients.map(worker));
    } finally {
      for (const c of clients.slice(1)) await c.end();
    }
    if (process.env.PROVINCE_PROFILE) {
      for (const [label, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`    ${(ms / 1000).toFixed(1).padStart(7)} s  ${label}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const tables: ProvinceResult['tables'] = [];
    for (const [table] of COUNTED) tables.push({ table, demo: demoCounts.get(table)!, total: (await main.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n });
    return { counties: counties.length, seconds, tables };
  } finally {
    await main.end();
  }
}

async function fillBatch(f: Filler, db: Parameters<typeof insertUnits>[0], demo: string, batch: { code: string; name: string }[]) {
  const D = lit(demo);
  // Per county: a 12-byte IV and a 6-byte hash prefix in base64url (16 and 8 characters).
  await f.q(`create temp table _batch (code text primary key, name text not null, iv text not null, hash_prefix text not null) on commit drop`);
  await f.q(
    `insert into _batch select code, name, translate(encode(substr(sha256(convert_to('iv:' || code, 'UTF8')), 1, 12), 'base64'), '+/', '-_'),
       translate(encode(substr(sha256(convert_to('hash:' || code, 'UTF8')), 1, 6), 'base64'), '+/', '-_')
     from unnest($1::text[], $2::text[]) as x(code, name)`,
    [batch.map((c) => c.code), batch.map((c) => c.name)],
  );

  // ---- org tree: real divisions plus the demo generator's party organizations, level by level
  const plans = batch.map((c) => ({ tenant: c.code, levels: planTree(c.code, {}, rng(Number(c.code))) }));
  const ids = new Map<string, number>();
  const tTree = performance.now();
  for (let depth = 0; depth < 5; depth++) {
    const rows = plans.flatMap((p) => p.levels[depth].map((u) => ({ tenantId: p.tenant, parentId: u.parentCode ? ids.get(u.parentCode)! : null, code: u.code, name: u.name, type: u.type })));
    for (const row of await insertUnits(db, rows)) ids.set(row.code, row.id);
  }
  f.spent.set('org tree (insertUnits)', (f.spent.get('org tree (insertUnits)') ?? 0) + performance.now() - tTree);

  // Demo unit k of a kind → target unit k mod n of that kind (the county root when it has none);
  // `inj` when k < n, for rows that must stay unique per unit.
  await f.q(`create temp table _um on commit drop as
    with s as (select id, ${GROUP} as g, row_number() over (partition by ${GROUP} order by id) - 1 as rk from org_units where tenant_id = ${D}),
         d as (select id, tenant_id, ${GROUP} as g, row_number() over (partition by tenant_id, ${GROUP} order by id) - 1 as rk,
                      count(*) over (partition by tenant_id, ${GROUP}) as n
               from org_units where tenant_id in (select code from _batch)),
         n as (select distinct tenant_id, g, n from d),
         root as (select tenant_id, id, path from org_units where tenant_id in (select code from _batch) and parent_id is null)
    select t.code as tenant, s.id as src, coalesce(d.id, root.id) as dst, coalesce(s.rk < n.n, false) as inj
    from s cross join _batch t
      join root on root.tenant_id = t.code
      left join n on n.tenant_id = t.code and n.g = s.g
      left join d on d.tenant_id = t.code and d.g = s.g and d.rk = s.rk % n.n`);
  await f.index('_um');
  /** Target unit for a demo unit column (null stays null). */
  const unit = (col: string, tenant = 't.code') => `(select dst from _um where tenant = ${tenant} and src = ${col})`;

  // ---- ledger categories: level by level (a child names its parent), then their id paths
  const [{ depth: catDepth }] = (await f.q(`select coalesce(max(cardinality(string_to_array(trim(both '.' from path), '.'))), 0) as depth from ledger_categories where tenant_id = ${D}`)).rows;
  for (let level = 1; level <= catDepth; level++) {
    await f.copy('ledger_categories', {
      from: `ledger_categories s cross join _batch t
        left join ledger_categories ps on ps.id = s.parent_id
        left join ledger_categories dp on dp.tenant_id = t.code and dp.kind = ps.kind and dp.code = ps.code`,
      set: { tenant_id: 't.code', parent_id: 'dp.id', path: `''` },
      where: `s.tenant_id = ${D} and cardinality(string_to_array(trim(both '.' from s.path), '.')) = ${level}`,
      order: 't.code, s.id',
    });
  }
  await f.q(`create temp table _m_cat on commit drop as
    select t.code as tenant, s.id as src, d.id as dst from ledger_categories s cross join _batch t
    join ledger_categories d on d.tenant_id = t.code and d.kind = s.kind and d.code = s.code where s.tenant_id = ${D}`);
  await f.index('_m_cat');
  await f.q(`update ledger_categories d set path = '.' || (
      select string_agg(m.dst::text, '.' order by u.ord)
      from unnest(string_to_array(trim(both '.' from s.path), '.')) with ordinality u(x, ord) join _m_cat m on m.tenant = d.tenant_id and m.src = u.x::int
    ) || '.'
    from _m_cat mm join ledger_categories s on s.id = mm.src where d.id = mm.dst`);

  // ---- indicators, definitions, collection tasks
  await f.copy('indicators', { from: 'indicators s cross join _batch t', set: { tenant_id: 't.code', department_id: unit('s.department_id') }, where: `s.tenant_id = ${D}`, order: 't.code, s.id' });
  await f.q(`create temp table _m_ind on commit drop as
    select t.code as tenant, s.id as src, d.id as dst from indicators s cross join _batch t
    join indicators d on d.tenant_id = t.code and d.code = s.code where s.tenant_id = ${D}`);
  await f.index('_m_ind');
  await f.copy('indicator_versions', { from: 'indicator_versions s join _m_ind m on m.src = s.indicator_id', set: { indicator_id: 'm.dst' }, order: 'm.tenant, s.id' });
  await f.copy('collection_tasks', { from: 'collection_tasks s cross join _batch t', set: { tenant_id: 't.code', issuer_unit_id: unit('s.issuer_unit_id') }, where: `s.tenant_id = ${D}`, order: 't.code, s.id' });
  await f.rankMap('_m_task', 'collection_tasks', ['title', 'period']);
  await f.copy('task_indicators', {
    from: 'task_indicators s join _m_task mt on mt.src = s.task_id join _m_ind mi on mi.tenant = mt.tenant and mi.src = s.indicator_id',
    set: { task_id: 'mt.dst', indicator_id: 'mi.dst' },
    order: 'mt.tenant, s.task_id, s.indicator_id',
  });
  await f.copy('task_submissions', {
    from: `task_submissions s cross join _batch t join _m_task mt on mt.tenant = t.code and mt.src = s.task_id
      join _um u on u.tenant = t.code and u.src = s.org_unit_id and u.inj`,
    set: { tenant_id: 't.code', task_id: 'mt.dst', org_unit_id: 'u.dst' },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.copy('indicator_values', {
    from: `indicator_values s cross join _batch t join _m_ind mi on mi.tenant = t.code and mi.src = s.indicator_id
      join _um u on u.tenant = t.code and u.src = s.org_unit_id and u.inj
      left join _m_task mt on mt.tenant = t.code and mt.src = s.task_id`,
    set: { tenant_id: 't.code', indicator_id: 'mi.dst', org_unit_id: 'u.dst', task_id: 'mt.dst' },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.q(`create temp table _m_val on commit drop as
    select t.code as tenant, s.id as src, d.id as dst from indicator_values s cross join _batch t
    join _m_ind mi on mi.tenant = t.code and mi.src = s.indicator_id
    join _um u on u.tenant = t.code and u.src = s.org_unit_id and u.inj
    join indicator_values d on d.indicator_id = mi.dst and d.org_unit_id = u.dst and d.period = s.period
    where s.tenant_id = ${D}`);
  await f.index('_m_val');
  await f.copy('indicator_value_history', { from: 'indicator_value_history s join _m_val m on m.src = s.value_id', set: { tenant_id: 'm.tenant', value_id: 'm.dst' }, order: 'm.tenant, s.id' });
  await f.copy('indicator_targets', {
    from: `indicator_targets s cross join _batch t join _m_ind mi on mi.tenant = t.code and mi.src = s.indicator_id
      join _um u on u.tenant = t.code and u.src = s.org_unit_id and u.inj`,
    set: { tenant_id: 't.code', indicator_id: 'mi.dst', org_unit_id: 'u.dst' },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.copy('peer_benchmarks', {
    from: 'peer_benchmarks s cross join _batch t join _m_ind mi on mi.tenant = t.code and mi.src = s.indicator_id',
    set: { tenant_id: 't.code', indicator_id: 'mi.dst', org_unit_id: unit('s.org_unit_id') },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });

  // ---- people. Personal fields keep the app's shapes (FieldCrypto: iv.tag.body in base64url,
  // the body as long as the plain value; a 32-byte lookup hash in base64url): each county's copy
  // gets its own IV and hash prefix in place of the demo row's, so ciphertexts differ per county
  // and lookup hashes stay unique, at the cost of a string splice per row (hashing every row
  // in SQL took more time than the insert itself). ID numbers are masked with the county's code.
  await f.copy('persons', {
    from: 'persons s cross join _batch t join _um u on u.tenant = t.code and u.src = s.org_unit_id',
    set: {
      tenant_id: 't.code',
      org_unit_id: 'u.dst',
      id_cipher: `t.iv || substr(s.id_cipher, 17)`,
      id_hash: `t.hash_prefix || substr(s.id_hash, 9)`,
      id_masked: `t.code || substr(s.id_masked, 7)`,
      phone_cipher: `t.iv || substr(s.phone_cipher, 17)`,
      phone_hash: `t.hash_prefix || substr(s.phone_hash, 9)`,
      source: `'synthetic'`,
    },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.rankMap('_m_person', 'persons', ['name', 'birth_date', 'gender']);
  await f.copy('person_roles', {
    from: 'person_roles s join _m_person mp on mp.src = s.person_id left join _um u on u.tenant = mp.tenant and u.src = s.org_unit_id',
    set: { tenant_id: 'mp.tenant', person_id: 'mp.dst', org_unit_id: 'u.dst' },
    order: 'mp.tenant, s.id',
  });

  // ---- accounts (same password hashes; usernames suffixed with the county code)
  await f.copy('users', {
    from: 'users s cross join _batch t left join _m_person mp on mp.tenant = t.code and mp.src = s.person_id',
    set: { tenant_id: 't.code', username: `s.username || '_' || t.code`, org_unit_id: unit('s.org_unit_id'), department_id: unit('s.department_id'), person_id: 'mp.dst' },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.q(`create temp table _m_user on commit drop as
    select t.code as tenant, s.id as src, d.id as dst from users s cross join _batch t
    join users d on d.username = s.username || '_' || t.code where s.tenant_id = ${D}`);
  await f.index('_m_user');
  const user = (col: string, tenant = 't.code') => `(select dst from _m_user where tenant = ${tenant} and src = ${col})`;

  // ---- ledger records
  await f.copy('activities', {
    from: `activities s cross join _batch t join _m_cat mc on mc.tenant = t.code and mc.src = s.category_id
      join _um u on u.tenant = t.code and u.src = s.org_unit_id`,
    set: { tenant_id: 't.code', category_id: 'mc.dst', org_unit_id: 'u.dst', created_by: user('s.created_by') },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.rankMap('_m_act', 'activities', ['title', 'held_on']);
  await f.copy('activity_people', {
    from: 'activity_people s join _m_act ma on ma.src = s.activity_id join _m_person mp on mp.tenant = ma.tenant and mp.src = s.person_id',
    set: { activity_id: 'ma.dst', person_id: 'mp.dst' },
    order: 'ma.tenant, s.activity_id, s.person_id',
  });
  await f.copy('cases', {
    from: `cases s cross join _batch t join _m_cat mc on mc.tenant = t.code and mc.src = s.category_id
      join _um u on u.tenant = t.code and u.src = s.org_unit_id
      join _um ur on ur.tenant = t.code and ur.src = s.registrar_unit_id
      left join _m_act ma on ma.tenant = t.code and ma.src = s.source_activity_id`,
    set: { tenant_id: 't.code', category_id: 'mc.dst', org_unit_id: 'u.dst', registrar_unit_id: 'ur.dst', source_activity_id: 'ma.dst', created_by: user('s.created_by') },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.rankMap('_m_case', 'cases', ['title', 'registered_on', 'status']);
  await f.copy('case_events', {
    from: 'case_events s join _m_case mc on mc.src = s.case_id',
    set: { case_id: 'mc.dst', from_unit_id: unit('s.from_unit_id', 'mc.tenant'), to_unit_id: unit('s.to_unit_id', 'mc.tenant'), actor_user_id: user('s.actor_user_id', 'mc.tenant') },
    order: 'mc.tenant, s.id',
  });
  await f.copy('honours', {
    from: `honours s cross join _batch t join _m_cat mc on mc.tenant = t.code and mc.src = s.category_id
      left join _m_person mp on mp.tenant = t.code and mp.src = s.recipient_person_id`,
    set: { tenant_id: 't.code', category_id: 'mc.dst', org_unit_id: unit('s.org_unit_id'), recipient_person_id: 'mp.dst', created_by: user('s.created_by') },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.copy('projects', {
    from: 'projects s cross join _batch t join _m_cat mc on mc.tenant = t.code and mc.src = s.category_id',
    set: {
      tenant_id: 't.code',
      category_id: 'mc.dst',
      org_unit_id: unit('s.org_unit_id'),
      created_by: user('s.created_by'),
      partner_unit_ids: `array(select u.dst from unnest(s.partner_unit_ids) with ordinality x(id, o) join _um u on u.tenant = t.code and u.src = x.id order by x.o)`,
    },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.rankMap('_m_proj', 'projects', ['title', 'started_on']);
  await f.copy('project_milestones', { from: 'project_milestones s join _m_proj mp on mp.src = s.project_id', set: { project_id: 'mp.dst' }, order: 'mp.tenant, s.id' });
  await f.copy('project_funds', { from: 'project_funds s join _m_proj mp on mp.src = s.project_id', set: { project_id: 'mp.dst' }, order: 'mp.tenant, s.id' });

  // ---- cockpits, activations
  await f.copy('cockpits', {
    from: `cockpits s cross join _batch t`,
    set: { tenant_id: 't.code', owner_unit_id: unit('s.owner_unit_id'), definition: `replace(s.definition::text, (select name from org_units where tenant_id = ${D} and parent_id is null), t.name)::jsonb` },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.copy('activations', {
    from: 'activations s cross join _batch t',
    set: { tenant_id: 't.code', issuer_unit_id: unit('s.issuer_unit_id'), issued_by_user_id: user('s.issued_by_user_id') },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });

  // ---- talent programmes, applications and payments (a reversal names the payment it reverses)
  await f.copy('talent_programmes', { from: 'talent_programmes s cross join _batch t', set: { tenant_id: 't.code', owner_unit_id: unit('s.owner_unit_id') }, where: `s.tenant_id = ${D}`, order: 't.code, s.id' });
  await f.q(`create temp table _m_prog on commit drop as
    select t.code as tenant, s.id as src, d.id as dst from talent_programmes s cross join _batch t
    join talent_programmes d on d.tenant_id = t.code and d.code = s.code where s.tenant_id = ${D}`);
  await f.index('_m_prog');
  await f.copy('talent_applications', {
    from: `talent_applications s cross join _batch t join _m_prog mg on mg.tenant = t.code and mg.src = s.programme_id
      join _m_person mp on mp.tenant = t.code and mp.src = s.person_id`,
    set: { tenant_id: 't.code', programme_id: 'mg.dst', person_id: 'mp.dst', employer_unit_id: unit('s.employer_unit_id') },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
  await f.rankMap('_m_app', 'talent_applications', ['status', 'created_at']);
  const payments = (reversals: boolean) =>
    f.copy('talent_payments', {
      from: `talent_payments s cross join _batch t join _m_prog mg on mg.tenant = t.code and mg.src = s.programme_id
        join _m_app ma on ma.tenant = t.code and ma.src = s.application_id
        ${reversals ? 'join _m_pay mr on mr.tenant = t.code and mr.src = s.reverses_id' : ''}`,
      set: { tenant_id: 't.code', programme_id: 'mg.dst', application_id: 'ma.dst', reverses_id: reversals ? 'mr.dst' : 'null' },
      where: `s.tenant_id = ${D} and s.reverses_id is ${reversals ? 'not null' : 'null'}`,
      order: 't.code, s.id',
    });
  await payments(false);
  await f.rankMap('_m_pay', 'talent_payments', ['amount', 'paid_on', 'reference'], 'reverses_id is null');
  await payments(true);

  // ---- audit log: the copy's unit, path and actor; entity ids mapped where the entity was copied
  await f.copy('audit_events', {
    from: `audit_events s cross join _batch t left join _um u on u.tenant = t.code and u.src = s.org_unit_id left join org_units o on o.id = u.dst`,
    set: {
      tenant_id: 't.code',
      actor_id: user('s.actor_id'),
      org_unit_id: 'u.dst',
      org_path: 'o.path',
      entity_id: `case s.entity_type
        when 'user' then ${user(`nullif(s.entity_id, '')::int`)}::text
        when 'indicator_value' then (select dst from _m_val where tenant = t.code and src = nullif(s.entity_id, '')::int)::text
        when 'person' then (select dst from _m_person where tenant = t.code and src = nullif(s.entity_id, '')::int)::text
        when 'activity' then (select dst from _m_act where tenant = t.code and src = nullif(s.entity_id, '')::int)::text
        when 'case' then (select dst from _m_case where tenant = t.code and src = nullif(s.entity_id, '')::int)::text
        when 'project' then (select dst from _m_proj where tenant = t.code and src = nullif(s.entity_id, '')::int)::text
        else null end`,
    },
    where: `s.tenant_id = ${D}`,
    order: 't.code, s.id',
  });
}

/** Rows and on-disk size (heap + indexes + TOAST) of every table, largest first, and the database's size. */
export async function tableSizes(url: string): Promise<{ tables: { table: string; rows: number; bytes: number }[]; databaseBytes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set statement_timeout = 0');
    const { rows: rels } = await client.query<{ name: string; bytes: string }>(
      `select c.relname as name, pg_total_relation_size(c.oid)::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition order by pg_total_relation_size(c.oid) desc`,
    );
    const tables = [];
    for (const r of rels) {
      const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${ident(r.name)}`);
      // A partitioned table's size is its partitions'.
      const { rows: part } = await client.query<{ bytes: string }>(
        `select coalesce(sum(pg_total_relation_size(relid)), 0)::text as bytes from pg_partition_tree($1::regclass) where isleaf`,
        [ident(r.name)],
      );
      tables.push({ table: r.name, rows: Number(rows[0].n), bytes: Math.max(Number(r.bytes), Number(part[0].bytes)) });
    }
    tables.sort((a, b) => b.bytes - a.bytes);
    const { rows } = await client.query<{ bytes: string }>('select pg_database_size(current_database())::text as bytes');
    return { tables, databaseBytes: Number(rows[0].bytes) };
  } finally {
    await client.end();
  }
}

/**
 * VACUUM (ANALYZE) then CHECKPOINT: fresh statistics and visibility maps, and no autovacuum or
 * checkpoint of the bulk load left to run during a measurement. Its own connection, no timeout.
 */
export async function settle(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set statement_timeout = 0; set maintenance_work_mem = '512MB'`);
    await client.query('vacuum (analyze)');
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}

export type ScanStats = Map<string, { seqScans: number; seqRows: number; idxScans: number; liveRows: number }>;

/** Cumulative scan counters per table (pg_stat_user_tables), to diff around a run. */
export async function scanStats(url: string): Promise<ScanStats> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Counters are flushed by each backend at most once a second; a snapshot of what is flushed.
    await client.query('select pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null; n_live_tup: string }>(
      `select relname, seq_scan::text, seq_tup_read::text, idx_scan::text, n_live_tup::text from pg_stat_user_tables`,
    );
    return new Map(rows.map((r) => [r.relname, { seqScans: Number(r.seq_scan), seqRows: Number(r.seq_tup_read), idxScans: Number(r.idx_scan ?? 0), liveRows: Number(r.n_live_tup) }]));
  } finally {
    await client.end();
  }
}
