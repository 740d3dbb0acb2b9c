/**
 * Load (issue 10): a mixed county workload against 2 app instances on one PostgreSQL server, as a
 * reverse proxy would spread it. The full demo county is loaded into a fresh database; VUS virtual
 * users (default 300) each sign in and loop for SECONDS (default 300) with a think time of 0.5–1.5 s:
 *   browse a list (people, activities, cases)       32%
 *   open a record (a person, a case)                22%
 *   read an indicator's aggregate and drill-down    12%
 *   record an activity (a write, with its audit)    12%
 *   collection: a village opens its form and enters  12%
 *     figures (a draft), then submits; county staff
 *     follow a task's progress
 *   open the county cockpit / preview a summary     10%
 * The collection tasks (TASK_LANES × TASKS_PER_LANE, two yearly village figures each, to the 60
 * load villages) are issued before the run; each (village, lane) belongs to one user, who walks
 * its lane's tasks in turn, so no two users edit one form.
 * Prints throughput, latency percentiles per action and overall, and every error. Target: p95 under
 * 300 ms with zero errors.
 *
 *   npm run bench:load         (VUS=300 LOAD_SECONDS=300 INSTANCES=2 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)
 *   LOAD_PROFILE=dir npm run bench:load   (also writes each instance's CPU profile into dir)
 *
 * Province scale: `npm run bench:load:province` (= `npm run bench:load -- --province`). After the
 * demo county is loaded, the other counties of Zhejiang (PROVINCE_COUNTIES, default 89; counties
 * per transaction PROVINCE_BATCH, default 10; transactions side by side PROVINCE_JOBS, default 2)
 * are filled with the demo county's volume of records by set-based SQL (bench/province-data.ts:
 * each county's real org tree; people, accounts, ledger records, indicator figures and
 * collection, talent payments and audit events copied per county), which takes a few minutes
 * instead of the ~45 min of 89 more seeder runs. Row counts and table sizes are printed, then
 * exactly the same workload runs against the demo county, with the same users: whether a
 * county's queries stay fast when the tables hold a whole province (~4.8 GB, 12.6 M rows).
 *
 * Both scales VACUUM (ANALYZE) and CHECKPOINT before the instances start, so neither autovacuum
 * nor a checkpoint of the load runs during the measurement. After the run, tables read by
 * sequential scans during it are listed (pg_stat_user_tables), the first place to look when a
 * route slows down at province scale.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config';
import { queryRows } from '../src/server/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/server/db/demo/demo-county';
import { createUserAsSystem } from '../src/server/modules/auth';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';
import { fillProvince, scanStats, settle, tableSizes, type ScanStats } from './province-data';
import { printStatements, resetStatements, topStatements } from './statements';

const VUS = Number(process.env.VUS ?? 300);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const INSTANCES = Number(process.env.INSTANCES ?? 2);
const ROOT = resolve(import.meta.dirname, '..');
const PROVINCE = process.argv.includes('--province');
const PROVINCE_COUNTIES = Number(process.env.PROVINCE_COUNTIES ?? 89);
const PROVINCE_BATCH = Number(process.env.PROVINCE_BATCH ?? 10);
const PROVINCE_JOBS = Number(process.env.PROVINCE_JOBS ?? 2);
/** The demo county's tenant (seedDemo's default county); the workload runs in it at both scales. */
const DEMO_TENANT = '330784';
/** Collection tasks: each village's users take one lane each (5 users per load village). */
const TASK_LANES = 5;
const TASKS_PER_LANE = 20;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const pct = (s: number[], p: number) => (s.length ? [...s].sort((a, b) => a - b)[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Session {
  base: string;
  cookie: string;
  csrf: string;
  /** Whether the account may record activities (the leader reads only). */
  canWrite: boolean;
  /** A load village's user, who fills its collection forms. */
  canFill: boolean;
  /** Staff who follow a task's progress. */
  canFollow: boolean;
}

async function startInstance(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  // LOAD_PROFILE=dir writes each instance's CPU profile there when it stops (open in Chrome's DevTools).
  const profile = process.env.LOAD_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.LOAD_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'bin/lizhou.js'), 'start', '--no-seed'], { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn', LIZHOU_DIGEST: 'off' }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/ready`)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error(`instance on port ${port} did not start`);
}

// The generator shares the 2 cores with the instances and PostgreSQL: node:http on kept-alive
// sockets costs it about half of what fetch does per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; permissions: string[] };
  const canFill = username.startsWith('load_v') && body.permissions.includes('fill:tasks');
  return {
    base,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
    csrf: body.csrfToken,
    canWrite: body.permissions.includes('write:ledger'),
    canFill,
    // County staff: the town account's town holds none of the load villages, so it sees no task.
    canFollow: !canFill && username !== 'town' && body.permissions.includes('read:indicators'),
  };
}

