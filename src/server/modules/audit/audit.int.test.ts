import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let auditor: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  [auditor, admin] = await Promise.all([t.login('auditor'), t.login('admin')]);
});
afterAll(() => t?.close());

describe('audit log', () => {
  it('cannot be changed or deleted, even by SQL from the app', async () => {
    const [{ id }] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from audit_events order by id limit 1`);
    // Drizzle wraps the database error; the trigger's message is on the cause.
    const failure = (q: ReturnType<typeof sql>) =>
      t.ctx.db.execute(q).then(
        () => 'succeeded',
        (e: { message: string; cause?: { message?: string } }) => e.cause?.message ?? e.message,
      );
    expect(await failure(sql`update audit_events set summary = 'x' where id = ${id}`)).toMatch(/append-only/);
    expect(await failure(sql`delete from audit_events where id = ${id}`)).toMatch(/append-only/);
    expect(await failure(sql`truncate audit_events`)).toMatch(/append-only/);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where id = ${id} and summary <> 'x'`);
    expect(n).toBe(1);
  });

  it('has no HTTP route that writes to it', () => {
    const writes = t.app.routeList.filter((r) => r.url.startsWith('/api/audit') && r.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('records who, what, when, from where, with before and after', async () => {
    const unitId = await t.unitId('330784105');
    const created = await admin.post('/api/org/units', { parentId: unitId, code: 'AUD-1', name: '审计测试', type: 'other' });
    await admin.patch(`/api/org/units/${created.body.id}`, { version: 1, name: '审计测试改' });
    const r = await auditor.get(`/api/audit/events?entityType=org_unit&entityId=${created.body.id}`);
    expect(r.body.total).toBe(2);
    const [update, create] = r.body.items;
    expect(create).toMatchObject({ action: 'org.create', actorName: '系统管理员', actorRole: 'admin', ip: '127.0.0.1', after: { name: '审计测试' } });
    expect(update).toMatchObject({ action: 'org.update', before: { name: '审计测试' }, after: { name: '审计测试改' } });
    expect(new Date(update.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('filters by action prefix, actor, keyword and date range', async () => {
    const byAction = await auditor.get('/api/audit/events?action=auth.');
    expect(byAction.body.items.length).toBeGreaterThan(0);
    expect(byAction.body.items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
    const byActor = await auditor.get(`/api/audit/events?actor=${encodeURIComponent('系统管理员')}`);
    expect(byActor.body.items.every((e: { actorName: string }) => e.actorName.includes('系统管理员'))).toBe(true);
    const byText = await auditor.get(`/api/audit/events?q=${encodeURIComponent('审计测试改')}`);
    expect(byText.body.total).toBe(1);
    const future = await auditor.get('/api/audit/events?from=2999-01-01');
    expect(future.body.total).toBe(0);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const upToToday = await auditor.get(`/api/audit/events?to=${today}`);
    expect(upToToday.body.total).toBeGreaterThan(0);
    const bad = await auditor.get('/api/audit/events?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('rolls back the audit entry with the change when the change fails', async () => {
    const [{ before }] = await queryRows<{ before: number }>(t.ctx.db, sql`select count(*)::int as before from audit_events`);
    const unitId = await t.unitId('330784105');
    const dup = await admin.post('/api/org/units', { parentId: unitId, code: 'AUD-1', name: '重复', type: 'other' });
    expect(dup.status).toBe(400);
    const [{ after }] = await queryRows<{ after: number }>(t.ctx.db, sql`select count(*)::int as after from audit_events`);
    expect(after).toBe(before);
  });
});
