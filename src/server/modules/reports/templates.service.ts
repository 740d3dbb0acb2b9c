/**
 * Summary templates (综述模板): one or more per department, owned by a unit — the county for the
 * departments' own, a town for its summaries. An account sees the templates of its own unit and
 * the units above it (to generate from the county's) and of its subtree; it changes only those
 * owned inside its subtree. Edits use optimistic locking; previews run against the ledger for
 * any year without saving.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { conflict, forbidden, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsAboveOrUnder } from '../org';
import { schemeCatalog } from '../assessment';
import { loadDefinitions } from '../indicators';
import { categoryCatalog } from '../ledger';
import { REPORT_DEPT_ZH, type ReportDept, type ReportTemplate, type ReportTemplateSummary, type TemplateDefinition } from '../../../shared/reports';
import { generateSummary } from './generate';
import { resolveContext } from './resolve';
import { reportTemplates } from './reports.table';

type Row = typeof reportTemplates.$inferSelect;

const toDto = (r: Row): ReportTemplate => ({
  id: r.id,
  dept: r.dept as ReportDept,
  name: r.name,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
  updatedBy: r.updatedBy,
  definition: r.definition,
});

/** Owner units an account may read templates of: its unit's ancestors and itself, and its subtree. */
const visible = (actor: Actor) => sql`${reportTemplates.ownerUnitId} in ${unitIdsAboveOrUnder(actor.scopePath)}`;

export async function listTemplates(db: DbOrTx, actor: Actor, dept?: ReportDept) {
  requirePermission(actor, 'read:reports');
  const rows = await db
    .select()
    .from(reportTemplates)
    .where(and(eq(reportTemplates.tenantId, actor.tenantId), visible(actor), dept ? eq(reportTemplates.dept, dept) : undefined))
    .orderBy(asc(reportTemplates.dept), asc(reportTemplates.id));
  return rows.map((r): ReportTemplateSummary => ({ id: r.id, dept: r.dept as ReportDept, name: r.name, version: r.version, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy }));
}

export async function templateRow(db: DbOrTx, actor: Actor, id: number): Promise<Row> {
  const [row] = await db.select().from(reportTemplates).where(and(eq(reportTemplates.id, id), eq(reportTemplates.tenantId, actor.tenantId), visible(actor)));
  if (!row) throw notFound('report_template.not_found', '综述模板不存在或不在您的管辖范围内');
  return row;
}

/** A template the account may change: owned inside its subtree (404 otherwise, like any record out of scope). */
async function editableRow(db: DbOrTx, actor: Actor, id: number): Promise<Row> {
  const row = await templateRow(db, actor, id);
  await getUnitInScope(db, actor, row.ownerUnitId).catch(() => {
    throw forbidden('report_template.owned_above', '该模板由上级单位维护，您可以用它生成本单位综述，或新建本单位的模板');
  });
  return row;
}

export async function getTemplate(db: DbOrTx, actor: Actor, id: number) {
  requirePermission(actor, 'read:reports');
  return toDto(await templateRow(db, actor, id));
}

export async function createTemplate(db: DbOrTx, actor: Actor, input: { dept: ReportDept; name: string; definition: TemplateDefinition; unitId?: number }) {
  requirePermission(actor, 'write:reports');
  const owner = await getUnitInScope(db, actor, input.unitId ?? actor.orgUnitId);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: reportTemplates.id }).from(reportTemplates).where(and(eq(reportTemplates.ownerUnitId, owner.id), eq(reportTemplates.dept, input.dept), eq(reportTemplates.name, input.name)));
    if (taken) throw conflict('report_template.name_taken', `${owner.name}的${REPORT_DEPT_ZH[input.dept]}已有名为“${input.name}”的模板`);
    const [row] = await tx.insert(reportTemplates).values({ tenantId: actor.tenantId, dept: input.dept, ownerUnitId: owner.id, name: input.name, definition: input.definition, updatedBy: actor.displayName }).returning();
    await recordAudit(tx, actor, { action: 'report_template.create', entityType: 'report_template', entityId: row.id, orgUnitId: owner.id, orgPath: owner.path, summary: `新建综述模板「${row.name}」（${owner.name}，${REPORT_DEPT_ZH[input.dept]}）`, after: { name: row.name, dept: row.dept } });
    return toDto(row);
  });
}

export async function updateTemplate(db: DbOrTx, actor: Actor, id: number, input: { name: string; definition: TemplateDefinition; version: number }) {
  requirePermission(actor, 'write:reports');
  return db.transaction(async (tx) => {
    const row = await editableRow(tx, actor, id);
    if (row.version !== input.version) throw versionConflict('report_template.stale', toDto(row));
    if (input.name !== row.name) {
      const [taken] = await tx.select({ id: reportTemplates.id }).from(reportTemplates).where(and(eq(reportTemplates.ownerUnitId, row.ownerUnitId), eq(reportTemplates.dept, row.dept), eq(reportTemplates.name, input.name)));
      if (taken) throw conflict('report_template.name_taken', `已有名为“${input.name}”的模板`);
    }
    const [updated] = await tx
      .update(reportTemplates)
      .set({ name: input.name, definition: input.definition, version: sql`${reportTemplates.version} + 1`, updatedAt: new Date(), updatedBy: actor.displayName })
      .where(and(eq(reportTemplates.id, id), eq(reportTemplates.version, input.version)))
      .returning();
    if (!updated) throw versionConflict('report_template.stale', toDto(await templateRow(tx, actor, id)));
    const owner = await getUnitInScope(tx, actor, row.ownerUnitId);
    await recordAudit(tx, actor, { action: 'report_template.update', entityType: 'report_template', entityId: id, orgUnitId: row.ownerUnitId, orgPath: owner.path, summary: `修改综述模板「${updated.name}」`, before: { name: row.name, definition: row.definition }, after: { name: updated.name, definition: updated.definition } });
    return toDto(updated);
  });
}

/** Generates a summary from a definition that may not be saved yet (the editor's live preview). */
export async function previewTemplate(db: DbOrTx, actor: Actor, input: { dept: ReportDept; year: number; definition: TemplateDefinition; unitId?: number }) {
  requirePermission(actor, 'read:reports');
  const unit = await getUnitInScope(db, actor, input.unitId ?? actor.orgUnitId);
  const ctx = await resolveContext(db, actor.tenantId, input.year, unit);
  return generateSummary(ctx, input.dept, input.definition);
}

/** What a slot can name: indicators, published schemes and their grades, ledger categories. */
export async function slotCatalog(db: DbOrTx, actor: Actor) {
  requirePermission(actor, 'read:reports');
  const [defs, schemes, categories] = await Promise.all([loadDefinitions(db, actor.tenantId), schemeCatalog(db, actor.tenantId), categoryCatalog(db, actor.tenantId)]);
  return {
    indicators: [...defs.values()].filter((d) => !d.row.archivedAt).map((d) => ({ code: d.row.code, name: d.row.name, unit: d.row.unit, derived: d.row.source === 'derived' })),
    schemes,
    categories,
  };
}
