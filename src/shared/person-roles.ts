/** Roles a person can hold in the registry (人员库), each with a time range. */
export const PERSON_ROLES = ['party_member', 'cadre', 'talent', 'worthy', 'non_party_cadre', 'lecturer', 'volunteer'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const PERSON_ROLE_ZH: Record<PersonRole, string> = {
  party_member: '党员',
  cadre: '干部',
  talent: '人才',
  worthy: '乡贤',
  non_party_cadre: '党外干部',
  lecturer: '宣讲员',
  volunteer: '志愿者',
};
export const PERSON_ROLE_BY_ZH: Record<string, PersonRole> = Object.fromEntries(
  Object.entries(PERSON_ROLE_ZH).map(([k, v]) => [v, k as PersonRole]),
);

/** Party membership status: 正式党员 or 预备党员. */
export const PARTY_STATUSES = ['formal', 'probationary'] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];
export const PARTY_STATUS_ZH: Record<PartyStatus, string> = { formal: '正式', probationary: '预备' };
export const PARTY_STATUS_BY_ZH: Record<string, PartyStatus> = { 正式: 'formal', 正式党员: 'formal', 预备: 'probationary', 预备党员: 'probationary' };

/** Accepts 2020-01-05, 2020/1/5, 2020.1.5 and 20200105; returns YYYY-MM-DD or null. */
export function normalizeDate(raw: string): string | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
