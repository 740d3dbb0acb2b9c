/**
 * A decade of activities, partitioned by year (`lizhou partition-ledger`,
 * src/server/ops/ledger-partitions.sql) against the same rows unpartitioned
 * (docs/decisions/006 "Time partitioning"). On a fresh database on the PostgreSQL server it
 * runs the app's migrations, loads the org tree of one city (宁波市: 10 counties, one tenant each,
 * 162 towns/streets, 3,042 villages/communities), the default ledger categories of every tenant
 * and 8 residents per village, then generates ACTIVITIES activities dated 2016–2025 server-side
 * (`insert … select … from generate_series`; more each year, 0.6× the mean in 2016 to 1.4× in
 * 2025; ~60 % in 宣讲 and its two children; 85 % at villages; Chinese titles, places, teams and
 * outcomes so the bigram search column is realistic; a few dates typed 1,000 years off, which
 * land in the default partition) and attendance for ~8 % of them, two residents each. It
 * copies the rows into `activities_flat`: one table, the primary key of the unpartitioned table
 * (id) and the same four indexes (read from the catalog), attendance into `activity_people_flat`
 * with the foreign key (ON DELETE CASCADE) that partitioning replaces by triggers.
 *
 * Then it measures on both tables the statements the app sends — captured from `listRecords`,
 * `recordInScope` + `recordRow` and the ledger's derived source (`runRecordQuery`,
 * `recordQueryTotal`), with the table name swapped for the copy — run in turn on one connection
 * (jit off, as the app's pool), both tables interleaved; prints each case's median and p95, the
 * partitions each plan reads (EXPLAIN ANALYZE), planning time and buffers; then the sizes, a
 * year's upkeep (edit 2 % of 2025, vacuum) and archiving 2016 (DELETE against DETACH PARTITION).
 *
 *   npm run bench:ledger-decade
 *
 * ACTIVITIES=n (default 1,500,000: ~150,000 a year, a city of ten counties; the whole run took
 * 7 minutes on 2 cores shared with other work, most of it loading at 6,000–12,000 rows/s per
 * table), RUNS=n timed repetitions per table (default 30, after WARMUPS=n, default 3).
 * Server: DATABASE_URL, else LIZHOU_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test;
 * a database named lizhou_bench_decade_<random> is created on it and dropped at the end
 * (KEEP_DB=1 keeps it and prints its URL).
 */
import { loadavg, tmpdir } from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Actor, AppContext } from '../src/server/context';
import { openDatabase, queryRows, type Db } from '../src/server/db/client';
import { partitionLedger } from '../src/server/ops/ledger-partitions';
import { loadDivisions, shortVillageName } from '../src/server/db/demo/divisions';
import { createTempDatabase } from '../src/server/testing/temp-database';
import { insertUnits } from '../src/server/modules/org';
import { seedCategories } from '../src/server/modules/ledger/categories.service';
import { recordQueryTotal, runRecordQuery } from '../src/server/modules/ledger/record-query';
import { listRecords, recordInScope, recordRow } from '../src/server/modules/ledger/records.service';
import { ListQuerySchema } from '../src/server/modules/ledger/ledger.schema';
import { ROLE_PERMISSIONS, type Role } from '../src/shared/roles';
import type { RecordQuery } from '../src/shared/ledger';

const ACTIVITIES = Number(process.env.ACTIVITIES ?? 1_500_000);
const RUNS = Number(process.env.RUNS ?? 30);
const WARMUPS = Number(process.env.WARMUPS ?? 3);
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';
const CITY = '3302'; // 宁波市
const FIRST_YEAR = 2016;
const LAST_YEAR = 2025;
const START = `${FIRST_YEAR}-01-01`;
/** Days from 2016-01-01 to 2025-12-31 inclusive (2016, 2020 and 2024 are leap years). */
const DAYS = 3653;
const CHUNK = 100_000;
const PERSONS_PER_VILLAGE = 8;
/** Archived year and measured year. */
const OLD_YEAR = FIRST_YEAR;
const YEAR = LAST_YEAR;

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---- text the generated records are made of ----

const TOPICS = ['乡村振兴', '共同富裕', '基层治理', '文明乡风', '平安建设', '垃圾分类', '反诈防骗', '防汛防台', '移风易俗', '法治建设', '红色历史', '科技兴农', '医保政策', '养老服务', '安全生产', '生态保护'];
const PLACES = ['文化礼堂', '党群服务中心', '村委会议室', '农家书屋', '新时代文明实践站', '村广场', '小学礼堂', '企业车间', '祠堂', '社区活动室'];
const TEAMS = ['红色宣讲团', '青年宣讲队', '老干部宣讲团', '乡贤宣讲团', '巾帼宣讲队', '百姓名嘴宣讲团'];
const FORMATS = ['集中宣讲', '微宣讲', '线上宣讲', '文艺宣讲'];
const OUTLETS = ['央媒', '省级', '地市', '学习强国'];
const NOTES = ['照片已上传', '签到表存档', '群众满意度较高', '下次活动待定', '已报送镇街', '纳入年度考核'];

