import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { personSummaries } from '../people';
import { announceActivationChange } from './activation-bus';
import { checkinPath, tokenFromSalt } from './tokens';

/**
 * Notifiers deliver check-in links. Every message is first written to the
 * `mobilization_notifications` outbox in the same transaction as the order (so a crash loses
 * none); after commit the outbox is drained through every configured notifier. The in-app
 * inbox is the outbox row itself, shown on the member's check-in page. External gateways (SMS,
 * DingTalk/浙政钉, 浙里办) plug in as further notifiers: docs/decisions/008.
 */
export interface OutboundMessage {
  notificationId: number;
  activationId: number;
  kind: 'activation' | 'renotify';
  recipient: { personId: number; name: string; phoneMasked: string | null };
  title: string;
  /** The message with the link appended, ready to send as a text. */
  text: string;
  /** Path of the personal check-in page (`/c/<token>`); prefix the public origin when sending. */
  link: string;
}

export interface DeliveryResult {
  notificationId: number;
  ok: boolean;
  error?: string;
}

export interface Notifier {
  /** Short channel id recorded with each delivered message: 'file', 'sms', 'dingtalk'… */
  readonly channel: string;
  /** Delivers a batch (up to 500); answers per message. Throwing fails the whole batch. */
  send(batch: readonly OutboundMessage[]): Promise<DeliveryResult[]>;
}

/**
 * The default sink: one JSON line per message in `<dir>/checkin-links-YYYY-MM-DD.jsonl`, the
 * stand-in for an SMS gateway on a machine with none. The file holds live links: it lives in
 * the data folder and is as sensitive as the data folder.
 */
export function fileNotifier(dir: string): Notifier {
  return {
    channel: 'file',
    async send(batch) {
      await mkdir(dir, { recursive: true });
      const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      const at = new Date().toISOString();
      const lines = batch.map((m) => JSON.stringify({ at, to: m.recipient, title: m.title, text: m.text, link: m.link }) + '\n').join('');
      await appendFile(join(dir, `checkin-links-${day}.jsonl`), lines, { mode: 0o600 });
      return batch.map((m) => ({ notificationId: m.notificationId, ok: true }));
    },
  };
}

type NotifierFactory = (ctx: AppContext) => Notifier[];
let factory: NotifierFactory = (ctx) => [fileNotifier(join(ctx.config.dataDir, 'outbox'))];

/**
 * Replaces the notifiers every app built afterwards uses, e.g. `[smsNotifier(cfg), fileNotifier(dir)]`.
 * A message counts as delivered when every notifier accepted it.
 */
export function useNotifiers(next: NotifierFactory): void {
  factory = next;
}
export const configuredNotifiers = (ctx: AppContext): Notifier[] => factory(ctx);

const BATCH = 500;
/** After this many failed attempts a message is marked failed (the board still shows it silent). */
const MAX_ATTEMPTS = 5;
/** A claim older than this is taken over: its instance died or the attempt failed. */
const RETRY_AFTER = '2 minutes';

interface Claimed {
  id: number;
  activationId: number;
  memberId: number;
  kind: 'activation' | 'renotify';
  title: string;
  body: string;
  attempts: number;
}

/**
 * Drains the outbox. Several instances may drain at once: each claims a batch with
 * `FOR UPDATE SKIP LOCKED`. A failed message stays queued and is retried after RETRY_AFTER.
 */
