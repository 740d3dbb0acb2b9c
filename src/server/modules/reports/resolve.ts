/**
 * Resolving a template's slots to figures written the genre's way, each with its source: an
 * indicator's signed-off value (live for ledger-derived ones), a year-on-year change, a peer
 * standing, a count, sum or top list of ledger records, units per grade of a published
 * assessment, an incentive pool. Every figure goes through the shared formatter, so a generated
 * summary passes its own fact-check. A slot that cannot be resolved says which and why.
 */
import type { DbOrTx } from '../../db/client';
import { loadDefinitions, peerStandingsAt, versionFor, yearValueAt, type IndicatorDef } from '../indicators';
import { checkRecordQuery, queryReachesSensitive, recordQueryTotal, topRecords } from '../ledger';
import { publishedFigures } from '../assessment';
import { formatChange, formatMoney, formatNumber, formatOrdinal, formatPointChange, formatQuantity, type QuantityStyle } from '../../../shared/cn-figures';
import { CASE_STATUSES, HONOUR_LEVELS, PROJECT_STATUSES, RECORD_KINDS, RECORD_KIND_ZH, type RecordKind, type RecordQuery } from '../../../shared/ledger';
import type { Figure, FigureSource } from '../../../shared/reports';
import { unitScale } from './indicator-match';
import type { Slot } from './slots';

export interface ResolveContext {
  db: DbOrTx;
  tenantId: string;
  year: number;
  unit: { id: number; name: string; path: string };
  defs: ReadonlyMap<string, IndicatorDef>;
  standings: Awaited<ReturnType<typeof peerStandingsAt>>;
  /** One read per indicator and year, one per scheme, however many slots name them. */
  cache: Map<string, Promise<unknown>>;
}

export async function resolveContext(db: DbOrTx, tenantId: string, year: number, unit: ResolveContext['unit']): Promise<ResolveContext> {
  const [defs, standings] = await Promise.all([loadDefinitions(db, tenantId), peerStandingsAt(db, tenantId, unit.id, String(year))]);
  return { db, tenantId, year, unit, defs, standings, cache: new Map() };
}

type Problem = { problem: { code: string; message: string } };
export type Resolved = { text: string; figure: Figure } | Problem;

const problem = (code: string, message: string): Problem => ({ problem: { code, message } });
const MONEY_UNITS = new Set(['元', '万元', '亿元']);
const QUANTITY_STYLES: readonly QuantityStyle[] = ['exact', 'approx', 'over', 'near', 'about'];
const STYLE_ZH = '精确 exact、余 approx、超 over、近 near、约 about';

function cached<T>(ctx: ResolveContext, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, load());
  return ctx.cache.get(key) as Promise<T>;
}

const valueAt = (ctx: ResolveContext, code: string, year: number) => cached(ctx, `v:${code}@${year}`, () => yearValueAt(ctx.db, ctx.defs, code, year, ctx.tenantId, ctx.unit));

/** 余 → 多 when the template asks for it ("700多人次"): the same claim, the writer's word. */
const withMark = (text: string, mark: string | undefined) => (mark === '多' ? text.replace('余', '多') : text);

function formatCount(n: number, slot: Slot, unit: string): string | { code: string; message: string } {
  const style = (slot.opts.style ?? 'exact') as QuantityStyle;
  if (!QUANTITY_STYLES.includes(style)) return { code: 'slot.bad_style', message: `数据槽 ${slot.raw} 的写法“${slot.opts.style}”不存在，可用：${STYLE_ZH}` };
  if (slot.opts.sig != null) {
    // One significant figure, rounded down, below 100 too: "70余场次" for 73, "30余个" for 34.
    if (slot.opts.sig !== '1' || style !== 'approx') return { code: 'slot.bad_option', message: `数据槽 ${slot.raw}：sig 只能是1，且只用于 style=approx` };
    if (n >= 10) {
      const step = 10 ** Math.floor(Math.log10(n));
      const written = Math.floor(n / step) * step;
      if (written !== n) return withMark(`${formatNumber(written)}余${unit}`, slot.opts.mark);
    }
  }
  return withMark(formatQuantity(n, { unit, style }), slot.opts.mark);
}

function formatYuan(yuan: number, slot: Slot): string | { code: string; message: string } {
  const style = slot.opts.style ?? 'rounded';
  if (style !== 'rounded' && style !== 'exact' && style !== 'approx') return { code: 'slot.bad_style', message: `数据槽 ${slot.raw} 的金额写法“${style}”不存在，可用：rounded（保留两位）、exact、approx（余）` };
  return withMark(formatMoney(yuan, { style }), slot.opts.mark);
}

