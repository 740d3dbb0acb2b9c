import type { PartyStatus, PersonRole } from '../../../shared/person-roles';
import type { Query } from '../../api';

/** The registry's filters, page and sort, as kept in the URL query string. */
export interface PeopleFilter {
  page: number;
  sort: string;
  q?: string;
  orgUnitId?: number;
  role?: PersonRole;
  partyStatus?: PartyStatus;
  gender?: 'male' | 'female';
  includeArchived?: boolean;
}

export const PAGE_SIZE = 20;
export const SORTS = ['name', '-name', 'birthDate', '-birthDate'] as const;

export function filterFromParams(p: URLSearchParams): PeopleFilter {
  const sort = p.get('sort') ?? 'name';
  return {
    page: Math.max(1, Number(p.get('page')) || 1),
    sort: (SORTS as readonly string[]).includes(sort) ? sort : 'name',
    q: p.get('q') || undefined,
    orgUnitId: Number(p.get('orgUnitId')) || undefined,
    role: (p.get('role') as PersonRole) || undefined,
    partyStatus: (p.get('partyStatus') as PartyStatus) || undefined,
    gender: (p.get('gender') as 'male' | 'female') || undefined,
    includeArchived: p.get('includeArchived') === 'true' || undefined,
  };
}

export function filterToParams(f: PeopleFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.page > 1) p.set('page', String(f.page));
  if (f.sort !== 'name') p.set('sort', f.sort);
  if (f.q) p.set('q', f.q);
  if (f.orgUnitId) p.set('orgUnitId', String(f.orgUnitId));
  if (f.role) p.set('role', f.role);
  if (f.partyStatus) p.set('partyStatus', f.partyStatus);
  if (f.gender) p.set('gender', f.gender);
  if (f.includeArchived) p.set('includeArchived', 'true');
  return p;
}

/** The same filters for the API (list and export share them). */
export function filterToQuery(f: PeopleFilter): Query {
  return {
    sort: f.sort,
    q: f.q,
    orgUnitId: f.orgUnitId,
    role: f.role,
    partyStatus: f.partyStatus,
    gender: f.gender,
    includeArchived: f.includeArchived ? 'true' : undefined,
  };
}
