import { asc, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orgUnits } from './org.table';
import { orgRepository, unitKey } from './org.repository';
import { primeRead } from '../../db/read-memo';
import type { OrgUnitRow } from './org.table';

export { getUnitInScope, insertUnit, insertUnits, toDto as orgUnitDto, type OrgUnitDto } from './org.service';
export { orgRoutes } from './org.routes';
export { unitIdsAboveOrUnder, unitIdsUnder, unitNameOf, unitPathOf } from './org.sql';

/** Materialized path of a unit, for scoping records that belong to it. */
export async function orgUnitPath(db: DbOrTx, id: number): Promise<string> {
  const row = await orgRepository.byId(db, id);
  if (!row) throw new Error(`org unit ${id} not found`);
  return row.path;
}

/** The units table and its row, for a query that must join it (the session lookup, a form). */
export { orgUnits, type OrgUnitRow };

/** Tells this request's read memo a unit row another query already read (the session's own unit). */
export const rememberUnit = (row: OrgUnitRow) => primeRead(unitKey(row.id), [row]);

/** Units by code, for imports in other modules. */
export const findUnitsByCodes = (db: DbOrTx, codes: string[]) => orgRepository.byCodes(db, codes);
export const findUnitsByIds = (db: DbOrTx, ids: number[]) => orgRepository.byIds(db, ids);

/** A unit's direct children (archived ones left out), with how many children each has. */
export const childUnits = async (db: DbOrTx, parentId: number) =>
  (await orgRepository.children(db, parentId, false)).map((r) => ({ ...r.unit, childCount: r.childCount }));

/** Active units of the given types in the subtree at `path`, in code order. */
export const unitsOfTypesUnder = (db: DbOrTx, path: string, types: readonly string[]) => orgRepository.ofTypesUnder(db, path, types);

/** The first root unit (the county of a single-county install), for commands run without an account. */
export async function firstRootUnit(db: DbOrTx) {
  const [row] = await db.select().from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(asc(orgUnits.id)).limit(1);
  return row;
}
