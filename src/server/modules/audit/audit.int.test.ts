import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { archiveAuditEvents } from './audit.service';

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
    // Not even inside an archiving transaction: the event is younger than 180 days.
    expect(await t.ctx.db.transaction(async (tx) => { await tx.execute(sql`set local lizhou.audit_archive = 'on'`); await tx.execute(sql`delete from audit_events where id = ${id}`); }).then(() => 'succeeded', (e: { message: string; cause?: { message?: string } }) => e.cause?.message ?? e.message)).toMatch(/older than 180 days/);
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

  it('exports the filtered log as .xlsx, and records the export', async () => {
    const res = await auditor.get('/api/audit/events/export?action=org.');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where action like 'org.%'`);
    expect(n).toBeGreaterThan(0);
    expect(ws.rowCount - 1).toBe(n);
    expect(String(ws.getRow(2).getCell(6).value)).toMatch(/^org\./);
    const [last] = await queryRows<{ action: string; summary: string }>(t.ctx.db, sql`select action, summary from audit_events order by id desc limit 1`);
    expect(last).toEqual({ action: 'audit.export', summary: `导出审计日志 ${n} 条` });
  });

  it('archives only events past the retention, writing them out before deleting them', async () => {
    const old = (days: number, summary: string) => t.ctx.db.execute(sql`insert into audit_events (tenant_id, at, actor_name, action, entity_type, summary) values ('330784', now() - make_interval(days => ${days}), '测试', 'test.old', 'test', ${summary})`);
    await old(400, '四百天前');
    await old(200, '两百天前');
    await old(100, '一百天前');
    const count = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where action = 'test.old'`))[0].n;
    await expect(archiveAuditEvents(t.ctx.db, 90, async () => {})).rejects.toThrow(/at least 180/);
    // If the archive cannot be stored, nothing is deleted.
    await expect(archiveAuditEvents(t.ctx.db, 180, async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
    expect(await count()).toBe(3);
    let stored: Buffer | null = null;
    const r = await archiveAuditEvents(t.ctx.db, 365, async (archive) => { stored = archive; });
    expect(r.count).toBe(1);
    const lines = gunzipSync(stored!).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.summary)).toEqual(['四百天前']);
    expect(await count()).toBe(2);
    const r2 = await archiveAuditEvents(t.ctx.db, 180, async (archive) => { stored = archive; });
    expect(r2.count).toBe(1);
    expect(await count()).toBe(1);
    const [note] = await queryRows<{ summary: string }>(t.ctx.db, sql`select summary from audit_events where action = 'system.audit_archive' order by id desc limit 1`);
    expect(note.summary).toContain(r2.sha256!);
  });
});
