import { sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '../../db/like';

/**
 * SQL fragments other modules embed in their own queries (scope filters, unit names in lists)
 * so that only the org module knows how the tree is stored. `ref` is a table-qualified column
 * such as `"persons"."org_unit_id"`: drizzle leaves single-table columns unqualified, which
 * would bind to the wrong table inside a correlated subquery.
 */
export const unitPathOf = (ref: string): SQL<string> => sql<string>`(select ref_unit.path from org_units ref_unit where ref_unit.id = ${sql.raw(ref)})`;
export const unitNameOf = (ref: string): SQL<string> => sql<string>`(select ref_unit.name from org_units ref_unit where ref_unit.id = ${sql.raw(ref)})`;

/** Ids of every unit in the subtree rooted at the unit with materialized `path`. */
export const unitIdsUnder = (path: string): SQL => sql`(select id from org_units where path like ${escapeLike(path) + '%'})`;

/** Ids of the unit at `path`, the units above it and its whole subtree: what an account there may see owned. */
export const unitIdsAboveOrUnder = (path: string): SQL => sql`(select id from org_units where ${path} like path || '%' or path like ${escapeLike(path) + '%'})`;
