import dayjs from 'dayjs';
import type { ActivationLevel, Availability } from '../../../shared/mobilization';

/** Level I is the most serious: red, then orange, gold and blue (the national alert colours). */
export const LEVEL_COLOR: Record<ActivationLevel, string> = { I: '#cf1322', II: '#fa541c', III: '#d48806', IV: '#1677ff' };

export const AVAILABILITY_COLOR: Record<Availability, string> = { available: 'success', limited: 'warning', unavailable: 'default' };

/** "2022-08-02 21:40" in the browser's zone (the county and its browsers are in Asia/Shanghai). */
export const dateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** "08-02 21:40:15": arrival times on the board need seconds but not the year. */
export const shortTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm:ss') : '—');

/** 0.4 → "24 秒", 7.1 → "7.1 分钟", 95 → "1小时35分", null → "—". */
export function minutes(m: number | null | undefined): string {
  if (m == null) return '—';
  if (m < 1) return `${Math.round(m * 60)} 秒`;
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  const rest = Math.round(m - h * 60);
  if (h < 48) return rest ? `${h}小时${rest}分` : `${h}小时`;
  return `${Math.round((m / 1440) * 10) / 10} 天`;
}

/** 0.841 → "84.1%". */
export const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** Level tag text, e.g. "Ⅱ级响应". */
export const levelText = (levelName: string) => `${levelName}响应`;
