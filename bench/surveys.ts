/**
 * Survey answering benchmark (群众评价): how many answer sheets a second one app instance accepts
 * on PostgreSQL, over real HTTP on loopback, with one-time tokens — the county's survey right after
 * it is announced, everyone answering at once.
 *   1. a token-mode survey over every village and community of the demo county, TOKENS tokens;
 *   2. autocannon posts sheets for about DURATION seconds from CONNECTIONS connections (a worker
 *      thread, so the load generator does not share the server's thread), each with its own token;
 *   3. sheets acknowledged (201) are compared with sheets stored: they must be equal — an
 *      acknowledged sheet is never lost (target: 2,000 sheets/s accepted, p99 < 100 ms).
 * Generates its own data (the full demo county) in a temporary database on the server named by
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). Ends with one JSON line.
 *
 *   npm run bench:surveys     (DURATION=20 CONNECTIONS=32 TOKENS=150000 to change)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { queryRows } from '../src/server/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/server/db/demo/demo-county';
import { tokenFromSalt } from '../src/server/modules/surveys/tokens';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';

const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const TOKENS = Number(process.env.TOKENS ?? 150_000);
const SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
/** Sheets sent before the measured run: to warm up (JIT, pool, caches) and to find the pace. */
const WARMUP = 3_000;
const CALIBRATION = 10_000;

