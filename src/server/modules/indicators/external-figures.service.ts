import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { AppError, badRequest, conflict, fieldError, notFound } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByCodes, findUnitsByIds } from '../org';
import { parsePeriod, periodLabel } from '../../../shared/periods';
import type { Aggregation } from './aggregate';
import { PERIOD_TYPE_ZH, loadDefinitions, versionFor } from './definitions.service';
import { indicatorValueHistory, indicatorValues, indicators, indicatorVersions } from './indicators.table';
import { checkValue } from './validation';

/**
 * Figures that come from outside the collection workflow — today the results of a public
 * evaluation (群众评价) survey — written straight in as signed-off figures, under the same rules
 * that guard collected ones:
 * - only an entered indicator with a simple rule, for a period of its own period type, and only
 *   units inside the writer's subtree;
 * - a figure collected through a task is never overwritten (its task owns it, docs/decisions/007),
 *   nor is one written by another source; the same source may write its figures again;
 * - every write sets both the working and the signed-off value (`approved_value`, which published
 *   views read), appends a history row (`import`, with the comment as reason) and an audit event
 *   per unit, all in one transaction.
 */

/** Who writes: a signed-in account, or the demo seed (no account, scoped at the county). */
export type FigureWriter = Actor | { system: true; tenantId: string; displayName: string; scopePath: string };

export interface SignedOffFigures {
  indicatorId: number;
  period: string;
  rows: { orgUnitId: number; value: number; comment?: string }[];
  /** Stored in `source`, e.g. 'survey'. */
  source: string;
  /**
   * Names the writer for re-writes, e.g. 'survey:12'; kept in `entered_by` (who entered the
   * figure: for these figures, no person typed them). Only the same reference may write a unit's
   * figure again.
   */
  sourceRef: string;
  /** Shown with each figure (rows may carry their own), e.g. "群众评价《…》". */
  comment: string;
  /** Tree rules the figures make sense under; a survey's satisfaction cannot be summed. */
  allowedTreeRules?: readonly string[];
  /** When the figures were signed off; now unless a seed gives its fixed date. */
  at?: Date;
}

const TREE_RULE_ZH: Record<string, string> = { sum: '求和', avg: '平均', max: '最大值', min: '最小值' };

/**
 * Writes `rows` as signed-off figures of one indicator and period. Refuses the whole write (409,
 * naming every unit at fault) when any unit's figure was collected by a task or written by another
 * source. Permission checks belong to the caller (the survey module requires manage:surveys); scope
 * is checked here. Returns what was written.
 */
