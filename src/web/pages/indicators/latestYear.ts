import { api } from '../../api';
import type { SeriesResult } from './types';

/**
 * The latest year with figures for an indicator at a unit, looking back ten years from now: the
 * default period when a page opens without one, so it shows data rather than an empty year.
 * Falls back to last year.
 */
export async function latestYearWithData(indicatorId: number, unitId: number | undefined, provisional = false): Promise<string> {
  const now = new Date().getFullYear();
  try {
    const s = await api.get<SeriesResult>(`/api/indicators/${indicatorId}/series`, {
      unitId,
      from: String(now - 9),
      to: String(now),
      granularity: 'year',
      provisional: provisional ? 'true' : undefined,
    });
    const last = [...s.points].reverse().find((p) => p.value != null);
    if (last) return last.period;
  } catch {
    /* fall back below */
  }
  return String(now - 1);
}
