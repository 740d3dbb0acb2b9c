import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 结对联系: a relationship with a purpose and a period — a leader with a young entrepreneur
 * (联系新生代企业家), party organizations building together (党建联建, 五全联建), units along a
 * demonstration belt (共同富裕党建示范带). Scope follows the owner unit.
 */
export const pairings = pgTable(
  'pairings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').notNull(), // PairingKind: leader_entrepreneur | joint_building | belt | other
    title: text('title').notNull(),
    purpose: text('purpose').notNull(),
    ownerUnitId: integer('owner_unit_id').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    /** Set when the pairing is ended before its period is over. */
    endedOn: date('ended_on'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pairings_owner_idx').on(t.tenantId, t.ownerUnitId)],
);

/** The sides of a pairing: people (person_id) or units (org_unit_id), each with its role in it. */
export const pairingParties = pgTable(
  'pairing_parties',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    pairingId: integer('pairing_id').notNull(),
    personId: integer('person_id'),
    orgUnitId: integer('org_unit_id'),
    /** 联系领导 / 企业家 / 牵头单位 / 成员单位… */
    roleLabel: text('role_label').notNull(),
  },
  (t) => [index('pairing_parties_pairing_idx').on(t.pairingId), index('pairing_parties_person_idx').on(t.personId), index('pairing_parties_unit_idx').on(t.orgUnitId)],
);

/** A contact logged against a pairing: a visit, a talk, a joint activity. */
export const pairingContacts = pgTable(
  'pairing_contacts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    pairingId: integer('pairing_id').notNull(),
    occurredOn: date('occurred_on').notNull(),
    kind: text('kind').notNull(), // ContactKind: visit | talk | joint_activity | call | other
    summary: text('summary').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pairing_contacts_pairing_idx').on(t.pairingId, t.occurredOn)],
);

export type PairingRow = typeof pairings.$inferSelect;
export type PairingPartyRow = typeof pairingParties.$inferSelect;
export type PairingContactRow = typeof pairingContacts.$inferSelect;
