import { and, eq, inArray } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx, Tx } from '../../db/client';
import { requirePermission } from '../../access';
import { fieldError, notFound, versionConflict } from '../../errors';
import { runImport, type ImportMode } from '../../import-flow';
import { readSheet, writeSheet, type ColumnSpec, type RowIssue } from '../../xlsx';
import { recordAudit } from '../audit';
import { childUnits, findUnitsByCodes, findUnitsByIds } from '../org';
import { aggregateAt, completion, rangeFor } from './aggregate.service';
import { assertPeriodOfType, indicatorInTenant, loadDefinitions } from './definitions.service';
import { indicatorTargets, indicators, type IndicatorRow } from './indicators.table';
import { parsePeriod } from '../../../shared/periods';
import { parseFigure } from './validation';

/**
 * Targets (目标值) per unit and period. A target's period may be the indicator's own type or
 * coarser (a yearly target for a monthly indicator); completion compares it with the aggregate
 * of the published figures over that period.
 */
async function unitInScope(db: DbOrTx, actor: Actor, unitId: number) {
  const [unit] = await findUnitsByIds(db, [unitId]);
  if (!unit || !unit.path.startsWith(actor.scopePath)) throw notFound('org.not_found', '单位不存在或不在您的管辖范围内');
  return unit;
}

function assertTargetPeriod(row: IndicatorRow, period: string) {
  const p = parsePeriod(period);
  if (!p) throw fieldError('indicator.period_format', 'period', '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
  rangeFor(row.periodType, period);
  return p;
}

/** The unit and its children, each with target, actual and completion for the period. */
export async function listTargets(ctx: AppContext, actor: Actor, indicatorId: number, q: { unitId?: number; period: string }) {
  requirePermission(actor, 'read:indicators');
  const row = await indicatorInTenant(ctx.db, actor, indicatorId);
  assertTargetPeriod(row, q.period);
  const unit = await unitInScope(ctx.db, actor, q.unitId ?? actor.orgUnitId);
  const children = await childUnits(ctx.db, unit.id);
  const units = [{ ...unit, childCount: children.length }, ...children];
  const targets = await ctx.db.select().from(indicatorTargets).where(and(eq(indicatorTargets.indicatorId, indicatorId), eq(indicatorTargets.period, q.period), inArray(indicatorTargets.orgUnitId, units.map((u) => u.id))));
  const targetOf = new Map(targets.map((t) => [t.orgUnitId, t]));
  const defs = await loadDefinitions(ctx.db, actor.tenantId);
  const actual = await aggregateAt(ctx.db, defs, row.code, rangeFor(row.periodType, q.period), { tenantId: actor.tenantId, underPath: unit.path, provisional: false }, new Set(units.map((u) => u.id)));
  return {
    indicator: { id: row.id, code: row.code, name: row.name, unit: row.unit, direction: row.direction as 'higher' | 'lower' },
    period: q.period,
    rows: units.map((u) => {
      const t = targetOf.get(u.id);
      const value = actual.get(u.id) ?? null;
      return { unitId: u.id, unitCode: u.code, unitName: u.name, childCount: u.childCount, isSelf: u.id === unit.id, targetVersion: t?.version ?? null, updatedBy: t?.updatedBy ?? null, actual: value, ...completion(value, t?.target ?? null, row.direction) };
    }),
  };
}

interface TargetItem {
  orgUnitId: number;
  target: number | null;
  version?: number | null;
}

async function writeTargets(tx: DbOrTx, actor: Actor, row: IndicatorRow, period: string, items: TargetItem[]) {
  const existing = await tx.select().from(indicatorTargets).where(and(eq(indicatorTargets.indicatorId, row.id), eq(indicatorTargets.period, period), inArray(indicatorTargets.orgUnitId, items.map((i) => i.orgUnitId))));
  const byUnit = new Map(existing.map((t) => [t.orgUnitId, t]));
  let changed = 0;
  for (const item of items) {
    const cur = byUnit.get(item.orgUnitId);
    // Concurrent edits: a client that saw version N may only overwrite version N.
    if (cur && item.version !== undefined && item.version !== cur.version) throw versionConflict('target.version_conflict', cur);
    if (!cur && item.version != null) throw versionConflict('target.version_conflict', null);
    if (item.target == null) {
      if (cur) {
        await tx.delete(indicatorTargets).where(eq(indicatorTargets.id, cur.id));
        changed++;
      }
    } else if (!cur) {
      await tx.insert(indicatorTargets).values({ tenantId: actor.tenantId, indicatorId: row.id, orgUnitId: item.orgUnitId, period, target: item.target, updatedBy: actor.displayName });
      changed++;
    } else if (cur.target !== item.target) {
      await tx.update(indicatorTargets).set({ target: item.target, version: cur.version + 1, updatedBy: actor.displayName, updatedAt: new Date() }).where(eq(indicatorTargets.id, cur.id));
      changed++;
    }
  }
  return { changed, before: existing };
}

export async function putTargets(ctx: AppContext, actor: Actor, indicatorId: number, input: { period: string; items: TargetItem[] }) {
  requirePermission(actor, 'define:indicators');
  return ctx.db.transaction(async (tx) => {
    const row = await indicatorInTenant(tx, actor, indicatorId);
    assertTargetPeriod(row, input.period);
    const units = await findUnitsByIds(tx, [...new Set(input.items.map((i) => i.orgUnitId))]);
    if (units.length !== new Set(input.items.map((i) => i.orgUnitId)).size || units.some((u) => !u.path.startsWith(actor.scopePath))) {
      throw fieldError('target.out_of_scope', 'items', '只能为本辖区内的单位设定目标');
    }
    const { changed, before } = await writeTargets(tx, actor, row, input.period, input.items);
    if (changed) {
      await recordAudit(tx, actor, { action: 'target.set', entityType: 'indicator', entityId: row.id, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `设定「${row.name}」${input.period} 目标值 ${changed} 项`, before, after: input.items });
    }
    return { changed };
  });
}

export const TARGET_COLUMNS: ColumnSpec[] = [
  { key: 'unitCode', header: '单位编码', width: 16 },
  { key: 'unitName', header: '单位名称', width: 24 },
  { key: 'indicatorCode', header: '指标编码', width: 16 },
  { key: 'indicatorName', header: '指标名称', width: 30 },
  { key: 'period', header: '期次', width: 10 },
  { key: 'target', header: '目标值', width: 12 },
];
const header = (key: string) => TARGET_COLUMNS.find((c) => c.key === key)!.header;

/** The target sheet for one indicator and period: the unit and its children, current targets filled in. */
export async function targetsSheet(ctx: AppContext, actor: Actor, indicatorId: number, q: { unitId?: number; period: string }) {
  const list = await listTargets(ctx, actor, indicatorId, q);
  return writeSheet(
    '目标值',
    TARGET_COLUMNS,
    list.rows.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, indicatorCode: list.indicator.code, indicatorName: list.indicator.name, period: list.period, target: r.target ?? '' })),
    ['unitCode', 'indicatorCode', 'period', 'target'],
  );
}

