/**
 * Property-based fuzzing of every API route from its own Zod schemas: bodies, query strings and
 * path parameters made plausible and then hostile (huge strings, NUL, lone surrogates, markup,
 * out-of-range and wrong-typed values), sent by an account that may use the route. Properties:
 * never a 5xx, and a route whose every request was refused changed no row in any table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from './db/client';
import { DEMO_PASSWORD } from './db/demo/demo-county';
import { createUserAsSystem } from './modules/auth';
import { BACKUP_TABLES } from './ops/backup';
import { createTestApp, type Client, type TestApp } from './testing/harness';
import { EDGE_VALUES, hostileVariants, plausible, rngOf, toQuery } from './testing/zod-sample';

// Routes that end the fuzzing session, stream forever, or are the session's own plumbing.
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/login', 'POST /api/auth/password', 'GET /api/activations/:id/events', 'GET /api/metrics']);
// Written by any request (session touch) or by design on refused public requests (rate limits).
const VOLATILE = new Set(['sessions', 'audit_events']);
const VARIANTS = Number(process.env.LIZHOU_FUZZ_VARIANTS ?? 12);

let t: TestApp;
let admin: Client;
let personal: Client;
let tables: string[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const [p] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from persons order by id limit 1`);
  await createUserAsSystem(t.ctx, { username: 'fuzz_personal', displayName: '模糊测试', orgUnitCode: '330784', role: 'personal', personId: p.id, password: DEMO_PASSWORD });
  personal = await t.login('fuzz_personal');
  tables = BACKUP_TABLES.map((x) => x.name).filter((n) => !VOLATILE.has(n));
});
afterAll(() => t?.close());

/** Changes when any row of any table (but the volatile ones) is inserted, updated or deleted. */
async function fingerprint(): Promise<string> {
  // Work an accepted request left to the background (delivering check-in notifications, writing
  // survey answers) first.
  await t.app.mobilization.outbox.flush();
  await t.app.surveys.writer.drain();
  const parts = await queryRows<{ t: string; n: number; x: string }>(
    t.ctx.db,
    sql.raw(tables.map((name) => `select '${name}' as t, count(*)::int as n, coalesce(sum(xmin::text::bigint), 0)::text as x from "${name}"`).join(' union all ')),
  );
  return parts.map((p) => `${p.t}:${p.n}:${p.x}`).join('|');
}

const PARAM_EDGES = ['0', '-1', '2147483648', 'abc', '1e3', '%F0%9F%98%80', '1%00', '9'.repeat(40)];

describe('fuzzing every route from its schemas', () => {
  it('never answers 5xx, and a refused request changes nothing', async () => {
    const r = rngOf(20261128);
    const routes = t.app.routeList.filter((x) => x.url.startsWith('/api/') && !x.url.startsWith('/api/docs') && !SKIP.has(`${x.method} ${x.url}`));
    expect(routes.length).toBeGreaterThan(150);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const client = route.public ? t.anonymous() : route.permission === 'self:service' ? personal : admin;
      const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const fillPath = (edge: boolean) =>
        route.url.replace(/:(\w+)/g, (_all, name: string) => {
          if (edge) return PARAM_EDGES[Math.floor(r() * PARAM_EDGES.length)];
          const v = route.schema?.params ? (plausible(route.schema.params, r) as Record<string, unknown>)[name] : 1;
          return encodeURIComponent(String(v ?? 1));
        });
      const bodies = route.schema?.body ? hostileVariants(route.schema.body, r, VARIANTS) : route.method === 'GET' ? [undefined] : [undefined, { junk: EDGE_VALUES[2] }, Buffer.from('PK\x03\x04not really a zip')];
      const queries = route.schema?.querystring ? hostileVariants(route.schema.querystring, r, Math.ceil(VARIANTS / 2)) : [undefined];
      const before = await fingerprint();
      // Writes are checked request by request: each refused one must leave every table as it was.
      let last = before;
      let anyAccepted = false;
      const n = Math.max(bodies.length, queries.length) + (paramNames.length ? 4 : 0);
      for (let i = 0; i < n; i++) {
        const path = fillPath(paramNames.length > 0 && i >= n - 4);
        const q = queries[i % queries.length];
        // The last request also carries malformed percent-escapes, as a broken client might.
        const url = (q === undefined ? path : `${path}?${toQuery(q)}`) + (i === n - 1 ? `${q === undefined ? '?' : '&'}x=%E0%A4%A&%ZZ=1` : '');
        let body = route.method === 'GET' ? undefined : bodies[i % bodies.length];
        if (body === undefined && route.method !== 'GET') body = {};
        const res = await client.request(route.method as 'GET', url, body as never, Buffer.isBuffer(body) ? { 'content-type': 'application/octet-stream' } : {});
        requests++;
        if (res.status >= 500) failures.push(`${route.method} ${route.url} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)} for ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120)}`);
        if (res.status < 400) anyAccepted = true;
        if (route.method !== 'GET') {
          const now = await fingerprint();
          if (res.status >= 400 && now !== last) failures.push(`${route.method} ${route.url} → ${res.status}, yet a table changed, for ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120)}`);
          last = now;
        }
        // Error answers are machine-readable: an English code and a Chinese message.
        if (res.status >= 400 && res.status < 500 && res.body) {
          if (!/^[a-z_]+(\.[a-z_]+)*$/.test(res.body.code ?? '') || !/[\u4e00-\u9fff]/.test(res.body.message ?? '')) failures.push(`${route.method} ${route.url} → ${res.status} without code/Chinese message: ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      }
      // A read may touch a row when it succeeds (a member's notification marked read); refused, never.
      if (route.method === 'GET' && !anyAccepted && (await fingerprint()) !== before) failures.push(`${route.method} ${route.url}: every request was refused, yet a table changed`);
    }
    console.log(`fuzzed ${routes.length} routes with ${requests} requests`);
    expect(failures).toEqual([]);
  });
});