async function main() {
  const temp = await createTempDatabase(SERVER, 'lizhou_load');
  const key = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: temp.url, LIZHOU_SECRET_KEY: key, LIZHOU_DATA_DIR: mkdtempSync(join(tmpdir(), 'lizhou-load-')) };
  const children: ChildProcess[] = [];
  try {
    const t0 = Date.now();
    const { ctx, database } = await openRuntime(loadConfig(env as NodeJS.ProcessEnv));
    await seedDemo(ctx);
    console.log(`demo county loaded into ${temp.url.replace(/\/\/[^@]*@/, '//')} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (PROVINCE) {
      console.log(`province scale: filling ${PROVINCE_COUNTIES} more counties with the demo county's volume…`);
      const filled = await fillProvince(temp.url, { demoTenant: DEMO_TENANT, counties: PROVINCE_COUNTIES, batch: PROVINCE_BATCH, jobs: PROVINCE_JOBS, log: (line) => console.log(line) });
      console.log(`${filled.counties} counties generated in ${filled.seconds.toFixed(0)} s`);
      // ×(counties + 1) where every row is copied; less for rows kept one per unit (smaller counties).
      console.log('table                     demo county    province   ratio');
      for (const t of filled.tables) console.log(`${t.table.padEnd(24)} ${String(t.demo).padStart(12)} ${String(t.total).padStart(11)} ${t.demo ? `×${(t.total / t.demo).toFixed(1)}`.padStart(7) : ''}`);
    }
    // One account per village-level user, spread over the county's villages, plus the demo accounts.
    const villages = await queryRows<{ id: number; code: string }>(ctx.db, sql`select id, code from org_units where tenant_id = ${DEMO_TENANT} and type in ('village', 'community') order by id limit 60`);
    for (const [i, v] of villages.entries()) await createUserAsSystem(ctx, { username: `load_v${i}`, displayName: `压测村${i}`, orgUnitCode: v.code, role: 'village', password: DEMO_PASSWORD, mustChangePassword: false });
    await ctx.db.execute(sql`update users set must_change_password = false where tenant_id = ${DEMO_TENANT}`);
    const indicators = (await queryRows<{ id: number }>(ctx.db, sql`select id from indicators where tenant_id = ${DEMO_TENANT} and code in ('QYXQ_JJ', 'XJ_CC', 'DY_FZ', 'RC_GFBZ', 'JJ_CS')`)).map((r) => r.id);
    // Village figures not read elsewhere in the mix (DY_XS, a count; JT_JYSR, 万元 to one decimal);
    // the tasks' far periods (2031…) keep them apart.
    const fillIndicators = (await queryRows<{ id: number }>(ctx.db, sql`select id from indicators where tenant_id = ${DEMO_TENANT} and code in ('JT_JYSR', 'DY_XS') order by code`)).map((r) => r.id);
    const [{ xj }] = await queryRows<{ xj: number }>(ctx.db, sql`select id as xj from ledger_categories where tenant_id = ${DEMO_TENANT} and kind = 'activity' and code = 'XJ'`);
    const [{ cockpit }] = await queryRows<{ cockpit: number }>(ctx.db, sql`select id as cockpit from cockpits where tenant_id = ${DEMO_TENANT} and scope = 'county' order by id limit 1`);
    await database.close();
    const ts = Date.now();
    await settle(temp.url);
    console.log(`VACUUM (ANALYZE) and CHECKPOINT in ${((Date.now() - ts) / 1000).toFixed(0)} s`);
    const sizes = await tableSizes(temp.url);
    console.log(`database size ${mb(sizes.databaseBytes)}; largest tables (rows, with indexes):`);
    for (const t of sizes.tables.slice(0, 25)) console.log(`  ${t.table.padEnd(28)} ${String(t.rows).padStart(10)} ${mb(t.bytes).padStart(9)}`);
    const rowsTotal = sizes.tables.reduce((a, t) => a + t.rows, 0);
    console.log(`  all ${sizes.tables.length} tables: ${rowsTotal} rows`);

    const ports = Array.from({ length: INSTANCES }, (_, i) => 39100 + i);
    for (const p of ports) children.push(await startInstance(env, p));
    const bases = ports.map((p) => `http://127.0.0.1:${p}`);
    const staff = ['admin', 'zzb', 'xcb', 'tzb', 'town', 'leader'];
    const sessions: Session[] = [];
    for (let i = 0; i < VUS; i++) {
      const user = i % 5 === 0 ? staff[(i / 5) % staff.length] : `load_v${i % villages.length}`;
      sessions.push(await login(bases[i % bases.length], user));
    }
    // Each load village has TASK_LANES users at most, one per lane, so no two edit one form.
    if (VUS > villages.length * TASK_LANES) throw new Error(`VUS ${VUS} > ${villages.length} villages × ${TASK_LANES} lanes: raise TASK_LANES`);
    // The collection tasks, issued by the organization department as a user would.
    const issuer = await login(bases[0], 'zzb');
    const tasks: number[] = [];
    for (let k = 0; k < TASK_LANES * TASKS_PER_LANE; k++) {
      const body = JSON.stringify({ title: `压测填报任务${k + 1}`, period: String(2031 + k), deadline: '2099-12-31', indicatorIds: fillIndicators, unitIds: villages.map((v) => v.id) });
      const res = await send(`${issuer.base}/api/tasks`, 'POST', { cookie: issuer.cookie, 'x-csrf-token': issuer.csrf, 'content-type': 'application/json' }, body);
      if (res.status !== 201) throw new Error(`issuing a task: ${res.status} ${res.body}`);
      tasks.push((JSON.parse(res.body) as { id: number }).id);
    }
    console.log(`${tasks.length} collection tasks issued to ${villages.length} villages`);
    console.log(`${INSTANCES} instances, ${VUS} users signed in; running ${SECONDS} s at ${PROVINCE ? `province scale (demo county + ${PROVINCE_COUNTIES} counties)` : 'county scale'}…`);
    const scansBefore: ScanStats = await scanStats(temp.url);
    const statements = await resetStatements(SERVER);

    const samples = new Map<string, number[]>();
    const errors = new Map<string, number>();
    let acknowledgedWrites = 0;
    let acknowledgedSubmits = 0;
    const rnd = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const deadline = Date.now() + SECONDS * 1000;

    async function call(s: Session, action: string, method: string, path: string, body?: unknown, onJson?: (j: unknown) => void) {
      const start = performance.now();
      let status = 0;
      try {
        const res = await send(s.base + path, method, { cookie: s.cookie, ...(method !== 'GET' ? { 'x-csrf-token': s.csrf, 'content-type': 'application/json' } : {}) }, body === undefined ? undefined : JSON.stringify(body));
        status = res.status;
        if (onJson && status < 300) onJson(JSON.parse(res.body));
      } catch (e) {
        status = -1;
        errors.set(`${action}: ${(e as Error).message}`, (errors.get(`${action}: ${(e as Error).message}`) ?? 0) + 1);
      }
      const ms = performance.now() - start;
      if (!samples.has(action)) samples.set(action, []);
      samples.get(action)!.push(ms);
      if (status >= 400) errors.set(`${action} → ${status}`, (errors.get(`${action} → ${status}`) ?? 0) + 1);
      return status;
    }

    async function user(s: Session, index: number) {
      await sleep(Math.random() * 1000);
      // Records are opened from the lists the user browsed, as a user clicks a row.
      const seen: Record<'people' | 'cases', number[]> = { people: [], cases: [] };
      const remember = (kind: 'people' | 'cases') => (j: unknown) => {
        const ids = ((j as { items?: { id: number }[] }).items ?? []).map((x) => x.id);
        if (ids.length) seen[kind] = ids;
      };
      // A village user's lane of tasks, and where it is in it.
      const village = s.canFill ? villages[index % villages.length] : null;
      const lane = tasks.slice((Math.floor(index / villages.length) % TASK_LANES) * TASKS_PER_LANE).slice(0, TASKS_PER_LANE);
      let cursor = 0;
      let drafted = false;
      while (Date.now() < deadline) {
        const roll = Math.random();
        if (roll < 0.32) {
          const list = rnd(['people', 'activities', 'cases'] as const);
          await call(s, 'browse list', 'GET', `/api/${list}?page=${1 + Math.floor(Math.random() * 3)}&pageSize=20`, undefined, list === 'activities' ? undefined : remember(list));
        } else if (roll < 0.54) {
          const kind = Math.random() < 0.5 ? 'people' : 'cases';
          if (!seen[kind].length) await call(s, 'browse list', 'GET', `/api/${kind}?pageSize=20`, undefined, remember(kind));
          if (seen[kind].length) await call(s, 'open record', 'GET', `/api/${kind}/${rnd(seen[kind])}`);
        } else if (roll < 0.66) {
          const id = rnd(indicators);
          await call(s, 'indicator', 'GET', `/api/indicators/${id}/${Math.random() < 0.5 ? 'aggregate' : 'children'}?from=2022`);
        } else if (roll < 0.78 && s.canWrite) {
          const status = await call(s, 'record activity', 'POST', '/api/activities', { categoryId: xj, title: `压测宣讲活动 ${index}-${Date.now()}`, heldOn: '2026-11-20', participants: 30 });
          if (status === 201 || status === 200) acknowledgedWrites++;
        } else if (roll < 0.9 && (s.canFill || s.canFollow)) {
          if (!village) {
            await call(s, 'task progress', 'GET', `/api/tasks/${rnd(tasks)}/progress`);
          } else {
            // Open the form; enter figures as a draft, or submit what was entered and move on.
            const taskId = lane[Math.min(cursor, lane.length - 1)];
            const path = `/api/tasks/${taskId}/units/${village.id}`;
            let version = 0;
            await call(s, 'open form', 'GET', path, undefined, (j) => (version = (j as { submission: { version: number } }).submission.version));
            if (version && cursor < lane.length) {
              const values = [
                // Outliers against the other villages ask for a comment; a cadre writes one.
                { indicatorId: fillIndicators[0], value: Math.floor(Math.random() * 30), comment: '已核实' },
                { indicatorId: fillIndicators[1], value: Math.round(Math.random() * 5000) / 10, comment: '已核实' },
              ];
              const status = await call(s, drafted ? 'submit task' : 'enter figures', 'PUT', path, { version, submit: drafted, values });
              if (status === 200 && drafted) {
                acknowledgedSubmits++;
                cursor++;
                drafted = false;
              } else if (status === 200) drafted = true;
            }
          }
        } else if (Math.random() < 0.5) {
          // A widget that fails answers inside a 200 (the others still show): counted as an error here.
          await call(s, 'cockpit', 'GET', `/api/cockpits/${cockpit}/view?year=2022`, undefined, (j) => {
            for (const w of (j as { widgets: { kind: string; message?: string }[] }).widgets) {
              if (w.kind === 'error') errors.set(`cockpit widget: ${w.message}`, (errors.get(`cockpit widget: ${w.message}`) ?? 0) + 1);
            }
          });
        } else {
          await call(s, 'summary preview', 'POST', '/api/report-templates/preview', {
            dept: 'org',
            year: 2022,
            definition: { title: '{year}年压测综述', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: ['解决企业需求{{value QYXQ_JJ}}，宣讲{{value XJ_CC}}。'] }] },
          });
        }
        await sleep(500 + Math.random() * 1000);
      }
    }
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    await Promise.all(sessions.map((s, i) => user(s, i)));
    const elapsed = (Date.now() - started) / 1000;
    // The generator shares the machine with PostgreSQL and the instances: say how much it took.
    const cpu = process.cpuUsage(cpuBefore);
    const generatorCpu = (cpu.user + cpu.system) / 1e6;
    const scansAfter = await scanStats(temp.url);

    const all = [...samples.values()].flat();
    console.log(`\n${all.length} requests in ${elapsed.toFixed(0)} s = ${(all.length / elapsed).toFixed(1)} req/s from ${VUS} users over ${INSTANCES} instances`);
    console.log(`load generator CPU: ${generatorCpu.toFixed(0)} s in ${elapsed.toFixed(0)} s (${((100 * generatorCpu) / elapsed).toFixed(0)}% of one of ${availableParallelism()} cores)`);
    console.log('action               count     p50     p95     p99     max   (ms)');
    for (const [action, s] of [...samples.entries(), ['all', all] as const]) {
      console.log(`${action.padEnd(18)} ${String(s.length).padStart(7)} ${pct(s, 50).toFixed(0).padStart(7)} ${pct(s, 95).toFixed(0).padStart(7)} ${pct(s, 99).toFixed(0).padStart(7)} ${Math.max(...s).toFixed(0).padStart(7)}`);
    }
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(`errors: ${errorCount}${errorCount ? '' : ' (none)'}`);
    for (const [k, n] of errors) console.log(`  ${k}: ${n}`);
    // Acknowledged writes are all stored.
    const { ctx: check, database: db2 } = await openRuntime(loadConfig(env as NodeJS.ProcessEnv));
    const [{ stored }] = await queryRows<{ stored: number }>(check.db, sql`select count(*)::int as stored from activities where title like '压测宣讲活动%'`);
    const [{ submitted }] = await queryRows<{ submitted: number }>(
      check.db,
      sql`select count(*)::int as submitted from task_submissions where status = 'submitted' and task_id in (${sql.join(tasks.map((t) => sql`${t}`), sql`, `)})`,
    );
    await db2.close();
    console.log(`writes acknowledged ${acknowledgedWrites}, stored ${stored}; task submissions acknowledged ${acknowledgedSubmits}, stored ${submitted}`);
    console.log(`target p95 < 300 ms with zero errors: ${pct(all, 95) < 300 && errorCount === 0 ? 'met' : 'NOT met'}`);
    // Sequential scans during the run, by rows read: a table scanned whole on every request shows here.
    const scanned = [...scansAfter.entries()]
      .map(([table, a]) => ({ table, scans: a.seqScans - (scansBefore.get(table)?.seqScans ?? 0), rows: a.seqRows - (scansBefore.get(table)?.seqRows ?? 0), live: a.liveRows }))
      .filter((x) => x.scans > 0)
      .sort((a, b) => b.rows - a.rows)
      .slice(0, 10);
    console.log('sequential scans during the run (table, scans, rows read, rows in table):');
    for (const x of scanned) console.log(`  ${x.table.padEnd(28)} ${String(x.scans).padStart(8)} ${String(x.rows).padStart(14)} ${String(x.live).padStart(10)}`);
    if (statements) printStatements(await topStatements(SERVER, new URL(temp.url).pathname.slice(1), 20), elapsed);
    else console.log("(for database time by statement, load pg_stat_statements: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' and restart PostgreSQL)");
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await sleep(1000);
    await temp.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
