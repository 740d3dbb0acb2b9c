import type { Query } from '../../api';
import { DATE_BASES, KIND_SEGMENT, RECORD_KINDS, type RecordKind, type RecordQuery } from '../../../shared/ledger';
import { parsePeriod, periodEndDate, periodStartDate } from '../../../shared/periods';
import type { Category } from './types';

/**
 * A ledger list's filters, all kept in the URL so a link — from a derived indicator, the 超期
 * view or a colleague — opens exactly these records:
 * `/ledger/activities?categoryCode=XJ&from=2022-01-01&to=2022-12-31&unitId=12`.
 * The category travels as its code (stable across databases); `categoryId` is accepted too.
 */
export interface LedgerFilter {
  unitId?: number;
  categoryCode?: string;
  categoryId?: number;
  from?: string;
  to?: string;
  dateBasis?: string;
  status: string[];
  level: string[];
  q?: string;
  flag?: 'overdue' | 'due_soon';
  mine?: 'handling' | 'registered';
  /** Cases: only those handled under the unit, as a derived figure counts them. */
  side?: 'handler';
  attrKey?: string;
  attrValue?: string;
  includeArchived: boolean;
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const list = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function filterFromParams(p: URLSearchParams): LedgerFilter {
  const num = (k: string) => (Number(p.get(k)) > 0 ? Number(p.get(k)) : undefined);
  const flag = p.get('flag');
  const mine = p.get('mine');
  return {
    unitId: num('unitId'),
    categoryCode: p.get('categoryCode') || undefined,
    categoryId: num('categoryId'),
    from: DATE.test(p.get('from') ?? '') ? p.get('from')! : undefined,
    to: DATE.test(p.get('to') ?? '') ? p.get('to')! : undefined,
    dateBasis: p.get('dateBasis') || undefined,
    // `statuses` is what a record query calls them; both spellings open the same list.
    status: list(p.get('status') ?? p.get('statuses')),
    level: list(p.get('level') ?? p.get('levels')),
    q: p.get('q') || undefined,
    flag: flag === 'overdue' || flag === 'due_soon' ? flag : undefined,
    mine: mine === 'handling' || mine === 'registered' ? mine : undefined,
    side: p.get('side') === 'handler' ? 'handler' : undefined,
    attrKey: p.get('attrKey') || undefined,
    attrValue: p.get('attrValue') ?? undefined,
    includeArchived: p.get('includeArchived') === 'true',
    page: Math.max(1, num('page') ?? 1),
  };
}

export function paramsFromFilter(f: LedgerFilter): URLSearchParams {
  const p = new URLSearchParams();
  const set = (k: string, v: string | number | undefined) => v !== undefined && v !== '' && p.set(k, String(v));
  set('unitId', f.unitId);
  if (f.categoryCode) set('categoryCode', f.categoryCode);
  else set('categoryId', f.categoryId);
  set('from', f.from);
  set('to', f.to);
  set('dateBasis', f.dateBasis);
  set('status', f.status.join(','));
  set('level', f.level.join(','));
  set('q', f.q);
  set('flag', f.flag);
  set('mine', f.mine);
  set('side', f.side);
  if (f.attrKey) {
    set('attrKey', f.attrKey);
    set('attrValue', f.attrValue);
  }
  if (f.includeArchived) set('includeArchived', 'true');
  if (f.page > 1) set('page', f.page);
  return p;
}

/** The category a filter names, by code or id; `missing` when it names one that does not exist. */
export function categoryOf(f: LedgerFilter, categories: Category[]): { category?: Category; missing: boolean } {
  if (f.categoryCode) {
    const c = categories.find((x) => x.code === f.categoryCode);
    return { category: c, missing: !c };
  }
  if (f.categoryId) {
    const c = categories.find((x) => x.id === f.categoryId);
    return { category: c, missing: !c };
  }
  return { missing: false };
}

/** The API's query (GET /api/<segment>, POST …/export) for a filter; dates default to the kind's main date. */
export function apiQuery(kind: RecordKind, f: LedgerFilter, category: Category | undefined): Query {
  const basisOk = f.dateBasis && DATE_BASES[kind].some((d) => d.key === f.dateBasis);
  return {
    unitId: f.unitId,
    categoryId: category?.id,
    from: f.from,
    to: f.to,
    dateBasis: basisOk ? f.dateBasis : undefined,
    status: kind === 'case' || kind === 'project' ? f.status.join(',') : undefined,
    level: kind === 'honour' ? f.level.join(',') : undefined,
    q: f.q,
    flag: kind === 'case' ? f.flag : undefined,
    mine: kind === 'case' ? f.mine : undefined,
    side: kind === 'case' ? f.side : undefined,
    attrKey: f.attrKey,
    attrValue: f.attrKey ? (f.attrValue ?? '') : undefined,
    includeArchived: f.includeArchived ? 'true' : undefined,
  };
}

/** Kind of a page from its URL segment (/ledger/cases → case). */
export const kindOfSegment = (segment: string | undefined): RecordKind | undefined => RECORD_KINDS.find((k) => KIND_SEGMENT[k] === segment);

/** Link to a kind's list with some filters, e.g. from the 超期 view or an indicator. */
export function ledgerListLink(kind: RecordKind, f: Partial<LedgerFilter>): string {
  const p = paramsFromFilter({ status: [], level: [], includeArchived: false, page: 1, ...f });
  const s = p.toString();
  return `/ledger/${KIND_SEGMENT[kind]}${s ? `?${s}` : ''}`;
}

/**
 * The records behind a derived figure: the list of the query's kind, filtered as the query
 * counts (category with its descendants, date basis, statuses, levels, attribute) over the
 * periods' first to last day, under the unit the figure is for.
 */
export function recordQueryLink(q: RecordQuery, fromPeriod: string, toPeriod: string, unitId?: number): string | null {
  const from = parsePeriod(fromPeriod);
  const to = parsePeriod(toPeriod);
  if (!from || !to) return null;
  return ledgerListLink(q.kind, {
    unitId,
    categoryCode: q.categoryCode,
    dateBasis: q.dateBasis,
    from: periodStartDate(from),
    to: periodEndDate(to),
    status: q.statuses ?? [],
    level: q.levels ?? [],
    attrKey: q.attribute?.key,
    attrValue: q.attribute?.value,
    side: q.kind === 'case' ? 'handler' : undefined,
  });
}
