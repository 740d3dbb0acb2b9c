/**
 * Leaders' cockpit (驾驶舱): a page of widgets an admin composes without code — headline figures
 * bound to indicators (against target, with the trend and the peer standing), live counters, the
 * latest published league table, this year's honours. Shared by server and pages.
 */
import { z } from 'zod';

export const COCKPIT_SCOPES = ['county', 'org', 'propaganda', 'united-front'] as const;
export type CockpitScope = (typeof COCKPIT_SCOPES)[number];
export const COCKPIT_SCOPE_ZH: Record<CockpitScope, string> = { county: '全市', org: '组织工作', propaganda: '宣传思想工作', 'united-front': '统战工作' };

export const COUNTERS = ['open_cases', 'overdue_cases', 'active_activations', 'open_tasks'] as const;
export type Counter = (typeof COUNTERS)[number];
export const COUNTER_ZH: Record<Counter, string> = { open_cases: '在办事项', overdue_cases: '超期事项', active_activations: '进行中的激活令', open_tasks: '未完成的填报任务' };

const headline = z.object({
  kind: z.literal('headline'),
  indicatorCode: z.string({ error: '请选择指标' }).trim().min(1, '请选择指标').max(40),
  /** Shown instead of the indicator's name ("党员"). */
  label: z.string().trim().max(20, '标题最多20字').default(''),
  /** How the figure is written: exact, or 余/超/近/约 as the reports write it. */
  style: z.enum(['exact', 'approx', 'over', 'near', 'about']).default('exact'),
});
const counter = z.object({ kind: z.literal('counter'), counter: z.enum(COUNTERS, { error: '请选择计数项' }) });
const league = z.object({ kind: z.literal('league'), schemeCode: z.string({ error: '请选择考评方案' }).trim().min(1, '请选择考评方案').max(40), top: z.number().int().min(3).max(20).default(5) });
const honours = z.object({ kind: z.literal('honours') });

export const WidgetSchema = z.discriminatedUnion('kind', [headline, counter, league, honours], { error: '组件类型应为 headline、counter、league 或 honours' });
export type Widget = z.infer<typeof WidgetSchema>;

export const CockpitDefinitionSchema = z.object({
  title: z.string({ error: '请填写标题' }).trim().min(1, '请填写标题').max(30, '标题最多30字'),
  /**
   * The year the cockpit reports, e.g. the last year whose collection is complete; empty for the
   * latest year with a figure (which may be a year still being collected).
   */
  year: z.number({ error: '统计年度应为四位年份' }).int('统计年度应为四位年份').min(2000, '统计年度不早于2000年').max(2100, '统计年度不晚于2100年').nullable().default(null),
  widgets: z.array(WidgetSchema).min(1, '至少一个组件').max(24, '最多24个组件'),
});
export type CockpitDefinition = z.infer<typeof CockpitDefinitionSchema>;

export interface CockpitSummary {
  id: number;
  scope: CockpitScope;
  title: string;
  unit: { id: number; name: string };
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface CockpitDetail extends CockpitSummary {
  definition: CockpitDefinition;
}

/** A headline as displayed: the figure, its year, target, trend and standing; links by ids. */
export interface HeadlineView {
  kind: 'headline';
  label: string;
  indicator: { id: number; code: string; name: string; unit: string; direction: 'higher' | 'lower' };
  /** The latest year with a figure (up to the year asked for). */
  period: string | null;
  value: number | null;
  /** Written the genre's way: "4.7万余名", "10.67亿元". */
  text: string | null;
  target: number | null;
  /** value / target (lower-is-better: met when at or under). */
  completion: number | null;
  met: boolean | null;
  /** "同比增长12.5%", "同比下降47.06%", "提高2.3个百分点". */
  change: string | null;
  /** Up to six years ending at `period`. */
  trend: { period: string; value: number | null }[];
  standing: { peerGroup: string; rank: number; peerCount: number; sourceTitle: string } | null;
  /** The ledger records behind a ledger-derived figure. */
  recordQuery: unknown | null;
}

export interface CounterView {
  kind: 'counter';
  counter: Counter;
  label: string;
  value: number;
}

export interface LeagueView {
  kind: 'league';
  scheme: { code: string; name: string } | null;
  result: { id: number; title: string; period: string; publishedAt: string } | null;
  rows: { rank: number; unitName: string; parentName: string | null; total: number; grade: string | null }[];
  /** Why nothing is shown (unknown scheme, nothing published), in Chinese. */
  empty?: string;
}

export interface HonoursView {
  kind: 'honours';
  year: number;
  byLevel: { level: string; label: string; count: number }[];
  total: number;
  latest: { id: number; title: string; level: string; awardedOn: string }[];
}

export type WidgetView = HeadlineView | CounterView | LeagueView | HonoursView | { kind: 'error'; widget: Widget; message: string };

export interface CockpitView {
  cockpit: CockpitSummary;
  year: number;
  /** When the figures were read; the page refreshes counters live. */
  asOf: string;
  widgets: WidgetView[];
}
