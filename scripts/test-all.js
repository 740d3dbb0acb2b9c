#!/usr/bin/env node
// The whole suite, as the README's `npm test` runs it: typecheck, unit + integration tests on
// embedded PGlite, the same tests on a PostgreSQL server, the read replica and fault tests on
// PostgreSQL servers of their own, then browser tests in Chromium.
// Ends with one line "N passed, N failed" summing every pass.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';

const PG_URL = process.env.LIZHOU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OUT = '.tmp/test-results';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.log(`--- ${label}: FAILED (exit ${r.status})`);
    ok = false;
  }
  return r.status === 0;
}

function countVitest(file) {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  } catch {
    totals.failed += 1;
  }
}

async function pgReachable() {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch (e) {
    console.log(`PostgreSQL at ${PG_URL} is not reachable: ${e.message}`);
    return false;
  }
}

run('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);

run('unit + integration on PGlite', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/pglite.json`], { DATABASE_URL: '' });
countVitest(`${OUT}/pglite.json`);

if (await pgReachable()) {
  run('unit + integration on PostgreSQL', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/postgres.json`], { DATABASE_URL: PG_URL });
  countVitest(`${OUT}/postgres.json`);
} else if (process.env.LIZHOU_SKIP_PG === '1') {
  console.log('Skipping the PostgreSQL pass (LIZHOU_SKIP_PG=1).');
} else {
  console.log('The PostgreSQL pass is required; set LIZHOU_SKIP_PG=1 to run without it locally.');
  ok = false;
  totals.failed += 1;
}

// Heavy reads through a streaming replica: a primary and a hot standby made on loopback.
if (run('read replica (primary + hot standby)', 'scripts/replica-test.sh', ['--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/replica.json`])) {
  try {
    readFileSync(`${OUT}/replica.json`);
    countVitest(`${OUT}/replica.json`);
  } catch {
    console.log('read replica: skipped (no PostgreSQL server binaries)');
  }
} else countVitest(`${OUT}/replica.json`);

// Faults (test/chaos): instances killed mid-import, mid-burst, mid-collection and mid-check-in,
// PostgreSQL restarted under load, the upload disk filled. Its own PostgreSQL, like the replica.
run('fault tests (npm run chaos)', 'node', ['--import', 'tsx', 'test/chaos/run.ts'], { LIZHOU_CHAOS_JSON: `${OUT}/chaos.json` });
try {
  for (const r of JSON.parse(readFileSync(`${OUT}/chaos.json`, 'utf8'))) {
    if (r.skipped) totals.skipped += 1;
    else if (r.ok) totals.passed += 1;
    else totals.failed += 1;
  }
} catch {
  totals.failed += 1;
}

run('end-to-end in Chromium', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${OUT}/e2e.json` });
try {
  const j = JSON.parse(readFileSync(`${OUT}/e2e.json`, 'utf8'));
  totals.passed += j.stats.expected;
  totals.failed += j.stats.unexpected + (j.stats.flaky ?? 0);
  totals.skipped += j.stats.skipped;
} catch {
  totals.failed += 1;
}

console.log('');
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
