import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CockpitDefinition } from '../../../shared/cockpit';

/** A cockpit (驾驶舱) composed of widgets, owned by a unit; optimistic locking by `version`. */
export const cockpits = pgTable(
  'cockpits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    ownerUnitId: integer('owner_unit_id').notNull(),
    scope: text('scope').notNull(), // CockpitScope
    definition: jsonb('definition').$type<CockpitDefinition>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('cockpits_owner_idx').on(t.tenantId, t.ownerUnitId)],
);
