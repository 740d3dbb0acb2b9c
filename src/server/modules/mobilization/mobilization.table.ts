import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A force (应急队伍), e.g. one of the county's "3+4" teams: a named grouping of response units,
 * owned by the unit that set it up (usually the county).
 */
export const mobilizationForces = pgTable(
  'mobilization_forces',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    sortOrder: integer('sort_order').notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mobilization_forces_name_key').on(t.tenantId, t.name)],
);

/**
 * A response unit (应急响应单元): a standing team attached to an org unit (village, community,
 * town, department), with a leader, a deputy and a minimum strength (最低到岗人数).
 */
export const responseUnits = pgTable(
  'response_units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    forceId: integer('force_id'),
    orgUnitId: integer('org_unit_id').notNull(),
    name: text('name').notNull(),
    leaderPersonId: integer('leader_person_id'),
    deputyPersonId: integer('deputy_person_id'),
    minStrength: integer('min_strength').notNull().default(1),
    note: text('note'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('response_units_org_name_key').on(t.orgUnitId, t.name),
    index('response_units_force_idx').on(t.forceId),
    index('response_units_tenant_idx').on(t.tenantId),
  ],
);

/** A person from the registry on a unit's roster, with skills and availability. */
export const rosterMembers = pgTable(
  'roster_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    unitId: integer('unit_id').notNull(),
    personId: integer('person_id').notNull(),
    /** 'leader' | 'deputy' | 'member' — kept in step with the unit's leader and deputy. */
    position: text('position').notNull().default('member'),
    skills: jsonb('skills').$type<string[]>().notNull().default([]),
    /** 'available' | 'limited' | 'unavailable'; unavailable members are not notified. */
    availability: text('availability').notNull().default('available'),
    availabilityNote: text('availability_note'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('roster_members_unit_person_key').on(t.unitId, t.personId), index('roster_members_person_idx').on(t.personId)],
);

/**
 * An activation order (激活令): event, level, instructions, where and when to assemble. Active
 * until stood down; the after-action notes are kept with it.
 */
export const activations = pgTable(
  'activations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    issuerUnitId: integer('issuer_unit_id').notNull(),
    event: text('event').notNull(),
    /** 'I' | 'II' | 'III' | 'IV' */
    level: text('level').notNull(),
    instructions: text('instructions'),
    assemblyPoint: text('assembly_point').notNull(),
    assemblyAt: timestamp('assembly_at', { withTimezone: true }).notNull(),
    /** 'active' | 'stood_down' */
    status: text('status').notNull().default('active'),
    issuedBy: text('issued_by').notNull(),
    issuedByUserId: integer('issued_by_user_id'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    standDownAt: timestamp('stand_down_at', { withTimezone: true }),
    standDownBy: text('stand_down_by'),
    afterActionNotes: text('after_action_notes'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('activations_tenant_issued_idx').on(t.tenantId, t.issuedAt), index('activations_issuer_idx').on(t.issuerUnitId)],
);

/** The response units an order activated (a unit with nobody available still appears on the board). */
export const activationUnits = pgTable(
  'activation_units',
  {
    tenantId: text('tenant_id').notNull(),
    activationId: integer('activation_id').notNull(),
    unitId: integer('unit_id').notNull(),
    /** Minimum strength when activated, so later roster edits do not rewrite the after-action record. */
    minStrength: integer('min_strength').notNull(),
  },
  (t) => [primaryKey({ columns: [t.activationId, t.unitId] }), index('activation_units_unit_idx').on(t.unitId)],
);

/**
 * One row per person per order, whatever number of activated units they are on: the personal
 * check-in link, and what happened to it. The link's token is never stored: only its SHA-256
 * (`token_hash`, for lookup) and the random salt it is derived from with the server key, so a
 * copy of the database alone cannot check anyone in (docs/decisions/008).
 */
export const activationMembers = pgTable(
  'activation_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    activationId: integer('activation_id').notNull(),
    /** The unit the member answers for: where they lead, else the first activated unit they are on. */
    unitId: integer('unit_id').notNull(),
    personId: integer('person_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    tokenSalt: text('token_salt').notNull(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    notifyCount: integer('notify_count').notNull().default(0),
    lastNotifiedAt: timestamp('last_notified_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    /** null (no answer yet) | 'arrived' | 'declined' */
    response: text('response'),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    /** 'link' (the member) | 'hand' (checked in by a commander) */
    responseVia: text('response_via'),
    checkedInBy: text('checked_in_by'),
    checkedInByUserId: integer('checked_in_by_user_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activation_members_token_key').on(t.tokenHash),
    uniqueIndex('activation_members_person_key').on(t.activationId, t.personId),
    index('activation_members_unit_idx').on(t.activationId, t.unitId),
  ],
);

/** The order's timeline: issued, re-notified, checked in by hand, stood down, notes edited. */
export const activationEvents = pgTable(
  'activation_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    activationId: integer('activation_id').notNull(),
    kind: text('kind').notNull(),
    memberId: integer('member_id'),
    actorName: text('actor_name').notNull(),
    summary: text('summary').notNull(),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('activation_events_activation_idx').on(t.activationId, t.at)],
);

/**
 * Notifications: the member's in-app inbox and the outbox the external notifiers drain. A row
 * is written in the transaction that activates or re-notifies (so none is lost), then delivered
 * after commit through every configured notifier. The text never holds the link: it is derived
 * again at delivery time.
 */
export const mobilizationNotifications = pgTable(
  'mobilization_notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    activationId: integer('activation_id').notNull(),
    memberId: integer('member_id').notNull(),
    /** 'activation' | 'renotify' | 'stand_down' */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** 'queued' | 'sent' | 'failed' (gave up after repeated errors) */
    status: text('status').notNull().default('queued'),
    /** Channels that accepted it, e.g. "file,sms". */
    channels: text('channels'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set while an instance is delivering it; a stale claim is taken over. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('mobilization_notifications_member_idx').on(t.memberId), index('mobilization_notifications_status_idx').on(t.status, t.id)],
);

export type ForceRow = typeof mobilizationForces.$inferSelect;
export type ResponseUnitRow = typeof responseUnits.$inferSelect;
export type RosterMemberRow = typeof rosterMembers.$inferSelect;
export type ActivationRow = typeof activations.$inferSelect;
export type ActivationMemberRow = typeof activationMembers.$inferSelect;
