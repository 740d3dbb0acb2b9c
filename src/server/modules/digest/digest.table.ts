import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Digest } from '../../../shared/digest';

/** A user's weekly digest (每周简报): which cockpit's figures to watch, and where to send it. */
export const digestSubscriptions = pgTable('digest_subscriptions', {
  userId: integer('user_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  cockpitId: integer('cockpit_id').notNull(),
  /** Also sent by e-mail (through the mail adapter) when an address is given; the inbox always. */
  email: text('email'),
  lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** In-app messages (站内信): the weekly digests. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    userId: integer('user_id').notNull(),
    title: text('title').notNull(),
    digest: jsonb('digest').$type<Digest>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('inbox_messages_user_idx').on(t.userId, t.id)],
);