function indicatorOf(ctx: ResolveContext, slot: Slot): IndicatorDef | Problem {
  const def = ctx.defs.get(slot.args[0]);
  if (!def) return problem('slot.unknown_indicator', `数据槽 ${slot.raw}：指标“${slot.args[0]}”不存在`);
  if (def.row.archivedAt) return problem('slot.archived_indicator', `数据槽 ${slot.raw}：指标「${def.row.name}」已停用`);
  return def;
}

function indicatorSource(ctx: ResolveContext, def: IndicatorDef, period: string, label?: string): FigureSource {
  const q = def.row.derivation === 'ledger.records' ? (versionFor(def, period).recordQuery as RecordQuery | null) : null;
  return {
    kind: q ? 'records' : 'indicator',
    label: label ?? `${def.row.name} · ${ctx.unit.name} · ${period}年`,
    unitId: ctx.unit.id,
    period,
    indicatorId: def.row.id,
    indicatorCode: def.row.code,
    ...(q ? { recordQuery: q } : {}),
  };
}

async function resolveValue(ctx: ResolveContext, slot: Slot): Promise<Resolved> {
  const def = indicatorOf(ctx, slot);
  if ('problem' in def) return def;
  const raw = await valueAt(ctx, def.row.code, ctx.year);
  if (raw == null) return problem('slot.no_value', `数据槽 ${slot.raw}：「${def.row.name}」${ctx.year}年在${ctx.unit.name}没有已审核的数值`);
  const period = String(ctx.year);
  if (MONEY_UNITS.has(def.row.unit)) {
    const yuan = raw * unitScale(def.row.unit);
    const text = formatYuan(yuan, slot);
    if (typeof text !== 'string') return { problem: text };
    return { text, figure: { slot: slot.raw, value: yuan, unit: '元', source: indicatorSource(ctx, def, period) } };
  }
  if (def.row.unit === '%') {
    const v = Math.round(raw * 100) / 100;
    return { text: `${v}%`, figure: { slot: slot.raw, value: v, unit: '%', source: indicatorSource(ctx, def, period) } };
  }
  const unit = slot.opts.unit ?? def.row.unit;
  if (raw < 0) return problem('slot.negative', `数据槽 ${slot.raw}：「${def.row.name}」的数值为负，不能写成数量`);
  const text = formatCount(raw, slot, unit);
  if (typeof text !== 'string') return { problem: text };
  return { text, figure: { slot: slot.raw, value: raw, unit, source: indicatorSource(ctx, def, period) } };
}

async function resolveChange(ctx: ResolveContext, slot: Slot): Promise<Resolved> {
  const def = indicatorOf(ctx, slot);
  if ('problem' in def) return def;
  const [cur, last] = await Promise.all([valueAt(ctx, def.row.code, ctx.year), valueAt(ctx, def.row.code, ctx.year - 1)]);
  if (cur == null || last == null) return problem('slot.no_value', `数据槽 ${slot.raw}：「${def.row.name}」${cur == null ? ctx.year : ctx.year - 1}年没有已审核的数值，无法计算同比`);
  const basis = slot.opts.basis === 'none' ? '' : '同比';
  if (slot.opts.basis && !['同比', 'none'].includes(slot.opts.basis)) return problem('slot.bad_option', `数据槽 ${slot.raw}：basis 只能是 同比 或 none`);
  const decimals = slot.opts.decimals == null ? 2 : Number(slot.opts.decimals);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 2) return problem('slot.bad_option', `数据槽 ${slot.raw}：decimals 应为0到2`);
  const source = indicatorSource(ctx, def, String(ctx.year), `${def.row.name} · ${ctx.unit.name} · ${ctx.year}年对比${ctx.year - 1}年`);
  if (def.row.unit === '%') {
    return { text: formatPointChange(cur / 100, last / 100, { basis, decimals }), figure: { slot: slot.raw, value: Math.round((cur - last) * 100) / 100, unit: '个百分点', source } };
  }
  if (!(last > 0)) return problem('slot.zero_base', `数据槽 ${slot.raw}：「${def.row.name}」${ctx.year - 1}年为0，无法计算增减幅度`);
  const pct = Math.round(((cur - last) / last) * 10000) / 100;
  return { text: formatChange(cur, last, { basis, decimals }), figure: { slot: slot.raw, value: pct, unit: '%', source } };
}

