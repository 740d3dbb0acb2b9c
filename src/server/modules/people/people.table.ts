import { date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The people registry (人员库): one row per human. ID number and phone are stored encrypted
 * (AES-256-GCM), with a keyed hash for exact lookup and duplicate detection and a masked copy
 * for lists, so the plain value leaves the database only through an audited reveal.
 */
export const persons = pgTable(
  'persons',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    gender: text('gender').notNull(),
    birthDate: date('birth_date').notNull(),
    idCipher: text('id_cipher').notNull(),
    idHash: text('id_hash').notNull(),
    idMasked: text('id_masked').notNull(),
    phoneCipher: text('phone_cipher'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    /** Home unit: a party member's branch, otherwise the village, community or unit they belong to. */
    orgUnitId: integer('org_unit_id').notNull(),
    note: text('note'),
    source: text('source').notNull().default('manual'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('persons_id_hash_key').on(t.idHash),
    index('persons_org_unit_idx').on(t.orgUnitId, t.namePinyin),
    // INCLUDE (archived_at) in migration 0021: a county's count reads the index only.
    index('persons_tenant_name_idx').on(t.tenantId, t.namePinyin),
    index('persons_name_pinyin_prefix_idx').using('btree', t.namePinyin.op('text_pattern_ops')),
    index('persons_name_idx').using('btree', t.name.op('text_pattern_ops')),
    index('persons_phone_hash_idx').on(t.phoneHash),
  ],
);

/**
 * Roles a person holds over time: 党员 (with join date, 正式/预备 status and branch), 干部 (post,
 * rank), 人才, 乡贤, 党外干部, 宣讲员, 志愿者. An open end date means the role is current.
 */
export const personRoles = pgTable(
  'person_roles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    personId: integer('person_id').notNull(),
    role: text('role').notNull(),
    /** Branch for a party member, post unit for a cadre; optional for other roles. */
    orgUnitId: integer('org_unit_id'),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    status: text('status'),
    post: text('post'),
    rank: text('rank'),
    note: text('note'),
  },
  (t) => [
    index('person_roles_person_idx').on(t.personId),
    index('person_roles_role_idx').on(t.role, t.orgUnitId),
  ],
);

export type PersonRow = typeof persons.$inferSelect;
export type PersonRoleRow = typeof personRoles.$inferSelect;
