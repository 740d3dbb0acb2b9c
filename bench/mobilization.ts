/**
 * Mobilization benchmark (issue 6): one activation of 50,000 members across the demo county's 464
 * response units, over real HTTP on loopback.
 *   1. order → every notification queued (the POST returns after the outbox commit), and → every
 *      notification delivered through the default file sink;
 *   2. check-in ingestion: members' POSTs from CONCURRENCY clients, then every one repeated — none
 *      lost, none counted twice (target: 5,000 check-ins/s accepted);
 *   3. board latency with VIEWERS connected live boards (server-sent events): paced check-ins, time
 *      from each POST until every viewer has a board counting it (target: p95 < 1 s).
 * Generates its own data (the full demo county, rosters topped up to MEMBERS people) in a temporary
 * folder, or a temporary database on the server named by DATABASE_URL. Ends with one JSON line.
 *
 *   npm run bench:mobilization     (MEMBERS=50000 CONCURRENCY=64 VIEWERS=200 SAMPLES=100 to change)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { queryRows } from '../src/server/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/server/db/demo/demo-county';
import { rng, syntheticIdNumber, syntheticName } from '../src/server/db/demo/synthetic';
import { insertPeople, type NewPerson } from '../src/server/modules/people';
import { tokenFromSalt } from '../src/server/modules/mobilization/tokens';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';

const MEMBERS = Number(process.env.MEMBERS ?? 50_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const VIEWERS = Number(process.env.VIEWERS ?? 200);
const SAMPLES = Number(process.env.SAMPLES ?? 100);
/** Members kept back from the ingestion run for the latency run. */
const HOLD = SAMPLES;

/** Posts check-ins from `concurrency` loops; answers how many were accepted and counted. */
const INGEST_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, tokens, concurrency } = workerData;
let next = 0, accepted = 0, changed = 0;
const start = performance.now();
Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < tokens.length) {
    const res = await fetch(base + '/api/checkin/' + tokens[next++], { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"response":"arrived"}' });
    const body = await res.json();
    if (res.status === 200) accepted++;
    if (body.changed === true) changed++;
  }
})).then(() => parentPort.postMessage({ accepted, changed, seconds: (performance.now() - start) / 1000 }));
`;
/** Holds `viewers` live boards open; reports each board's arrival count and when it came. */
const VIEWER_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, cookie, viewers } = workerData;
for (let v = 0; v < viewers; v++) {
  fetch(url, { headers: { cookie } }).then(async (res) => {
    parentPort.postMessage({ kind: 'connected' });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\\n\\n')) >= 0) {
        // The total comes before the units in a board or a patch: no need to parse 464 units.
        const m = /"total":\\{[^}]*?"arrived":(\\d+)/.exec(buffer.slice(0, Math.min(cut, 4000)));
        if (m) parentPort.postMessage({ kind: 'board', viewer: v, at: performance.timeOrigin + performance.now(), arrived: Number(m[1]) });
        buffer = buffer.slice(cut + 2);
      }
    }
  });
}
`;

