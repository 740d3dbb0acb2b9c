/**
 * Reporting periods as compact codes: "2022" (year), "2022H1" (half-year), "2022Q3" (quarter),
 * "2022-07" (month). Codes sort chronologically within one period type. Shared by the server and
 * the web app.
 */
export type PeriodType = 'year' | 'half' | 'quarter' | 'month';

export interface Period {
  type: PeriodType;
  year: number;
  /** 1-based index within the year: half 1–2, quarter 1–4, month 1–12; 1 for a year. */
  index: number;
}

const PER_YEAR: Record<PeriodType, number> = { year: 1, half: 2, quarter: 4, month: 12 };
const MONTHS: Record<PeriodType, number> = { year: 12, half: 6, quarter: 3, month: 1 };

export function parsePeriod(code: string): Period | null {
  let m = /^(\d{4})$/.exec(code);
  if (m) return { type: 'year', year: Number(m[1]), index: 1 };
  m = /^(\d{4})H([12])$/.exec(code);
  if (m) return { type: 'half', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) return { type: 'quarter', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { type: 'month', year: Number(m[1]), index: Number(m[2]) };
  return null;
}

export function periodCode(p: Period): string {
  switch (p.type) {
    case 'year':
      return String(p.year);
    case 'half':
      return `${p.year}H${p.index}`;
    case 'quarter':
      return `${p.year}Q${p.index}`;
    case 'month':
      return `${p.year}-${String(p.index).padStart(2, '0')}`;
  }
}

/** "2022Q3" → "三季度" style labels for tables: 2022年第3季度. */
export function periodLabel(p: Period): string {
  switch (p.type) {
    case 'year':
      return `${p.year}年`;
    case 'half':
      return `${p.year}年${p.index === 1 ? '上半年' : '下半年'}`;
    case 'quarter':
      return `${p.year}年第${p.index}季度`;
    case 'month':
      return `${p.year}年${p.index}月`;
  }
}

/** First and last month (1–12) a period covers. */
function monthRange(p: Period): [number, number] {
  const first = (p.index - 1) * MONTHS[p.type] + 1;
  return [first, first + MONTHS[p.type] - 1];
}

/** The periods of a finer type that make up `p`, in order: 2022Q3 → 2022-07, 2022-08, 2022-09. */
export function subPeriods(p: Period, finer: PeriodType): Period[] {
  if (MONTHS[finer] > MONTHS[p.type]) throw new Error(`${finer} is coarser than ${p.type}`);
  const [first, last] = monthRange(p);
  const out: Period[] = [];
  for (let month = first; month <= last; month += MONTHS[finer]) {
    out.push({ type: finer, year: p.year, index: Math.floor((month - 1) / MONTHS[finer]) + 1 });
  }
  return out;
}

/** The same period one year earlier (同比). */
export function sameLastYear(p: Period): Period {
  return { ...p, year: p.year - 1 };
}

/** The period just before (环比): 2022Q1 → 2021Q4. */
export function previousPeriod(p: Period): Period {
  return p.index > 1 ? { ...p, index: p.index - 1 } : { ...p, year: p.year - 1, index: PER_YEAR[p.type] };
}

/** First day of the period as YYYY-MM-DD. */
export function periodStartDate(p: Period): string {
  const [first] = monthRange(p);
  return `${p.year}-${String(first).padStart(2, '0')}-01`;
}

/** Last day of the period as YYYY-MM-DD: the date stock figures (人数) are counted on. */
export function periodEndDate(p: Period): string {
  const [, last] = monthRange(p);
  const day = new Date(Date.UTC(p.year, last, 0)).getUTCDate();
  return `${p.year}-${String(last).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The periods of type `type` from `from` to `to` inclusive, given as codes of that type. */
export function periodsBetween(from: Period, to: Period): Period[] {
  if (from.type !== to.type) throw new Error('periods of different types');
  const out: Period[] = [];
  let cur = from;
  for (let guard = 0; guard < 1000 && (cur.year < to.year || (cur.year === to.year && cur.index <= to.index)); guard++) {
    out.push(cur);
    cur = nextPeriod(cur);
  }
  return out;
}

/** The period right after (2022Q4 → 2023Q1). */
export function nextPeriod(p: Period): Period {
  return p.index < PER_YEAR[p.type] ? { ...p, index: p.index + 1 } : { ...p, year: p.year + 1, index: 1 };
}

/** Periods of each type in a year. */
export const PERIODS_PER_YEAR: Readonly<Record<PeriodType, number>> = PER_YEAR;

/** Whether `finer` is the same as or finer than `coarser` (month ⊂ quarter ⊂ half ⊂ year). */
export const isFinerOrSame = (finer: PeriodType, coarser: PeriodType) => MONTHS[finer] <= MONTHS[coarser];