/**
 * autocannon in a worker thread: every request takes the next prepared sheet (its own token). It
 * sends `amount` sheets, or — with `seconds` — rounds sized by the pace until that long has passed.
 * Each round waits for all its answers, so no request is cut off in flight.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require('autocannon');
const { base, sheets, connections, amount, seconds, pace } = workerData;
let next = 0;
const opts = {
  url: base,
  connections,
  pipelining: 1,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  requests: [{ setupRequest: (req) => { const s = sheets[next++ % sheets.length]; return { ...req, path: s.path, body: s.body }; } }],
};
const round = (n) => new Promise((resolve, reject) => autocannon({ ...opts, amount: n }, (err, raw) => (err ? reject(err) : resolve(raw))));
(async () => {
  const start = Date.now();
  const raws = [];
  if (amount) raws.push(await round(amount));
  else {
    // As many rounds as it takes to fill the time, each sized by the pace seen so far (one or two).
    let rate = pace;
    while (Date.now() - start < seconds * 950 && next < sheets.length) {
      const left = seconds - (Date.now() - start) / 1000;
      const t = Date.now();
      const raw = await round(Math.min(Math.max(1000, Math.round(rate * left)), sheets.length - next));
      raws.push(raw);
      rate = raw.totalCompletedRequests / ((Date.now() - t) / 1000);
    }
  }
  // Inside a worker thread autocannon hands back encoded histograms; aggregate them here.
  const result = autocannon.aggregateResult(raws, opts);
  parentPort.postMessage({
    sent: next,
    ok: raws.reduce((a, r) => a + r['2xx'], 0),
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    seconds: (Date.now() - start) / 1000,
  });
})();
`;

interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number };
  seconds: number;
}

function load(workerData: unknown): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOAD_WORKER, { eval: true, workerData });
    w.once('message', (m: LoadResult) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

const r1 = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-surveys-'));
  const temp = await createTempDatabase(SERVER, 'lizhou_bench');
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: temp.url };
  const { ctx, database } = await openRuntime(config);
  console.log(`database            ${database.kind}`);

  let t = performance.now();
  await seedDemo(ctx);
  console.log(`demo county         ${r1((performance.now() - t) / 1000)} s`);

  const app = await buildApp({ ctx });
  // Sheets the server acknowledged: a 201 sent. The client may not see the last few — autocannon
  // drops the connections still waiting when its time is up — but each of these must be stored.
  let acknowledged = 0;
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode === 201 && req.routeOptions.url === '/api/public/surveys/:code/answers') acknowledged++;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await ctx.db.execute(sql`update users set must_change_password = false where username = 'admin'`);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, { method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const [county] = await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where parent_id is null`);

  // ---- 1. the survey and its tokens
  t = performance.now();
  const survey = await call<{ id: number; version: number; targets: unknown[] }>('POST', '/api/surveys', {
    title: '基准测试：村（社区）群众满意度测评',
    mode: 'token',
    period: '2026',
    villagesUnderIds: [county.id],
    questions: [
      { key: 'overall', type: 'rating', label: '总体满意度', required: true },
      { key: 'service', type: 'rating', label: '便民服务', required: true },
      { key: 'environment', type: 'rating', label: '人居环境', required: true },
      { key: 'focus', type: 'multi', label: '希望加强', options: ['道路交通', '环境卫生', '养老服务', '文化活动'], required: false },
      { key: 'note', type: 'text', label: '意见建议', required: false },
    ],
  });
  const perTarget = Math.ceil((TOKENS + WARMUP + CALIBRATION) / survey.targets.length);
  for (let left = perTarget; left > 0; ) {
    const count = Math.min(left, Math.floor(50_000 / survey.targets.length));
    await call('POST', `/api/surveys/${survey.id}/tokens`, { count });
    left -= count;
  }
  await call('POST', `/api/surveys/${survey.id}/open`, { version: survey.version });
  const rows = await queryRows<{ salt: string; code: string }>(ctx.db, sql`select k.salt, g.code from survey_tokens k join survey_targets g on g.id = k.target_id where k.survey_id = ${survey.id} order by k.id`);
  // Interleave units, as answers from a whole county arrive.
  rows.sort((a, b) => (a.salt < b.salt ? -1 : 1));
  const focus = ['道路交通', '环境卫生', '养老服务', '文化活动'];
  const sheets = rows.map((r, i) => ({
    path: `/api/public/surveys/${r.code}/answers`,
    body: JSON.stringify({
      token: tokenFromSalt(ctx.crypto, r.salt),
      answers: { overall: 1 + (i % 5), service: 1 + ((i * 7) % 5), environment: 1 + ((i * 3) % 5), focus: [focus[i % 4]], ...(i % 10 === 0 ? { note: '希望多组织文化活动，路灯再多装几盏' } : {}) },
    }),
  }));
  await ctx.db.execute(sql`analyze`);
  console.log(`survey              ${survey.targets.length} units, ${rows.length} tokens issued in ${r1((performance.now() - t) / 1000)} s`);

  // ---- 2. warm up (JIT, pool, caches) and find the pace, then the measured run. Every round waits
  // for all its answers, so no request is cut off in flight: what the clients were told was stored
  // can be compared exactly with what is.
  const first = await load({ base, sheets: sheets.slice(0, WARMUP), connections: CONNECTIONS, amount: WARMUP });
  const calibration = await load({ base, sheets: sheets.slice(WARMUP, WARMUP + CALIBRATION), connections: CONNECTIONS, amount: CALIBRATION });
  const warm = { ok: first.ok + calibration.ok };
  const pace = calibration.ok / calibration.seconds;
  const measured = sheets.slice(WARMUP + CALIBRATION);
  const run = await load({ base, sheets: measured, connections: CONNECTIONS, seconds: DURATION, pace });
  await app.surveys.writer.drain();
  const [{ stored }] = await queryRows<{ stored: number }>(ctx.db, sql`select count(*)::int as stored from survey_responses where survey_id = ${survey.id}`);
  const [{ usedTokens }] = await queryRows<{ usedTokens: number }>(ctx.db, sql`select count(*)::int as "usedTokens" from survey_tokens where survey_id = ${survey.id} and used_at is not null`);
  const received = warm.ok + run.ok;
  const perSecond = Math.round(run.ok / run.seconds);
  const codes = Object.entries(run.statusCodes).map(([c, st]) => `${c}×${st.count}`).join(' ');
  console.log(`answering           ${run.ok} sheets accepted in ${r1(run.seconds)} s = ${perSecond}/s (${CONNECTIONS} connections; status ${codes}; errors ${run.errors}, timeouts ${run.timeouts})`);
  console.log(`latency             p50 ${run.latency.p50} ms, p90 ${run.latency.p90} ms, p99 ${run.latency.p99} ms, max ${run.latency.max} ms`);
  const equal = received === stored && acknowledged === stored && stored === usedTokens;
  console.log(`acknowledged/stored ${received} acknowledged (201 received, incl. ${warm.ok} warm-up; ${acknowledged} sent by the server), ${stored} stored, ${usedTokens} tokens used — ${equal ? 'equal' : 'MISMATCH'}`);
  if (run.sent >= measured.length) console.log(`note                the tokens ran out before ${DURATION} s: raise TOKENS`);

  await app.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  await temp.drop();
  console.log(
    JSON.stringify({
      bench: 'surveys',
      database: database.kind,
      units: survey.targets.length,
      connections: CONNECTIONS,
      seconds: r1(run.seconds),
      answersPerSecond: perSecond,
      latencyMs: run.latency,
      acknowledged: received,
      stored,
      lost: received - stored,
    }),
  );
  if (!equal) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
