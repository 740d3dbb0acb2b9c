import { PARTY_STATUS_ZH, PERSON_ROLE_ZH, type PartyStatus, type PersonRole } from '../../../shared/person-roles';

export const GENDER_ZH = { male: '男', female: '女' } as const;

/** Tag colours per role, so a party member stands out in a long list. */
export const ROLE_COLORS: Record<PersonRole, string> = {
  party_member: 'red',
  cadre: 'blue',
  talent: 'gold',
  worthy: 'green',
  non_party_cadre: 'purple',
  lecturer: 'cyan',
  volunteer: 'lime',
};

/** Roles with a post and rank (职务/职级). */
export const ROLES_WITH_POST: readonly PersonRole[] = ['cadre', 'non_party_cadre'];

/** One line per role, e.g. "党员 · 正式 · 石柱镇第一党支部 · 2001-07-01 起". */
export function roleSummary(r: {
  role: PersonRole;
  orgUnitName?: string | null;
  startDate: string;
  endDate?: string | null;
  status?: PartyStatus | null;
  post?: string | null;
  rank?: string | null;
}): string {
  const parts: string[] = [PERSON_ROLE_ZH[r.role]];
  if (r.status) parts.push(PARTY_STATUS_ZH[r.status]);
  if (r.orgUnitName) parts.push(r.orgUnitName);
  if (r.post) parts.push(r.post);
  if (r.rank) parts.push(r.rank);
  parts.push(r.endDate ? `${r.startDate} 至 ${r.endDate}` : `${r.startDate} 起`);
  return parts.join(' · ');
}
