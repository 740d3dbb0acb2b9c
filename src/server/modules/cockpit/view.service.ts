/**
 * A cockpit's figures, read at one unit: the cockpit's own unit when the account may see it,
 * otherwise the account's own unit (a town leader opening the county's 全市 cockpit sees 石柱镇).
 * Headlines go through the indicators module (signed-off figures, live for ledger-derived ones)
 * and the shared Chinese formatter, so a figure reads the same here as in a summary.
 * Widgets are independent; a widget that fails says why and the others still show.
 */
import type { Actor } from '../../context';
import { independentReads, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { getUnitInScope } from '../org';
import { loadDefinitions, openTaskCount, peerStandingsAt, unitTargetsFor, versionFor, yearValuesAt, type IndicatorDef } from '../indicators';
import { caseCounters, honourSummary } from '../ledger';
import { activeActivationCount } from '../mobilization';
import { latestPublication } from '../assessment';
import { formatChange, formatIndicatorValue, formatPointChange } from '../../../shared/cn-figures';
import { COUNTER_ZH, type CockpitScope, type CockpitSummary, type CockpitView, type HeadlineView, type Widget, type WidgetView } from '../../../shared/cockpit';
import { cockpitRow } from './cockpit.service';

const TREND_YEARS = 6;
const thisYearCst = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

interface Ctx {
  db: DbOrTx;
  tenantId: string;
  unit: { id: number; name: string; path: string };
  year: number;
  defs: ReadonlyMap<string, IndicatorDef>;
}

async function headline(c: Ctx, w: Extract<Widget, { kind: 'headline' }>): Promise<WidgetView> {
  const def = c.defs.get(w.indicatorCode);
  if (!def || def.row.archivedAt) return { kind: 'error', widget: w, message: `指标“${w.indicatorCode}”不存在或已停用` };
  // The last TREND_YEARS years up to the year asked: the headline is the latest with a figure.
  const years = Array.from({ length: TREND_YEARS }, (_, i) => c.year - TREND_YEARS + 1 + i);
  const values = await yearValuesAt(c.db, c.defs, def.row.code, years, c.tenantId, c.unit);
  const trend = years.map((y, i) => ({ period: String(y), value: values[i] }));
  const last = trend.map((t) => t.value != null).lastIndexOf(true);
  const base: HeadlineView = {
    kind: 'headline',
    label: w.label || def.row.name,
    indicator: { id: def.row.id, code: def.row.code, name: def.row.name, unit: def.row.unit, direction: def.row.direction as 'higher' | 'lower' },
    period: null,
    value: null,
    text: null,
    target: null,
    completion: null,
    met: null,
    change: null,
    trend,
    standing: null,
    recordQuery: def.row.derivation === 'ledger.records' ? (versionFor(def, String(c.year)).recordQuery ?? null) : null,
  };
  if (last < 0) return base;
  const period = trend[last].period;
  const value = trend[last].value!;
  const prev = last > 0 ? trend[last - 1].value : null;
  const [targets, standings] = await independentReads(c.db, [() => unitTargetsFor(c.db, c.tenantId, def.row.id, period), () => peerStandingsAt(c.db, c.tenantId, c.unit.id, period)] as const);
  const target = targets.get(c.unit.id) ?? null;
  const lower = def.row.direction === 'lower';
  const standing = standings.find((s) => s.indicatorId === def.row.id);
  let change: string | null = null;
  if (prev != null) change = def.row.unit === '%' ? formatPointChange(value / 100, prev / 100) : prev > 0 ? formatChange(value, prev) : null;
  return {
    ...base,
    period,
    value,
    text: formatIndicatorValue(value, def.row.unit, w.style),
    target,
    completion: target == null || target === 0 ? null : value / target,
    met: target == null ? null : lower ? value <= target : value >= target,
    change,
    standing: standing ? { peerGroup: standing.peerGroup, rank: standing.rank, peerCount: standing.peerCount, sourceTitle: standing.sourceTitle } : null,
  };
}

async function widgetView(c: Ctx, w: Widget): Promise<WidgetView> {
  switch (w.kind) {
    case 'headline':
      return headline(c, w);
    case 'counter': {
      let value: number;
      if (w.counter === 'open_cases' || w.counter === 'overdue_cases') {
        const n = await caseCounters(c.db, c.tenantId, c.unit.path);
        value = w.counter === 'open_cases' ? n.open : n.overdue;
      } else if (w.counter === 'active_activations') value = await activeActivationCount(c.db, c.tenantId, c.unit.path);
      else value = await openTaskCount(c.db, c.tenantId, c.unit.path);
      return { kind: 'counter', counter: w.counter, label: COUNTER_ZH[w.counter], value };
    }
    case 'league': {
      const p = await latestPublication(c.db, c.tenantId, w.schemeCode, c.unit.path, w.top);
      if (!p.scheme) return { kind: 'league', scheme: null, result: null, rows: [], empty: `考评方案“${w.schemeCode}”不存在` };
      if (!p.result) return { kind: 'league', scheme: p.scheme, result: null, rows: [], empty: '尚未发布结果' };
      return { kind: 'league', scheme: p.scheme, result: p.result, rows: p.rows, ...(p.rows.length ? {} : { empty: `${c.unit.name}没有参评单位` }) };
    }
    case 'honours':
      return { kind: 'honours', ...(await honourSummary(c.db, c.tenantId, c.unit.path, c.year)) };
  }
}

export async function cockpitView(db: DbOrTx, actor: Actor, id: number, q: { year?: number; unitId?: number }): Promise<CockpitView> {
  requirePermission(actor, 'read:indicators');
  const row = await cockpitRow(db, actor, id);
  // The cockpit's own unit when the account may see it, else the account's own unit.
  const unit = q.unitId != null ? await getUnitInScope(db, actor, q.unitId) : await getUnitInScope(db, actor, row.ownerUnitId).catch(() => getUnitInScope(db, actor, actor.orgUnitId));
  const year = q.year ?? row.definition.year ?? thisYearCst();
  const c: Ctx = { db, tenantId: actor.tenantId, unit, year, defs: await loadDefinitions(db, actor.tenantId) };
  const widgets = await independentReads(
    db,
    row.definition.widgets.map((w) => () => widgetView(c, w).catch((): WidgetView => ({ kind: 'error', widget: w, message: '该组件暂时无法显示，请稍后重试' }))),
  );
  const cockpit: CockpitSummary = { id: row.id, scope: row.scope as CockpitScope, title: row.definition.title, unit: { id: unit.id, name: unit.name }, version: row.version, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
  return { cockpit, year, asOf: new Date().toISOString(), widgets };
}
