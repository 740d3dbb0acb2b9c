/**
 * Account roles and what each may do. Scope (which org subtree) comes from the account's
 * org unit; this table says which actions a role may take inside that subtree.
 */
export const ROLES = ['admin', 'dept', 'town', 'village', 'leader', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ZH: Record<Role, string> = {
  admin: '系统管理员',
  dept: '部门',
  town: '镇街',
  village: '村社',
  leader: '领导查看',
  auditor: '审计',
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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY: Permission[] = ['read:org', 'read:people', 'read:indicators', 'read:mobilization', 'read:ledger', 'read:assessment', 'read:reports'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // County department staff maintain the party-organization tree and the registry.
  // …and define indicators and targets, issue collection tasks, and review the towns' figures.
  dept: ['read:org', 'write:org', 'read:people', 'write:people', 'reveal:people', 'import:people', 'read:indicators', 'define:indicators', 'issue:tasks', 'fill:tasks', 'review:tasks', 'read:mobilization', 'manage:mobilization', 'command:mobilization', 'read:ledger', 'write:ledger', 'read:sensitive-cases', 'read:assessment', 'manage:assessment', 'manage:surveys', 'read:reports', 'write:reports'],
  // Towns maintain their villages and branches and their people.
  town: ['read:org', 'write:org', 'read:people', 'write:people', 'reveal:people', 'import:people', 'read:indicators', 'fill:tasks', 'review:tasks', 'read:mobilization', 'manage:mobilization', 'command:mobilization', 'read:ledger', 'write:ledger', 'read:assessment', 'manage:surveys', 'read:reports', 'write:reports'],
  // Villages keep their people up to date but not the tree, and see personal data masked.
  village: ['read:org', 'read:people', 'write:people', 'read:indicators', 'fill:tasks', 'read:mobilization', 'read:ledger', 'write:ledger', 'read:assessment', 'read:reports'],
  leader: READ_ONLY,
  auditor: [...READ_ONLY, 'read:audit'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
