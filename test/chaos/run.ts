/**
 * Fault tests (issue 10), against a PostgreSQL server of their own (made with Debian's binaries in
 * a temporary folder, so it can be restarted) and 2 app instances on it:
 *   1. an instance is killed (SIGKILL) in the middle of an all-or-nothing people import;
 *   2. an instance is killed in the middle of a burst of writes (recording activities);
 *   3. PostgreSQL is restarted under a write load on both instances.
 * After each: no partial import, every acknowledged write stored (acknowledged vs stored counted),
 * refused requests answered with a clear retryable error (503 db.unavailable) or a dropped
 * connection, and the service recovers by itself (the surviving instance without a restart).
 *
 *   npm run chaos
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/server/config';
import { queryRows } from '../../src/server/db/client';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/db/demo/demo-county';
import { openRuntime } from '../../src/server/runtime';
import { SMALL_DEMO } from '../../src/server/testing/harness';
import { idCardCheckChar } from '../../src/shared/id-card';

const ROOT = resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.LIZHOU_CHAOS_PG_PORT ?? 55450);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const results: { name: string; ok: boolean; detail: string }[] = [];

const bin = (() => {
  const base = '/usr/lib/postgresql';
  const v = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!v) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(base, v, 'bin');
})();
const asPg = (cmd: string, args: string[]) => {
  const root = process.getuid?.() === 0;
  execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' });
};

function makeCluster(): { dir: string; url: string; restart(): void; stop(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lizhou-chaos-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  asPg(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust']);
  appendFileSync(join(dir, 'data', 'postgresql.conf'), `\nport = ${PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nmax_connections = 200\n`);
  const ctl = (...a: string[]) => asPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', ...a]);
  ctl('start');
  return { dir, url: `postgres://postgres@127.0.0.1:${PORT}/postgres`, restart: () => ctl('-m', 'fast', 'restart'), stop: () => ctl('-m', 'immediate', 'stop') };
}

async function startInstance(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/lizhou.js'), 'start', '--no-seed'], { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'error', LIZHOU_DIGEST: 'off' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/ready`)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`instance on port ${port} did not start`);
}

interface Session {
  base: string;
  cookie: string;
  csrf: string;
}
async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return { base, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
const post = (s: Session, path: string, body: unknown, type = 'application/json') =>
  fetch(s.base + path, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': type }, body: type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer) });

async function peopleWorkbook(n: number, tag: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  ws.addRow(['姓名', '身份证号', '所在单位编码', '备注']);
  for (let i = 0; i < n; i++) {
    const first17 = `3307841990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
    ws.addRow([`测${tag}${i}`, first17 + idCardCheckChar(first17), '330784105', `chaos-${tag}`]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `n` sessions on each instance, signed in one after another (parallel attempts count toward the lockout). */
async function sessionsOn(bases: string[], n: number): Promise<Session[]> {
  const out: Session[] = [];
  for (const base of bases) for (let i = 0; i < n; i++) out.push(await login(base, 'admin'));
  return out;
}

/** A write burst: each writer records activities until stopped; returns acknowledged titles and refusals by kind. */
function writeBurst(sessions: Session[], categoryId: number, tag: string) {
  const acknowledged = new Set<string>();
  const refused = new Map<string, number>();
  let running = true;
  let n = 0;
  const writers = sessions.map(async (s) => {
    while (running) {
      const title = `chaos-${tag}-${n++}`;
      try {
        const res = await post(s, '/api/activities', { categoryId, title, heldOn: '2026-11-20', participants: 10 });
        if (res.ok) acknowledged.add(title);
        else {
          const body = (await res.json().catch(() => ({}))) as { code?: string };
          refused.set(`${res.status} ${body.code ?? ''}`, (refused.get(`${res.status} ${body.code ?? ''}`) ?? 0) + 1);
        }
      } catch (e) {
        refused.set(`connection: ${(e as Error).message}`, (refused.get(`connection: ${(e as Error).message}`) ?? 0) + 1);
        await sleep(50);
      }
    }
  });
  return {
    acknowledged,
    refused,
    stop: async () => {
      running = false;
      await Promise.all(writers);
    },
  };
}

