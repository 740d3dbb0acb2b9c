/** Kinds of org unit (组织单元). One tree holds administrative units and party organizations. */
export const ORG_TYPES = [
  'province',
  'county',
  'department',
  'street',
  'town',
  'community',
  'village',
  'party_committee',
  'general_branch',
  'branch',
  'industry_party_committee',
  'enterprise',
  'religious_venue',
  'school',
  'other',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_TYPE_ZH: Record<OrgType, string> = {
  province: '省',
  county: '县（市、区）',
  department: '部门',
  street: '街道',
  town: '镇',
  community: '社区',
  village: '行政村',
  party_committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  industry_party_committee: '行业党委',
  enterprise: '企业',
  religious_venue: '宗教场所',
  school: '学校',
  other: '其他',
};

/** Party organizations: the units a party member can belong to. */
export const PARTY_ORG_TYPES: readonly OrgType[] = [
  'party_committee',
  'general_branch',
  'branch',
  'industry_party_committee',
];

export const ORG_TYPE_BY_ZH: Record<string, OrgType> = Object.fromEntries(
  Object.entries(ORG_TYPE_ZH).map(([k, v]) => [v, k as OrgType]),
);

const PARTY: OrgType[] = ['party_committee', 'general_branch', 'branch'];
const GRASSROOTS: OrgType[] = ['enterprise', 'religious_venue', 'school', 'other'];

/** Which kinds of unit may sit under which: keeps the tree meaningful (no county under a village). */
export const ALLOWED_CHILDREN: Record<OrgType, readonly OrgType[]> = {
  province: ['county'],
  county: ['department', 'street', 'town', 'industry_party_committee', ...PARTY, ...GRASSROOTS],
  department: ['department', ...PARTY, 'industry_party_committee', 'other'],
  street: ['community', 'village', ...PARTY, ...GRASSROOTS],
  town: ['village', 'community', ...PARTY, ...GRASSROOTS],
  community: [...PARTY, ...GRASSROOTS],
  village: [...PARTY, ...GRASSROOTS],
  party_committee: [...PARTY, 'enterprise', 'school', 'other'],
  industry_party_committee: [...PARTY, 'enterprise', 'other'],
  general_branch: ['branch'],
  branch: [],
  enterprise: PARTY,
  religious_venue: ['other'],
  school: PARTY,
  other: ORG_TYPES.filter((t) => t !== 'province' && t !== 'county'),
};