/** Activity categories (codes of the default tree), share per 100, four title phrases each ({t} = a topic). */
const MIX: [code: string, per100: number, phrases: string[]][] = [
  ['XJ', 30, ['开展{t}主题宣讲', '{t}微宣讲进文化礼堂', '百姓名嘴讲{t}', '{t}田间课堂']],
  ['XJ_ESD', 15, ['党的二十大精神集中宣讲', '二十大精神进农家（{t}）', '宣讲二十大精神 聚焦{t}', '二十大报告专题辅导']],
  ['XJ_GTFY', 15, ['共同富裕示范区建设宣讲', '共富路上话{t}', '共同富裕与{t}专题宣讲', '共富大讲堂']],
  ['PX', 10, ['{t}业务培训', '农村党员冬训', '村社干部履职能力培训', '电商直播技能培训']],
  ['BG', 7, ['现场集中办公（{t}）', '助企服务现场办公', '{t}问题现场协调会', '民生实事现场办公']],
  ['FW', 7, ['{t}志愿服务', '关爱空巢老人上门服务', '义诊进村', '{t}便民服务']],
  ['ZT', 6, ['{t}主题党日', '“七一”主题活动', '重阳敬老活动', '“我们的节日”主题活动']],
  ['ZXZ', 5, ['理论学习中心组专题学习（{t}）', '中心组学习：{t}', '理论学习中心组集体研讨', '中心组专题读书会']],
  ['GJ', 3, ['{t}工作经验做法', '{t}：一线故事', '{t}典型案例', '聚焦{t}新变化']],
  ['XS', 2, ['新党员入党宣誓仪式', '“七一”新党员集体宣誓', '新党员宣誓暨{t}党课', '预备党员入党宣誓']],
];

/** A non-negative pseudo-random int from the row number and a salt, the same on every run. */
const h = (salt: number) => `(hashint4extended(g, ${salt}) & 2147483647)::int`;

/** One activities chunk: rows lo..hi of ACTIVITIES, held_on following the row number (entered up to 30 days late). */
const ACTIVITY_INSERT = `
  with u as (
    select (select array_agg(id order by id) from org_units where type in ('village', 'community')) as vs,
           (select array_agg(id order by id) from org_units where type in ('town', 'street')) as ts,
           (select array_agg(id order by id) from org_units where type = 'county') as cs,
           $3::int[] as pick, $4::text[] as codes, $5::text[] as phrases, $6::text[] as topics, $7::text[] as places,
           $8::text[] as teams, $9::text[] as formats, $10::text[] as outlets, $11::text[] as notes
  ),
  x as (
    select g, ${h(1)} as h1, ${h(2)} as h2, ${h(3)} as h3, ${h(4)} as h4, ${h(5)} as h5, ${h(6)} as h6, ${h(7)} as h7,
           u.pick[1 + ${h(1)} % 100] as ci,
           case when ${h(2)} % 100 < 85 then u.vs[1 + ${h(3)} % cardinality(u.vs)]
                when ${h(2)} % 100 < 97 then u.ts[1 + ${h(3)} % cardinality(u.ts)]
                else u.cs[1 + ${h(3)} % cardinality(u.cs)] end as unit_id,
           -- density grows linearly over the decade (0.6 → 1.4 of the mean): day = F⁻¹(row share), F(x) = 0.6x + 0.4x²
           '${START}'::date + greatest(0, least(${DAYS - 1}, floor(${DAYS} * (sqrt(0.36 + 1.6 * (g - 1)::float8 / $12) - 0.6) / 0.8)::int - ${h(4)} % 30)) as day
    from generate_series($1::int, $2::int) g cross join u
  )
  insert into activities (tenant_id, category_id, org_unit_id, title, held_on, ended_on, place, participants, audience, team, outcomes, notes, attributes, archived_at)
  select o.tenant_id, c.id, x.unit_id,
         o.name || replace(u.phrases[x.ci][1 + x.h5 % 4], '{t}', u.topics[1 + x.h6 % 16]),
         case when x.h7 % 100000 = 7 then (x.day - interval '1000 years')::date else x.day end,
         case when u.codes[x.ci] = 'PX' and x.h7 % 3 > 0 then x.day + x.h7 % 3 end,
         u.places[1 + x.h7 % 10],
         10 + x.h5 % 190,
         case when u.codes[x.ci] like 'XJ%' then 20 + x.h6 % 480 when u.codes[x.ci] <> 'GJ' then 10 + x.h5 % 190 end,
         case when u.codes[x.ci] like 'XJ%' then u.teams[1 + x.h4 % 6] end,
         case when u.codes[x.ci] like 'XJ%' then '覆盖群众' || (20 + x.h6 % 480) || '人，收集意见建议' || (x.h7 % 12) || '条，' || u.formats[1 + x.h2 % 4] || '形式受到欢迎'
              when u.codes[x.ci] in ('PX', 'BG', 'FW') then '参与' || (10 + x.h5 % 190) || '人，' || u.topics[1 + x.h6 % 16] || '工作有成效' end,
         case when x.h3 % 10 = 0 then u.notes[1 + x.h7 % 6] end,
         case when u.codes[x.ci] like 'XJ%' then jsonb_build_object('format', u.formats[1 + x.h2 % 4], 'videos', x.h7 % 5)
              when u.codes[x.ci] = 'GJ' then jsonb_build_object('outlet', u.outlets[1 + x.h7 % 4])
              else '{}'::jsonb end,
         case when x.h1 % 200 = 0 then now() end
  from x cross join u
  join org_units o on o.id = x.unit_id
  join ledger_categories c on c.tenant_id = o.tenant_id and c.kind = 'activity' and c.code = u.codes[x.ci]
  order by x.g`;

/** Attendance: one activity in ten at a village, two of its residents (rows for the reference trigger or key to check). */
const attendanceInsert = (activities: string, people: string) => `
  insert into ${people} (activity_id, person_id)
  select a.id, p.id from ${activities} a
  cross join lateral (select p.id from persons p where p.org_unit_id = a.org_unit_id order by p.id limit 2) p
  where a.id between $1 and $2 and (hashint4(a.id) & 2147483647) % 10 = 0
  order by a.id, p.id`;

const COLUMNS = 'id, tenant_id, category_id, org_unit_id, title, notes, attributes, created_by, archived_at, version, created_at, updated_at, held_on, ended_on, place, participants, audience, team, outcomes';

// ---- statements the app sends, captured ----

