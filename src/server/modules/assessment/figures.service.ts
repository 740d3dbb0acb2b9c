import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { findUnitsByIds } from '../org';
import { incentivePools, schemeResultRows, schemeResults, schemes } from './assessment.table';

/**
 * What other modules quote from a publication (the year-end summary: "创建4个争先社区",
 * "设立200万元激励奖金", "示范型“清廉民企”2家"): the units per grade and the incentive pools of
 * the publication in force for a scheme and period. Published results are frozen, so the
 * figures are as they stood when published.
 */
export interface PublishedFigures {
  schemeId: number;
  schemeName: string;
  resultId: number;
  title: string;
  gradeCounts: Map<string, number>;
  pools: { name: string; amount: number }[];
}

/**
 * The scheme (by code, retired ones included) and its publication in force for the period, with
 * the figures of the units under `underPath` only: a town's summary counts its own 争先社区 and the
 * share of a pool allocated inside it, not the county's.
 */
export async function publishedFigures(db: DbOrTx, tenantId: string, schemeCode: string, period: string, underPath: string): Promise<PublishedFigures | { scheme: null } | { schemeName: string; result: null }> {
  const [s] = await db.select({ id: schemes.id, name: schemes.name, scopeUnitId: schemes.scopeUnitId }).from(schemes).where(and(eq(schemes.tenantId, tenantId), eq(schemes.code, schemeCode)));
  if (!s) return { scheme: null };
  const [r] = await db
    .select({ id: schemeResults.id, title: schemeResults.title })
    .from(schemeResults)
    .where(and(eq(schemeResults.schemeId, s.id), eq(schemeResults.period, period)))
    .orderBy(desc(schemeResults.id))
    .limit(1);
  if (!r) return { schemeName: s.name, result: null };
  const grades = await db
    .select({ grade: schemeResultRows.grade, n: sql<number>`count(*)::int` })
    .from(schemeResultRows)
    .where(and(eq(schemeResultRows.resultId, r.id), like(schemeResultRows.unitPath, `${underPath}%`)))
    .groupBy(schemeResultRows.grade);
  const pools = await db.select({ name: incentivePools.name, amount: incentivePools.amount, allocations: incentivePools.allocations }).from(incentivePools).where(eq(incentivePools.resultId, r.id)).orderBy(incentivePools.id);
  // The whole pool when the scheme lies within the subtree; else what was allocated inside it.
  const [scope] = await findUnitsByIds(db, [s.scopeUnitId]);
  const whole = scope.path.startsWith(underPath);
  const inside = whole ? null : new Set((await db.select({ id: schemeResultRows.orgUnitId }).from(schemeResultRows).where(and(eq(schemeResultRows.resultId, r.id), like(schemeResultRows.unitPath, `${underPath}%`)))).map((x) => x.id));
  return {
    schemeId: s.id,
    schemeName: s.name,
    resultId: r.id,
    title: r.title,
    gradeCounts: new Map(grades.filter((g) => g.grade != null).map((g) => [g.grade!, g.n])),
    pools: pools.map((p) => ({ name: p.name, amount: inside ? p.allocations.filter((a) => inside.has(a.orgUnitId)).reduce((a, x) => a + x.amount, 0) : Number(p.amount) })),
  };
}

/** Codes, names and grade labels of the tenant's schemes, for a template's slot picker. */
export async function schemeCatalog(db: DbOrTx, tenantId: string) {
  const rows = await db.select({ code: schemes.code, name: schemes.name, id: schemes.id }).from(schemes).where(eq(schemes.tenantId, tenantId)).orderBy(schemes.id);
  const grades = rows.length
    ? await db
        .selectDistinct({ schemeId: schemeResults.schemeId, grade: schemeResultRows.grade })
        .from(schemeResultRows)
        .innerJoin(schemeResults, eq(schemeResults.id, schemeResultRows.resultId))
        .where(eq(schemeResults.tenantId, tenantId))
    : [];
  return rows.map((r) => ({ code: r.code, name: r.name, grades: grades.filter((g) => g.schemeId === r.id && g.grade).map((g) => g.grade!) }));
}

/** The latest publication in force of a scheme (its latest period), with its top rows inside a subtree. */
export async function latestPublication(db: DbOrTx, tenantId: string, schemeCode: string, underPath: string, top: number) {
  const [s] = await db.select({ id: schemes.id, name: schemes.name, code: schemes.code }).from(schemes).where(and(eq(schemes.tenantId, tenantId), eq(schemes.code, schemeCode)));
  if (!s) return { scheme: null, result: null, rows: [] };
  const [r] = await db
    .select({ id: schemeResults.id, title: schemeResults.title, period: schemeResults.period, publishedAt: schemeResults.publishedAt })
    .from(schemeResults)
    .where(eq(schemeResults.schemeId, s.id))
    .orderBy(desc(schemeResults.period), desc(schemeResults.id))
    .limit(1);
  if (!r) return { scheme: { code: s.code, name: s.name }, result: null, rows: [] };
  const rows = await db
    .select({ rank: schemeResultRows.rank, unitName: schemeResultRows.unitName, parentName: schemeResultRows.parentName, total: schemeResultRows.total, grade: schemeResultRows.grade })
    .from(schemeResultRows)
    .where(and(eq(schemeResultRows.resultId, r.id), like(schemeResultRows.unitPath, `${underPath}%`)))
    .orderBy(schemeResultRows.rank, schemeResultRows.id)
    .limit(top);
  return { scheme: { code: s.code, name: s.name }, result: { id: r.id, title: r.title, period: r.period, publishedAt: r.publishedAt.toISOString() }, rows };
}

/** Rank moves in publications made since a date, inside a subtree, biggest first. */
export async function recentRankChanges(db: DbOrTx, tenantId: string, underPath: string, since: Date, limit = 5) {
  return db
    .select({ resultId: schemeResults.id, title: schemeResults.title, unitName: schemeResultRows.unitName, rank: schemeResultRows.rank, change: schemeResultRows.rankChange })
    .from(schemeResultRows)
    .innerJoin(schemeResults, eq(schemeResults.id, schemeResultRows.resultId))
    .where(and(eq(schemeResults.tenantId, tenantId), sql`${schemeResults.publishedAt} >= ${since.toISOString()}::timestamptz`, sql`coalesce(${schemeResultRows.rankChange}, 0) <> 0`, like(schemeResultRows.unitPath, `${underPath}%`)))
    .orderBy(sql`abs(${schemeResultRows.rankChange}) desc`, schemeResultRows.rank)
    .limit(limit)
    .then((rows) => rows.map((r) => ({ ...r, change: r.change ?? 0 })));
}