function resolveRank(ctx: ResolveContext, slot: Slot): Resolved {
  const def = indicatorOf(ctx, slot);
  if ('problem' in def) return def;
  const standing = ctx.standings.find((s) => s.indicatorId === def.row.id);
  if (!standing) return problem('slot.no_standing', `数据槽 ${slot.raw}：「${def.row.name}」${ctx.year}年没有录入${ctx.unit.name}在兄弟县市中的排名`);
  const style = slot.opts.style ?? 'arabic';
  if (style !== 'arabic' && style !== 'chinese') return problem('slot.bad_style', `数据槽 ${slot.raw}：排名写法只能是 arabic（第1）或 chinese（第一）`);
  const label = `${def.row.name} · ${standing.peerGroup}第${standing.rank}（共${standing.peerCount}）· ${standing.sourceTitle}`;
  return { text: formatOrdinal(standing.rank, style), figure: { slot: slot.raw, value: standing.rank, unit: '', source: indicatorSource(ctx, def, String(ctx.year), label) } };
}

const DEFAULT_BASIS: Record<RecordKind, string> = { activity: 'held', case: 'registered', project: 'started', honour: 'awarded' };

/** A count/sum/top slot's record query; problems name the option at fault. */
async function recordQueryOf(ctx: ResolveContext, slot: Slot, measure: 'count' | 'sum'): Promise<RecordQuery | Problem> {
  const kind = slot.args[0] as RecordKind;
  if (!RECORD_KINDS.includes(kind)) return problem('slot.bad_kind', `数据槽 ${slot.raw}：台账类型应为 ${RECORD_KINDS.map((k) => `${k}（${RECORD_KIND_ZH[k]}）`).join('、')}`);
  if (!slot.opts.category) return problem('slot.no_category', `数据槽 ${slot.raw}：请写明台账类别 category=类别编码`);
  const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : null);
  const statuses = list(slot.opts.statuses);
  if (statuses?.some((s) => !(CASE_STATUSES as readonly string[]).includes(s) && !(PROJECT_STATUSES as readonly string[]).includes(s))) return problem('slot.bad_option', `数据槽 ${slot.raw}：状态“${slot.opts.statuses}”不存在`);
  const levels = list(slot.opts.levels);
  if (levels?.some((l) => !(HONOUR_LEVELS as readonly string[]).includes(l))) return problem('slot.bad_option', `数据槽 ${slot.raw}：荣誉级别应为 ${HONOUR_LEVELS.join('、')}`);
  let attribute: RecordQuery['attribute'] = null;
  if (slot.opts.attr) {
    const i = slot.opts.attr.indexOf(':');
    if (i <= 0) return problem('slot.bad_option', `数据槽 ${slot.raw}：attr 应写成 属性键:属性值`);
    attribute = { key: slot.opts.attr.slice(0, i), value: slot.opts.attr.slice(i + 1) };
  }
  const q = {
    kind,
    measure,
    field: measure === 'sum' ? (slot.opts.field ?? null) : null,
    categoryCode: slot.opts.category,
    dateBasis: slot.opts.basis ?? DEFAULT_BASIS[kind],
    statuses: statuses as RecordQuery['statuses'],
    levels: levels as RecordQuery['levels'],
    attribute,
  } as RecordQuery;
  if (measure === 'sum' && !q.field) return problem('slot.no_field', `数据槽 ${slot.raw}：请写明合计的字段 field=…`);
  const bad = await cached(ctx, `q:${JSON.stringify(q)}`, () => checkRecordQuery(ctx.db, ctx.tenantId, q));
  if (bad) return problem('slot.bad_query', `数据槽 ${slot.raw}：${bad.message}`);
  return q;
}

/** Sensitive cases (党员违纪违法, 容错澄清) are counted like any indicator, but their titles are never listed in a summary. */
const reachesSensitive = (ctx: ResolveContext, q: RecordQuery) => cached(ctx, `sens:${q.kind}:${q.categoryCode}`, () => queryReachesSensitive(ctx.db, ctx.tenantId, q.kind, q.categoryCode));

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

async function resolveRecords(ctx: ResolveContext, slot: Slot, measure: 'count' | 'sum'): Promise<Resolved> {
  const q = await recordQueryOf(ctx, slot, measure);
  if ('problem' in q) return q;
  const [from, to] = yearRange(ctx.year);
  const total = (await cached(ctx, `t:${JSON.stringify(q)}`, () => recordQueryTotal(ctx.db, ctx.unit.path, from, to, q))) ?? 0;
  const source: FigureSource = { kind: 'records', label: `${RECORD_KIND_ZH[q.kind]}台账 · ${q.categoryCode} · ${ctx.unit.name} · ${ctx.year}年`, unitId: ctx.unit.id, period: String(ctx.year), recordQuery: q };
  const money = measure === 'sum' && /investment|amount/.test(q.field ?? '');
  if (money) {
    const text = formatYuan(total, slot);
    if (typeof text !== 'string') return { problem: text };
    return { text, figure: { slot: slot.raw, value: total, unit: '元', source } };
  }
  const unit = slot.opts.unit ?? (q.kind === 'activity' ? '场' : q.kind === 'honour' ? '项' : '个');
  const text = formatCount(total, slot, unit);
  if (typeof text !== 'string') return { problem: text };
  return { text, figure: { slot: slot.raw, value: total, unit, source } };
}

