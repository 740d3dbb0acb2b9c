import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEMO_PASSWORD } from '../../db/demo/demo-county';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../testing/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

describe('login and the forced password change', () => {
  it('stores passwords as argon2id hashes', async () => {
    const [u] = await queryRows<{ password_hash: string }>(t.ctx.db, sql`select password_hash from users where username = 'leader'`);
    expect(u.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('blocks everything but the password form until the first password is changed', async () => {
    const anon = t.anonymous();
    const res = await anon.post('/api/auth/login', { username: 'leader', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
    expect(res.headers['set-cookie']).toMatch(/HttpOnly/i);
    expect(res.headers['set-cookie']).toMatch(/SameSite=Lax/i);
    const cookie = cookieOf(res);
    const csrf = res.body.csrfToken;
    const headers = { cookie, 'x-csrf-token': csrf };

    const blocked = await anon.request('GET', '/api/people', undefined, headers);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('auth.password_change_required');

    const weak = await anon.request('POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'abcdefgh' }, headers);
    expect(weak.status).toBe(400);
    expect(weak.body.details[0]).toEqual({ path: 'newPassword', message: '密码需包含大写字母、小写字母、数字、符号中的至少三类' });

    const wrong = await anon.request('POST', '/api/auth/password', { currentPassword: 'nope', newPassword: 'Better#Pass1' }, headers);
    expect(wrong.body.code).toBe('auth.current_password_wrong');

    const ok = await anon.request('POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Better#Pass1' }, headers);
    expect(ok.status).toBe(200);
    const now = await anon.request('GET', '/api/people', undefined, headers);
    expect(now.status).toBe(200);

    const old = await anon.post('/api/auth/login', { username: 'leader', password: DEMO_PASSWORD });
    expect(old.status).toBe(401);
  });

  it('locks an account for 15 minutes after 5 wrong passwords, even for the right password', async () => {
    const anon = t.anonymous();
    for (let i = 1; i <= 4; i++) {
      const r = await anon.post('/api/auth/login', { username: 'xcb', password: 'wrong' });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('auth.bad_credentials');
    }
    const fifth = await anon.post('/api/auth/login', { username: 'xcb', password: 'wrong' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.message).toContain('15 分钟');
    const right = await anon.post('/api/auth/login', { username: 'xcb', password: DEMO_PASSWORD });
    expect(right.status).toBe(423);
    const [u] = await queryRows<{ locked_until: Date }>(t.ctx.db, sql`select locked_until from users where username = 'xcb'`);
    const minutes = (new Date(u.locked_until).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // Once the lock has passed, the right password works again.
    await t.ctx.db.execute(sql`update users set locked_until = now() - interval '1 second' where username = 'xcb'`);
    expect((await anon.post('/api/auth/login', { username: 'xcb', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('locks after five failures even when the guesses arrive all at once', async () => {
    const anon = t.anonymous();
    const results = await Promise.all(Array.from({ length: 12 }, () => anon.post('/api/auth/login', { username: 'zzb', password: 'wrong' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(8);
    const right = await anon.post('/api/auth/login', { username: 'zzb', password: DEMO_PASSWORD });
    expect(right.status).toBe(423);
    await t.ctx.db.execute(sql`update users set locked_until = null, failed_attempts = 0 where username = 'zzb'`);
  });

  it('shows failed logins for unknown usernames to a county-level auditor', async () => {
    await t.anonymous().post('/api/auth/login', { username: 'ghost-user', password: 'x' });
    const auditor = await t.login('auditor');
    const log = await auditor.get('/api/audit/events?action=auth.login_failed&actor=ghost-user');
    expect(log.body.total).toBe(1);
  });

  it('does not reveal whether a username exists', async () => {
    const r = await t.anonymous().post('/api/auth/login', { username: 'nobody', password: 'x' });
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('用户名或密码错误');
  });
});

describe('sessions, CSRF and headers', () => {
  it('expires a session after 30 idle minutes', async () => {
    const c = await t.login('tzb');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await t.ctx.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where username = 'tzb')`);
    const r = await c.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.session_expired');
  });

  it('keeps a session alive while it is used within 30 minutes', async () => {
    const c = await t.login('tzb');
    await t.ctx.db.execute(sql`update sessions set last_seen_at = now() - interval '29 minutes' where user_id = (select id from users where username = 'tzb')`);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const [s] = await queryRows<{ idle: number }>(t.ctx.db, sql`select max(extract(epoch from now() - last_seen_at))::int as idle from sessions where user_id = (select id from users where username = 'tzb')`);
    expect(s.idle).toBeLessThan(60);
  });

  it('refuses a state-changing request without the CSRF token, and one from a foreign origin', async () => {
    const c = await t.login('admin');
    const parentId = await t.unitId('330784105');
    const body = { parentId, code: 'CSRF-1', name: '跨站', type: 'village' };
    const noToken = await c.request('POST', '/api/org/units', body, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('auth.csrf_invalid');
    const foreign = await c.request('POST', '/api/org/units', body, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('auth.origin_mismatch');
    const sandboxed = await c.request('POST', '/api/org/units', body, { origin: 'null' });
    expect(sandboxed.status).toBe(403);
    expect((await c.post('/api/org/units', body)).status).toBe(201);
  });

  it('sets security headers and never caches API answers', async () => {
    const c = await t.login('admin');
    const r = await c.get('/api/auth/me');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeDefined();
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('never adopts a session id chosen before login (session fixation), and stores only its hash', async () => {
    const planted = 'lz_session=attacker-chosen-token-0123456789abcdef';
    await t.ctx.db.execute(sql`update users set must_change_password = false where username = 'xcb'`);
    const res = await t.anonymous().request('POST', '/api/auth/login', { username: 'xcb', password: DEMO_PASSWORD }, { cookie: planted });
    expect(res.status).toBe(200);
    const issued = cookieOf(res);
    expect(issued).toMatch(/^lz_session=/);
    expect(issued).not.toBe(planted);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(res.headers['set-cookie'])).toMatch(/SameSite=(Lax|Strict)/i);
    // The planted id is not a session; the issued one is, and the table holds its SHA-256 only.
    expect((await t.anonymous().request('GET', '/api/auth/me', undefined, { cookie: planted })).status).toBe(401);
    expect((await t.anonymous().request('GET', '/api/auth/me', undefined, { cookie: issued })).status).toBe(200);
    const token = decodeURIComponent(issued.split('=')[1]);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from sessions where id = ${token}`);
    expect(n).toBe(0);
    // Logging in again issues yet another id: an old one cannot be carried across logins.
    const again = await t.anonymous().request('POST', '/api/auth/login', { username: 'xcb', password: DEMO_PASSWORD }, { cookie: issued });
    expect(cookieOf(again)).not.toBe(issued);
  });

  it('ends the session on logout', async () => {
    const c = await t.login('zzb');
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('account management', () => {
  it('creates an account with a temporary password that must be changed, and can disable it', async () => {
    const admin = await t.login('admin');
    const unit = await t.unitId('330784105');
    const created = await admin.post('/api/users', { username: 'shizhu2', displayName: '石柱镇干部二', orgUnitId: unit, role: 'town' });
    expect(created.status).toBe(201);
    const temp = created.body.temporaryPassword;
    const login = await t.anonymous().post('/api/auth/login', { username: 'shizhu2', password: temp });
    expect(login.body.mustChangePassword).toBe(true);

    const disabled = await admin.patch(`/api/users/${created.body.user.id}`, { version: created.body.user.version, disabled: true });
    expect(disabled.body.disabled).toBe(true);
    const again = await t.anonymous().post('/api/auth/login', { username: 'shizhu2', password: temp });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('auth.account_disabled');
  });

  it('refuses a duplicate username and a weak chosen password with field errors', async () => {
    const admin = await t.login('admin');
    const unit = await t.unitId('330784105');
    const dup = await admin.post('/api/users', { username: 'admin', displayName: 'x', orgUnitId: unit, role: 'town' });
    expect(dup.body).toMatchObject({ code: 'user.username_taken', details: [{ path: 'username' }] });
    const weak = await admin.post('/api/users', { username: 'weakling', displayName: 'x', orgUnitId: unit, role: 'town', password: 'short' });
    expect(weak.body.details[0].path).toBe('password');
  });

  it('resets a password: unlocks, forces a change, and ends existing sessions', async () => {
    const admin = await t.login('admin');
    const v = await t.login('village');
    const list = await admin.get('/api/users?q=village');
    const id = list.body.items.find((u: { username: string }) => u.username === 'village').id;
    const reset = await admin.post(`/api/users/${id}/reset-password`);
    expect(reset.body.temporaryPassword).toHaveLength(12);
    expect((await v.get('/api/auth/me')).status).toBe(401);
  });
});
