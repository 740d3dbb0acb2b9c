/**
 * Account roles and what each may do. Scope (which org subtree) comes from the account's
 * org unit; this table says which actions a role may take inside that subtree.
 */
export const ROLES = ['admin', 'dept', 'town', 'village', 'leader', 'auditor', 'personal'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ZH: Record<Role, string> = {
  admin: '系统管理员',
  dept: '部门',
  town: '镇街',
  village: '村社',
  leader: '领导查看',
  auditor: '审计',
  personal: '个人',
};

export const PERMISSIONS = [
  'read:org',
  'write:org',
  'read:people',
  'write:people',
  'reveal:people', // see full ID number and phone; every use is audit-logged
  'import:people',
  'manage:users',
  'read:audit',
  'read:indicators',
  'define:indicators', // indicator library, targets, peer standings
  'issue:tasks',
  'fill:tasks',
  'review:tasks',
  'read:mobilization',
  'manage:mobilization', // forces, response units, rosters, cadre dispatch
  'command:mobilization', // activate, re-notify, check in by hand, stand down
  'read:ledger',
  'write:ledger', // record activities, projects, honours; register, assign and handle cases
  'manage:ledger-categories', // category trees and their extra attributes
  'read:sensitive-cases', // 党员违纪违法, 容错澄清: every read is audit-logged
  'read:assessment', // schemes, league tables and breakdowns, survey results
  'manage:assessment', // define and run schemes, publish results, allocate incentive pools
  'manage:surveys', // questionnaires, their targets, tokens and results
  'read:reports', // year-end summaries (年度综述): drafts, templates, fact-check
  'write:reports', // generate and edit summaries, edit templates
  'self:service', // a personal account's own pages: 干部之家 (own record, care, corrections) and own talent applications
  'manage:cadres', // cadre records, care records (关心关爱), correction requests, 容错澄清 cases: every read is audit-logged
  'review:talent', // the employer's step of a talent application, for employers in the account's subtree
  'manage:talent', // talent programmes, the talent office's and committee's reviews, payments, apartments, recruitment
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY: Permission[] = ['read:org', 'read:people', 'read:indicators', 'read:mobilization', 'read:ledger', 'read:assessment', 'read:reports'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Every staff permission; an administrator has no person of their own to serve.
  admin: PERMISSIONS.filter((p) => p !== 'self:service'),
  // County department staff maintain the party-organization tree and the registry.
  // …and define indicators and targets, issue collection tasks, and review the towns' figures.
  dept: ['read:org', 'write:org', 'read:people', 'write:people', 'reveal:people', 'import:people', 'read:indicators', 'define:indicators', 'issue:tasks', 'fill:tasks', 'review:tasks', 'read:mobilization', 'manage:mobilization', 'command:mobilization', 'read:ledger', 'write:ledger', 'read:sensitive-cases', 'read:assessment', 'manage:assessment', 'manage:surveys', 'read:reports', 'write:reports', 'manage:cadres', 'review:talent', 'manage:talent'],
  // Towns maintain their villages and branches and their people.
  town: ['read:org', 'write:org', 'read:people', 'write:people', 'reveal:people', 'import:people', 'read:indicators', 'fill:tasks', 'review:tasks', 'read:mobilization', 'manage:mobilization', 'command:mobilization', 'read:ledger', 'write:ledger', 'read:assessment', 'manage:surveys', 'read:reports', 'write:reports', 'review:talent'],
  // Villages keep their people up to date but not the tree, and see personal data masked.
  // …and an employer's account (an enterprise unit with the village role) reviews its own talents' applications.
  village: ['read:org', 'read:people', 'write:people', 'read:indicators', 'fill:tasks', 'read:mobilization', 'read:ledger', 'write:ledger', 'read:assessment', 'read:reports', 'review:talent'],
  leader: READ_ONLY,
  auditor: [...READ_ONLY, 'read:audit'],
  // A cadre or a talent signed in to their own pages: linked to one person, sees nothing else.
  personal: ['self:service'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
