import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, conflict, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope } from '../org';
import { loadDefinitions } from '../indicators';
import { checkRecordQuery } from '../ledger';
import { SchemeDefinitionSchema, type SchemeDefinition } from '../../../shared/assessment';
import { schemeResults, schemes, schemeVersions } from './assessment.table';
import type { SchemeCreateSchema, SchemeUpdateSchema } from './assessment.schema';
import { checkDefinition } from './run.service';

export type SchemeRow = typeof schemes.$inferSelect;

/** JSON with object keys sorted: jsonb does not keep key order, so rules are compared this way. */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));

/**
 * Who sees a scheme: those whose subtree holds its scope unit (they run it and see it live),
 * and the units competing in it (their unit lies inside the scope), who see its rules and its
 * published results — never a live, unpublished ranking.
 */
export type SchemeAccess = 'owner' | 'participant';

export async function schemeFor(db: DbOrTx, actor: Actor, id: number, opts: { includeArchived?: boolean } = {}): Promise<{ scheme: SchemeRow; scopePath: string; access: SchemeAccess }> {
  requirePermission(actor, 'read:assessment');
  const [scheme] = await db
    .select()
    .from(schemes)
    .where(and(eq(schemes.id, id), eq(schemes.tenantId, actor.tenantId), opts.includeArchived ? undefined : isNull(schemes.archivedAt)));
  const [scope] = scheme ? await findUnitsByIds(db, [scheme.scopeUnitId]) : [];
  if (!scheme || !scope) throw notFound('scheme.not_found', '考评方案不存在或不在您的管辖范围内');
  if (scope.path.startsWith(actor.scopePath)) return { scheme, scopePath: scope.path, access: 'owner' };
  if (actor.scopePath.startsWith(scope.path)) return { scheme, scopePath: scope.path, access: 'participant' };
  throw notFound('scheme.not_found', '考评方案不存在或不在您的管辖范围内');
}

/** A scheme the actor may change: manage permission and its scope in their subtree. */
export async function schemeToManage(db: DbOrTx, actor: Actor, id: number) {
  requirePermission(actor, 'manage:assessment');
  const s = await schemeFor(db, actor, id);
  if (s.access !== 'owner') throw notFound('scheme.not_found', '考评方案不存在或不在您的管辖范围内');
  return s;
}

export async function versionOf(db: DbOrTx, schemeId: number, versionNo: number) {
  const [v] = await db.select().from(schemeVersions).where(and(eq(schemeVersions.schemeId, schemeId), eq(schemeVersions.versionNo, versionNo)));
  if (!v) throw notFound('scheme.version_not_found', `方案第${versionNo}版不存在`);
  return v;
}

/** Definition checks beyond the schema: indicators exist and fit the period; record queries are valid. */
async function validateDefinition(db: DbOrTx, actor: Actor, periodType: string, d: SchemeDefinition) {
  checkDefinition(await loadDefinitions(db, actor.tenantId), periodType, d);
  for (const [list, name] of [
    [d.adjustments, 'adjustments'],
    [d.vetoes, 'vetoes'],
  ] as const) {
    for (const [i, x] of list.entries()) {
      if (x.measure.kind !== 'records') continue;
      const bad = await checkRecordQuery(db, actor.tenantId, x.measure.query);
      if (bad) throw badRequest('scheme.invalid_query', bad.message, [{ path: `definition.${name}.${i}.measure.query.${bad.path}`, message: bad.message }]);
    }
  }
}

export async function listSchemes(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'read:assessment');
  const rows = await ctx.db.select().from(schemes).where(and(eq(schemes.tenantId, actor.tenantId), isNull(schemes.archivedAt))).orderBy(schemes.code);
  const scopes = new Map((await findUnitsByIds(ctx.db, [...new Set(rows.map((r) => r.scopeUnitId))])).map((u) => [u.id, u]));
  const visible = rows
    .map((r) => ({ r, scope: scopes.get(r.scopeUnitId)! }))
    .filter(({ scope }) => scope && (scope.path.startsWith(actor.scopePath) || actor.scopePath.startsWith(scope.path)));
  const latest = visible.length
    ? await ctx.db
        .select({ id: schemeResults.id, schemeId: schemeResults.schemeId, period: schemeResults.period, title: schemeResults.title, publishedAt: schemeResults.publishedAt, publicSlug: schemeResults.publicSlug })
        .from(schemeResults)
        .where(inArray(schemeResults.schemeId, visible.map((v) => v.r.id)))
        .orderBy(desc(schemeResults.id))
    : [];
  return {
    items: visible.map(({ r, scope }) => {
      const access: SchemeAccess = scope.path.startsWith(actor.scopePath) ? 'owner' : 'participant';
      const l = latest.find((x) => x.schemeId === r.id);
      // The public address is handed out by the owners.
      const latestResult = l ? { ...l, publicSlug: access === 'owner' ? l.publicSlug : null } : null;
      return { ...dto(r), scopeUnitName: scope.name, access, latestResult };
    }),
  };
}

const dto = (r: SchemeRow) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  description: r.description,
  scopeUnitId: r.scopeUnitId,
  unitTypes: r.unitTypes,
  periodType: r.periodType,
  currentVersionNo: r.currentVersionNo,
  version: r.version,
  updatedAt: r.updatedAt,
});

