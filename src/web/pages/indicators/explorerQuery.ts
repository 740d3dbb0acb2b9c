import type { PeriodType } from './types';

/** What the explorer shows, all of it in the URL so a copied link reproduces the view. */
export interface ExplorerView {
  indicatorId?: number;
  /** Unset: the user's own unit. */
  unitId?: number;
  from?: string;
  /** Unset: the same as `from`. */
  to?: string;
  granularity?: PeriodType;
  provisional: boolean;
  tab: 'drill' | 'league' | 'sources';
  /** League table: unit types compared, and the threshold counted as 达标. */
  leagueTypes: string[];
  threshold?: number;
}

export const DEFAULT_LEAGUE_TYPES = ['village', 'community'];
const TABS = ['drill', 'league', 'sources'] as const;
const GRANULARITIES = ['month', 'quarter', 'half', 'year'] as const;

export function viewFromParams(p: URLSearchParams): ExplorerView {
  const num = (k: string) => (p.get(k) && Number.isFinite(Number(p.get(k))) ? Number(p.get(k)) : undefined);
  const tab = p.get('tab');
  const g = p.get('g');
  return {
    indicatorId: num('indicator'),
    unitId: num('unit'),
    from: p.get('from') || undefined,
    to: p.get('to') || undefined,
    granularity: (GRANULARITIES as readonly string[]).includes(g ?? '') ? (g as PeriodType) : undefined,
    provisional: p.get('provisional') === 'true',
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as ExplorerView['tab']) : 'drill',
    leagueTypes: p.get('types') ? p.get('types')!.split(',').filter(Boolean) : DEFAULT_LEAGUE_TYPES,
    threshold: num('threshold'),
  };
}

export function viewToParams(v: ExplorerView): URLSearchParams {
  const p = new URLSearchParams();
  if (v.indicatorId) p.set('indicator', String(v.indicatorId));
  if (v.unitId) p.set('unit', String(v.unitId));
  if (v.from) p.set('from', v.from);
  if (v.to && v.to !== v.from) p.set('to', v.to);
  if (v.granularity) p.set('g', v.granularity);
  if (v.provisional) p.set('provisional', 'true');
  if (v.tab !== 'drill') p.set('tab', v.tab);
  if (v.leagueTypes.join(',') !== DEFAULT_LEAGUE_TYPES.join(',')) p.set('types', v.leagueTypes.join(','));
  if (v.threshold != null) p.set('threshold', String(v.threshold));
  return p;
}
