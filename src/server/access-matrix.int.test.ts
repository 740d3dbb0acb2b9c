/**
 * Authorization matrix: every API route × every role × a target inside and outside the
 * account's subtree. Expectations are written out here, independently of src/shared/roles.ts,
 * so a change to the role table that widens access makes this test fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from './db/client';
import { DEMO_PASSWORD } from './db/demo/demo-county';
import { createUserAsSystem } from './modules/auth';
import { createTestApp, type Client, type TestApp } from './testing/harness';
import { ROLES, type Role } from '../shared/roles';
import { idCardCheckChar } from '../shared/id-card';
import ExcelJS from 'exceljs';

type Need = 'any' | 'read:org' | 'write:org' | 'read:people' | 'write:people' | 'reveal:people' | 'import:people' | 'manage:users' | 'read:audit';

// Who may do what — the policy as stated in the issue and docs/decisions/002.
const ALLOWED: Record<Need, Role[]> = {
  any: [...ROLES],
  'read:org': [...ROLES],
  'write:org': ['admin', 'dept', 'town'],
  'read:people': [...ROLES],
  'write:people': ['admin', 'dept', 'town', 'village'],
  'reveal:people': ['admin', 'dept', 'town'],
  'import:people': ['admin', 'dept', 'town'],
  'manage:users': ['admin'],
  'read:audit': ['admin', 'auditor'],
};

interface Targets {
  unit: number;
  leaf: number;
  person: number;
  personVersion: number;
  user: number;
  userVersion: number;
  movable: number;
  moveTo: number;
}

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  route: string;
  need: Need;
  /** False for routes without a target record (the result is filtered instead). */
  scoped: boolean;
  url: (x: Targets) => string;
  body?: (x: Targets, n: number) => unknown;
}