export async function getScheme(ctx: AppContext, actor: Actor, id: number, versionNo?: number) {
  const { scheme, access } = await schemeFor(ctx.db, actor, id);
  const v = await versionOf(ctx.db, id, versionNo ?? scheme.currentVersionNo);
  const versions = await ctx.db
    .select({ versionNo: schemeVersions.versionNo, note: schemeVersions.note, createdAt: schemeVersions.createdAt })
    .from(schemeVersions)
    .where(eq(schemeVersions.schemeId, id))
    .orderBy(desc(schemeVersions.versionNo));
  const defs = await loadDefinitions(ctx.db, actor.tenantId);
  const [scope] = await findUnitsByIds(ctx.db, [scheme.scopeUnitId]);
  const codes = new Set([...v.definition.items.map((i) => i.indicatorCode), ...[...v.definition.adjustments, ...v.definition.vetoes].flatMap((x) => (x.measure.kind === 'indicator' ? [x.measure.indicatorCode] : []))]);
  return {
    ...dto(scheme),
    scopeUnitName: scope?.name ?? null,
    access,
    definition: v.definition,
    definitionVersionNo: v.versionNo,
    versions,
    indicators: [...codes].map((c) => {
      const d = defs.get(c);
      return d ? { code: c, name: d.row.name, unit: d.row.unit, direction: d.row.direction, periodType: d.row.periodType } : { code: c, name: c, unit: null, direction: 'higher', periodType: null };
    }),
  };
}

export async function createScheme(ctx: AppContext, actor: Actor, body: z.infer<typeof SchemeCreateSchema>) {
  requirePermission(actor, 'manage:assessment');
  const scope = await getUnitInScope(ctx.db, actor, body.scopeUnitId);
  const definition = SchemeDefinitionSchema.parse(body.definition);
  await validateDefinition(ctx.db, actor, body.periodType, definition);
  const [dup] = await ctx.db.select({ id: schemes.id }).from(schemes).where(and(eq(schemes.tenantId, actor.tenantId), eq(schemes.code, body.code)));
  if (dup) throw conflict('scheme.code_taken', `方案编码 ${body.code} 已被使用`, [{ path: 'code', message: `方案编码 ${body.code} 已被使用` }]);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schemes)
      .values({ tenantId: actor.tenantId, code: body.code, name: body.name, kind: body.kind, description: body.description ?? null, scopeUnitId: scope.id, unitTypes: body.unitTypes, periodType: body.periodType, createdBy: actor.userId })
      .returning();
    await tx.insert(schemeVersions).values({ schemeId: row.id, versionNo: 1, definition, note: '初版', createdBy: actor.userId });
    await recordAudit(tx, actor, { action: 'scheme.create', entityType: 'scheme', entityId: row.id, orgUnitId: scope.id, orgPath: scope.path, summary: `新建考评方案“${row.name}”`, after: { ...dto(row), definition } });
    return { ...dto(row), definition };
  });
}

/** Saves name and rules; changed rules become a new version, so published results keep theirs. */
export async function updateScheme(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof SchemeUpdateSchema>) {
  const { scheme } = await schemeToManage(ctx.db, actor, id);
  if (scheme.version !== body.version) throw versionConflict('scheme.version_conflict', dto(scheme));
  const scope = await getUnitInScope(ctx.db, actor, body.scopeUnitId);
  const definition = SchemeDefinitionSchema.parse(body.definition);
  await validateDefinition(ctx.db, actor, body.periodType, definition);
  const current = await versionOf(ctx.db, id, scheme.currentVersionNo);
  const rulesChanged =
    canonical(current.definition) !== canonical(definition) ||
    scheme.scopeUnitId !== scope.id ||
    scheme.periodType !== body.periodType ||
    [...scheme.unitTypes].sort().join() !== [...body.unitTypes].sort().join();
  return ctx.db.transaction(async (tx) => {
    const versionNo = rulesChanged ? scheme.currentVersionNo + 1 : scheme.currentVersionNo;
    const [row] = await tx
      .update(schemes)
      .set({ name: body.name, kind: body.kind, description: body.description ?? null, scopeUnitId: scope.id, unitTypes: body.unitTypes, periodType: body.periodType, currentVersionNo: versionNo, version: sql`${schemes.version} + 1`, updatedAt: new Date() })
      .where(and(eq(schemes.id, id), eq(schemes.version, body.version)))
      .returning();
    if (!row) throw versionConflict('scheme.version_conflict', dto(scheme));
    if (rulesChanged) await tx.insert(schemeVersions).values({ schemeId: id, versionNo, definition, note: body.note ?? null, createdBy: actor.userId });
    await recordAudit(tx, actor, {
      action: 'scheme.update',
      entityType: 'scheme',
      entityId: id,
      orgUnitId: scope.id,
      orgPath: scope.path,
      summary: rulesChanged ? `修订考评方案“${row.name}”为第${versionNo}版` : `修改考评方案“${row.name}”`,
      before: { ...dto(scheme), definition: current.definition },
      after: { ...dto(row), definition },
    });
    return { ...dto(row), definition, definitionVersionNo: versionNo };
  });
}

export async function archiveScheme(ctx: AppContext, actor: Actor, id: number, version: number) {
  const { scheme, scopePath } = await schemeToManage(ctx.db, actor, id);
  const [row] = await ctx.db
    .update(schemes)
    .set({ archivedAt: new Date(), version: sql`${schemes.version} + 1`, updatedAt: new Date() })
    .where(and(eq(schemes.id, id), eq(schemes.version, version)))
    .returning();
  if (!row) throw versionConflict('scheme.version_conflict', dto(scheme));
  await recordAudit(ctx.db, actor, { action: 'scheme.archive', entityType: 'scheme', entityId: id, orgUnitId: scheme.scopeUnitId, orgPath: scopePath, summary: `停用考评方案“${scheme.name}”（已发布结果保留）` });
  return { ok: true };
}
