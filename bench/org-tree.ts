/**
 * Org tree at province scale: loads Zhejiang's real divisions (27,024 units, one tenant per
 * county) and measures, over HTTP as an admin of one county, pinyin search, lazy children,
 * subtree export and moving a village between towns. Embedded PGlite by default; set
 * DATABASE_URL to measure a server.   npm run bench:org
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { queryRows } from '../src/server/db/client';
import { seedProvinceTree } from '../src/server/db/demo/province-tree';
import { createUserAsSystem } from '../src/server/modules/auth';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const r2 = (n: number) => Math.round(n * 100) / 100;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-org-'));
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL, 'lizhou_bench') : undefined;
  const dbUrl = temp?.url;
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: dbUrl };
  const { ctx, database } = await openRuntime(config);
  const t0 = performance.now();
  const units = await seedProvinceTree(ctx);
  const loadSeconds = (performance.now() - t0) / 1000;
  console.log(`database        ${database.kind}`);
  console.log(`province load   ${loadSeconds.toFixed(1)} s, ${units} units`);

  await createUserAsSystem(ctx, { username: 'bench', displayName: '基准测试', orgUnitCode: '330784', role: 'admin', password: 'Bench#2026pass', mustChangePassword: false });
  const app = await buildApp({ ctx });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'Bench#2026pass' }) });
  const me = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const towns = await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where tenant_id = '330784' and type in ('town','street') order by id`);

  async function measure(label: string, n: number, call: (i: number) => Promise<Response>) {
    const lat: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      const res = await call(i);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    const r = { p50: r2(pct(lat, 50)), p95: r2(pct(lat, 95)) };
    console.log(`${label.padEnd(40)} p50 ${r.p50} ms  p95 ${r.p95} ms  (${n} requests)`);
    return r;
  }
  const get = (path: string) => fetch(base + path, { headers: { cookie } });
  const queries = ['sz', 'dc', 'gs', '石柱', 'shizhu', 'cun', '社区', 'xc'];
  const search = await measure('search by name / pinyin initials', 300, (i) => get(`/api/org/search?q=${encodeURIComponent(queries[i % queries.length])}`));
  const children = await measure('children of a town', 300, (i) => get(`/api/org/units/${towns[i % towns.length].id}/children`));
  const root = (await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where code = '330784'`))[0].id;
  const exportCounty = await measure('export the county subtree (.xlsx)', 20, () => get(`/api/org/units/${root}/export`));
  let v = 1;
  const [village] = await queryRows<{ id: number; parent_id: number }>(ctx.db, sql`select id, parent_id from org_units where parent_id = ${towns[3].id} order by id limit 1`);
  const [home, away] = [village.parent_id, towns[4].id];
  const move = await measure('move a village to another town and back', 40, (i) => {
    const body = { version: v, newParentId: i % 2 === 0 ? away : home };
    v++;
    const a = village.id;
    return fetch(`${base}/api/org/units/${a}/move`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
  }).catch((e) => {
    console.log(`move failed: ${e.message}`);
    return null;
  });

  await app.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  await temp?.drop();
  console.log(JSON.stringify({ bench: 'org-tree', database: database.kind, units, loadSeconds: r2(loadSeconds), search, children, exportCounty, move }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
