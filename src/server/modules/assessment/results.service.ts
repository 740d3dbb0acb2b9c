import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor, AppContext } from '../../context';
import { independentReads, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { conflict, forbidden, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { describeRecordQueryNamed } from '../ledger';
import { writeSheet } from '../../xlsx';
import { parsePeriod, periodCode, periodLabel, previousPeriod } from '../../../shared/periods';
import { NORMALIZATION_ZH, TIE_BREAK_ZH, type Measure, type SchemeDefinition } from '../../../shared/assessment';
import { schemeResultRows, schemeResults, schemes, schemeVersions } from './assessment.table';
import type { PublishSchema } from './assessment.schema';
import { runDefinition, type RunOutput } from './run.service';
import { schemeFor, schemeToManage, versionOf, type SchemeRow } from './schemes.service';

/**
 * League tables: run live (owners only), published as frozen snapshots, read back, exported,
 * and shown on a public page. A published row carries its whole breakdown, so reading a result
 * never recomputes anything and later corrections to figures cannot move it.
 */

const measureText = async (db: DbOrTx, tenantId: string, m: Measure, names: Map<string, string>) =>
  m.kind === 'indicator' ? `指标：${names.get(m.indicatorCode) ?? m.indicatorCode}` : m.kind === 'records' ? describeRecordQueryNamed(db, tenantId, m.query) : '台账：本期到期未按期办结的事项数';

/** The rules as used, in words, stored with a result and returned with every run. */
async function summaryOf(db: DbOrTx, scheme: SchemeRow, versionNo: number, d: SchemeDefinition, run: RunOutput) {
  const { defs, scope } = run;
  const names = new Map([...defs.values()].map((x) => [x.row.code, x.row.name]));
  const gradeCounts: Record<string, number> = {};
  for (const r of run.rows) if (r.grade) gradeCounts[r.grade] = (gradeCounts[r.grade] ?? 0) + 1;
  return {
    schemeId: scheme.id,
    schemeCode: scheme.code,
    schemeName: scheme.name,
    kind: scheme.kind,
    period: run.period,
    periodLabel: periodLabel(parsePeriod(run.period)!),
    versionNo,
    scopeUnitName: scope.name,
    unitTypes: scheme.unitTypes,
    cohortSize: run.rows.length,
    vetoedCount: run.rows.filter((r) => r.vetoed).length,
    maxBase: d.items.reduce((s, i) => s + i.weight, 0),
    items: d.items.map((it) => ({
      key: it.key,
      label: it.label,
      indicatorId: defs.get(it.indicatorCode)?.row.id ?? null,
      indicatorCode: it.indicatorCode,
      indicatorName: names.get(it.indicatorCode) ?? it.indicatorCode,
      unit: run.indicators[it.key]?.unit ?? null,
      direction: run.indicators[it.key]?.direction ?? 'higher',
      weight: it.weight,
      normalization: it.normalization,
      normalizationText: NORMALIZATION_ZH[it.normalization.kind],
    })),
    adjustments: await independentReads(db, d.adjustments.map((a) => async () => ({ key: a.key, label: a.label, direction: a.direction, measure: a.measure, measureText: await measureText(db, scheme.tenantId, a.measure, names), pointsPer: a.pointsPer, cap: a.cap }))),
    vetoes: await independentReads(db, d.vetoes.map((v) => async () => ({ key: v.key, label: v.label, measure: v.measure, measureText: await measureText(db, scheme.tenantId, v.measure, names), atLeast: v.atLeast }))),
    grades: d.grades,
    bonusCap: d.bonusCap ?? null,
    gradeCounts,
    tieBreak: TIE_BREAK_ZH,
  };
}

/** The publication in force for a period: the latest one (earlier ones stay, superseded). */
async function currentResultId(db: DbOrTx, schemeId: number, period: string): Promise<number | null> {
  const [r] = await db
    .select({ id: schemeResults.id })
    .from(schemeResults)
    .where(and(eq(schemeResults.schemeId, schemeId), eq(schemeResults.period, period)))
    .orderBy(desc(schemeResults.id))
    .limit(1);
  return r?.id ?? null;
}

/** Ranks in the latest publication for the period before, keyed by unit, for 名次变化. */
async function previousRanks(db: DbOrTx, schemeId: number, period: string): Promise<{ resultId: number | null; ranks: Map<number, number> }> {
  const resultId = await currentResultId(db, schemeId, periodCode(previousPeriod(parsePeriod(period)!)));
  if (resultId == null) return { resultId: null, ranks: new Map() };
  const rows = await db.select({ orgUnitId: schemeResultRows.orgUnitId, rank: schemeResultRows.rank }).from(schemeResultRows).where(eq(schemeResultRows.resultId, resultId));
  return { resultId, ranks: new Map(rows.map((x) => [x.orgUnitId, x.rank])) };
}

export async function computeTable(db: DbOrTx, scheme: SchemeRow, versionNo: number, period: string) {
  const v = await versionOf(db, scheme.id, versionNo);
  const run = await runDefinition(db, scheme, v.definition, period);
  const [summary, prev] = await independentReads(db, [() => summaryOf(db, scheme, v.versionNo, v.definition, run), () => previousRanks(db, scheme.id, period)] as const);
  const byId = new Map(run.cohort.map((u) => [u.id, u]));
  const rows = run.rows.map((r) => {
    const u = byId.get(r.unitId)!;
    const before = prev.ranks.get(r.unitId);
    return {
      unitId: r.unitId,
      code: r.code,
      name: u.name,
      path: u.path,
      parentName: u.parentId ? (run.parentNames.get(u.parentId) ?? null) : null,
      rank: r.rank,
      total: r.total,
      base: r.base,
      bonus: r.bonus,
      penalty: r.penalty,
      grade: r.grade,
      vetoed: r.vetoed,
      vetoes: r.vetoes,
      rankChange: before == null ? null : before - r.rank,
      items: r.items,
      adjustments: r.adjustments,
    };
  });
  return { version: v, summary: { ...summary, previousResultId: prev.resultId }, rows };
}

/** A live league table for a period (owners only: an unpublished ranking is not for the competitors). */
export async function runScheme(ctx: AppContext, actor: Actor, id: number, q: { period: string; versionNo?: number }) {
  const { scheme, access } = await schemeFor(ctx.db, actor, id);
  if (access !== 'owner') throw forbidden('scheme.live_forbidden', '参评单位只能查看已发布的考评结果');
  const t = await computeTable(ctx.db, scheme, q.versionNo ?? scheme.currentVersionNo, q.period);
  return { live: true, schemeVersion: scheme.version, summary: t.summary, rows: t.rows.map(({ path: _p, ...r }) => r) };
}

/** Freezes the league table as it stands now under the current rules. */
export async function publishResult(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof PublishSchema>) {
  requirePermission(actor, 'manage:assessment');
  const { scheme, scopePath } = await schemeToManage(ctx.db, actor, id);
  if (scheme.version !== body.schemeVersion) throw versionConflict('scheme.version_conflict', { id: scheme.id, version: scheme.version, currentVersionNo: scheme.currentVersionNo });
  const t = await computeTable(ctx.db, scheme, scheme.currentVersionNo, body.period);
  if (!t.rows.length) throw conflict('scheme.empty_cohort', '参评范围内没有符合类型的单位，无法发布');
  return ctx.db.transaction(async (tx) => {
    const res = await insertResult(tx, scheme, t, { period: body.period, title: body.title, public: body.public, publishedBy: actor.userId });
    await recordAudit(tx, actor, {
      action: 'scheme.publish',
      entityType: 'scheme_result',
      entityId: res.id,
      orgUnitId: scheme.scopeUnitId,
      orgPath: scopePath,
      summary: `发布考评结果“${res.title}”（第${t.version.versionNo}版规则，${t.rows.length} 个单位${body.public ? '，含公开页面' : ''}）`,
    });
    return { ...res, period: body.period, rows: t.rows.length };
  });
}

/** Writes a computed table as a frozen result (rows in chunks: a province cohort has 25,000). */
export async function insertResult(tx: DbOrTx, scheme: SchemeRow, t: Awaited<ReturnType<typeof computeTable>>, o: { period: string; title?: string | null; public: boolean; publishedBy: number | null; publishedAt?: Date }) {
  const title = o.title?.trim() || `${scheme.name}（${t.summary.periodLabel}）`;
  const [res] = await tx
    .insert(schemeResults)
    .values({ tenantId: scheme.tenantId, schemeId: scheme.id, versionId: t.version.id, period: o.period, title, summary: t.summary, publicSlug: o.public ? randomBytes(18).toString('base64url') : null, publishedBy: o.publishedBy, ...(o.publishedAt ? { publishedAt: o.publishedAt } : {}) })
    .returning();
  for (let i = 0; i < t.rows.length; i += 1000) {
    await tx.insert(schemeResultRows).values(
      t.rows.slice(i, i + 1000).map((r) => ({
        resultId: res.id,
        orgUnitId: r.unitId,
        unitPath: r.path,
        unitName: r.name,
        parentName: r.parentName,
        rank: r.rank,
        total: r.total,
        grade: r.grade,
        vetoed: r.vetoed,
        rankChange: r.rankChange,
        breakdown: { code: r.code, base: r.base, bonus: r.bonus, penalty: r.penalty, vetoes: r.vetoes, items: r.items, adjustments: r.adjustments },
      })),
    );
  }
  return { id: res.id, title, publicSlug: res.publicSlug, publishedAt: res.publishedAt };
}

export async function listResults(ctx: AppContext, actor: Actor, schemeId: number) {
  const { access } = await schemeFor(ctx.db, actor, schemeId, { includeArchived: true });
  const rows = await ctx.db
    .select({ id: schemeResults.id, period: schemeResults.period, title: schemeResults.title, publicSlug: schemeResults.publicSlug, publishedAt: schemeResults.publishedAt, versionNo: schemeVersions.versionNo })
    .from(schemeResults)
    .innerJoin(schemeVersions, eq(schemeVersions.id, schemeResults.versionId))
    .where(eq(schemeResults.schemeId, schemeId))
    .orderBy(desc(schemeResults.period), desc(schemeResults.id));
  // The latest publication of a period is the one in force; earlier ones are kept, marked superseded.
  const latest = new Map<string, number>();
  for (const r of rows) if (!latest.has(r.period)) latest.set(r.period, r.id);
  // The public address is handed out by the owners; competitors see that there is one.
  return { items: rows.map((r) => ({ ...r, publicSlug: access === 'owner' ? r.publicSlug : null, hasPublicPage: r.publicSlug != null, superseded: latest.get(r.period) !== r.id })) };
}

async function resultFor(db: DbOrTx, actor: Actor, id: number) {
  requirePermission(actor, 'read:assessment');
  const [res] = await db.select().from(schemeResults).where(and(eq(schemeResults.id, id), eq(schemeResults.tenantId, actor.tenantId)));
  if (!res) throw notFound('scheme_result.not_found', '考评结果不存在');
  // Results outlive their scheme: a scheme taken out of use keeps what it published readable.
  const s = await schemeFor(db, actor, res.schemeId, { includeArchived: true }).catch(() => null);
  if (!s) throw notFound('scheme_result.not_found', '考评结果不存在');
  return { res, ...s };
}

const rowDto = (r: typeof schemeResultRows.$inferSelect) => {
  const b = r.breakdown;
  return {
    unitId: r.orgUnitId,
    code: b.code,
    name: r.unitName,
    parentName: r.parentName,
    rank: r.rank,
    total: r.total,
    base: b.base,
    bonus: b.bonus,
    penalty: b.penalty,
    grade: r.grade,
    vetoed: r.vetoed,
    rankChange: r.rankChange,
    itemPoints: Object.fromEntries(b.items.map((i) => [i.key, i.points])),
  };
};

/** A published league table: every unit's rank, total, grade, change and item points. */
export async function getResult(ctx: AppContext, actor: Actor, id: number) {
  const { res, scheme, scopePath, access } = await resultFor(ctx.db, actor, id);
  const rows = await ctx.db.select().from(schemeResultRows).where(eq(schemeResultRows.resultId, id)).orderBy(asc(schemeResultRows.rank), asc(schemeResultRows.id));
  const current = await currentResultId(ctx.db, res.schemeId, res.period);
  return {
    id: res.id,
    schemeId: scheme.id,
    schemeName: scheme.name,
    title: res.title,
    period: res.period,
    publishedAt: res.publishedAt,
    publicSlug: access === 'owner' ? res.publicSlug : null,
    superseded: current !== res.id,
    access,
    summary: res.summary,
    /** Units in the actor's subtree may open their full breakdown. */
    ownUnits: rows.filter((r) => r.unitPath.startsWith(actor.scopePath)).map((r) => r.orgUnitId),
    scopePath: access === 'owner' ? scopePath : undefined,
    rows: rows.map(rowDto),
  };
}

/** One unit's breakdown in a published result: why it scored what it did, item by item. */
export async function resultBreakdown(ctx: AppContext, actor: Actor, id: number, unitId: number) {
  const { res } = await resultFor(ctx.db, actor, id);
  const [row] = await ctx.db.select().from(schemeResultRows).where(and(eq(schemeResultRows.resultId, id), eq(schemeResultRows.orgUnitId, unitId)));
  // Competitors see each other's totals in the table, not each other's source figures.
  if (!row || !row.unitPath.startsWith(actor.scopePath)) throw notFound('scheme_result.unit_not_found', '该单位不在结果中或不在您的管辖范围内');
  return { resultId: res.id, title: res.title, period: res.period, summary: res.summary, unit: { id: row.orgUnitId, name: row.unitName, parentName: row.parentName }, rank: row.rank, total: row.total, grade: row.grade, vetoed: row.vetoed, rankChange: row.rankChange, breakdown: row.breakdown };
}

/** The published table as .xlsx: one row per unit, one column per item. */
export async function exportResult(ctx: AppContext, actor: Actor, id: number) {
  const r = await getResult(ctx, actor, id);
  const s = r.summary as { items: { key: string; label: string; weight: number }[] };
  const columns = [
    { key: 'rank', header: '名次', width: 8 },
    { key: 'name', header: '单位', width: 20 },
    { key: 'parentName', header: '所属', width: 16 },
    { key: 'total', header: '总分', width: 10 },
    { key: 'grade', header: '等次', width: 10 },
    { key: 'change', header: '名次变化', width: 10 },
    ...s.items.map((i) => ({ key: `item_${i.key}`, header: `${i.label}（${i.weight}分）`, width: 16 })),
    { key: 'bonus', header: '加分', width: 8 },
    { key: 'penalty', header: '减分', width: 8 },
    { key: 'veto', header: '一票否决', width: 10 },
  ];
  const rows = r.rows.map((x) => ({
    rank: x.rank,
    name: x.name,
    parentName: x.parentName ?? '',
    total: x.total,
    grade: x.grade ?? '',
    change: x.rankChange == null ? '' : x.rankChange > 0 ? `↑${x.rankChange}` : x.rankChange < 0 ? `↓${-x.rankChange}` : '持平',
    ...Object.fromEntries(s.items.map((i) => [`item_${i.key}`, x.itemPoints[i.key] ?? 0])),
    bonus: x.bonus,
    penalty: x.penalty,
    veto: x.vetoed ? '是' : '',
  }));
  await recordAudit(ctx.db, actor, { action: 'scheme_result.export', entityType: 'scheme_result', entityId: id, summary: `导出考评结果“${r.title}”` });
  return { fileName: `${r.title}.xlsx`, file: await writeSheet('考评结果', columns, rows) };
}

/** The public page's data: the league table only, no breakdown, no veto reasons, no login. */
export async function publicResult(ctx: AppContext, slug: string) {
  const [res] = await ctx.db.select().from(schemeResults).where(eq(schemeResults.publicSlug, slug));
  const [scheme] = res ? await ctx.db.select().from(schemes).where(eq(schemes.id, res.schemeId)) : [];
  if (!res || !scheme || scheme.archivedAt) throw notFound('scheme_result.not_found', '该公示页面不存在或已撤下');
  const rows = await ctx.db.select().from(schemeResultRows).where(eq(schemeResultRows.resultId, res.id)).orderBy(asc(schemeResultRows.rank), asc(schemeResultRows.id));
  const s = res.summary as { periodLabel: string; items: { key: string; label: string; weight: number }[]; grades: unknown; tieBreak: string; cohortSize: number; scopeUnitName: string };
  const current = await currentResultId(ctx.db, res.schemeId, res.period);
  return {
    superseded: current !== res.id,
    title: res.title,
    schemeName: scheme.name,
    period: res.period,
    periodLabel: s.periodLabel,
    publishedAt: res.publishedAt,
    scopeUnitName: s.scopeUnitName,
    items: s.items.map((i) => ({ key: i.key, label: i.label, weight: i.weight })),
    grades: s.grades,
    tieBreak: s.tieBreak,
    rows: rows.map((r) => {
      const d = rowDto(r);
      return { rank: d.rank, name: d.name, parentName: d.parentName, total: d.total, bonus: d.bonus, penalty: d.penalty, grade: d.grade, vetoed: d.vetoed, rankChange: d.rankChange, itemPoints: d.itemPoints };
    }),
  };
}