function runWorker<T>(code: string, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData });
    w.once('message', (m: T) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const r1 = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-mob-'));
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL, 'lizhou_bench') : undefined;
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: temp?.url };
  const { ctx, database } = await openRuntime(config);
  console.log(`database            ${database.kind}`);

  // ---- data: the demo county, its 464 units' rosters topped up to MEMBERS distinct people
  let t = performance.now();
  await seedDemo(ctx);
  const [{ registry }] = await queryRows<{ registry: number }>(ctx.db, sql`select count(*)::int as registry from persons where archived_at is null`);
  if (registry < MEMBERS) {
    // Extra synthetic people, born before anyone in the demo so their ID numbers cannot collide.
    const r = rng(50_000);
    const used = new Set<string>();
    const [village] = await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where type = 'village' order by id limit 1`);
    const extra: NewPerson[] = Array.from({ length: MEMBERS - registry }, () => ({
      tenantId: '330784',
      name: syntheticName(r),
      idNumber: syntheticIdNumber(r, r.int(1925, 1934), r.next() < 0.5, used).id,
      phone: null,
      orgUnitId: village.id,
      source: 'bench',
      roles: [{ role: 'volunteer', startDate: '2022-01-01' }],
    }));
    await insertPeople(ctx, ctx.db, extra);
  }
  const units = (await queryRows<{ id: number }>(ctx.db, sql`select id from response_units where archived_at is null order by id`)).map((u) => u.id);
  const free = (await queryRows<{ id: number }>(ctx.db, sql`select p.id from persons p where p.archived_at is null and not exists (select 1 from roster_members r where r.person_id = p.id) order by p.id`)).map((p) => p.id);
  const [{ onRosters }] = await queryRows<{ onRosters: number }>(ctx.db, sql`select count(distinct person_id)::int as "onRosters" from roster_members`);
  const add = free.slice(0, Math.max(0, MEMBERS - onRosters));
  for (let i = 0; i < add.length; i += 5000) {
    const chunk = add.slice(i, i + 5000);
    await ctx.db.execute(sql`insert into roster_members (tenant_id, unit_id, person_id) values ${sql.join(chunk.map((p, k) => sql`('330784', ${units[(i + k) % units.length]}, ${p})`), sql`, `)}`);
  }
  await ctx.db.execute(sql`update roster_members set availability = 'available'`);
  await ctx.db.execute(sql`analyze`);
  console.log(`data                ${r1((performance.now() - t) / 1000)} s: ${units.length} units, ${MEMBERS} people on their rosters`);

  const app = await buildApp({ ctx });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await ctx.db.execute(sql`update users set must_change_password = false where username = 'admin'`);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const [county] = await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where parent_id is null`);

  // ---- 1. order → queued → delivered
  t = performance.now();
  const order = await fetch(`${base}/api/activations`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ event: '基准测试：全市激活', level: 'I', assemblyPoint: '各村（社区）集结点', assemblyAt: new Date(Date.now() + 3_600_000).toISOString(), orgUnitId: county.id }),
  });
  const created = (await order.json()) as { id: number; units: number; members: number };
  const queuedMs = performance.now() - t;
  if (order.status !== 201 || created.members !== MEMBERS) throw new Error(`activation: ${order.status} ${JSON.stringify(created)}`);
  await app.mobilization.outbox.flush();
  const deliveredMs = performance.now() - t;
  const [{ notified }] = await queryRows<{ notified: number }>(ctx.db, sql`select count(notified_at)::int as notified from activation_members where activation_id = ${created.id}`);
  console.log(`activation          ${created.units} units, ${created.members} members: all queued in ${Math.round(queuedMs)} ms, all delivered (file sink) in ${Math.round(deliveredMs)} ms (${notified} notified)`);

  const tokens = (await queryRows<{ salt: string }>(ctx.db, sql`select token_salt as salt from activation_members where activation_id = ${created.id} order by id`)).map((m) => tokenFromSalt(ctx.crypto, m.salt));

  // ---- 2. ingestion, from a worker thread so the load generator does not share the server's thread
  const ingest = (list: string[]) => runWorker<{ accepted: number; changed: number; seconds: number }>(INGEST_WORKER, { base, tokens: list, concurrency: CONCURRENCY });
  const first = await ingest(tokens.slice(HOLD));
  const repeat = await ingest(tokens.slice(HOLD));
  const [{ arrived }] = await queryRows<{ arrived: number }>(ctx.db, sql`select count(*)::int as arrived from activation_members where activation_id = ${created.id} and response = 'arrived'`);
  const lost = tokens.length - HOLD - arrived;
  const perSecond = Math.round((tokens.length - HOLD) / first.seconds);
  console.log(`ingestion           ${first.accepted} check-ins in ${r1(first.seconds)} s = ${perSecond}/s accepted (concurrency ${CONCURRENCY}); ${first.changed} counted; lost ${lost}`);
  console.log(`repeat of them all  ${Math.round((tokens.length - HOLD) / repeat.seconds)}/s, ${repeat.changed} counted again`);

  // ---- 3. board latency: VIEWERS live boards in a worker thread, paced check-ins from here
  const viewerWorker = new Worker(VIEWER_WORKER, { eval: true, workerData: { url: `${base}/api/activations/${created.id}/events`, cookie, viewers: VIEWERS } });
  const seen: { viewer: number; at: number; arrived: number }[] = [];
  let connected = 0;
  viewerWorker.on('message', (m: { kind: 'connected' } | { kind: 'board'; viewer: number; at: number; arrived: number }) => (m.kind === 'connected' ? connected++ : seen.push(m)));
  while (connected < VIEWERS) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 1000));
  const now = () => performance.timeOrigin + performance.now();
  const sentAt: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    sentAt.push(now());
    await fetch(`${base}/api/checkin/${tokens[i]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"response":"arrived"}' }).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, 100));
  }
  const deadline = now() + 10_000;
  const lastOf = (v: number) => seen.filter((x) => x.viewer === v).at(-1)?.arrived ?? 0;
  while (now() < deadline && Array.from({ length: VIEWERS }, (_, v) => lastOf(v)).some((n) => n < arrived + SAMPLES)) await new Promise((r) => setTimeout(r, 50));
  const latencies = sentAt
    .map((s, i) => Math.max(...Array.from({ length: VIEWERS }, (_, v) => (seen.find((x) => x.viewer === v && x.arrived >= arrived + i + 1)?.at ?? Infinity) - s)))
    .sort((a, b) => a - b);
  const latency = { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), max: Math.round(latencies.at(-1)!) };
  const pushes = Math.round(seen.length / VIEWERS);
  console.log(`board latency       ${VIEWERS} viewers, ${SAMPLES} check-ins 100 ms apart: to every viewer p50 ${latency.p50} ms, p95 ${latency.p95} ms, max ${latency.max} ms (${pushes} pushes per viewer)`);
  await viewerWorker.terminate();

  await app.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  await temp?.drop();
  console.log(
    JSON.stringify({
      bench: 'mobilization',
      database: database.kind,
      units: created.units,
      members: created.members,
      queuedMs: Math.round(queuedMs),
      deliveredMs: Math.round(deliveredMs),
      checkinsPerSecond: perSecond,
      concurrency: CONCURRENCY,
      counted: first.changed,
      lost,
      repeatCounted: repeat.changed,
      viewers: VIEWERS,
      boardLatencyMs: latency,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
