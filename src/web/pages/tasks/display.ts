import dayjs from 'dayjs';
import type { PeriodType, SubmissionStatus } from './types';

/** Submission statuses in the order work flows through them. */
export const STATUS_ORDER: SubmissionStatus[] = ['not_started', 'draft', 'submitted', 'returned', 'approved'];

export const STATUS_ZH: Record<SubmissionStatus, string> = {
  not_started: '未开始',
  draft: '草稿',
  submitted: '已报送',
  returned: '已退回',
  approved: '已审核',
};

/** Tag colours: red asks for action, blue waits on the reviewer, green is done. */
export const STATUS_COLOR: Record<SubmissionStatus, string> = {
  not_started: 'default',
  draft: 'gold',
  submitted: 'processing',
  returned: 'error',
  approved: 'success',
};

/** Statuses in which the unit itself still owes something. */
export const OWING: readonly SubmissionStatus[] = ['not_started', 'draft', 'returned'];

export const PERIOD_TYPE_ZH: Record<PeriodType, string> = { year: '年度', half: '半年', quarter: '季度', month: '月度' };

/** "2026-06-30 18:00" in the browser's zone (the county and its browsers are in Asia/Shanghai). */
export const dateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** The periods of one type for the given years, newest first, as Select options. */
export function periodOptions(type: PeriodType, years: number[]): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (const y of [...years].sort((a, b) => b - a)) {
    if (type === 'year') out.push({ value: String(y), label: `${y}年` });
    if (type === 'half') out.push({ value: `${y}H2`, label: `${y}年下半年` }, { value: `${y}H1`, label: `${y}年上半年` });
    if (type === 'quarter') for (let q = 4; q >= 1; q--) out.push({ value: `${y}Q${q}`, label: `${y}年第${q}季度` });
    if (type === 'month') for (let m = 12; m >= 1; m--) out.push({ value: `${y}-${String(m).padStart(2, '0')}`, label: `${y}年${m}月` });
  }
  return out;
}

/** 12 → "12", 3.5 → "3.5"; thousands separated as Chinese tables write them. */
export const figure = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: 4 }));
