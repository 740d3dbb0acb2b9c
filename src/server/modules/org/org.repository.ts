import { and, asc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { orgUnits, type OrgUnitRow } from './org.table';
import { memoRead } from '../../db/read-memo';

/** The read-memo key of one unit's row, shared with the session lookup that primes it. */
export const unitKey = (id: number) => `org_unit:${id}`;

/** Queries only; rules live in org.service.ts. */
export const orgRepository = {
  async byId(db: DbOrTx, id: number): Promise<OrgUnitRow | undefined> {
    // Within a read-only request the actor's own unit is known from the session lookup (db/read-memo).
    const [row] = await memoRead(db, unitKey(id), () => db.select().from(orgUnits).where(eq(orgUnits.id, id)));
    return row;
  },

  async byCode(db: DbOrTx, code: string): Promise<OrgUnitRow | undefined> {
    const [row] = await db.select().from(orgUnits).where(eq(orgUnits.code, code));
    return row;
  },

  async byCodes(db: DbOrTx, codes: string[]): Promise<OrgUnitRow[]> {
    if (!codes.length) return [];
    return db.select().from(orgUnits).where(inArray(orgUnits.code, codes));
  },

  async byIds(db: DbOrTx, ids: number[]): Promise<OrgUnitRow[]> {
    if (!ids.length) return [];
    if (ids.length === 1) {
      const row = await orgRepository.byId(db, ids[0]);
      return row ? [row] : [];
    }
    return db.select().from(orgUnits).where(inArray(orgUnits.id, ids));
  },

  /** Children with the number of their own (non-archived) children, for lazy tree loading. */
  async children(db: DbOrTx, parentId: number, includeArchived: boolean) {
    const archivedToo = includeArchived ? sql`` : sql` and c.archived_at is null`;
    const childCount = sql<number>`(select count(*)::int from ${orgUnits} c where c.parent_id = "org_units"."id"${archivedToo})`;
    return db
      .select({ unit: orgUnits, childCount })
      .from(orgUnits)
      .where(and(eq(orgUnits.parentId, parentId), includeArchived ? undefined : isNull(orgUnits.archivedAt)))
      .orderBy(asc(orgUnits.code));
  },

  /** Lean rows: a league table may ask for all 25,547 villages of a province. */
  async ofTypesUnder(db: DbOrTx, path: string, types: readonly string[]) {
    if (!types.length) return [];
    return db
      .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, type: orgUnits.type, parentId: orgUnits.parentId, path: orgUnits.path, archivedAt: orgUnits.archivedAt })
      .from(orgUnits)
      .where(and(like(orgUnits.path, escapeLike(path) + '%'), inArray(orgUnits.type, [...types]), isNull(orgUnits.archivedAt)))
      .orderBy(asc(orgUnits.code));
  },

  async activeChildCount(db: DbOrTx, id: number): Promise<number> {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orgUnits)
      .where(and(eq(orgUnits.parentId, id), isNull(orgUnits.archivedAt)));
    return r.n;
  },

  /** Name substring or pinyin prefix ("sz" → 石柱镇) within a subtree. */
  async search(db: DbOrTx, scopePath: string, q: string, opts: { type?: string; includeArchived: boolean; limit: number }) {
    const lower = q.toLowerCase();
    const conds: SQL[] = [
      like(orgUnits.path, `${scopePath}%`),
      or(
        like(orgUnits.name, `%${escapeLike(q)}%`),
        like(orgUnits.pinyinInitials, `${escapeLike(lower)}%`),
        like(orgUnits.pinyinFull, `${escapeLike(lower)}%`),
        eq(orgUnits.code, q),
      ) as SQL,
    ];
    if (opts.type) conds.push(eq(orgUnits.type, opts.type));
    if (!opts.includeArchived) conds.push(isNull(orgUnits.archivedAt));
    return db
      .select()
      .from(orgUnits)
      .where(and(...conds))
      // Shallower units first (石柱镇 before 石柱社区), then exact initials.
      .orderBy(asc(orgUnits.depth), sql`(${orgUnits.pinyinInitials} = ${lower}) desc`, asc(orgUnits.code))
      .limit(opts.limit);
  },

  /** Whole subtree in tree order, for export. */
  async subtree(db: DbOrTx, path: string, includeArchived: boolean) {
    return db
      .select()
      .from(orgUnits)
      .where(and(like(orgUnits.path, `${path}%`), includeArchived ? undefined : isNull(orgUnits.archivedAt)))
      .orderBy(asc(orgUnits.depth), asc(orgUnits.code));
  },

  /** Rewrites the path prefix of a whole subtree after a move. */
  async repath(db: DbOrTx, oldPrefix: string, newPrefix: string, depthDelta: number) {
    await db
      .update(orgUnits)
      .set({
        path: sql`${newPrefix} || substr(${orgUnits.path}, ${oldPrefix.length + 1})`,
        depth: sql`${orgUnits.depth} + ${depthDelta}`,
      })
      .where(like(orgUnits.path, `${oldPrefix}%`));
  },
};
