/**
 * The weekly digest (每周简报): for each subscriber, once a week, what changed in the cockpit
 * they follow, read with their own scope and role — the headline figures that moved most against
 * the year before, cases that fell overdue during the week, rank moves in the week's
 * publications. It lands in the in-app inbox; with an e-mail address it also goes through the
 * mail adapter (by default a file outbox, <data>/outbox/digest-mail-<date>.jsonl: no mail server
 * is connected here).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { and, desc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { notFound } from '../../errors';
import { recordAudit } from '../audit';
import { actorForUser } from '../auth';
import { cockpitView } from '../cockpit';
import { newlyOverdueCases } from '../ledger';
import { recentRankChanges } from '../assessment';
import { getUnitInScope } from '../org';
import type { HeadlineView } from '../../../shared/cockpit';
import type { Digest, InboxItem, SubscriptionView } from '../../../shared/digest';
import { digestSubscriptions, inboxMessages } from './digest.table';

const WEEK_MS = 7 * 24 * 3600_000;
const cstDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export interface MailAdapter {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}
export const fileMailer = (dir: string): MailAdapter => ({
  async send(m) {
    await mkdir(dir, { recursive: true });
    await appendFile(join(dir, `digest-mail-${cstDate(new Date())}.jsonl`), JSON.stringify({ ...m, at: new Date().toISOString() }) + '\n');
  },
});

export async function buildDigest(db: DbOrTx, actor: Actor, cockpitId: number, now = new Date()): Promise<Digest> {
  const view = await cockpitView(db, actor, cockpitId, {});
  const unit = await getUnitInScope(db, actor, view.cockpit.unit.id);
  const movers = view.widgets
    .filter((w): w is HeadlineView => w.kind === 'headline' && w.value != null && w.change != null)
    .map((w) => {
      const i = w.trend.findIndex((p) => p.period === w.period);
      const prev = i > 0 ? w.trend[i - 1].value : null;
      const relative = prev ? (w.value! - prev) / Math.abs(prev) : 0;
      return { indicatorId: w.indicator.id, label: w.label, period: w.period!, text: w.text, change: w.change!, relative };
    })
    .sort((a, b) => Math.abs(b.relative) - Math.abs(a.relative))
    .slice(0, 5);
  const from = new Date(now.getTime() - WEEK_MS);
  const newlyOverdue = await newlyOverdueCases(db, actor.tenantId, unit.path, cstDate(from), cstDate(now));
  const rankChanges = await recentRankChanges(db, actor.tenantId, unit.path, from);
  return { unit: { id: unit.id, name: unit.name }, cockpit: { id: cockpitId, title: view.cockpit.title }, from: cstDate(from), to: cstDate(now), movers, newlyOverdue, rankChanges };
}

/** The digest in words, for e-mail. */
export function digestText(d: Digest): string {
  const lines = [`${d.unit.name} · ${d.cockpit.title} · ${d.from} 至 ${d.to}`, '', '一、变化最大的指标'];
  lines.push(...(d.movers.length ? d.movers.map((m) => `  ${m.label}：${m.text ?? '—'}（${m.period}年，${m.change}）`) : ['  暂无可比数据']));
  lines.push('', `二、本周新增超期事项：${d.newlyOverdue.count}件`, ...d.newlyOverdue.examples.map((c) => `  ${c.title}（${c.unitName}，${c.dueOn}到期）`));
  lines.push('', '三、排名变化', ...(d.rankChanges.length ? d.rankChanges.map((r) => `  ${r.title}：${r.unitName}第${r.rank}名（${r.change > 0 ? `上升${r.change}` : `下降${-r.change}`}位）`) : ['  本周无新发布的排名变化']));
  return lines.join('\n');
}

export async function getSubscription(db: DbOrTx, actor: Actor): Promise<SubscriptionView> {
  const [row] = await db.select().from(digestSubscriptions).where(eq(digestSubscriptions.userId, actor.userId));
  return { subscribed: !!row, cockpitId: row?.cockpitId ?? null, email: row?.email ?? '', lastSentAt: row?.lastSentAt?.toISOString() ?? null };
}

export async function subscribe(db: DbOrTx, actor: Actor, input: { cockpitId: number; email: string }) {
  await cockpitView(db, actor, input.cockpitId, {}).catch(() => {
    throw notFound('cockpit.not_found', '驾驶舱不存在或不在您的管辖范围内');
  });
  await db.transaction(async (tx) => {
    await tx
      .insert(digestSubscriptions)
      .values({ userId: actor.userId, tenantId: actor.tenantId, cockpitId: input.cockpitId, email: input.email || null })
      .onConflictDoUpdate({ target: digestSubscriptions.userId, set: { cockpitId: input.cockpitId, email: input.email || null } });
    await recordAudit(tx, actor, { action: 'digest.subscribe', entityType: 'digest_subscription', entityId: actor.userId, summary: `订阅每周简报${input.email ? '（同时发送邮件）' : ''}` });
  });
  return getSubscription(db, actor);
}

export async function unsubscribe(db: DbOrTx, actor: Actor) {
  await db.transaction(async (tx) => {
    await tx.delete(digestSubscriptions).where(eq(digestSubscriptions.userId, actor.userId));
    await recordAudit(tx, actor, { action: 'digest.unsubscribe', entityType: 'digest_subscription', entityId: actor.userId, summary: '取消订阅每周简报' });
  });
  return getSubscription(db, actor);
}

export async function inbox(db: DbOrTx, actor: Actor): Promise<{ items: InboxItem[]; unread: number }> {
  const rows = await db.select().from(inboxMessages).where(eq(inboxMessages.userId, actor.userId)).orderBy(desc(inboxMessages.id)).limit(50);
  return { items: rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null, digest: r.digest })), unread: rows.filter((r) => !r.readAt).length };
}

export async function markRead(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db.update(inboxMessages).set({ readAt: new Date() }).where(and(eq(inboxMessages.id, id), eq(inboxMessages.userId, actor.userId))).returning({ id: inboxMessages.id });
  if (!row) throw notFound('inbox.not_found', '消息不存在');
  return { id };
}

/** Sends every digest that is due (never sent, or last sent a week ago or more). Returns how many were sent. */
export async function sendDueDigests(ctx: AppContext, mailer: MailAdapter, now = new Date()): Promise<number> {
  const due = await ctx.db
    .select()
    .from(digestSubscriptions)
    .where(or(isNull(digestSubscriptions.lastSentAt), lte(digestSubscriptions.lastSentAt, new Date(now.getTime() - WEEK_MS))));
  let sent = 0;
  for (const s of due) {
    const actor = await actorForUser(ctx, s.userId);
    if (!actor) continue;
    let digest: Digest;
    try {
      digest = await buildDigest(ctx.db, actor, s.cockpitId, now);
    } catch {
      continue; // the cockpit is gone or out of reach: nothing to send this week
    }
    const title = `每周简报：${digest.unit.name}（${digest.from} 至 ${digest.to}）`;
    await ctx.db.transaction(async (tx) => {
      await tx.insert(inboxMessages).values({ tenantId: actor.tenantId, userId: actor.userId, title, digest });
      await tx.update(digestSubscriptions).set({ lastSentAt: now }).where(eq(digestSubscriptions.userId, actor.userId));
      await recordAudit(tx, null, { action: 'digest.sent', entityType: 'digest_subscription', entityId: actor.userId, summary: `发送每周简报给${actor.displayName}` }, { tenantId: actor.tenantId, actorName: '系统' });
    });
    if (s.email) await mailer.send({ to: s.email, subject: title, text: digestText(digest) });
    sent++;
  }
  return sent;
}
