import { api } from '../../api';
import { parsePeriod, periodCode, periodEndDate, periodLabel, previousPeriod, type Period, type PeriodType } from '../../../shared/periods';
import type { Indicator, LeagueResult } from '../indicators/types';

/** Periods of one type, latest first, for a scheme's period picker: this year back `years` years. */
export function periodOptions(type: PeriodType, years = 6): { value: string; label: string }[] {
  const now = new Date().getFullYear();
  const per = { year: 1, half: 2, quarter: 4, month: 12 }[type];
  const out: { value: string; label: string }[] = [];
  for (let y = now; y > now - years; y--) {
    for (let i = per; i >= 1; i--) {
      const p: Period = { type, year: y, index: i };
      out.push({ value: periodCode(p), label: periodLabel(p) });
    }
  }
  return out;
}

/** Periods of the type that have ended by today, latest first. */
function endedPeriods(type: PeriodType, count: number): string[] {
  const today = new Date().toISOString().slice(0, 10);
  const now = new Date().getFullYear();
  let p: Period = { type, year: now, index: { year: 1, half: 2, quarter: 4, month: 12 }[type] };
  const out: string[] = [];
  for (let guard = 0; out.length < count && guard < 200; guard++) {
    if (periodEndDate(p) < today) out.push(periodCode(p));
    p = previousPeriod(p);
  }
  return out;
}

/** Share of units with a figure at which a period counts as complete (late returns aside). */
const COMPLETE = 0.8;

/**
 * The period a scheme page opens on: the latest period that has ended and whose figures are in —
 * for the demo, 2022 (2023's collection is still open, later years have nothing). Only figures
 * units type in can be missing; counts from ledger records always exist, so they do not decide.
 */
export async function defaultPeriod(
  scheme: { periodType: string; scopeUnitId: number; unitTypes: string[]; definition: { items: { indicatorCode: string }[] } },
  indicators: Indicator[],
): Promise<string> {
  const type = scheme.periodType as PeriodType;
  const candidates = endedPeriods(type, 8);
  const entered = [...new Set(scheme.definition.items.map((i) => i.indicatorCode))]
    .map((code) => indicators.find((i) => i.code === code))
    .filter((i): i is Indicator => !!i && i.source === 'entered')
    .slice(0, 3);
  if (!entered.length) return candidates[0];
  for (const period of candidates) {
    try {
      const shares = await Promise.all(
        entered.map(async (ind) => {
          const l = await api.get<LeagueResult>(`/api/indicators/${ind.id}/league`, { unitId: scheme.scopeUnitId, from: period, unitTypes: scheme.unitTypes.join(',') });
          return l.total ? l.reported / l.total : 0;
        }),
      );
      if (shares.every((s) => s >= COMPLETE)) return period;
    } catch {
      break;
    }
  }
  return candidates[0];
}

export const isPeriodOf = (code: string | null | undefined, type: string) => !!code && parsePeriod(code)?.type === type;
