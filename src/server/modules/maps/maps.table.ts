import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CareThresholds, GeoGeometry } from '../../../shared/maps';

/** Where an org unit is: a point, and optionally a boundary (GeoJSON Polygon/MultiPolygon, WGS84). */
export const unitGeometries = pgTable('unit_geometries', {
  orgUnitId: integer('org_unit_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  lng: doublePrecision('lng').notNull(),
  lat: doublePrecision('lat').notNull(),
  boundary: jsonb('boundary').$type<GeoGeometry>(),
  /** Where the shape came from: "示意图（演示）", or the uploaded file's name. */
  source: text('source').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Elderly-care facilities (养老设施) as points with capacity, in the village or community that hosts them. */
export const careFacilities = pgTable(
  'care_facilities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // CareFacilityKind
    beds: integer('beds').notNull().default(0),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('care_facilities_unit_idx').on(t.tenantId, t.orgUnitId)],
);

/** The three-colour map's thresholds per tenant, edited by planners; optimistic locking. */
export const careMapSettings = pgTable('care_map_settings', {
  tenantId: text('tenant_id').primaryKey(),
  thresholds: jsonb('thresholds').$type<CareThresholds>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
