import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import type { Digest, InboxItem } from '../../../shared/digest';
import { fileMailer, sendDueDigests } from './digest.service';

describe('weekly digest (每周简报)', () => {
  let t: TestApp;
  let leader: Client;
  let town: Client;
  let cockpitId: number;
  beforeAll(async () => {
    t = await createTestApp();
    leader = await t.login('leader');
    town = await t.login('town');
    cockpitId = (await leader.get('/api/cockpits')).body.find((c: { scope: string }) => c.scope === 'county').id;
  }, 120_000);
  afterAll(() => t?.close());

  it('validates a subscription and refuses a cockpit out of reach', async () => {
    const bad = await leader.put('/api/digest/subscription', { cockpitId, email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ path: 'email', message: '邮箱格式不正确' })]);
    expect((await leader.put('/api/digest/subscription', { cockpitId: 999999, email: '' })).status).toBe(404);
  });

  it('sends each subscriber a digest once a week, to the inbox and by the mail adapter, read with their own scope', async () => {
    expect((await leader.put('/api/digest/subscription', { cockpitId, email: 'leader@example.gov.cn' })).body.subscribed).toBe(true);
    expect((await town.put('/api/digest/subscription', { cockpitId, email: '' })).status).toBe(200);
    // A case that fell due three days ago and is still open: "new overdue" this week.
    const [c] = await queryRows<{ id: number; title: string }>(
      t.ctx.db,
      sql`update cases set due_on = (now() at time zone 'Asia/Shanghai')::date - 3 where id = (
            select c.id from cases c join org_units o on o.id = c.org_unit_id where c.status not in ('resolved', 'closed') and o.path like (select path from org_units where code = '330784105') || '%'
              and not exists (select 1 from ledger_categories lc where lc.id = c.category_id and lc.sensitive) order by c.id limit 1) returning id, title`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-mail-'));
    const now = new Date();
    expect(await sendDueDigests(t.ctx, fileMailer(dir), now)).toBe(2);
    expect(await sendDueDigests(t.ctx, fileMailer(dir), new Date(now.getTime() + 3600_000))).toBe(0);
    const inbox = (await leader.get('/api/inbox')).body as { items: InboxItem[]; unread: number };
    expect(inbox.unread).toBe(1);
    const d: Digest = inbox.items[0].digest;
    expect(d.unit.name).toBe('永康市');
    expect(d.movers.length).toBeGreaterThan(0);
    expect(Math.abs(d.movers[0].relative)).toBeGreaterThanOrEqual(Math.abs(d.movers.at(-1)!.relative));
    expect(d.newlyOverdue.examples.map((e) => e.id)).toContain(c.id);
    // The town's digest is its own town's.
    const townDigest = ((await town.get('/api/inbox')).body as { items: InboxItem[] }).items[0].digest;
    expect(townDigest.unit.name).toBe('石柱镇');
    expect(townDigest.newlyOverdue.count).toBeLessThanOrEqual(d.newlyOverdue.count);
    // E-mail went through the adapter only for the subscriber who gave an address.
    const mail = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: 'leader@example.gov.cn', subject: expect.stringContaining('每周简报') });
    expect(mail[0].text).toContain('本周新增超期事项');
    // Read by the recipient only.
    const id = inbox.items[0].id;
    expect((await town.post(`/api/inbox/${id}/read`)).status).toBe(404);
    expect((await leader.post(`/api/inbox/${id}/read`)).status).toBe(200);
    expect(((await leader.get('/api/inbox')).body as { unread: number }).unread).toBe(0);
    // A week later it is due again.
    expect(await sendDueDigests(t.ctx, fileMailer(dir), new Date(now.getTime() + 7 * 24 * 3600_000 + 1000))).toBe(2);
  });

  it('stops after unsubscribing', async () => {
    expect((await town.post('/api/digest/unsubscribe')).body.subscribed).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-mail-'));
    expect(await sendDueDigests(t.ctx, fileMailer(dir), new Date(Date.now() + 30 * 24 * 3600_000))).toBe(1);
  });
});
