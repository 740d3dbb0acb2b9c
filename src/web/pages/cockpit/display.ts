/**
 * How the cockpit says things and where each widget leads: the standing badge, whether a change
 * is good news, the drill-down links (explorer, ledger lists, league table) and the widget names.
 */
import { COUNTER_ZH, type Counter, type HeadlineView, type Widget, type WidgetView } from '../../../shared/cockpit';
import { OPEN_CASE_STATUSES, RECORD_KINDS, type RecordQuery } from '../../../shared/ledger';
import { DEFAULT_LEAGUE_TYPES, viewToParams } from '../indicators/explorerQuery';
import { ledgerListLink, recordQueryLink } from '../ledger/ledgerQuery';

export type WidgetKind = Widget['kind'];

export const WIDGET_KIND_ZH: Record<WidgetKind, string> = { headline: '指标卡', counter: '实时计数', league: '考评排名', honours: '荣誉统计' };

export const STYLE_OPTIONS = [
  { value: 'exact', label: '精确（477个）' },
  { value: 'approx', label: '余（4.7万余名）' },
  { value: 'over', label: '超（超5000场次）' },
  { value: 'near', label: '近（近5000场次）' },
  { value: 'about', label: '约（约4.7万名）' },
] as const;

/** The measure word a counter is read with ("在办事项 12件"). */
export const COUNTER_UNIT: Record<Counter, string> = { open_cases: '件', overdue_cases: '件', active_activations: '个', open_tasks: '项' };

/** Where a counter's figure comes from, for the source line. */
export const COUNTER_SOURCE: Record<Counter, string> = { open_cases: '工作台账', overdue_cases: '工作台账', active_activations: '应急动员', open_tasks: '填报任务' };

/** Figures colours that pass WCAG AA (4.5:1) on the card background, light and dark. */
export const TONE = {
  light: { good: '#237804', bad: '#cf1322', link: '#0958d9', badgeBg: '#fffbe6', badgeText: '#874d00', badgeBorder: '#ffe58f' },
  dark: { good: '#95de64', bad: '#ff7875', link: '#69b1ff', badgeBg: '#2b2111', badgeText: '#ffd666', badgeBorder: '#594214' },
} as const;

/** "金华市9个县（市、区）" and rank 1 → "金华第1". */
export const standingBadge = (s: { peerGroup: string; rank: number }) => `${s.peerGroup.slice(0, 2)}第${s.rank}`;

/** The standing in full words, for screen readers and the tooltip. */
export const standingWords = (s: { peerGroup: string; rank: number; peerCount: number; sourceTitle: string }) =>
  `${s.peerGroup}中第${s.rank}名（共${s.peerCount}个）· 来源：${s.sourceTitle}`;

/** Which way a change text ("同比增长12.5%", "同比下降47.06%", "提高2.3个百分点") says the figure moved. */
export function changeDirection(change: string | null | undefined): 'up' | 'down' | 'flat' | null {
  if (!change) return null;
  if (/持平|不变/.test(change)) return 'flat';
  if (/下降|降低|减少|回落|下滑/.test(change)) return 'down';
  if (/增长|提高|上升|增加|提升/.test(change)) return 'up';
  return null;
}

/**
 * The trend as drawn: the years up to the headline's own (the server reads up to the year asked,
 * which may be later), from the first year with a figure.
 */
export function trendUpTo(trend: HeadlineView['trend'], period: string | null): HeadlineView['trend'] {
  const upTo = period ? trend.filter((p) => p.period.length !== period.length || p.period <= period) : trend;
  const first = upTo.findIndex((p) => p.value != null);
  return first < 0 ? [] : upTo.slice(first);
}

/** Good news for the indicator's direction: more of a higher-is-better figure, less of a lower-is-better one. */
export function changeIsGood(change: string | null | undefined, direction: 'higher' | 'lower'): boolean | null {
  const d = changeDirection(change);
  if (d == null || d === 'flat') return null;
  return direction === 'higher' ? d === 'up' : d === 'down';
}

/** The explorer on this indicator at the cockpit's unit and the headline's period: the drill-down. */
export function headlineLink(h: HeadlineView, unitId: number): string {
  return `/explore?${viewToParams({ indicatorId: h.indicator.id, unitId, from: h.period ?? undefined, provisional: false, tab: 'drill', leagueTypes: DEFAULT_LEAGUE_TYPES }).toString()}`;
}

/** The ledger records a ledger-derived headline counts, when the server sent their query. */
export function headlineRecordsLink(h: HeadlineView, unitId: number): string | null {
  const q = h.recordQuery as RecordQuery | null;
  if (!q || typeof q !== 'object' || !(RECORD_KINDS as readonly string[]).includes((q as { kind?: string }).kind ?? '') || !h.period) return null;
  return recordQueryLink(q, h.period, h.period, unitId);
}

/** Where a counter's figure is listed, under the unit the cockpit was read at. */
export function counterLink(counter: Counter, unitId: number): string {
  switch (counter) {
    case 'open_cases':
      return ledgerListLink('case', { unitId, status: [...OPEN_CASE_STATUSES] });
    case 'overdue_cases':
      return `/ledger/overdue?unitId=${unitId}`;
    case 'active_activations':
      return '/mobilization';
    case 'open_tasks':
      return '/tasks';
  }
}

/** The year's honours in the ledger, by date awarded. */
export const honoursLink = (year: number, unitId: number) => ledgerListLink('honour', { unitId, from: `${year}-01-01`, to: `${year}-12-31`, dateBasis: 'awarded' });

export const leagueLink = (resultId: number) => `/assessment/results/${resultId}`;

/** "14:05" in the viewer's time. */
export const clockText = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });

/** "2023-01-05 14:30". */
export const dateTimeText = (d: string | null | undefined) =>
  d ? new Date(d).toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** A widget's title in the editor and in an error card. */
export function widgetTitle(w: Widget): string {
  switch (w.kind) {
    case 'headline':
      return w.label || w.indicatorCode;
    case 'counter':
      return COUNTER_ZH[w.counter] ?? w.counter;
    case 'league':
      return `考评排名 ${w.schemeCode}`;
    case 'honours':
      return '荣誉统计';
  }
}

/** A stable React key for a widget view in its place. */
export const viewKey = (v: WidgetView, i: number) => `${i}-${v.kind}`;