let n = 0;
const id18 = () => {
  const day = String(1 + (n % 28)).padStart(2, '0');
  const first17 = `33078419850${(n % 9) + 1}${day}${String(n++ % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

const CASES: Case[] = [
  { method: 'GET', route: '/api/org/root', need: 'read:org', scoped: false, url: () => '/api/org/root' },
  { method: 'GET', route: '/api/org/search', need: 'read:org', scoped: false, url: () => '/api/org/search?q=330784' },
  { method: 'GET', route: '/api/org/units/:id', need: 'read:org', scoped: true, url: (x) => `/api/org/units/${x.unit}` },
  { method: 'GET', route: '/api/org/units/:id/children', need: 'read:org', scoped: true, url: (x) => `/api/org/units/${x.unit}/children` },
  { method: 'GET', route: '/api/org/units/:id/export', need: 'read:org', scoped: true, url: (x) => `/api/org/units/${x.unit}/export` },
  { method: 'POST', route: '/api/org/units', need: 'write:org', scoped: true, url: () => '/api/org/units', body: (x, i) => ({ parentId: x.unit, code: `MX-${i}`, name: `矩阵${i}`, type: 'other' }) },
  { method: 'PATCH', route: '/api/org/units/:id', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.leaf}`, body: () => ({ version: 1, name: '矩阵改名' }) },
  { method: 'POST', route: '/api/org/units/:id/move', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.movable}/move`, body: (x) => ({ version: 1, newParentId: x.moveTo }) },
  { method: 'POST', route: '/api/org/units/:id/archive', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.leaf}/archive`, body: () => ({ version: 1 }) },
  { method: 'POST', route: '/api/org/units/:id/restore', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.leaf}/restore`, body: () => ({ version: 1 }) },
  { method: 'POST', route: '/api/org/import', need: 'write:org', scoped: false, url: () => '/api/org/import?mode=preview', body: () => 'ORG_XLSX' },
  { method: 'GET', route: '/api/people', need: 'read:people', scoped: true, url: (x) => `/api/people?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/people/:id', need: 'read:people', scoped: true, url: (x) => `/api/people/${x.person}` },
  { method: 'POST', route: '/api/people/export', need: 'read:people', scoped: true, url: (x) => `/api/people/export?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/people/import/template', need: 'any', scoped: false, url: () => '/api/people/import/template' },
  { method: 'POST', route: '/api/people/import', need: 'import:people', scoped: false, url: () => '/api/people/import?mode=preview', body: () => 'PEOPLE_XLSX' },
  { method: 'POST', route: '/api/people', need: 'write:people', scoped: true, url: () => '/api/people', body: (x) => ({ name: '矩阵人员', idNumber: id18(), orgUnitId: x.unit, roles: [] }) },
  { method: 'PUT', route: '/api/people/:id', need: 'write:people', scoped: true, url: (x) => `/api/people/${x.person}`, body: (x) => ({ version: x.personVersion, name: '矩阵改名', orgUnitId: x.unit, roles: [] }) },
  { method: 'POST', route: '/api/people/:id/archive', need: 'write:people', scoped: true, url: (x) => `/api/people/${x.person}/archive`, body: (x) => ({ version: x.personVersion }) },
  { method: 'POST', route: '/api/people/:id/restore', need: 'write:people', scoped: true, url: (x) => `/api/people/${x.person}/restore`, body: (x) => ({ version: x.personVersion }) },
  { method: 'POST', route: '/api/people/:id/reveal', need: 'reveal:people', scoped: true, url: (x) => `/api/people/${x.person}/reveal` },
  { method: 'GET', route: '/api/users', need: 'manage:users', scoped: false, url: () => '/api/users' },
  { method: 'POST', route: '/api/users', need: 'manage:users', scoped: true, url: () => '/api/users', body: (x, i) => ({ username: `mx${i}`, displayName: '矩阵账号', orgUnitId: x.unit, role: 'village' }) },
  { method: 'PATCH', route: '/api/users/:id', need: 'manage:users', scoped: true, url: (x) => `/api/users/${x.user}`, body: (x) => ({ version: x.userVersion, displayName: '矩阵改名' }) },
  { method: 'POST', route: '/api/users/:id/reset-password', need: 'manage:users', scoped: true, url: (x) => `/api/users/${x.user}/reset-password` },
  { method: 'GET', route: '/api/audit/events', need: 'read:audit', scoped: false, url: () => '/api/audit/events' },
  { method: 'GET', route: '/api/auth/me', need: 'any', scoped: false, url: () => '/api/auth/me' },
];
// Routes reachable without a session, or covered by their own tests (auth.routes.int.test.ts).
const NOT_IN_MATRIX = ['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/password', 'GET /api/health', 'GET /api/ready', 'GET /api/metrics'];

let t: TestApp;
const clients = new Map<Role, Client>();
const files: Record<string, Buffer> = {};
const INSIDE_TOWN = '330784105'; // 石柱镇: every matrix account is scoped to it
const OUTSIDE_TOWN = '330784001'; // 东城街道

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) {
    await createUserAsSystem(t.ctx, { username: `m_${role}`, displayName: `矩阵${role}`, orgUnitCode: INSIDE_TOWN, role, password: DEMO_PASSWORD });
    clients.set(role, await t.login(`m_${role}`));
  }
  for (const [key, header, row] of [
    ['ORG_XLSX', ['编码', '名称', '类型', '上级编码'], ['MXI-1', '导入', '其他', INSIDE_TOWN]],
    ['PEOPLE_XLSX', ['姓名', '身份证号', '所在单位编码'], ['甲', id18(), INSIDE_TOWN]],
  ] as const) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow([...header]);
    ws.addRow([...row]);
    files[key] = Buffer.from(await wb.xlsx.writeBuffer());
  }
});
afterAll(() => t?.close());

/** Fresh records for one request, so every cell of the matrix starts from the same state. */
async function targets(townCode: string, tag: string): Promise<Targets> {
  const town = await t.unitId(townCode);
  const admin = `${townCode}`;
  const mk = async (code: string, parentId: number) => {
    const [r] = await queryRows<{ id: number }>(t.ctx.db, sql`insert into org_units (tenant_id, code, name, type, parent_id, pinyin_initials, pinyin_full) values ('330784', ${code}, ${code}, 'other', ${parentId}, 'x', 'x') returning id`);
    return r.id;
  };
  const leaf = await mk(`L-${tag}`, town);
  const movable = await mk(`MV-${tag}`, town);
  const moveTo = await mk(`MT-${tag}`, town);
  const [person] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`select id, version from persons where org_unit_id = ${town} or org_unit_id in (select id from org_units where parent_id = ${town}) order by id desc limit 1`);
  let [user] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`select id, version from users where org_unit_id = ${town} and username like 'target_%' limit 1`);
  if (!user) {
    const row = await createUserAsSystem(t.ctx, { username: `target_${admin}`, displayName: '目标账号', orgUnitCode: townCode, role: 'village', password: DEMO_PASSWORD });
    user = { id: row.id, version: row.version };
  }
  // Archived leaf for the restore case is made by the case itself when needed.
  return { unit: town, leaf, person: person.id, personVersion: person.version, user: user.id, userVersion: user.version, movable, moveTo };
}

describe('authorization matrix', () => {
  it('covers every API route', () => {
    const covered = new Set([...CASES.map((c) => `${c.method} ${c.route}`), ...NOT_IN_MATRIX]);
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('refuses every non-public route without a session', async () => {
    const anon = t.anonymous();
    const x = await targets(INSIDE_TOWN, 'anon');
    for (const c of CASES) {
      let body = c.body?.(x, n++);
      if (typeof body === 'string') body = files[body];
      const res = await anon.request(c.method, c.url(x), body);
      expect(res.status, `${c.method} ${c.route}`).toBe(401);
    }
  });

  const cells: [Role, Case, 'inside' | 'outside'][] = [];
  for (const role of ROLES) for (const c of CASES) for (const where of ['inside', 'outside'] as const) if (where === 'inside' || c.scoped) cells.push([role, c, where]);

  it.each(cells.map(([role, c, where]) => [`${role} ${c.method} ${c.route} ${where}`, role, c, where] as const))('%s', async (_name, role, c, where) => {
    const client = clients.get(role)!;
    const tag = `${role}-${c.method}-${c.route}-${where}`.replace(/[^A-Za-z0-9]+/g, '');
    const x = await targets(where === 'inside' ? INSIDE_TOWN : OUTSIDE_TOWN, tag.slice(-30) + n++);
    if (c.route.endsWith('/restore')) {
      const table = c.route.startsWith('/api/people') ? 'persons' : 'org_units';
      const id = table === 'persons' ? x.person : x.leaf;
      await t.ctx.db.execute(sql`update ${sql.identifier(table)} set archived_at = now() where id = ${id}`);
    }
    let body = c.body?.(x, n++);
    if (typeof body === 'string') body = files[body];
    const [{ before }] = await queryRows<{ before: number }>(t.ctx.db, sql`select count(*)::int as before from audit_events where actor_id = (select id from users where username = ${'m_' + role})`);
    const res = await client.request(c.method, c.url(x), body);
    const allowed = ALLOWED[c.need].includes(role);
    const label = `${role} ${c.method} ${c.route} ${where}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
    if (!allowed) {
      expect(res.status, label).toBe(403);
      expect(res.body.code, label).toBe('auth.forbidden');
    } else if (where === 'inside') {
      expect(res.status, label).toBeGreaterThanOrEqual(200);
      expect(res.status, label).toBeLessThan(300);
    } else {
      // Outside the subtree: not found, or a field error that the unit is out of scope.
      expect([400, 404], label).toContain(res.status);
      if (res.status === 400) expect(res.body.code, label).toMatch(/out_of_scope$/);
    }
    if (!allowed || where === 'outside') {
      // A refused request wrote nothing — not even an audit entry for a change.
      const [{ after }] = await queryRows<{ after: number }>(t.ctx.db, sql`select count(*)::int as after from audit_events where actor_id = (select id from users where username = ${'m_' + role}) and action not like 'auth.%'`);
      const [{ authBefore }] = await queryRows<{ authBefore: number }>(t.ctx.db, sql`select count(*)::int as "authBefore" from audit_events where actor_id = (select id from users where username = ${'m_' + role}) and action like 'auth.%'`);
      expect(after + authBefore, label).toBe(before);
    }
  });

  it('never lists records from outside the subtree in unscoped listings', async () => {
    for (const role of ROLES) {
      const c = clients.get(role)!;
      const search = await c.get(`/api/org/search?q=${encodeURIComponent('东城')}`);
      expect(search.body, role).toEqual([]);
      const people = await c.get('/api/people?pageSize=200');
      const outsidePaths = await queryRows<{ id: number }>(t.ctx.db, sql`select p.id from persons p join org_units o on o.id = p.org_unit_id where o.path not like (select path from org_units where code = ${INSIDE_TOWN}) || '%'`);
      const outside = new Set(outsidePaths.map((r) => r.id));
      expect(people.body.items.some((p: { id: number }) => outside.has(p.id)), role).toBe(false);
    }
    const audit = await clients.get('auditor')!.get('/api/audit/events?pageSize=200');
    const paths = audit.body.items.map((e: { orgPath: string | null }) => e.orgPath);
    const [{ path }] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where code = ${INSIDE_TOWN}`);
    expect(paths.every((p: string | null) => p !== null && p.startsWith(path))).toBe(true);
  });
});