interface Statement {
  text: string;
  values: unknown[];
}

const dialect = new PgDialect();

/**
 * Runs `call` against the partitioned table and returns the statements it sent that read
 * `activities`, as text and parameters: the measured queries are the app's own, not copies.
 */
async function capture(db: Db, call: (db: Db) => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = [];
  const recorder = new Proxy(db, {
    get(target, prop) {
      if (prop === 'execute') {
        return (query: Parameters<Db['execute']>[0]) => {
          const q = dialect.sqlToQuery(query as never);
          seen.push({ text: q.sql, values: q.params });
          return target.execute(query);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  await call(recorder);
  const reads = seen.filter((s) => /\bactivities\b/.test(s.text));
  if (!reads.length) throw new Error('captured no statement reading activities');
  return reads;
}

/** The same statement against the unpartitioned copy. */
const onFlat = (s: Statement): Statement => ({ text: s.text.replace(/\bactivities\b/g, 'activities_flat'), values: s.values });

// ---- EXPLAIN ----

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  'Heap Fetches'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

interface Explained {
  /** Activity relations in the plan: name → node types, and whether any of them ran. */
  relations: Map<string, { types: Set<string>; ran: boolean; heapFetches: number }>;
  planningMs: number;
  buffers: number;
}

async function explain(client: pg.Client, statements: Statement[]): Promise<Explained> {
  const out: Explained = { relations: new Map(), planningMs: 0, buffers: 0 };
  for (const s of statements) {
    const res = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Planning Time': number }] }>({ text: `explain (analyze, buffers, format json) ${s.text}`, values: s.values });
    const [top] = res.rows[0]['QUERY PLAN'];
    out.planningMs += top['Planning Time'];
    out.buffers += (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0);
    const walk = (n: PlanNode) => {
      const rel = n['Relation Name'];
      if (rel?.startsWith('activities')) {
        const r = out.relations.get(rel) ?? { types: new Set<string>(), ran: false, heapFetches: 0 };
        r.types.add(n['Node Type']);
        r.ran ||= (n['Actual Loops'] ?? 0) > 0;
        r.heapFetches += n['Heap Fetches'] ?? 0;
        out.relations.set(rel, r);
      }
      n.Plans?.forEach(walk);
    };
    walk(top.Plan);
  }
  return out;
}

/** "2025", "2016–2025 + default" … from partition names; the count of those read against those planned. */
function partitionsRead(e: Explained): string {
  const all = [...e.relations.keys()];
  const read = all.filter((n) => e.relations.get(n)!.ran);
  if (all.length === 1 && !/_\d{4}$|_default$/.test(all[0])) return '1 table';
  const years = read.map((n) => Number(n.match(/_(\d{4})$/)?.[1])).filter((y) => y > 0).sort((a, b) => a - b);
  const spans: string[] = [];
  for (let i = 0; i < years.length; i++) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    spans.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j;
  }
  if (read.some((n) => n.endsWith('_default'))) spans.push('default');
  return `${spans.join(', ') || 'none'} (${read.length}${read.length !== all.length ? ` of ${all.length} planned` : ''})`;
}

function scanSummary(e: Explained): string {
  const types = new Map<string, number>();
  let fetches = 0;
  for (const r of e.relations.values()) {
    if (!r.ran) continue;
    for (const t of r.types) types.set(t, (types.get(t) ?? 0) + 1);
    fetches += r.heapFetches;
  }
  const list = [...types].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ');
  return types.has('Index Only Scan') ? `${list}; heap fetches ${fetches}` : list;
}

// ---- timing ----

interface Figures {
  p50: number;
  p95: number;
}
const figures = (lat: number[]): Figures => {
  const s = [...lat].sort((a, b) => a - b);
  return { p50: r2(pct(s, 50)), p95: r2(pct(s, 95)) };
};

async function run(client: pg.Client, statements: Statement[]): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (const s of statements) out.push((await client.query({ text: s.text, values: s.values })).rows);
  return out;
}

/** Wall time of one statement or script, ms. */
async function timed(client: pg.Client, statement: string, values: unknown[] = []): Promise<number> {
  const t = performance.now();
  await client.query({ text: statement, values });
  return performance.now() - t;
}

function actorAt(unit: Unit, role: Role): Actor {
  return { userId: 0, username: 'bench', displayName: '基准测试', role, tenantId: unit.tenantId, orgUnitId: unit.id, scopePath: unit.path, permissions: ROLE_PERMISSIONS[role], ip: null };
}

interface Unit {
  id: number;
  path: string;
  name: string;
  tenantId: string;
}

interface Case {
  label: string;
  /** One list of statements per repetition (a single list is reused). */
  statements: Statement[][];
  /** Rows are compared unordered (a grouped query without ORDER BY). */
  unordered?: boolean;
}

interface Result {
  label: string;
  part: Figures;
  flat: Figures;
  partReads: string;
  partPlanMs: number;
  flatPlanMs: number;
  partBuffers: number;
  flatBuffers: number;
  partScans: string;
  flatScans: string;
  same: boolean;
}

async function main() {
  const server = process.env.DATABASE_URL || process.env.LIZHOU_TEST_DATABASE_URL || DEFAULT_SERVER;
  const temp = await createTempDatabase(server, 'lizhou_bench_decade');
  const database = await openDatabase({ url: temp.url, dataDir: tmpdir() });
  // One connection for loading and measuring: no statement timeout for the load, jit off as the app's pool.
  const client = new pg.Client({ connectionString: temp.url, options: '-c jit=off -c statement_timeout=0' });
  await client.connect();
  const db = database.db;
  const loadBefore = loadavg();
  const began = performance.now();
  try {
    const [{ version }] = (await client.query<{ version: string }>('select version()')).rows;
    console.log(`database        ${temp.url.replace(/\/\/[^@/]*@/, '//***@')} (${version.split(' on ')[0]})`);
    console.log(`machine         load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} at start`);
    let t = performance.now();
    await database.migrate();
    // The partitioned shape a city's or province's database takes on (`lizhou partition-ledger`).
    await partitionLedger(database.db);
    console.log(`migrations      ${secs(performance.now() - t)}`);

    // ---- 1. One city: its counties (one tenant each), towns and villages; categories; residents ----
    t = performance.now();
    const d = loadDivisions();
    const counties = d.counties.filter((c) => c[2] === CITY);
    const countyCodes = new Set(counties.map((c) => c[0]));
    const towns = d.towns.filter((x) => countyCodes.has(x[2]));
    const townCodes = new Set(towns.map((x) => x[0]));
    const villages = d.villages.filter((v) => townCodes.has(v[2]));
    await db.transaction(async (tx) => {
      const ids = new Map<string, { id: number; tenant: string }>();
      for (const c of await insertUnits(tx, counties.map(([code, name]) => ({ tenantId: code, parentId: null, code, name, type: 'county' })))) ids.set(c.code, { id: c.id, tenant: c.tenantId });
      const townRows = await insertUnits(
        tx,
        towns.map(([code, name, county]) => ({ tenantId: ids.get(county)!.tenant, parentId: ids.get(county)!.id, code, name, type: name.endsWith('街道') ? 'street' : 'town' })),
      );
      for (const x of townRows) ids.set(x.code, { id: x.id, tenant: x.tenantId });
      await insertUnits(
        tx,
        villages.map(([code, name, town]) => ({
          tenantId: ids.get(town)!.tenant,
          parentId: ids.get(town)!.id,
          code,
          name: shortVillageName(name),
          type: /居委会$|居民委员会$|社区/.test(name) ? 'community' : 'village',
        })),
      );
    });
    for (const [code] of counties) await seedCategories(db, code);
    await client.query(
      `insert into persons (tenant_id, name, name_pinyin, gender, birth_date, id_cipher, id_hash, id_masked, org_unit_id, source)
       select v.tenant_id, '村民' || k, 'cunmin' || k, case when k % 2 = 0 then 'female' else 'male' end, date '1970-01-01' + (v.id * 37 + k * 101) % 15000,
              'bench', 'bench-' || v.id || '-' || k, '3302**********' || lpad(k::text, 4, '0'), v.id, 'import'
       from org_units v cross join generate_series(1, ${PERSONS_PER_VILLAGE}) k where v.type in ('village', 'community') order by v.id, k`,
    );
    await client.query('analyze org_units; analyze ledger_categories; analyze persons');
    console.log(`org tree        ${d.cities.find((c) => c[0] === CITY)![1]}: ${counties.length} counties (tenants), ${towns.length} towns/streets, ${villages.length} villages/communities, ${villages.length * PERSONS_PER_VILLAGE} residents, categories per tenant; ${secs(performance.now() - t)}`);

    // ---- 2. A decade of activities in the partitioned table, attendance ----
    const pick = MIX.flatMap(([, n], i) => Array<number>(n).fill(i + 1));
    if (pick.length !== 100) throw new Error('mix shares must add up to 100');
    const params = (lo: number, hi: number) => [lo, hi, pick, MIX.map(([c]) => c), MIX.map(([, , p]) => p), TOPICS, PLACES, TEAMS, FORMATS, OUTLETS, NOTES, ACTIVITIES];
    const inChunks = async (label: string, total: number, step: (lo: number, hi: number) => Promise<unknown>) => {
      const t0 = performance.now();
      let last = t0;
      for (let lo = 1; lo <= total; lo += CHUNK) {
        const hi = Math.min(total, lo + CHUNK - 1);
        await step(lo, hi);
        const now = performance.now();
        if (now - last > 20_000 || hi === total) {
          console.log(`  ${label}: ${fmt(hi)}/${fmt(total)}, ${secs(now - t0)} (${fmt(hi / ((now - t0) / 1000))} rows/s)`);
          last = now;
        }
      }
      return performance.now() - t0;
    };
    const loadMs: Record<string, number> = {};
    loadMs.activities = await inChunks('activities (partitioned)', ACTIVITIES, (lo, hi) => client.query({ text: ACTIVITY_INSERT, values: params(lo, hi) }));
    const [{ maxId }] = (await client.query<{ maxId: number }>('select max(id)::int as "maxId" from activities')).rows;
    const attendance = async (activities: string, people: string) => {
      const t0 = performance.now();
      for (let lo = 1; lo <= maxId; lo += 5 * CHUNK) await client.query({ text: attendanceInsert(activities, people), values: [lo, Math.min(maxId, lo + 5 * CHUNK - 1)] });
      return performance.now() - t0;
    };
    loadMs.attendance = await attendance('activities', 'activity_people');
    const [{ attendanceRows }] = (await client.query<{ attendanceRows: number }>('select count(*)::int as "attendanceRows" from activity_people')).rows;
    console.log(`  attendance (the reference trigger): ${fmt(attendanceRows)} rows, ${secs(loadMs.attendance)} (${fmt(attendanceRows / (loadMs.attendance / 1000))} rows/s)`);

    // ---- 3. The same rows unpartitioned: same columns and checks, key (id) as unpartitioned, the same indexes ----
    t = performance.now();
    await client.query(`create table activities_flat (like activities including defaults including generated including constraints)`);
    await client.query(`alter table activities_flat add primary key (id),
      add foreign key (category_id) references ledger_categories (id), add foreign key (org_unit_id) references org_units (id)`);
    const indexDefs = (await client.query<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = 'public' and tablename = 'activities' and indexname <> 'activities_id_held_on_pk' order by indexname`)).rows.map((r) =>
      r.indexdef.replace(/INDEX activities_/, 'INDEX activities_flat_').replace(/ ON ONLY public\.activities /, ' ON public.activities_flat '),
    );
    for (const def of indexDefs) await client.query(def);
    loadMs.flat = await inChunks('activities_flat (copy, same chunks, indexes in place)', maxId, (lo, hi) =>
      client.query({ text: `insert into activities_flat (${COLUMNS}) select ${COLUMNS} from activities where id between $1 and $2 order by id`, values: [lo, hi] }),
    );
    await client.query(`create table activity_people_flat (like activity_people including all)`);
    await client.query(`alter table activity_people_flat add foreign key (activity_id) references activities_flat (id) on delete cascade, add foreign key (person_id) references persons (id)`);
    loadMs.attendanceFlat = await attendance('activities_flat', 'activity_people_flat');
    console.log(`  attendance (foreign key, as unpartitioned): ${fmt(attendanceRows)} rows, ${secs(loadMs.attendanceFlat)} (${fmt(attendanceRows / (loadMs.attendanceFlat / 1000))} rows/s)`);
    console.log(`flat indexes    ${indexDefs.map((x) => x.replace(/^CREATE INDEX (\S+) ON public\.activities_flat USING /, '$1 ')).join('\n                ')}`);

    // As autovacuum would after a load: statistics, and the visibility map for index-only scans.
    t = performance.now();
    await client.query('vacuum (analyze) activities');
    loadMs.vacuumPart = performance.now() - t;
    t = performance.now();
    await client.query('vacuum (analyze) activities_flat');
    loadMs.vacuumFlat = performance.now() - t;
    await client.query('vacuum (analyze) activity_people');
    await client.query('vacuum (analyze) activity_people_flat');
    console.log(`vacuum+analyze  partitioned ${secs(loadMs.vacuumPart)}, flat ${secs(loadMs.vacuumFlat)}`);

    const perYear = (await client.query<{ y: number; n: number }>(`select extract(year from held_on)::int as y, count(*)::int as n from activities group by 1 order by 1`)).rows;
    const [counts] = (await client.query<{ part: number; flat: number; archived: number }>(`select (select count(*)::int from activities) as part, (select count(*)::int from activities_flat) as flat, (select count(*)::int from activities where archived_at is not null) as archived`)).rows;
    console.log(`data            ${fmt(counts.part)} activities (flat copy ${fmt(counts.flat)}), ${fmt(counts.archived)} archived, ${fmt(attendanceRows)} attendance rows`);
    console.log(`per year        ${perYear.map((r) => `${r.y} ${fmt(r.n)}`).join(', ')}`);

    // ---- 4. Sizes ----
    const parts = (
      await client.query<{ name: string; rows: number; heap: number; idx: number; total: number }>(
        `select c.relname as name, c.reltuples::bigint::int as rows, pg_relation_size(c.oid)::float8 as heap, pg_indexes_size(c.oid)::float8 as idx, pg_total_relation_size(c.oid)::float8 as total
         from pg_partition_tree('activities') t join pg_class c on c.oid = t.relid where t.isleaf order by c.relname`,
      )
    ).rows;
    const [flatSize] = (await client.query<{ rows: number; heap: number; idx: number; total: number }>(`select reltuples::bigint::int as rows, pg_relation_size(oid)::float8 as heap, pg_indexes_size(oid)::float8 as idx, pg_total_relation_size(oid)::float8 as total from pg_class where relname = 'activities_flat'`)).rows;
    const perIndex = (
      await client.query<{ idx: string; part: number; flat: number }>(
        `select replace(i.indexname, 'activities_', '') as idx,
                (select sum(pg_relation_size(t.relid))::float8 from pg_partition_tree(i.indexname::regclass) t where t.isleaf) as part,
                coalesce(pg_relation_size(to_regclass(replace(i.indexname, 'activities_', 'activities_flat_'))), pg_relation_size('activities_flat_pkey'))::float8 as flat
         from pg_indexes i where i.schemaname = 'public' and i.tablename = 'activities' order by 1`,
      )
    ).rows;
    const sum = (k: 'heap' | 'idx' | 'total' | 'rows') => parts.reduce((s, p) => s + p[k], 0);
    const yearParts = parts.filter((p) => /_\d{4}$/.test(p.name) && p.rows > 0);
    console.log(`\nsizes           ${'~rows'.padStart(10)} ${'heap'.padStart(10)} ${'indexes'.padStart(10)} ${'total'.padStart(10)}`);
    for (const p of parts) console.log(`  ${p.name.padEnd(20)} ${fmt(Math.max(p.rows, 0)).padStart(10)} ${mb(p.heap).padStart(10)} ${mb(p.idx).padStart(10)} ${mb(p.total).padStart(10)}`);
    console.log(`  ${'partitioned, all'.padEnd(20)} ${fmt(sum('rows')).padStart(10)} ${mb(sum('heap')).padStart(10)} ${mb(sum('idx')).padStart(10)} ${mb(sum('total')).padStart(10)}`);
    console.log(`  ${'activities_flat'.padEnd(20)} ${fmt(flatSize.rows).padStart(10)} ${mb(flatSize.heap).padStart(10)} ${mb(flatSize.idx).padStart(10)} ${mb(flatSize.total).padStart(10)}`);
    const yearTotals = yearParts.map((p) => p.total);
    console.log(`  a year's partition: ${mb(Math.min(...yearTotals))} to ${mb(Math.max(...yearTotals))} (${yearParts.length} non-empty years)`);
    console.log(`  by index (partitioned = sum over partitions; primary key (id, held_on) vs (id)):`);
    for (const i of perIndex) console.log(`    ${i.idx.padEnd(22)} partitioned ${mb(i.part).padStart(10)}   flat ${mb(i.flat).padStart(10)}`);

    // ---- 5. Who is measured: the county with the most villages, its largest town ----
    const [county] = await queryRows<Unit & { n: number }>(
      db,
      sql`select c.id, c.path, c.name, c.tenant_id as "tenantId", count(*)::int as n from org_units c join org_units v on v.path like c.path || '%' and v.type in ('village', 'community')
          where c.type = 'county' group by c.id order by n desc, c.id limit 1`,
    );
    const [town] = await queryRows<Unit & { n: number }>(
      db,
      sql`select t.id, t.path, t.name, t.tenant_id as "tenantId", count(*)::int as n from org_units t join org_units v on v.parent_id = t.id and v.type in ('village', 'community')
          where t.path like ${county.path + '%'} and t.type in ('town', 'street') group by t.id order by n desc, t.id limit 1`,
    );
    const [xj] = await queryRows<{ id: number }>(db, sql`select id from ledger_categories where tenant_id = ${county.tenantId} and kind = 'activity' and code = 'XJ'`);
    const [countyRows] = (await client.query<{ n: number; y: number }>(`select count(*)::int as n, count(*) filter (where held_on between '${YEAR}-01-01' and '${YEAR}-12-31')::int as y from activities where tenant_id = $1`, [county.tenantId])).rows;
    console.log(`\nmeasured        county ${county.name} (#${county.id}, tenant ${county.tenantId}, ${county.n} villages/communities, ${fmt(countyRows.n)} activities, ${fmt(countyRows.y)} in ${YEAR}); town ${town.name} (#${town.id}, ${town.n})`);

    const countyActor = actorAt(county, 'dept');
    const townActor = actorAt(town, 'town');
    // listRecords reads only ctx.db (and writes audit events only for sensitive cases).
    const ctxOf = (d: Db) => ({ db: d }) as unknown as AppContext;
    const list = async (actor: Actor, query: Record<string, unknown>) => [await capture(db, (d) => listRecords(ctxOf(d), actor, 'activity', ListQuerySchema.parse({ page: 1, pageSize: 20, ...query })))];
    const xjCount: RecordQuery = { kind: 'activity', measure: 'count', categoryCode: 'XJ', dateBasis: 'held' };
    const derived = async (unit: Unit, from: string, to: string, q: RecordQuery = xjCount) => [await capture(db, (d) => runRecordQuery(d, unit.path, from, to, q))];
    const total = async (unit: Unit, from: string, to: string, q: RecordQuery) => [await capture(db, (d) => recordQueryTotal(d, unit.path, from, to, q))];
    // Open a record: a different one each repetition, from every year of the county.
    const openIds = (
      await client.query<{ id: number }>(
        `select id from (select id, row_number() over (partition by extract(year from held_on) order by hashint4(id)) as k from activities where tenant_id = $1 and held_on >= '${START}') x where k <= $2 order by hashint4(id + 1)`,
        [county.tenantId, Math.ceil((WARMUPS + RUNS) / 10) + 1],
      )
    ).rows.map((r) => r.id);
    const open: Statement[][] = [];
    for (let i = 0; i < WARMUPS + RUNS; i++) {
      const id = openIds[i % openIds.length];
      open.push([...(await capture(db, (d) => recordInScope(d, countyActor, 'activity', id))), ...(await capture(db, (d) => recordRow(d, 'activity', id)))]);
    }

    const Y0 = `${YEAR}-01-01`;
    const Y1 = `${YEAR}-12-31`;
    const cases: Case[] = [
      { label: 'list: county, landing page (no filter, all years)', statements: await list(countyActor, {}) },
      { label: `list: county, ${YEAR}`, statements: await list(countyActor, { from: Y0, to: Y1 }) },
      { label: `list: town (org path subtree), 宣讲+children, ${YEAR}`, statements: await list(townActor, { categoryId: xj.id, from: Y0, to: Y1 }) },
      { label: `list: county, search 反诈 within ${YEAR}`, statements: await list(countyActor, { q: '反诈', from: Y0, to: Y1 }) },
      { label: `list: county, search 宣讲团 within ${YEAR}`, statements: await list(countyActor, { q: '宣讲团', from: Y0, to: Y1 }) },
      { label: 'list: county, search 反诈, all years', statements: await list(countyActor, { q: '反诈' }) },
      { label: 'open one record by id (scope check + row)', statements: open },
      { label: `derived 宣讲 by unit, county, ${YEAR}`, statements: await derived(county, Y0, Y1), unordered: true },
      { label: `derived 宣讲 by unit, county, ${YEAR}-06`, statements: await derived(county, `${YEAR}-06-01`, `${YEAR}-06-30`), unordered: true },
      { label: `derived 宣讲 by unit, town (subtree), ${YEAR}`, statements: await derived(town, Y0, Y1), unordered: true },
      { label: `count 培训, county, ${YEAR} (one total)`, statements: await total(county, Y0, Y1, { ...xjCount, categoryCode: 'PX' }) },
      { label: `derived 宣讲 by unit, county, ${FIRST_YEAR}–${LAST_YEAR}`, statements: await derived(county, START, `${LAST_YEAR}-12-31`), unordered: true },
      { label: `count 培训, county, ${FIRST_YEAR}–${LAST_YEAR} (one total)`, statements: await total(county, START, `${LAST_YEAR}-12-31`, { ...xjCount, categoryCode: 'PX' }) },
    ];

    // ---- 6. Measure: both tables interleaved, each repetition starting with the other one ----
    console.log(`\nqueries         ${RUNS} runs per table after ${WARMUPS} warm-ups, statements in turn on one connection (the app sends a list's page and count side by side)`);
    const results: Result[] = [];
    for (const c of cases) {
      const stmts = (i: number) => c.statements[i % c.statements.length];
      const norm = (rows: unknown[][]) => rows.map((r) => (c.unordered ? r.map((x) => JSON.stringify(x)).sort() : r.map((x) => JSON.stringify(x))));
      const same = JSON.stringify(norm(await run(client, stmts(0)))) === JSON.stringify(norm(await run(client, stmts(0).map(onFlat))));
      const lat = { part: [] as number[], flat: [] as number[] };
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        const order: ('part' | 'flat')[] = i % 2 ? ['flat', 'part'] : ['part', 'flat'];
        for (const which of order) {
          const ss = which === 'part' ? stmts(i) : stmts(i).map(onFlat);
          const t0 = performance.now();
          await run(client, ss);
          if (i >= WARMUPS) lat[which].push(performance.now() - t0);
        }
      }
      const ep = await explain(client, stmts(0));
      const ef = await explain(client, stmts(0).map(onFlat));
      const r: Result = {
        label: c.label,
        part: figures(lat.part),
        flat: figures(lat.flat),
        partReads: partitionsRead(ep),
        partPlanMs: r2(ep.planningMs),
        flatPlanMs: r2(ef.planningMs),
        partBuffers: ep.buffers,
        flatBuffers: ef.buffers,
        partScans: scanSummary(ep),
        flatScans: scanSummary(ef),
        same,
      };
      results.push(r);
      console.log(`  ${c.label.padEnd(52)} partitioned ${String(r.part.p50).padStart(8)} / ${String(r.part.p95).padStart(8)} ms   flat ${String(r.flat.p50).padStart(8)} / ${String(r.flat.p95).padStart(8)} ms${same ? '' : '   RESULTS DIFFER'}`);
    }

    // ---- 7. A year's upkeep: edit 2 % of this year's rows, vacuum what changed ----
    console.log(`\nupkeep          edit 2 % of ${YEAR}'s rows (version + 1), then vacuum`);
    const upkeep: Record<string, number> = {};
    const edit = (table: string) => `update ${table} set version = version + 1, updated_at = now() where held_on between '${Y0}' and '${Y1}' and (hashint4(id) & 2147483647) % 50 = 0`;
    upkeep.updatePart = await timed(client, edit('activities'));
    upkeep.updateFlat = await timed(client, edit('activities_flat'));
    upkeep.vacuumPart = await timed(client, `vacuum activities_${YEAR}`);
    upkeep.vacuumFlat = await timed(client, 'vacuum activities_flat');
    console.log(`  update          partitioned ${secs(upkeep.updatePart)}, flat ${secs(upkeep.updateFlat)}`);
    console.log(`  vacuum          activities_${YEAR} ${secs(upkeep.vacuumPart)}, activities_flat ${secs(upkeep.vacuumFlat)} (its indexes cover ten years)`);

    // ---- 8. Archiving the oldest year ----
    const [{ n: oldRows }] = (await client.query<{ n: number }>(`select count(*)::int as n from activities_${OLD_YEAR}`)).rows;
    const [{ n: oldAttendance }] = (await client.query<{ n: number }>(`select count(*)::int as n from activity_people p join activities_${OLD_YEAR} a on a.id = p.activity_id`)).rows;
    console.log(`\narchive ${OLD_YEAR}    ${fmt(oldRows)} activities, ${fmt(oldAttendance)} attendance rows`);
    const archive: Record<string, number> = {};
    const yearRange = `held_on >= '${OLD_YEAR}-01-01' and held_on < '${OLD_YEAR + 1}-01-01'`;
    // What a DELETE costs on the partitioned table with its delete trigger (rolled back, so the year stays).
    await client.query('begin');
    archive.deletePart = await timed(client, `delete from activities where ${yearRange}`);
    await client.query('rollback');
    archive.deleteFlat = await timed(client, `delete from activities_flat where ${yearRange}`);
    archive.vacuumFlat = await timed(client, 'vacuum activities_flat');
    archive.detach = await timed(client, `alter table activities detach partition activities_${OLD_YEAR}`);
    archive.attach = await timed(client, `alter table activities attach partition activities_${OLD_YEAR} for values from ('${OLD_YEAR}-01-01') to ('${OLD_YEAR + 1}-01-01')`);
    archive.detach2 = await timed(client, `alter table activities detach partition activities_${OLD_YEAR}`);
    // DETACH fires no delete trigger: the year's attendance stays behind, pointing at activities no longer in the table.
    const [{ n: orphans }] = (await client.query<{ n: number }>(`select count(*)::int as n from activity_people p where not exists (select 1 from activities a where a.id = p.activity_id)`)).rows;
    archive.attendance = await timed(client, `delete from activity_people p using activities_${OLD_YEAR} a where p.activity_id = a.id`);
    archive.drop = await timed(client, `drop table activities_${OLD_YEAR}`);
    console.log(`  partitioned     DELETE (its delete trigger, rolled back) ${secs(archive.deletePart)}`);
    console.log(`  flat            DELETE (foreign key cascades attendance) ${secs(archive.deleteFlat)}, then VACUUM ${secs(archive.vacuumFlat)}`);
    console.log(`  partitioned     DETACH ${r1(archive.detach)} ms; re-ATTACH (validates the range) ${r1(archive.attach)} ms; DETACH again ${r1(archive.detach2)} ms`);
    console.log(`                  after DETACH ${fmt(orphans)} attendance rows point at no activity; deleting them ${secs(archive.attendance)}; DROP TABLE ${r1(archive.drop)} ms`);

    // ---- 9. Results ----
    const elapsed = performance.now() - began;
    const loadAfter = loadavg();
    console.log(`\n${'measurement'.padEnd(52)} ${'partitioned p50/p95'.padStart(19)} ${'flat p50/p95'.padStart(17)} ${'p50 ×'.padStart(6)}  ${'plan ms p/f'.padStart(11)}  ${'buffers p/f'.padStart(13)}  partitions read`);
    for (const r of results) {
      console.log(
        `${r.label.padEnd(52)} ${`${r.part.p50}/${r.part.p95}`.padStart(19)} ${`${r.flat.p50}/${r.flat.p95}`.padStart(17)} ${r2(r.part.p50 / r.flat.p50).toFixed(2).padStart(6)}  ${`${r.partPlanMs}/${r.flatPlanMs}`.padStart(11)}  ${`${r.partBuffers}/${r.flatBuffers}`.padStart(13)}  ${r.partReads}${r.same ? '' : '  RESULTS DIFFER'}`,
      );
    }
    console.log('(p50 × = partitioned median / flat median; plan ms and buffers from one EXPLAIN ANALYZE of each)');
    console.log('\nplans (scan nodes over activities)');
    for (const r of results) console.log(`  ${r.label}\n    partitioned: ${r.partScans}\n    flat:        ${r.flatScans}`);
    console.log(`\n${'maintenance'.padEnd(52)} ${'partitioned'.padStart(14)} ${'flat'.padStart(14)}`);
    const row = (label: string, p: string, f: string) => console.log(`${label.padEnd(52)} ${p.padStart(14)} ${f.padStart(14)}`);
    row(`load ${fmt(ACTIVITIES)} activities`, secs(loadMs.activities), '(copied)');
    row(`copy the same rows, same chunks and indexes`, '-', secs(loadMs.flat));
    row(`attendance ${fmt(attendanceRows)} rows (trigger / foreign key)`, secs(loadMs.attendance), secs(loadMs.attendanceFlat));
    row('vacuum + analyze after load', secs(loadMs.vacuumPart), secs(loadMs.vacuumFlat));
    row(`edit 2 % of ${YEAR}`, secs(upkeep.updatePart), secs(upkeep.updateFlat));
    row(`vacuum after it (the ${YEAR} partition / the table)`, secs(upkeep.vacuumPart), secs(upkeep.vacuumFlat));
    row(`archive ${OLD_YEAR}: DELETE ${fmt(oldRows)} rows`, `${secs(archive.deletePart)}*`, secs(archive.deleteFlat));
    row(`archive ${OLD_YEAR}: VACUUM after the DELETE`, '-', secs(archive.vacuumFlat));
    row(`archive ${OLD_YEAR}: DETACH PARTITION (+ re-ATTACH)`, `${r1(archive.detach)} (+${r1(archive.attach)}) ms`, '-');
    row(`archive ${OLD_YEAR}: clear its attendance after DETACH`, secs(archive.attendance), '(cascaded)');
    row(`archive ${OLD_YEAR}: DROP TABLE of the detached year`, `${r1(archive.drop)} ms`, '-');
    row('size: heap + indexes + toast', mb(sum('total')), mb(flatSize.total));
    console.log(`* rolled back: the partitioned table's DELETE was measured, not kept`);

    // The figures in a few lines: median ratios by the kind of query, archiving side by side.
    const ratios = (pick: (r: Result) => boolean) => results.filter(pick).map((r) => r2(r.part.p50 / r.flat.p50));
    const span = (xs: number[]) => (xs.length ? `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}×` : '-');
    const oneYear = (r: Result) => /\(1\)$/.test(r.partReads);
    console.log('\nsummary (partitioned median / flat median)');
    console.log(`  queries within one year (plan reads 1 partition): ${span(ratios(oneYear))}`);
    console.log(`  queries over every year (all partitions):         ${span(ratios((r) => !oneYear(r) && !r.label.startsWith('open')))}`);
    console.log(`  open one record by id (probes every partition):   ${span(ratios((r) => r.label.startsWith('open')))}`);
    console.log(`  archive ${OLD_YEAR}: DETACH ${r1(archive.detach)} ms + clearing attendance ${secs(archive.attendance)} against DELETE ${secs(archive.deleteFlat)} + VACUUM ${secs(archive.vacuumFlat)} (a DELETE on the partitioned table: ${secs(archive.deletePart)})`);
    console.log(`  results identical on both tables: ${results.every((r) => r.same) ? 'yes, every case' : `NO: ${results.filter((r) => !r.same).map((r) => r.label).join('; ')}`}`);
    console.log(`total ${secs(elapsed)}; load average ${loadAfter.map((l) => l.toFixed(2)).join(' ')} at the end`);
    console.log(
      JSON.stringify({
        bench: 'ledger-decade',
        activities: counts.part,
        attendance: attendanceRows,
        runs: RUNS,
        warmups: WARMUPS,
        loadAverage: { start: loadBefore.map(r2), end: loadAfter.map(r2) },
        loadSeconds: Object.fromEntries(Object.entries(loadMs).map(([k, v]) => [k, r2(v / 1000)])),
        sizeBytes: { partitioned: sum('total'), flat: flatSize.total, partitions: Object.fromEntries(parts.map((p) => [p.name, p.total])) },
        queries: results.map(({ partScans, flatScans, ...r }) => ({ ...r, ratioP50: r2(r.part.p50 / r.flat.p50) })),
        upkeepMs: Object.fromEntries(Object.entries(upkeep).map(([k, v]) => [k, r1(v)])),
        archiveMs: { ...Object.fromEntries(Object.entries(archive).map(([k, v]) => [k, r1(v)])), rows: oldRows, orphanedAttendance: orphans },
        seconds: r1(elapsed / 1000),
      }),
    );
  } finally {
    await client.end().catch(() => {});
    await database.close();
    if (process.env.KEEP_DB) console.log(`kept database   ${temp.url} (drop it when done)`);
    else await temp.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
