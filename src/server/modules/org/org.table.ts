
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The org tree (组织单元). `path` is the materialized path of ids ("1.5.33.") so a subtree is one
 * index range scan: `path LIKE '1.5.%'`. `tenant_id` is the county code, kept on every large
 * table so the schema can later be distributed by county (see docs/decisions).
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    parentId: integer('parent_id'),
    path: text('path').notNull().default(''),
    depth: integer('depth').notNull().default(0),
    pinyinInitials: text('pinyin_initials').notNull(),
    pinyinFull: text('pinyin_full').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_units_code_key').on(t.code),
    index('org_units_path_idx').using('btree', t.path.op('text_pattern_ops')),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_tenant_idx').on(t.tenantId),
    index('org_units_name_idx').using('btree', t.name.op('text_pattern_ops')),
  ],
);

export type OrgUnitRow = typeof orgUnits.$inferSelect;
