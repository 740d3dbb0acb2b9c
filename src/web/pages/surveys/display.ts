import dayjs from 'dayjs';
import type { SurveyMode } from '../../../shared/surveys';

export type SurveyStatus = 'draft' | 'open' | 'closed';

export const STATUS_COLOR: Record<SurveyStatus, string> = { draft: 'default', open: 'processing', closed: 'success' };

/** Short names for tables; the long ones (SURVEY_MODE_ZH) explain the choice in the editor. */
export const MODE_SHORT: Record<SurveyMode, string> = { token: '答题码', device: '公开链接' };

/** "2022-12-18 21:03" in the browser's zone (the county's browsers are in Asia/Shanghai). */
export const dateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** 1–5 satisfaction, two decimals; "—" without ratings. */
export const sat = (v: number | null | undefined) => (v == null ? '—' : v.toFixed(2));

/** 百分制 score, two decimals as written into indicators. */
export const score = (v: number | null | undefined) => (v == null ? '—' : v.toFixed(2));

/** The absolute address of a public path, for QR codes and copying. */
export const absolute = (path: string) => new URL(path, window.location.origin).href;