export async function writeSignedOffFigures(db: DbOrTx, writer: FigureWriter, input: SignedOffFigures) {
  return db.transaction(async (tx) => {
    const [indicator] = await tx.select().from(indicators).where(and(eq(indicators.id, input.indicatorId), eq(indicators.tenantId, writer.tenantId)));
    if (!indicator || indicator.archivedAt) throw notFound('indicator.not_found', '指标不存在或已停用');
    if (indicator.source !== 'entered') throw conflict('indicator.not_entered', `「${indicator.name}」由系统自动统计，不能写入数据`);
    const period = parsePeriod(input.period);
    if (!period) throw fieldError('indicator.period_format', 'period', '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
    if (period.type !== indicator.periodType) {
      throw fieldError('indicator.period_type_mismatch', 'indicatorId', `「${indicator.name}」是${PERIOD_TYPE_ZH[indicator.periodType as keyof typeof PERIOD_TYPE_ZH]}指标，与期次 ${input.period} 不符`);
    }
    const defs = await loadDefinitions(tx, writer.tenantId);
    const def = defs.get(indicator.code)!;
    if (!def.versions.length) throw conflict('indicator.no_definition', `「${indicator.name}」尚无定义，不能写入数据`);
    const version = versionFor(def, input.period);
    const aggregation = version.aggregation;
    if (aggregation.kind !== 'simple') throw conflict('indicator.not_simple', `「${indicator.name}」由其他指标计算得出，不能写入数据`);
    if (input.allowedTreeRules && !input.allowedTreeRules.includes(aggregation.tree)) {
      throw conflict('indicator.tree_rule_unsuitable', `「${indicator.name}」按${TREE_RULE_ZH[aggregation.tree]}向上汇总，不适合写入该数据；请选择按平均值汇总的指标`);
    }
    if (!input.rows.length) throw badRequest('indicator.nothing_to_write', '没有可写入的数据');

    const unitIds = [...new Set(input.rows.map((r) => r.orgUnitId))];
    if (unitIds.length !== input.rows.length) throw badRequest('indicator.duplicate_unit', '同一单位只能写入一个数据');
    const units = new Map((await findUnitsByIds(tx, unitIds)).map((u) => [u.id, u]));
    for (const id of unitIds) {
      const u = units.get(id);
      if (!u || u.tenantId !== writer.tenantId || !u.path.startsWith(writer.scopePath)) throw notFound('indicator.unit_not_found', '单位不存在或不在您的管辖范围内');
    }
    const rule = { name: indicator.name, unit: indicator.unit, valueKind: version.valueKind as 'integer' | 'decimal', minValue: version.minValue, maxValue: version.maxValue };
    const bad = input.rows.flatMap((r, i) => {
      const message = checkValue(rule, r.value);
      return message ? [{ path: `rows.${i}.value`, message: `${units.get(r.orgUnitId)!.name}：${message}` }] : [];
    });
    if (bad.length) throw badRequest('indicator.value_invalid', bad[0].message, bad);

    // Lock the figures being replaced, so two writers cannot interleave their checks and writes.
    const existing = await tx
      .select()
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorId, indicator.id), eq(indicatorValues.period, input.period), inArray(indicatorValues.orgUnitId, unitIds)))
      .for('update');
    const existingOf = new Map(existing.map((v) => [v.orgUnitId, v]));
    const refused = existing.flatMap((v) => {
      const name = units.get(v.orgUnitId)!.name;
      if (v.taskId != null) return [{ path: `unit.${v.orgUnitId}`, message: `${name}：已通过填报任务报送${v.approvedValue != null ? '并审核' : ''}` }];
      if (v.source !== input.source || v.enteredBy !== input.sourceRef) return [{ path: `unit.${v.orgUnitId}`, message: `${name}：已有其他来源的数据（${v.source === 'imported' ? '历史数据导入' : (v.comment ?? v.source)}）` }];
      return [];
    });
    if (refused.length) {
      throw new AppError(409, 'indicator.figure_owned_elsewhere', `「${indicator.name}」${periodLabel(period)}已有 ${refused.length} 个单位的数据来自填报任务或其他来源，不能覆盖：${refused.slice(0, 5).map((r) => r.message).join('；')}${refused.length > 5 ? '……' : ''}`, refused);
    }

    const now = input.at ?? new Date();
    const fresh = input.rows.filter((r) => !existingOf.has(r.orgUnitId));
    const inserted = fresh.length
      ? await tx
          .insert(indicatorValues)
          .values(
            fresh.map((r) => ({
              tenantId: writer.tenantId,
              indicatorId: indicator.id,
              orgUnitId: r.orgUnitId,
              period: input.period,
              value: r.value,
              approvedValue: r.value,
              approvedAt: now,
              approvedBy: writer.displayName,
              source: input.source,
              taskId: null,
              comment: r.comment ?? input.comment,
              enteredBy: input.sourceRef,
              updatedAt: now,
            })),
          )
          .returning({ id: indicatorValues.id, orgUnitId: indicatorValues.orgUnitId })
      : [];
    const valueId = new Map(inserted.map((r) => [r.orgUnitId, r.id]));
    let changed = 0;
    for (const r of input.rows) {
      const old = existingOf.get(r.orgUnitId);
      if (!old) continue;
      valueId.set(r.orgUnitId, old.id);
      const differs = old.approvedValue !== r.value;
      if (differs) changed++;
      await tx
        .update(indicatorValues)
        .set({
          value: r.value,
          approvedValue: r.value,
          approvedAt: now,
          approvedBy: writer.displayName,
          comment: r.comment ?? input.comment,
          changesSinceSignoff: old.changesSinceSignoff + (differs ? 1 : 0),
          updatedAt: now,
        })
        .where(eq(indicatorValues.id, old.id));
    }
    await tx.insert(indicatorValueHistory).values(
      input.rows.map((r) => ({
        tenantId: writer.tenantId,
        valueId: valueId.get(r.orgUnitId)!,
        action: 'import',
        oldValue: existingOf.get(r.orgUnitId)?.approvedValue ?? null,
        newValue: r.value,
        reason: r.comment ?? input.comment,
        actorName: writer.displayName,
        at: now,
      })),
    );
    const label = periodLabel(period);
    for (const r of input.rows) {
      const u = units.get(r.orgUnitId)!;
      const old = existingOf.get(r.orgUnitId);
      const event = {
        action: 'indicator.external_write',
        entityType: 'indicator_value',
        entityId: valueId.get(r.orgUnitId)!,
        orgUnitId: u.id,
        orgPath: u.path,
        summary: `写入「${indicator.name}」${label}：${u.name} ${r.value}${indicator.unit}（${r.comment ?? input.comment}）`,
        before: old ? { value: old.approvedValue } : null,
        after: { value: r.value, source: input.source, sourceRef: input.sourceRef },
      };
      if ('system' in writer) await recordAudit(tx, null, event, { tenantId: writer.tenantId, actorName: writer.displayName });
      else await recordAudit(tx, writer, event);
    }
    return { indicator: { id: indicator.id, code: indicator.code, name: indicator.name, unit: indicator.unit }, period: input.period, written: input.rows.length, created: fresh.length, replaced: existing.length, changed };
  });
}

/** An entered indicator as a demo seeder defines it (compare indicators/demo.ts). */
export interface SeedIndicator {
  code: string;
  name: string;
  unit: string;
  /** Owning department's unit code suffix under the county, e.g. 'ZZB'. */
  dept: string;
  periodType: 'year' | 'half' | 'quarter' | 'month';
  effectiveFrom: string;
  aggregation: Aggregation;
  valueKind: 'integer' | 'decimal';
  minValue?: number;
  maxValue?: number;
  description?: string;
}

/**
 * Defines an entered indicator with its first version, the way the indicators demo does, for
 * other modules' demo seeders (the survey demo's 村（社区）群众满意度). Returns its id.
 */
export async function seedIndicator(db: DbOrTx, countyCode: string, d: SeedIndicator): Promise<number> {
  const [dept] = await findUnitsByCodes(db, [`${countyCode}-${d.dept}`]);
  const [row] = await db
    .insert(indicators)
    .values({ tenantId: countyCode, code: d.code, name: d.name, unit: d.unit, departmentId: dept?.id ?? null, direction: 'higher', periodType: d.periodType, source: 'entered', description: d.description ?? null })
    .returning({ id: indicators.id });
  await db.insert(indicatorVersions).values({
    indicatorId: row.id,
    versionNo: 1,
    effectiveFrom: d.effectiveFrom,
    aggregation: d.aggregation,
    valueKind: d.valueKind,
    minValue: d.minValue ?? null,
    maxValue: d.maxValue ?? null,
    createdBy: '演示数据',
  });
  return row.id;
}
