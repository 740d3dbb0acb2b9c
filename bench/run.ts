/**
 * Foundation benchmarks: demo-county load time, and the people-list API at 47,000+ people
 * (paged, filtered by party branch) over real HTTP. Generates its own data; prints figures and
 * ends with one JSON line. Embedded PGlite by default; set DATABASE_URL to measure a server.
 *
 *   npm run bench            (REQUESTS=2000 CONCURRENCY=8 to change the load)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { queryRows } from '../src/server/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/server/db/demo/demo-county';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';

const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (n: number) => Math.round(n * 100) / 100;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-'));
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL, 'lizhou_bench') : undefined;
  const dbUrl = temp?.url;
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: dbUrl };

  // 1. Demo load, as `npm start` does it on an empty data folder.
  const t0 = performance.now();
  const { ctx, database } = await openRuntime(config);
  const tMigrated = performance.now();
  const demo = await seedDemo(ctx);
  const tSeeded = performance.now();
  const loadSeconds = (tSeeded - t0) / 1000;
  console.log(`database            ${database.kind}`);
  console.log(`demo load           ${loadSeconds.toFixed(1)} s (open+migrate ${((tMigrated - t0) / 1000).toFixed(1)} s, seed ${((tSeeded - tMigrated) / 1000).toFixed(1)} s): ${demo.units} units, ${demo.people} people, ${demo.partyMembers} party members`);

  // 2. People list over HTTP.
  const app = await buildApp({ ctx });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${addr.port}`;
  await ctx.db.execute(sql`update users set must_change_password = false where username = 'admin'`);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const branches = (await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where type = 'branch' order by id`)).map((b) => b.id);

  async function measure(label: string, urlFor: (i: number) => string, requests: number, concurrency: number) {
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          const i = next++;
          const s = performance.now();
          const res = await fetch(base + urlFor(i), { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) failures++;
          latencies.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const r = { p50: ms(pct(latencies, 50)), p95: ms(pct(latencies, 95)), p99: ms(pct(latencies, 99)), rps: Math.round(requests / seconds), failures };
    console.log(`${label.padEnd(44)} p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  ${r.rps} req/s  (${requests} requests, concurrency ${concurrency}, ${failures} failed)`);
    return r;
  }

  const byBranch = (i: number) => `/api/people?orgUnitId=${branches[(i * 7919) % branches.length]}&page=${1 + (i % 3)}&pageSize=20`;
  await measure('warm-up', byBranch, 200, 2);
  const seq = await measure('people list, by branch, sequential', byBranch, Math.min(REQUESTS, 1000), 1);
  const conc = await measure('people list, by branch, concurrent', byBranch, REQUESTS, CONCURRENCY);
  const county = await measure('people list, whole county, page 1..50', (i) => `/api/people?page=${1 + (i % 50)}&pageSize=20`, Math.min(REQUESTS, 500), 1);
  const search = await measure('people list, name prefix search', (i) => `/api/people?q=${encodeURIComponent('胡陈李王应'[i % 5])}&pageSize=20`, Math.min(REQUESTS, 500), 1);

  await app.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  await temp?.drop();
  console.log(
    JSON.stringify({
      bench: 'foundation',
      database: database.kind,
      people: demo.people,
      demoLoadSeconds: Number(loadSeconds.toFixed(1)),
      peopleByBranchSequential: seq,
      peopleByBranchConcurrent: { ...conc, concurrency: CONCURRENCY },
      peopleCountyPaged: county,
      peopleNameSearch: search,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