async function main() {
  const cluster = makeCluster();
  const children: ChildProcess[] = [];
  try {
    const env = { DATABASE_URL: cluster.url, LIZHOU_SECRET_KEY: randomBytes(32).toString('hex'), LIZHOU_DATA_DIR: mkdtempSync(join(tmpdir(), 'lizhou-chaos-data-')) };
    const { ctx, database } = await openRuntime(loadConfig(env as NodeJS.ProcessEnv));
    await seedDemo(ctx, SMALL_DEMO);
    await ctx.db.execute(sql`update users set must_change_password = false`);
    const [{ xj }] = await queryRows<{ xj: number }>(ctx.db, sql`select id as xj from ledger_categories where code = 'XJ'`);
    const count = async (q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(ctx.db, q))[0].n;
    const [a, b] = [39200, 39201];
    children.push(await startInstance(env, a), await startInstance(env, b));
    const baseA = `http://127.0.0.1:${a}`;
    const baseB = `http://127.0.0.1:${b}`;

    // 1. Kill an instance in the middle of an all-or-nothing import.
    {
      const file = await peopleWorkbook(3000, 'imp');
      const s = await login(baseA, 'admin');
      const preview = (await (await post(s, '/api/people/import?mode=preview', file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json()) as { previewToken: string; valid: number };
      const applying = post(s, `/api/people/import?mode=all-or-nothing&previewToken=${preview.previewToken}`, file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').then(
        (r) => r.status,
        () => 'connection dropped',
      );
      await sleep(400);
      children[0].kill('SIGKILL');
      const answer = await applying;
      const stored = await count(sql`select count(*)::int as n from persons where note = 'chaos-imp'`);
      results.push({ name: 'kill during an all-or-nothing import of 3000 people', ok: stored === 0 || stored === 3000, detail: `client saw ${answer}; stored ${stored} of ${preview.valid} (0 or all)` });
      children[0] = await startInstance(env, a);
    }

    // 2. Kill an instance in the middle of a write burst; the other instance keeps serving.
    {
      const sessions = await sessionsOn([baseA, baseB], 8);
      const burst = writeBurst(sessions, xj, 'kill');
      await sleep(1500);
      children[0].kill('SIGKILL');
      await sleep(1500);
      await burst.stop();
      const stored = new Set((await queryRows<{ title: string }>(ctx.db, sql`select title from activities where title like 'chaos-kill-%'`)).map((r) => r.title));
      const lost = [...burst.acknowledged].filter((t) => !stored.has(t));
      const afterKill = await login(baseB, 'admin').then((s) => post(s, '/api/activities', { categoryId: xj, title: 'chaos-after-kill', heldOn: '2026-11-20' })).then((r) => r.status);
      results.push({
        name: 'kill an instance during a write burst',
        ok: lost.length === 0 && afterKill === 201,
        detail: `acknowledged ${burst.acknowledged.size}, stored ${stored.size}, acknowledged but lost ${lost.length}; refused ${JSON.stringify(Object.fromEntries(burst.refused))}; the other instance then answered ${afterKill}`,
      });
      children[0] = await startInstance(env, a);
    }

    // 3. Restart PostgreSQL under load on both instances; they recover without a restart.
    {
      const sessions = await sessionsOn([baseA, baseB], 8);
      const burst = writeBurst(sessions, xj, 'pg');
      await sleep(1500);
      const t0 = Date.now();
      cluster.restart();
      const restartMs = Date.now() - t0;
      await sleep(2000);
      await burst.stop();
      await database.close();
      const { ctx: fresh, database: db2 } = await openRuntime(loadConfig(env as NodeJS.ProcessEnv));
      const stored = new Set((await queryRows<{ title: string }>(fresh.db, sql`select title from activities where title like 'chaos-pg-%'`)).map((r) => r.title));
      await db2.close();
      const lost = [...burst.acknowledged].filter((t) => !stored.has(t));
      const refusals = Object.fromEntries(burst.refused);
      const unclear = Object.keys(refusals).filter((k) => !/^503 db\.unavailable$|^connection:/.test(k));
      let recovered = 0;
      for (const base of [baseA, baseB]) {
        for (let i = 0; i < 40; i++) {
          const ok = await login(base, 'admin')
            .then((s) => post(s, '/api/activities', { categoryId: xj, title: 'chaos-after-pg', heldOn: '2026-11-20' }))
            .then((r) => r.status === 201)
            .catch(() => false);
          if (ok) {
            recovered++;
            break;
          }
          await sleep(250);
        }
      }
      results.push({
        name: 'restart PostgreSQL under a write load',
        ok: lost.length === 0 && unclear.length === 0 && recovered === 2,
        detail: `restart took ${restartMs} ms; acknowledged ${burst.acknowledged.size}, stored ${stored.size}, acknowledged but lost ${lost.length}; refused ${JSON.stringify(refusals)}; instances recovered by themselves ${recovered}/2`,
      });
    }
  } finally {
    for (const c of children) c.kill('SIGKILL');
    cluster.stop();
    rmSync(cluster.dir, { recursive: true, force: true });
  }
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}\n      ${r.detail}`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