export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly notifiers: readonly Notifier[],
    private readonly log: { info(msg: string): void; warn(msg: string): void },
  ) {}

  /** Starts draining now (and again after, if already running). Never throws. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: Error) => this.log.warn(`notification outbox: ${e.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when nothing is being delivered (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Messages waiting for delivery, written by any instance (the outbox's depth, for metrics). */
  async queuedCount(): Promise<number> {
    const [r] = await queryRows<{ n: number }>(this.ctx.db, sql`select count(*)::int as n from mobilization_notifications where status = 'queued'`);
    return r.n;
  }

  /** Retries left-overs (a crash, a gateway outage) every `everyMs`. */
  start(everyMs = 30_000): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = await queryRows<Claimed>(
        this.ctx.db,
        sql`update mobilization_notifications set claimed_at = now(), attempts = attempts + 1
            where id in (select id from mobilization_notifications
                         where status = 'queued' and (claimed_at is null or claimed_at < now() - ${RETRY_AFTER}::interval)
                         order by id limit ${BATCH} for update skip locked)
            returning id, activation_id as "activationId", member_id as "memberId", kind, title, body, attempts`,
      );
      if (!batch.length) return;
      await this.deliver(batch);
      if (batch.length < BATCH) return;
    }
  }

  private async deliver(batch: Claimed[]): Promise<void> {
    const members = await queryRows<{ id: number; personId: number; tokenSalt: string; active: boolean }>(
      this.ctx.db,
      sql`select m.id, m.person_id as "personId", m.token_salt as "tokenSalt", a.status = 'active' as active
          from activation_members m join activations a on a.id = m.activation_id
          where m.id in (${sql.join(batch.map((b) => sql`${b.memberId}`), sql`, `)})`,
    );
    const byId = new Map(members.map((m) => [m.id, m]));
    const people = new Map((await personSummaries(this.ctx.db, members.map((m) => m.personId))).map((p) => [p.id, p]));
    const closed = batch.filter((b) => !byId.get(b.memberId)?.active);
    const open = batch.filter((b) => byId.get(b.memberId)?.active);
    const messages: OutboundMessage[] = open.map((b) => {
      const m = byId.get(b.memberId)!;
      const p = people.get(m.personId);
      const link = checkinPath(tokenFromSalt(this.ctx.crypto, m.tokenSalt));
      return {
        notificationId: b.id,
        activationId: b.activationId,
        kind: b.kind,
        recipient: { personId: m.personId, name: p?.name ?? '', phoneMasked: p?.phoneMasked ?? null },
        title: b.title,
        text: `${b.body} 报到链接：${link}`,
        link,
      };
    });
    const failures = new Map<number, string>();
    for (const n of this.notifiers) {
      let results: DeliveryResult[];
      try {
        results = messages.length ? await n.send(messages) : [];
      } catch (e) {
        results = messages.map((m) => ({ notificationId: m.notificationId, ok: false, error: (e as Error).message }));
      }
      const answered = new Set(results.map((r) => r.notificationId));
      for (const m of messages) if (!answered.has(m.notificationId)) results.push({ notificationId: m.notificationId, ok: false, error: `${n.channel}: 未返回结果` });
      for (const r of results) if (!r.ok) failures.set(r.notificationId, `${n.channel}: ${r.error ?? '发送失败'}`);
    }
    const sent = open.filter((b) => !failures.has(b.id));
    const failed = open.filter((b) => failures.has(b.id));
    await this.ctx.db.transaction(async (tx) => {
      if (sent.length) {
        const channels = this.notifiers.map((n) => n.channel).join(',') || 'inbox';
        await tx.execute(sql`update mobilization_notifications set status = 'sent', sent_at = now(), channels = ${channels}, last_error = null
          where id in (${sql.join(sent.map((b) => sql`${b.id}`), sql`, `)})`);
        await tx.execute(sql`update activation_members set notified_at = coalesce(notified_at, now()), last_notified_at = now(), notify_count = notify_count + 1, updated_at = now()
          where id in (${sql.join(sent.map((b) => sql`${b.memberId}`), sql`, `)})`);
      }
      for (const b of failed) {
        const giveUp = b.attempts >= MAX_ATTEMPTS;
        await tx.execute(sql`update mobilization_notifications set last_error = ${failures.get(b.id)!}, status = ${giveUp ? 'failed' : 'queued'} where id = ${b.id}`);
      }
      if (closed.length) {
        await tx.execute(sql`update mobilization_notifications set status = 'failed', last_error = '激活令已解除，未发送'
          where id in (${sql.join(closed.map((b) => sql`${b.id}`), sql`, `)})`);
      }
      for (const id of new Set(sent.map((b) => b.activationId))) await announceActivationChange(tx, id);
    });
    if (sent.length) this.log.info(`已发送报到通知 ${sent.length} 条（${this.notifiers.map((n) => n.channel).join('、') || '站内'}）`);
    if (failed.length) this.log.warn(`报到通知发送失败 ${failed.length} 条，稍后重试：${[...failures.values()][0]}`);
  }
}