interface PlannedTarget {
  line: number;
  indicator: IndicatorRow;
  unitId: number;
  period: string;
  target: number | null;
}

/** Targets from a sheet, any indicators and periods; preview, then apply valid rows or nothing. */
export async function importTargets(ctx: AppContext, actor: Actor, file: Buffer, mode: ImportMode, previewToken?: string) {
  requirePermission(actor, 'define:indicators');
  const rows = await readSheet(file, TARGET_COLUMNS, ['unitCode', 'indicatorCode', 'period', 'target']);
  return runImport<PlannedTarget>({
    db: ctx.db,
    file,
    mode,
    previewToken,
    validate: async (tx: Tx) => {
      const issues: RowIssue[] = [];
      const issue = (line: number, key: string, message: string) => issues.push({ line, column: header(key), message });
      const units = new Map((await findUnitsByCodes(tx, [...new Set(rows.map((r) => r.values.unitCode).filter(Boolean))])).map((u) => [u.code, u]));
      const inds = new Map((await tx.select().from(indicators).where(eq(indicators.tenantId, actor.tenantId))).map((i) => [i.code, i]));
      const seen = new Map<string, number>();
      const valid: PlannedTarget[] = [];
      for (const { line, values: v } of rows) {
        const unit = units.get(v.unitCode);
        const ind = inds.get(v.indicatorCode);
        let ok = true;
        if (!unit || !unit.path.startsWith(actor.scopePath)) (issue(line, 'unitCode', v.unitCode ? `单位编码「${v.unitCode}」不存在或不在您的管辖范围内` : '请填写单位编码'), (ok = false));
        if (!ind) (issue(line, 'indicatorCode', v.indicatorCode ? `指标编码「${v.indicatorCode}」不存在` : '请填写指标编码'), (ok = false));
        if (ind) {
          try {
            assertTargetPeriod(ind, v.period);
          } catch {
            issue(line, 'period', `期次「${v.period}」无效：应为 2023、2023H1、2023Q1 或 2023-01，且不能比指标的填报周期更细`);
            ok = false;
          }
        }
        const target = parseFigure(v.target);
        if (target === 'invalid') (issue(line, 'target', `「${v.target}」不是数字`), (ok = false));
        const key = `${v.unitCode}|${v.indicatorCode}|${v.period}`;
        if (seen.has(key)) (issue(line, 'unitCode', `与第 ${seen.get(key)} 行重复`), (ok = false));
        seen.set(key, line);
        if (ok && unit && ind && target !== 'invalid') valid.push({ line, indicator: ind, unitId: unit.id, period: v.period, target });
      }
      return { total: rows.length, valid, issues };
    },
    describe: (p) => `${p.indicator.code}:${p.unitId}:${p.period}=${p.target}`,
    apply: async (tx, planned) => {
      const groups = new Map<string, PlannedTarget[]>();
      for (const p of planned) groups.set(`${p.indicator.id}|${p.period}`, [...(groups.get(`${p.indicator.id}|${p.period}`) ?? []), p]);
      let changed = 0;
      for (const g of groups.values()) changed += (await writeTargets(tx, actor, g[0].indicator, g[0].period, g.map((p) => ({ orgUnitId: p.unitId, target: p.target })))).changed;
      await recordAudit(tx, actor, { action: 'target.import', entityType: 'indicator', orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `导入目标值：${planned.length} 行，其中 ${changed} 项有变化`, after: { rows: planned.length, changed } });
      // Rows whose target was already the same are valid but change nothing: report what changed.
      return changed;
    },
  });
}