async function resolveTop(ctx: ResolveContext, slot: Slot): Promise<Resolved> {
  const q = await recordQueryOf(ctx, slot, 'count');
  if ('problem' in q) return q;
  if (await reachesSensitive(ctx, q)) return problem('slot.sensitive', `数据槽 ${slot.raw}：敏感类别（党员违纪违法、容错澄清）的事项不能在综述中列出标题，只能统计件数`);
  const n = slot.opts.n == null ? 3 : Number(slot.opts.n);
  if (!Number.isInteger(n) || n < 1 || n > 10) return problem('slot.bad_option', `数据槽 ${slot.raw}：n 应为1到10`);
  const [from, to] = yearRange(ctx.year);
  let rows;
  try {
    rows = await topRecords(ctx.db, ctx.unit.path, from, to, q, slot.opts.by ?? null, n);
  } catch {
    return problem('slot.bad_option', `数据槽 ${slot.raw}：排序字段“${slot.opts.by}”不存在`);
  }
  if (!rows.length) return problem('slot.no_records', `数据槽 ${slot.raw}：${ctx.year}年没有符合条件的台账记录`);
  const source: FigureSource = { kind: 'records', label: `${RECORD_KIND_ZH[q.kind]}台账 · ${q.categoryCode} · 前${n}项 · ${ctx.year}年`, unitId: ctx.unit.id, period: String(ctx.year), recordQuery: q };
  return { text: rows.map((r) => `“${r.title}”`).join('、'), figure: { slot: slot.raw, value: rows.length, unit: '项', source } };
}

async function resolveAssessment(ctx: ResolveContext, slot: Slot): Promise<Resolved> {
  const code = slot.args[0];
  const figs = await cached(ctx, `s:${code}`, () => publishedFigures(ctx.db, ctx.tenantId, code, String(ctx.year), ctx.unit.path));
  if ('scheme' in figs) return problem('slot.unknown_scheme', `数据槽 ${slot.raw}：考评方案“${code}”不存在`);
  if ('result' in figs) return problem('slot.not_published', `数据槽 ${slot.raw}：「${figs.schemeName}」${ctx.year}年的结果尚未发布`);
  const source: FigureSource = { kind: slot.kind === 'pool' ? 'pool' : 'assessment', label: `${figs.title}（已发布）`, unitId: ctx.unit.id, period: String(ctx.year), schemeId: figs.schemeId, resultId: figs.resultId };
  if (slot.kind === 'pool') {
    if (!figs.pools.length) return problem('slot.no_pool', `数据槽 ${slot.raw}：「${figs.schemeName}」${ctx.year}年的发布结果没有设立激励奖金池`);
    const amount = figs.pools.reduce((a, p) => a + p.amount, 0);
    const text = formatYuan(amount, slot);
    if (typeof text !== 'string') return { problem: text };
    return { text, figure: { slot: slot.raw, value: amount, unit: '元', source } };
  }
  const grade = slot.args[1];
  const n = figs.gradeCounts.get(grade);
  if (n == null) return problem('slot.unknown_grade', `数据槽 ${slot.raw}：「${figs.schemeName}」${ctx.year}年的结果中没有“${grade}”等次，现有：${[...figs.gradeCounts.keys()].join('、') || '无'}`);
  const unit = slot.opts.unit ?? '个';
  return { text: formatQuantity(n, { unit }), figure: { slot: slot.raw, value: n, unit, source: { ...source, label: `${figs.title} · ${grade}` } } };
}

export async function resolveSlot(ctx: ResolveContext, slot: Slot): Promise<Resolved> {
  switch (slot.kind) {
    case 'value':
      return resolveValue(ctx, slot);
    case 'change':
      return resolveChange(ctx, slot);
    case 'rank':
      return resolveRank(ctx, slot);
    case 'count':
      return resolveRecords(ctx, slot, 'count');
    case 'sum':
      return resolveRecords(ctx, slot, 'sum');
    case 'top':
      return resolveTop(ctx, slot);
    case 'grade':
    case 'pool':
      return resolveAssessment(ctx, slot);
  }
}

