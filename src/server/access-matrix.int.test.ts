/**
 * Authorization matrix: every API route × every role × a target inside and outside the
 * account's subtree. Expectations are written out here, independently of src/shared/roles.ts,
 * so a change to the role table that widens access makes this test fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from './db/client';
import { DEMO_PASSWORD } from './db/demo/demo-county';
import { createUserAsSystem } from './modules/auth';
import { createTestApp, type Client, type TestApp } from './testing/harness';
import { ROLES, type Role } from '../shared/roles';
import { idCardCheckChar } from '../shared/id-card';
import ExcelJS from 'exceljs';
import { diskFileStore } from './modules/ledger/file-store';
import { newTargetCode } from './modules/surveys/tokens';
import type { MatrixPlace, ModuleMatrix, Need } from './testing/matrix';
import { cadresMatrix } from './modules/cadres/cadres.matrix';
import { talentMatrix } from './modules/talent/talent.matrix';
import { pairingsMatrix } from './modules/pairings/pairings.matrix';
import { housingMatrix } from './modules/talent/housing.matrix';

// Modules that keep their rows beside their routes (src/server/testing/matrix.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MODULE_MATRICES: ModuleMatrix<any>[] = [cadresMatrix, talentMatrix, housingMatrix, pairingsMatrix];
/** Staff roles: every role but the personal account (个人), which sees only its own pages. */
const STAFF = ROLES.filter((r) => r !== 'personal');

// Who may do what — the policy as stated in the issue and docs/decisions/002.
const ALLOWED: Record<Need, Role[]> = {
  any: [...ROLES],
  'read:org': [...STAFF],
  'write:org': ['admin', 'dept', 'town'],
  'read:people': [...STAFF],
  'write:people': ['admin', 'dept', 'town', 'village'],
  'reveal:people': ['admin', 'dept', 'town'],
  'import:people': ['admin', 'dept', 'town'],
  'manage:users': ['admin'],
  'read:audit': ['admin', 'auditor'],
  'read:indicators': [...STAFF],
  'define:indicators': ['admin', 'dept'],
  'issue:tasks': ['admin', 'dept'],
  'fill:tasks': ['admin', 'dept', 'town', 'village'],
  'review:tasks': ['admin', 'dept', 'town'],
  'read:mobilization': [...STAFF],
  'manage:mobilization': ['admin', 'dept', 'town'],
  'command:mobilization': ['admin', 'dept', 'town'],
  'read:ledger': [...STAFF],
  'write:ledger': ['admin', 'dept', 'town', 'village'],
  'manage:ledger-categories': ['admin'],
  'read:assessment': [...STAFF],
  'manage:assessment': ['admin', 'dept'],
  'manage:surveys': ['admin', 'dept', 'town'],
  'read:reports': [...STAFF],
  'write:reports': ['admin', 'dept', 'town'],
  'self:service': ['personal'],
  'manage:cadres': ['admin', 'dept'],
  'review:talent': ['admin', 'dept', 'town', 'village'],
  'manage:talent': ['admin', 'dept'],
};

interface Targets {
  unit: number;
  leaf: number;
  person: number;
  personVersion: number;
  user: number;
  userVersion: number;
  movable: number;
  moveTo: number;
  /** A fresh indicator, and a task issued by the town with `leaf` not started and `movable` submitted. */
  indicator: number;
  indicatorVersion: number;
  task: number;
  /** Another person of the town, on no roster of the fresh response unit. */
  spare: number;
  /** A force, a response unit with `person` on its roster, an active order of the town calling that unit, and a posting. */
  force: number;
  forceVersion: number;
  rUnit: number;
  rUnitVersion: number;
  roster: number;
  rosterVersion: number;
  activation: number;
  activationVersion: number;
  member: number;
  dispatch: number;
  dispatchVersion: number;
  /** One record of each ledger kind in the unit, a case registered there (open) and one resolved, a file, a category. */
  record: Record<LedgerKind, number>;
  openCase: number;
  resolvedCase: number;
  attachment: number;
  category: number;
  /** A scheme over the town's villages (version 1), a published result with a row for `leaf`, and a pool over it. */
  scheme: number;
  result: number;
  pool: number;
  /** Surveys of the town over `leaf` (token mode): a draft, an open one, a closed one with a sheet, and an indicator for its results. */
  survey: number;
  openSurvey: number;
  closedSurvey: number;
  surveyIndicator: number;
  /** A summary template owned by the town, and a draft of the town's (one edited revision). */
  template: number;
  draft: number;
  /** A cockpit owned by the town. */
  cockpit: number;
  /** `leaf`'s code, a village of the town, and the care map thresholds' current version. */
  leafCode: string;
  village: number;
  careVersion: number;
  /** Where module fixtures are made, and each module's own fixtures by module name. */
  place: MatrixPlace;
  mod: Record<string, unknown>;
}
type LedgerKind = 'activity' | 'case' | 'project' | 'honour';
const SEGMENT: Record<LedgerKind, string> = { activity: 'activities', case: 'cases', project: 'projects', honour: 'honours' };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  need: Need;
  /** False for routes without a target record (the result is filtered instead). */
  scoped: boolean;
  url: (x: Targets) => string;
  body?: (x: Targets, n: number) => unknown;
  contentType?: string;
}

let n = 0;
const id18 = () => {
  const day = String(1 + (n % 28)).padStart(2, '0');
  const first17 = `33078419850${(n % 9) + 1}${day}${String(n++ % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

const CASES: Case[] = [
  { method: 'GET', route: '/api/org/root', need: 'read:org', scoped: false, url: () => '/api/org/root' },
  { method: 'GET', route: '/api/org/search', need: 'read:org', scoped: false, url: () => '/api/org/search?q=330784' },
  { method: 'GET', route: '/api/org/units/:id', need: 'read:org', scoped: true, url: (x) => `/api/org/units/${x.unit}` },
  { method: 'GET', route: '/api/org/units/:id/children', need: 'read:org', scoped: true, url: (x) => `/api/org/units/${x.unit}/children` },
  { method: 'GET', route: '/api/org/units/:id/export', need: 'read:org', scoped: true, url: (x) => `/api/org/units/${x.unit}/export` },
  { method: 'POST', route: '/api/org/units', need: 'write:org', scoped: true, url: () => '/api/org/units', body: (x, i) => ({ parentId: x.unit, code: `MX-${i}`, name: `矩阵${i}`, type: 'other' }) },
  { method: 'PATCH', route: '/api/org/units/:id', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.leaf}`, body: () => ({ version: 1, name: '矩阵改名' }) },
  { method: 'POST', route: '/api/org/units/:id/move', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.movable}/move`, body: (x) => ({ version: 1, newParentId: x.moveTo }) },
  { method: 'POST', route: '/api/org/units/:id/archive', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.leaf}/archive`, body: () => ({ version: 1 }) },
  { method: 'POST', route: '/api/org/units/:id/restore', need: 'write:org', scoped: true, url: (x) => `/api/org/units/${x.leaf}/restore`, body: () => ({ version: 1 }) },
  { method: 'POST', route: '/api/org/import', need: 'write:org', scoped: false, url: () => '/api/org/import?mode=preview', body: () => 'ORG_XLSX' },
  { method: 'GET', route: '/api/people', need: 'read:people', scoped: true, url: (x) => `/api/people?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/people/:id', need: 'read:people', scoped: true, url: (x) => `/api/people/${x.person}` },
  { method: 'POST', route: '/api/people/export', need: 'read:people', scoped: true, url: (x) => `/api/people/export?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/people/import/template', need: 'any', scoped: false, url: () => '/api/people/import/template' },
  { method: 'POST', route: '/api/people/import', need: 'import:people', scoped: false, url: () => '/api/people/import?mode=preview', body: () => 'PEOPLE_XLSX' },
  { method: 'POST', route: '/api/people', need: 'write:people', scoped: true, url: () => '/api/people', body: (x) => ({ name: '矩阵人员', idNumber: id18(), orgUnitId: x.unit, roles: [] }) },
  { method: 'PUT', route: '/api/people/:id', need: 'write:people', scoped: true, url: (x) => `/api/people/${x.person}`, body: (x) => ({ version: x.personVersion, name: '矩阵改名', orgUnitId: x.unit, roles: [] }) },
  { method: 'POST', route: '/api/people/:id/archive', need: 'write:people', scoped: true, url: (x) => `/api/people/${x.person}/archive`, body: (x) => ({ version: x.personVersion }) },
  { method: 'POST', route: '/api/people/:id/restore', need: 'write:people', scoped: true, url: (x) => `/api/people/${x.person}/restore`, body: (x) => ({ version: x.personVersion }) },
  { method: 'POST', route: '/api/people/:id/reveal', need: 'reveal:people', scoped: true, url: (x) => `/api/people/${x.person}/reveal` },
  { method: 'GET', route: '/api/users', need: 'manage:users', scoped: false, url: () => '/api/users' },
  { method: 'POST', route: '/api/users', need: 'manage:users', scoped: true, url: () => '/api/users', body: (x, i) => ({ username: `mx${i}`, displayName: '矩阵账号', orgUnitId: x.unit, role: 'village' }) },
  { method: 'PATCH', route: '/api/users/:id', need: 'manage:users', scoped: true, url: (x) => `/api/users/${x.user}`, body: (x) => ({ version: x.userVersion, displayName: '矩阵改名' }) },
  { method: 'POST', route: '/api/users/:id/reset-password', need: 'manage:users', scoped: true, url: (x) => `/api/users/${x.user}/reset-password` },
  { method: 'GET', route: '/api/audit/events', need: 'read:audit', scoped: false, url: () => '/api/audit/events' },
  { method: 'GET', route: '/api/audit/events/export', need: 'read:audit', scoped: false, url: () => '/api/audit/events/export?from=2026-01-01' },
  { method: 'GET', route: '/api/auth/me', need: 'any', scoped: false, url: () => '/api/auth/me' },
  { method: 'GET', route: '/api/indicators', need: 'read:indicators', scoped: false, url: () => '/api/indicators' },
  { method: 'GET', route: '/api/indicators/derivations', need: 'read:indicators', scoped: false, url: () => '/api/indicators/derivations' },
  { method: 'POST', route: '/api/indicators/export', need: 'read:indicators', scoped: false, url: () => '/api/indicators/export' },
  { method: 'GET', route: '/api/indicators/:id', need: 'read:indicators', scoped: false, url: (x) => `/api/indicators/${x.indicator}` },
  { method: 'POST', route: '/api/indicators', need: 'define:indicators', scoped: false, url: () => '/api/indicators', body: (x, i) => ({ code: `MX_${i}`, name: '矩阵指标', unit: '个', direction: 'higher', periodType: 'year', definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } }) },
  { method: 'PATCH', route: '/api/indicators/:id', need: 'define:indicators', scoped: false, url: (x) => `/api/indicators/${x.indicator}`, body: (x) => ({ version: x.indicatorVersion, name: '矩阵改名' }) },
  { method: 'POST', route: '/api/indicators/:id/versions', need: 'define:indicators', scoped: false, url: (x) => `/api/indicators/${x.indicator}/versions`, body: () => ({ effectiveFrom: '2030', aggregation: { kind: 'simple', tree: 'avg', time: 'sum' } }) },
  { method: 'POST', route: '/api/indicators/:id/benchmarks', need: 'define:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/benchmarks`, body: (x) => ({ period: '2025', orgUnitId: x.unit, peerGroup: '矩阵', rank: 1, peerCount: 2, sourceTitle: '矩阵通报' }) },
  { method: 'GET', route: '/api/indicators/:id/aggregate', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/aggregate?unitId=${x.unit}&from=2025` },
  { method: 'GET', route: '/api/indicators/:id/series', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/series?unitId=${x.unit}&from=2024&to=2025` },
  { method: 'GET', route: '/api/indicators/:id/children', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/children?unitId=${x.unit}&from=2025` },
  { method: 'GET', route: '/api/indicators/:id/league', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/league?unitId=${x.unit}&from=2025` },
  { method: 'GET', route: '/api/indicators/:id/sources', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/sources?unitId=${x.unit}&from=2025` },
  { method: 'POST', route: '/api/indicators/:id/explore/export', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/explore/export?unitId=${x.unit}&from=2025` },
  { method: 'GET', route: '/api/indicators/:id/targets', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/targets?unitId=${x.unit}&period=2025` },
  { method: 'PUT', route: '/api/indicators/:id/targets', need: 'define:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/targets`, body: (x) => ({ period: '2025', items: [{ orgUnitId: x.unit, target: 5, version: null }] }) },
  { method: 'POST', route: '/api/indicators/:id/targets/export', need: 'read:indicators', scoped: true, url: (x) => `/api/indicators/${x.indicator}/targets/export?unitId=${x.unit}&period=2025` },
  { method: 'POST', route: '/api/targets/import', need: 'define:indicators', scoped: false, url: () => '/api/targets/import?mode=preview', body: () => 'TARGETS_XLSX' },
  { method: 'GET', route: '/api/tasks', need: 'read:indicators', scoped: false, url: () => '/api/tasks' },
  { method: 'GET', route: '/api/tasks/mine', need: 'read:indicators', scoped: false, url: () => '/api/tasks/mine' },
  { method: 'POST', route: '/api/tasks', need: 'issue:tasks', scoped: true, url: () => '/api/tasks', body: (x, i) => ({ title: `矩阵任务${i}`, period: '2025', deadline: '2030-01-01', indicatorIds: [x.indicator], unitIds: [x.leaf] }) },
  { method: 'GET', route: '/api/tasks/:id', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}` },
  { method: 'POST', route: '/api/tasks/:id/close', need: 'issue:tasks', scoped: true, url: (x) => `/api/tasks/${x.task}/close`, body: () => ({ version: 1, closed: true }) },
  { method: 'GET', route: '/api/tasks/:id/progress', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}/progress` },
  { method: 'GET', route: '/api/tasks/:id/reminders', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}/reminders` },
  { method: 'POST', route: '/api/tasks/:id/progress/export', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}/progress/export` },
  { method: 'GET', route: '/api/tasks/:id/units/:unitId', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}/units/${x.leaf}` },
  { method: 'PUT', route: '/api/tasks/:id/units/:unitId', need: 'fill:tasks', scoped: true, url: (x) => `/api/tasks/${x.task}/units/${x.leaf}`, body: (x) => ({ version: 1, submit: false, values: [{ indicatorId: x.indicator, value: 3 }] }) },
  { method: 'POST', route: '/api/tasks/:id/units/:unitId/review', need: 'review:tasks', scoped: true, url: (x) => `/api/tasks/${x.task}/units/${x.movable}/review`, body: () => ({ action: 'return', version: 1, reason: '矩阵退回' }) },
  { method: 'GET', route: '/api/tasks/:id/units/:unitId/history/:indicatorId', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}/units/${x.leaf}/history/${x.indicator}` },
  { method: 'POST', route: '/api/tasks/:id/units/:unitId/template', need: 'read:indicators', scoped: true, url: (x) => `/api/tasks/${x.task}/units/${x.leaf}/template` },
  { method: 'POST', route: '/api/tasks/:id/units/:unitId/upload', need: 'fill:tasks', scoped: true, url: (x) => `/api/tasks/${x.task}/units/${x.leaf}/upload?version=1`, body: () => 'FORM_XLSX' },
  { method: 'GET', route: '/api/mobilization/forces', need: 'read:mobilization', scoped: false, url: () => '/api/mobilization/forces' },
  { method: 'POST', route: '/api/mobilization/forces', need: 'manage:mobilization', scoped: true, url: () => '/api/mobilization/forces', body: (x, i) => ({ name: `矩阵队伍${i}`, orgUnitId: x.unit }) },
  { method: 'PATCH', route: '/api/mobilization/forces/:id', need: 'manage:mobilization', scoped: true, url: (x) => `/api/mobilization/forces/${x.force}`, body: (x) => ({ version: x.forceVersion, description: '矩阵' }) },
  { method: 'GET', route: '/api/mobilization/units', need: 'read:mobilization', scoped: true, url: (x) => `/api/mobilization/units?orgUnitId=${x.unit}` },
  { method: 'POST', route: '/api/mobilization/units', need: 'manage:mobilization', scoped: true, url: () => '/api/mobilization/units', body: (x, i) => ({ name: `矩阵单元${i}`, orgUnitId: x.unit, minStrength: 1 }) },
  { method: 'GET', route: '/api/mobilization/units/:id', need: 'read:mobilization', scoped: true, url: (x) => `/api/mobilization/units/${x.rUnit}` },
  { method: 'PATCH', route: '/api/mobilization/units/:id', need: 'manage:mobilization', scoped: true, url: (x) => `/api/mobilization/units/${x.rUnit}`, body: (x) => ({ version: x.rUnitVersion, note: '矩阵' }) },
  { method: 'POST', route: '/api/mobilization/units/:id/members', need: 'manage:mobilization', scoped: true, url: (x) => `/api/mobilization/units/${x.rUnit}/members`, body: (x) => ({ personId: x.spare }) },
  { method: 'PATCH', route: '/api/mobilization/units/:id/members/:memberId', need: 'manage:mobilization', scoped: true, url: (x) => `/api/mobilization/units/${x.rUnit}/members/${x.roster}`, body: (x) => ({ version: x.rosterVersion, availability: 'limited' }) },
  { method: 'POST', route: '/api/mobilization/units/:id/members/:memberId/remove', need: 'manage:mobilization', scoped: true, url: (x) => `/api/mobilization/units/${x.rUnit}/members/${x.roster}/remove` },
  { method: 'GET', route: '/api/mobilization/roster-template', need: 'read:mobilization', scoped: false, url: () => '/api/mobilization/roster-template' },
  { method: 'POST', route: '/api/mobilization/units/:id/members/import', need: 'manage:mobilization', scoped: true, url: (x) => `/api/mobilization/units/${x.rUnit}/members/import?mode=preview`, body: () => 'ROSTER_XLSX' },
  { method: 'POST', route: '/api/mobilization/units/export', need: 'read:mobilization', scoped: true, url: (x) => `/api/mobilization/units/export?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/mobilization/coverage', need: 'read:mobilization', scoped: true, url: (x) => `/api/mobilization/coverage?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/activations', need: 'read:mobilization', scoped: false, url: () => '/api/activations' },
  { method: 'POST', route: '/api/activations', need: 'command:mobilization', scoped: true, url: () => '/api/activations', body: (x, i) => ({ event: `矩阵激活${i}`, level: 'IV', assemblyPoint: '矩阵', assemblyAt: '2031-01-01T08:00:00+08:00', unitIds: [x.rUnit] }) },
  { method: 'GET', route: '/api/activations/:id', need: 'read:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}` },
  { method: 'GET', route: '/api/activations/:id/members', need: 'read:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/members` },
  { method: 'POST', route: '/api/activations/:id/members/export', need: 'read:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/members/export` },
  { method: 'POST', route: '/api/activations/:id/members/:memberId/check-in', need: 'command:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/members/${x.member}/check-in`, body: () => ({ response: 'arrived' }) },
  { method: 'POST', route: '/api/activations/:id/renotify', need: 'command:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/renotify` },
  { method: 'POST', route: '/api/activations/:id/stand-down', need: 'command:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/stand-down`, body: (x) => ({ version: x.activationVersion, notes: '矩阵' }) },
  { method: 'PUT', route: '/api/activations/:id/notes', need: 'command:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/notes`, body: (x) => ({ version: x.activationVersion, notes: '矩阵' }) },
  { method: 'GET', route: '/api/activations/:id/board', need: 'read:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/board` },
  { method: 'GET', route: '/api/activations/:id/summary', need: 'read:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/summary` },
  { method: 'GET', route: '/api/activations/:id/notifications', need: 'read:mobilization', scoped: true, url: (x) => `/api/activations/${x.activation}/notifications` },
  { method: 'GET', route: '/api/dispatches', need: 'read:mobilization', scoped: true, url: (x) => `/api/dispatches?orgUnitId=${x.unit}` },
  { method: 'POST', route: '/api/dispatches', need: 'manage:mobilization', scoped: true, url: () => '/api/dispatches', body: (x) => ({ personId: x.person, front: 'grassroots', postedUnitId: x.unit, role: '矩阵', startDate: '2031-01-01' }) },
  { method: 'POST', route: '/api/dispatches/export', need: 'read:mobilization', scoped: true, url: (x) => `/api/dispatches/export?orgUnitId=${x.unit}` },
  { method: 'GET', route: '/api/dispatches/stats', need: 'read:mobilization', scoped: false, url: () => '/api/dispatches/stats?year=2031' },
  { method: 'GET', route: '/api/dispatches/overlaps', need: 'read:mobilization', scoped: false, url: () => '/api/dispatches/overlaps' },
  { method: 'GET', route: '/api/dispatches/:id', need: 'read:mobilization', scoped: true, url: (x) => `/api/dispatches/${x.dispatch}` },
  { method: 'POST', route: '/api/dispatches/:id/end', need: 'manage:mobilization', scoped: true, url: (x) => `/api/dispatches/${x.dispatch}/end`, body: (x) => ({ version: x.dispatchVersion, endedOn: '2031-02-01', reason: '矩阵' }) },
  { method: 'GET', route: '/api/ledger/categories', need: 'read:ledger', scoped: false, url: () => '/api/ledger/categories?kind=activity' },
  { method: 'POST', route: '/api/ledger/categories', need: 'manage:ledger-categories', scoped: false, url: () => '/api/ledger/categories', body: (x, i) => ({ kind: 'activity', code: `MXC_${i}`, name: '矩阵类别' }) },
  { method: 'PATCH', route: '/api/ledger/categories/:id', need: 'manage:ledger-categories', scoped: false, url: (x) => `/api/ledger/categories/${x.category}`, body: () => ({ version: 1, name: '矩阵改名' }) },
  { method: 'POST', route: '/api/ledger/query-preview', need: 'read:ledger', scoped: true, url: () => '/api/ledger/query-preview', body: (x) => ({ query: { kind: 'activity', measure: 'count', categoryCode: 'XJ', dateBasis: 'held' }, unitId: x.unit, from: '2022-01-01', to: '2022-12-31' }) },
  ...(['activity', 'case', 'project', 'honour'] as const).flatMap((kind): Case[] => {
    const base = `/api/${SEGMENT[kind]}`;
    const create: Record<LedgerKind, (x: Targets) => unknown> = {
      activity: (x) => ({ categoryId: CATEGORY.XJ, title: '矩阵活动', heldOn: '2025-01-02', orgUnitId: x.unit }),
      case: (x) => ({ categoryId: CATEGORY.QYXQ, title: '矩阵事项', registeredOn: '2025-01-02', orgUnitId: x.unit }),
      project: (x) => ({ categoryId: CATEGORY.GJQJ, title: '矩阵项目', startedOn: '2025-01-02', orgUnitId: x.unit }),
      honour: (x) => ({ categoryId: CATEGORY.XJJT, title: '矩阵荣誉', level: 'county', awardedOn: '2025-01-02', recipientType: 'unit', orgUnitId: x.unit }),
    };
    return [
      { method: 'GET', route: base, need: 'read:ledger', scoped: true, url: (x) => `${base}?unitId=${x.unit}` },
      { method: 'POST', route: base, need: 'write:ledger', scoped: true, url: () => base, body: (x) => create[kind](x) },
      { method: 'POST', route: `${base}/export`, need: 'read:ledger', scoped: true, url: (x) => `${base}/export?unitId=${x.unit}` },
      { method: 'GET', route: `${base}/template`, need: 'read:ledger', scoped: false, url: () => `${base}/template` },
      { method: 'POST', route: `${base}/import`, need: 'write:ledger', scoped: false, url: () => `${base}/import?mode=preview`, body: () => `LEDGER_${kind}` },
      { method: 'GET', route: `${base}/:id`, need: 'read:ledger', scoped: true, url: (x) => `${base}/${x.record[kind]}` },
      { method: 'PATCH', route: `${base}/:id`, need: 'write:ledger', scoped: true, url: (x) => `${base}/${x.record[kind]}`, body: () => ({ version: 1, title: '矩阵改名' }) },
      { method: 'POST', route: `${base}/:id/archive`, need: 'write:ledger', scoped: true, url: (x) => `${base}/${x.record[kind]}/archive`, body: () => ({ version: 1, archived: true }) },
      { method: 'GET', route: `${base}/:id/timeline`, need: 'read:ledger', scoped: true, url: (x) => `${base}/${x.record[kind]}/timeline` },
      { method: 'POST', route: `${base}/:id/attachments`, need: 'write:ledger', scoped: true, url: (x) => `${base}/${x.record[kind]}/attachments?name=m.png`, body: () => 'PNG', contentType: 'image/png' },
    ];
  }),
  { method: 'GET', route: '/api/attachments/:id', need: 'read:ledger', scoped: true, url: (x) => `/api/attachments/${x.attachment}` },
  { method: 'POST', route: '/api/attachments/:id/remove', need: 'write:ledger', scoped: true, url: (x) => `/api/attachments/${x.attachment}/remove` },
  { method: 'GET', route: '/api/cases/overdue', need: 'read:ledger', scoped: true, url: (x) => `/api/cases/overdue?unitId=${x.unit}` },
  { method: 'POST', route: '/api/cases/:id/assign', need: 'write:ledger', scoped: true, url: (x) => `/api/cases/${x.openCase}/assign`, body: (x) => ({ version: 1, unitId: x.leaf }) },
  { method: 'POST', route: '/api/cases/:id/progress', need: 'write:ledger', scoped: true, url: (x) => `/api/cases/${x.openCase}/progress`, body: () => ({ version: 1, note: '矩阵进展' }) },
  { method: 'POST', route: '/api/cases/:id/resolve', need: 'write:ledger', scoped: true, url: (x) => `/api/cases/${x.openCase}/resolve`, body: () => ({ version: 1, resolution: '矩阵办结' }) },
  { method: 'POST', route: '/api/cases/:id/close', need: 'write:ledger', scoped: true, url: (x) => `/api/cases/${x.resolvedCase}/close`, body: () => ({ version: 1 }) },
  { method: 'POST', route: '/api/cases/:id/return', need: 'write:ledger', scoped: true, url: (x) => `/api/cases/${x.resolvedCase}/return`, body: () => ({ version: 1, reason: '矩阵退回' }) },
  { method: 'GET', route: '/api/surveys', need: 'read:assessment', scoped: false, url: () => '/api/surveys' },
  { method: 'POST', route: '/api/surveys', need: 'manage:surveys', scoped: true, url: () => '/api/surveys', body: (x) => ({ title: '矩阵问卷', questions: MATRIX_QUESTIONS, mode: 'token', ownerUnitId: x.unit, targetUnitIds: [x.leaf] }) },
  { method: 'GET', route: '/api/surveys/:id', need: 'read:assessment', scoped: true, url: (x) => `/api/surveys/${x.survey}` },
  { method: 'PATCH', route: '/api/surveys/:id', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.survey}`, body: () => ({ version: 1, title: '矩阵改名' }) },
  { method: 'POST', route: '/api/surveys/:id/open', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.survey}/open`, body: () => ({ version: 1 }) },
  { method: 'POST', route: '/api/surveys/:id/close', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.openSurvey}/close`, body: () => ({ version: 1 }) },
  { method: 'GET', route: '/api/surveys/:id/tokens', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.survey}/tokens` },
  { method: 'POST', route: '/api/surveys/:id/tokens', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.survey}/tokens`, body: () => ({ count: 2 }) },
  { method: 'GET', route: '/api/surveys/:id/tokens/print', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.survey}/tokens/print` },
  { method: 'POST', route: '/api/surveys/:id/tokens/export', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.survey}/tokens/export` },
  { method: 'GET', route: '/api/surveys/:id/results', need: 'read:assessment', scoped: true, url: (x) => `/api/surveys/${x.closedSurvey}/results` },
  { method: 'POST', route: '/api/surveys/:id/results/export', need: 'read:assessment', scoped: true, url: (x) => `/api/surveys/${x.closedSurvey}/results/export` },
  { method: 'GET', route: '/api/surveys/:id/abuse', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.closedSurvey}/abuse` },
  { method: 'POST', route: '/api/surveys/:id/indicator', need: 'manage:surveys', scoped: true, url: (x) => `/api/surveys/${x.closedSurvey}/indicator`, body: (x) => ({ indicatorId: x.surveyIndicator }) },
  { method: 'GET', route: '/api/schemes', need: 'read:assessment', scoped: false, url: () => '/api/schemes' },
  { method: 'POST', route: '/api/schemes', need: 'manage:assessment', scoped: true, url: () => '/api/schemes', body: (x, i) => ({ ...SCHEME, code: `MXS_${i}`, scopeUnitId: x.unit }) },
  { method: 'GET', route: '/api/schemes/:id', need: 'read:assessment', scoped: true, url: (x) => `/api/schemes/${x.scheme}` },
  { method: 'PUT', route: '/api/schemes/:id', need: 'manage:assessment', scoped: true, url: (x) => `/api/schemes/${x.scheme}`, body: (x) => ({ ...SCHEME, scopeUnitId: x.unit, name: '矩阵改名', version: 1 }) },
  { method: 'POST', route: '/api/schemes/:id/archive', need: 'manage:assessment', scoped: true, url: (x) => `/api/schemes/${x.scheme}/archive`, body: () => ({ version: 1 }) },
  { method: 'GET', route: '/api/schemes/:id/run', need: 'read:assessment', scoped: true, url: (x) => `/api/schemes/${x.scheme}/run?period=2022` },
  { method: 'POST', route: '/api/schemes/:id/results', need: 'manage:assessment', scoped: true, url: (x) => `/api/schemes/${x.scheme}/results`, body: () => ({ period: '2022', public: false, schemeVersion: 1 }) },
  { method: 'GET', route: '/api/schemes/:id/results', need: 'read:assessment', scoped: true, url: (x) => `/api/schemes/${x.scheme}/results` },
  { method: 'GET', route: '/api/scheme-results/:id', need: 'read:assessment', scoped: true, url: (x) => `/api/scheme-results/${x.result}` },
  { method: 'GET', route: '/api/scheme-results/:id/units/:unitId', need: 'read:assessment', scoped: true, url: (x) => `/api/scheme-results/${x.result}/units/${x.leaf}` },
  { method: 'GET', route: '/api/scheme-results/:id/export', need: 'read:assessment', scoped: true, url: (x) => `/api/scheme-results/${x.result}/export` },
  { method: 'GET', route: '/api/scheme-results/:id/pools', need: 'read:assessment', scoped: true, url: (x) => `/api/scheme-results/${x.result}/pools` },
  { method: 'POST', route: '/api/scheme-results/:id/pools/preview', need: 'manage:assessment', scoped: true, url: (x) => `/api/scheme-results/${x.result}/pools/preview`, body: () => POOL },
  { method: 'POST', route: '/api/scheme-results/:id/pools', need: 'manage:assessment', scoped: true, url: (x) => `/api/scheme-results/${x.result}/pools`, body: () => POOL },
  { method: 'GET', route: '/api/incentive-pools/:id/export', need: 'manage:assessment', scoped: true, url: (x) => `/api/incentive-pools/${x.pool}/export` },
  { method: 'POST', route: '/api/reports/check', need: 'read:indicators', scoped: true, url: () => '/api/reports/check', body: (x) => ({ year: 2022, text: '解决企业需求477个。', unitId: x.unit }) },
  { method: 'GET', route: '/api/report-templates', need: 'read:reports', scoped: false, url: () => '/api/report-templates' },
  { method: 'GET', route: '/api/report-templates/slots', need: 'read:reports', scoped: false, url: () => '/api/report-templates/slots' },
  { method: 'POST', route: '/api/report-templates/preview', need: 'read:reports', scoped: true, url: () => '/api/report-templates/preview', body: (x) => ({ dept: 'org', year: 2022, definition: TEMPLATE_DEFINITION, unitId: x.unit }) },
  { method: 'GET', route: '/api/report-templates/:id', need: 'read:reports', scoped: true, url: (x) => `/api/report-templates/${x.template}` },
  { method: 'POST', route: '/api/report-templates', need: 'write:reports', scoped: true, url: () => '/api/report-templates', body: (x, i) => ({ dept: 'org', name: `矩阵新模板${i}`, definition: TEMPLATE_DEFINITION, unitId: x.unit }) },
  { method: 'PUT', route: '/api/report-templates/:id', need: 'write:reports', scoped: true, url: (x) => `/api/report-templates/${x.template}`, body: (_x, i) => ({ name: `矩阵改名${i}`, definition: TEMPLATE_DEFINITION, version: 1 }) },
  { method: 'GET', route: '/api/report-drafts', need: 'read:reports', scoped: false, url: () => '/api/report-drafts' },
  { method: 'POST', route: '/api/report-drafts', need: 'write:reports', scoped: true, url: () => '/api/report-drafts', body: (x) => ({ templateId: x.template, year: 2022, unitId: x.unit }) },
  { method: 'GET', route: '/api/report-drafts/:id', need: 'read:reports', scoped: true, url: (x) => `/api/report-drafts/${x.draft}` },
  { method: 'PUT', route: '/api/report-drafts/:id', need: 'write:reports', scoped: true, url: (x) => `/api/report-drafts/${x.draft}`, body: () => ({ text: '矩阵综述\n\n解决企业需求478个。', version: 1, note: '矩阵' }) },
  { method: 'POST', route: '/api/report-drafts/:id/regenerate', need: 'write:reports', scoped: true, url: (x) => `/api/report-drafts/${x.draft}/regenerate`, body: () => ({ version: 1 }) },
  { method: 'GET', route: '/api/report-drafts/:id/export', need: 'read:reports', scoped: true, url: (x) => `/api/report-drafts/${x.draft}/export?format=txt` },
  { method: 'POST', route: '/api/reports/import/propose', need: 'define:indicators', scoped: true, url: () => '/api/reports/import/propose', body: (x) => ({ year: 2021, text: '解决企业需求400个。', unitId: x.unit }) },
  { method: 'GET', route: '/api/maps/config', need: 'read:indicators', scoped: false, url: () => '/api/maps/config' },
  { method: 'GET', route: '/api/maps/indicator', need: 'read:indicators', scoped: true, url: (x) => `/api/maps/indicator?indicatorId=${x.indicator}&unitId=${x.unit}&period=2022` },
  {
    method: 'POST',
    route: '/api/maps/boundaries',
    need: 'write:org',
    scoped: true,
    url: () => '/api/maps/boundaries',
    body: (x) => ({ fileName: '矩阵.geojson', geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: x.leafCode }, geometry: { type: 'Polygon', coordinates: [[[120, 28.8], [120.01, 28.8], [120.01, 28.81], [120, 28.8]]] } }] } }),
  },
  { method: 'GET', route: '/api/maps/care', need: 'read:indicators', scoped: true, url: (x) => `/api/maps/care?unitId=${x.unit}&period=2022` },
  { method: 'GET', route: '/api/maps/care/units/:id', need: 'read:indicators', scoped: true, url: (x) => `/api/maps/care/units/${x.village}?period=2022` },
  { method: 'PUT', route: '/api/maps/care/thresholds', need: 'define:indicators', scoped: false, url: () => '/api/maps/care/thresholds', body: (x) => ({ thresholds: { greenBeds: 40, redBeds: 20, greenKm: 2, redKm: 5 }, version: x.careVersion }) },
  { method: 'GET', route: '/api/digest/subscription', need: 'read:indicators', scoped: false, url: () => '/api/digest/subscription' },
  { method: 'PUT', route: '/api/digest/subscription', need: 'read:indicators', scoped: true, url: () => '/api/digest/subscription', body: (x) => ({ cockpitId: x.cockpit, email: '' }) },
  { method: 'POST', route: '/api/digest/unsubscribe', need: 'read:indicators', scoped: false, url: () => '/api/digest/unsubscribe' },
  { method: 'GET', route: '/api/digest/preview', need: 'read:indicators', scoped: true, url: (x) => `/api/digest/preview?cockpitId=${x.cockpit}` },
  { method: 'GET', route: '/api/inbox', need: 'any', scoped: false, url: () => '/api/inbox' },
  { method: 'GET', route: '/api/cockpits', need: 'read:indicators', scoped: false, url: () => '/api/cockpits' },
  { method: 'GET', route: '/api/cockpits/:id', need: 'read:indicators', scoped: true, url: (x) => `/api/cockpits/${x.cockpit}` },
  { method: 'GET', route: '/api/cockpits/:id/view', need: 'read:indicators', scoped: true, url: (x) => `/api/cockpits/${x.cockpit}/view?year=2022` },
  { method: 'POST', route: '/api/cockpits', need: 'define:indicators', scoped: true, url: () => '/api/cockpits', body: (x) => ({ scope: 'county', definition: COCKPIT_DEFINITION, unitId: x.unit }) },
  { method: 'PUT', route: '/api/cockpits/:id', need: 'define:indicators', scoped: true, url: (x) => `/api/cockpits/${x.cockpit}`, body: () => ({ definition: COCKPIT_DEFINITION, version: 1 }) },
  {
    method: 'POST',
    route: '/api/reports/import/confirm',
    need: 'define:indicators',
    scoped: true,
    url: () => '/api/reports/import/confirm',
    body: (x) => ({ year: 2022, indicatorId: x.indicator, value: 3, documentTitle: '矩阵文档', claimText: '3个', unitId: x.unit }),
  },
];
for (const m of MODULE_MATRICES) {
  for (const c of m.cases) {
    CASES.push({ ...c, url: (x) => c.url(x.mod[m.name], x.place), body: c.body ? (x, i) => c.body!(x.mod[m.name], x.place, i) : undefined });
  }
}
const COCKPIT_DEFINITION = { title: '矩阵驾驶舱', widgets: [{ kind: 'headline', indicatorCode: 'QYXQ_JJ', label: '', style: 'exact' }, { kind: 'counter', counter: 'open_cases' }, { kind: 'honours' }] };
const TEMPLATE_DEFINITION = { title: '{year}年矩阵综述', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: ['解决企业需求{{value QYXQ_JJ}}。'] }] };
const SCHEME_DEFINITION = { items: [{ key: 'FZ', label: '发展党员', indicatorCode: 'DY_FZ', weight: 100, normalization: { kind: 'rank' } }], adjustments: [], vetoes: [], grades: [] };
const SCHEME = { name: '矩阵方案', kind: 'competition', unitTypes: ['village', 'community'], periodType: 'year', definition: SCHEME_DEFINITION };
const POOL = { name: '矩阵奖金', amount: 1000, method: 'tiers', tiers: [{ fromRank: 1, toRank: 1, amountEach: 1000 }] };
const MATRIX_QUESTIONS = [{ key: 'q', type: 'rating', label: '矩阵满意度', required: true }];
const CATEGORY: Record<string, number> = {};
// Routes reachable without a session, or covered by their own tests (auth.routes.int.test.ts; the
// members' check-in links and the board's event stream in modules/mobilization/*.int.test.ts).
const NOT_IN_MATRIX = [
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'GET /api/health',
  'GET /api/ready',
  'GET /api/metrics',
  'GET /api/checkin/:token',
  'POST /api/checkin/:token',
  'GET /api/activations/:id/events',
  'GET /api/public/surveys/:code', // modules/surveys/surveys.int.test.ts: answering without an account
  'POST /api/public/surveys/:code/answers',
  'GET /api/public/results/:slug', // assessment.int.test.ts: public page, no breakdown, 404 on an unknown slug
  'POST /api/inbox/:id/read', // digest.int.test.ts: only the recipient marks a message read (404 for anyone else)
];

// POST routes that read: exports, previews, checks, proposals, and imports run in preview mode.
const READS_BY_POST = /[/-](export|preview|check|propose|template|import)$/;

let t: TestApp;
let selfPerson = 0;
const clients = new Map<Role, Client>();
const files: Record<string, Buffer> = {};
const INSIDE_TOWN = '330784105'; // 石柱镇: every matrix account is scoped to it
const OUTSIDE_TOWN = '330784001'; // 东城街道

beforeAll(async () => {
  t = await createTestApp();
  // The personal account belongs to a person of the inside town.
  const [self] = await queryRows<{ id: number }>(t.ctx.db, sql`select p.id from persons p join org_units o on o.id = p.org_unit_id where o.path like (select path from org_units where code = ${INSIDE_TOWN}) || '%' order by p.id limit 1`);
  selfPerson = self.id;
  for (const role of ROLES) {
    await createUserAsSystem(t.ctx, { username: `m_${role}`, displayName: `矩阵${role}`, orgUnitCode: INSIDE_TOWN, role, personId: role === 'personal' ? selfPerson : undefined, password: DEMO_PASSWORD });
    clients.set(role, await t.login(`m_${role}`));
  }
  for (const [key, header, row] of [
    ['ORG_XLSX', ['编码', '名称', '类型', '上级编码'], ['MXI-1', '导入', '其他', INSIDE_TOWN]],
    ['PEOPLE_XLSX', ['姓名', '身份证号', '所在单位编码'], ['甲', id18(), INSIDE_TOWN]],
    ['TARGETS_XLSX', ['单位编码', '指标编码', '期次', '目标值'], [INSIDE_TOWN, 'DY_FZ', '2025', '3']],
    ['FORM_XLSX', ['指标编码', '数值'], []],
    ['ROSTER_XLSX', ['姓名', '身份证号'], ['甲', id18()]],
  ] as const) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow([...header]);
    if (row.length) ws.addRow([...row]);
    files[key] = Buffer.from(await wb.xlsx.writeBuffer());
  }
  for (const [kind, header] of [
    ['activity', ['类别编码', '标题', '活动日期']],
    ['case', ['类别编码', '标题', '登记日期']],
    ['project', ['类别编码', '项目名称', '开工日期']],
    ['honour', ['类别编码', '荣誉名称', '级别', '授予日期', '获得者类型']],
  ] as const) {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRow([...header]);
    files[`LEDGER_${kind}`] = Buffer.from(await wb.xlsx.writeBuffer());
  }
  files.PNG = PNG;
  for (const c of await queryRows<{ code: string; id: number }>(t.ctx.db, sql`select code, id from ledger_categories where tenant_id = '330784'`)) CATEGORY[c.code] = c.id;
});
afterAll(() => t?.close());

/** Fresh records for one request, so every cell of the matrix starts from the same state. */
async function targets(townCode: string, tag: string): Promise<Targets> {
  const town = await t.unitId(townCode);
  const admin = `${townCode}`;
  const mk = async (code: string, parentId: number) => {
    const [r] = await queryRows<{ id: number }>(t.ctx.db, sql`insert into org_units (tenant_id, code, name, type, parent_id, pinyin_initials, pinyin_full) values ('330784', ${code}, ${code}, 'other', ${parentId}, 'x', 'x') returning id`);
    return r.id;
  };
  const leaf = await mk(`L-${tag}`, town);
  const movable = await mk(`MV-${tag}`, town);
  const moveTo = await mk(`MT-${tag}`, town);
  const [person] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`select id, version from persons where org_unit_id = ${town} or org_unit_id in (select id from org_units where parent_id = ${town}) order by id desc limit 1`);
  let [user] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`select id, version from users where org_unit_id = ${town} and username like 'target_%' limit 1`);
  if (!user) {
    const row = await createUserAsSystem(t.ctx, { username: `target_${admin}`, displayName: '目标账号', orgUnitCode: townCode, role: 'village', password: DEMO_PASSWORD });
    user = { id: row.id, version: row.version };
  }
  const [ind] = await queryRows<{ id: number; version: number }>(
    t.ctx.db,
    sql`insert into indicators (tenant_id, code, name, unit, direction, period_type) values ('330784', ${`MXI_${tag}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}, '矩阵指标', '个', 'higher', 'year') returning id, version`,
  );
  await t.ctx.db.execute(sql`insert into indicator_versions (indicator_id, version_no, effective_from, aggregation, value_kind, created_by) values (${ind.id}, 1, '2020', '{"kind":"simple","tree":"sum","time":"sum"}', 'integer', '矩阵')`);
  const [task] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into collection_tasks (tenant_id, title, period, deadline, issuer_unit_id, issued_by) values ('330784', '矩阵任务', '2025', '2030-01-01', ${town}, '矩阵') returning id`,
  );
  await t.ctx.db.execute(sql`insert into task_indicators (task_id, indicator_id, position) values (${task.id}, ${ind.id}, 1)`);
  await t.ctx.db.execute(sql`insert into task_submissions (tenant_id, task_id, org_unit_id, status) values ('330784', ${task.id}, ${leaf}, 'not_started'), ('330784', ${task.id}, ${movable}, 'submitted')`);
  const [spare] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from persons where org_unit_id in (select id from org_units where path like (select path from org_units where id = ${town}) || '%') and id <> ${person.id} order by id desc limit 1`);
  const [force] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`insert into mobilization_forces (tenant_id, org_unit_id, name) values ('330784', ${town}, ${`矩阵队伍-${tag}`}) returning id, version`);
  const [rUnit] = await queryRows<{ id: number; version: number }>(
    t.ctx.db,
    sql`insert into response_units (tenant_id, force_id, org_unit_id, name, min_strength) values ('330784', ${force.id}, ${town}, ${`矩阵单元-${tag}`}, 1) returning id, version`,
  );
  const [roster] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`insert into roster_members (tenant_id, unit_id, person_id) values ('330784', ${rUnit.id}, ${person.id}) returning id, version`);
  const [act] = await queryRows<{ id: number; version: number }>(
    t.ctx.db,
    sql`insert into activations (tenant_id, issuer_unit_id, event, level, assembly_point, assembly_at, issued_by) values ('330784', ${town}, '矩阵激活', 'IV', '矩阵', now() + interval '1 hour', '矩阵') returning id, version`,
  );
  await t.ctx.db.execute(sql`insert into activation_units (tenant_id, activation_id, unit_id, min_strength) values ('330784', ${act.id}, ${rUnit.id}, 1)`);
  const [member] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into activation_members (tenant_id, activation_id, unit_id, person_id, token_hash, token_salt) values ('330784', ${act.id}, ${rUnit.id}, ${person.id}, ${`matrix-${tag}`}, 'matrix') returning id`,
  );
  const [dispatch] = await queryRows<{ id: number; version: number }>(
    t.ctx.db,
    sql`insert into dispatches (tenant_id, person_id, front, posted_unit_id, role, start_date, created_by) values ('330784', ${person.id}, 'grassroots', ${town}, '矩阵', '2031-01-01', '矩阵') returning id, version`,
  );
  const rec = async (q: ReturnType<typeof sql>) => (await queryRows<{ id: number }>(t.ctx.db, q))[0].id;
  const record: Record<LedgerKind, number> = {
    activity: await rec(sql`insert into activities (tenant_id, category_id, org_unit_id, title, held_on) values ('330784', ${CATEGORY.XJ}, ${town}, '矩阵活动', '2025-01-02') returning id`),
    case: await rec(sql`insert into cases (tenant_id, category_id, org_unit_id, registrar_unit_id, title, registered_on) values ('330784', ${CATEGORY.QYXQ}, ${town}, ${town}, '矩阵事项', '2025-01-02') returning id`),
    project: await rec(sql`insert into projects (tenant_id, category_id, org_unit_id, title, started_on) values ('330784', ${CATEGORY.GJQJ}, ${town}, '矩阵项目', '2025-01-02') returning id`),
    honour: await rec(sql`insert into honours (tenant_id, category_id, org_unit_id, title, level, awarded_on, recipient_type) values ('330784', ${CATEGORY.XJJT}, ${town}, '矩阵荣誉', 'county', '2025-01-02', 'unit') returning id`),
  };
  const openCase = await rec(sql`insert into cases (tenant_id, category_id, org_unit_id, registrar_unit_id, title, registered_on) values ('330784', ${CATEGORY.QYXQ}, ${town}, ${town}, '矩阵在办', '2025-01-02') returning id`);
  const resolvedCase = await rec(sql`insert into cases (tenant_id, category_id, org_unit_id, registrar_unit_id, title, registered_on, status, resolved_on, resolution) values ('330784', ${CATEGORY.QYXQ}, ${leaf}, ${town}, '矩阵已办结', '2025-01-02', 'resolved', '2025-01-03', '已办') returning id`);
  const stored = await diskFileStore(t.ctx.config.dataDir).put(PNG);
  const attachment = await rec(sql`insert into attachments (tenant_id, record_kind, record_id, file_name, mime, size, sha256, storage_key) values ('330784', 'activity', ${record.activity}, 'm.png', 'image/png', ${PNG.length}, ${stored.sha256}, ${stored.key}) returning id`);
  const category = await rec(sql`insert into ledger_categories (tenant_id, kind, code, name, path) values ('330784', 'activity', ${`MXK_${tag.slice(-26)}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}, '矩阵类别', '') returning id`);
  await t.ctx.db.execute(sql`update ledger_categories set path = '.' || id || '.' where id = ${category}`);
  const [scheme] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into schemes (tenant_id, code, name, kind, scope_unit_id, unit_types, period_type) values ('330784', ${`MXS_${tag.slice(-26)}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}, '矩阵方案', 'competition', ${town}, '{village,community}', 'year') returning id`,
  );
  const [version] = await queryRows<{ id: number }>(t.ctx.db, sql`insert into scheme_versions (scheme_id, version_no, definition) values (${scheme.id}, 1, ${JSON.stringify(SCHEME_DEFINITION)}::jsonb) returning id`);
  const result = await rec(sql`insert into scheme_results (tenant_id, scheme_id, version_id, period, title, summary) values ('330784', ${scheme.id}, ${version.id}, '2022', '矩阵结果', '{"items":[]}'::jsonb) returning id`);
  await t.ctx.db.execute(
    sql`insert into scheme_result_rows (result_id, org_unit_id, unit_path, unit_name, rank, total, breakdown) values (${result}, ${leaf}, (select path from org_units where id = ${leaf}), '矩阵单位', 1, 50, '{"code":"L","items":[]}'::jsonb)`,
  );
  const pool = await rec(
    sql`insert into incentive_pools (tenant_id, result_id, name, amount, method, params, allocations) values ('330784', ${result}, '矩阵奖金', 1000, 'tiers', '{}'::jsonb, ${JSON.stringify([{ orgUnitId: leaf, unitName: '矩阵单位', rank: 1, total: 50, amount: 1000 }])}::jsonb) returning id`,
  );
  const surveyFx = await surveyFixtures(town, leaf, tag);
  const [template] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into report_templates (tenant_id, dept, owner_unit_id, name, definition, updated_by) values ('330784', 'org', ${town}, ${`矩阵模板-${tag}`}, ${JSON.stringify(TEMPLATE_DEFINITION)}::jsonb, '矩阵') returning id`,
  );
  const [draft] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into report_drafts (tenant_id, dept, year, org_unit_id, template_id, title, created_by, updated_by) values ('330784', 'org', 2022, ${town}, ${template.id}, '矩阵综述', '矩阵', '矩阵') returning id`,
  );
  const [cockpit] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into cockpits (tenant_id, owner_unit_id, scope, definition, updated_by) values ('330784', ${town}, 'county', ${JSON.stringify(COCKPIT_DEFINITION)}::jsonb, '矩阵') returning id`,
  );
  await t.ctx.db.execute(sql`insert into report_draft_revisions (draft_id, revision_no, kind, text, created_by) values (${draft.id}, 1, 'edited', '矩阵综述\n\n解决企业需求477个。\n', '矩阵')`);
  // Archived leaf for the restore case is made by the case itself when needed.
  const village = (await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where parent_id = ${town} and type in ('village', 'community') order by id limit 1`))[0].id;
  const [enterprise] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where parent_id = ${town} and type = 'enterprise' order by id limit 1`);
  const place: MatrixPlace = { town, townCode, leaf, village, enterprise: enterprise.id, person: person.id, tag, selfPerson };
  const mod: Record<string, unknown> = {};
  for (const m of MODULE_MATRICES) mod[m.name] = await m.fixtures(t, place);
  return {
    place,
    mod,
    ...surveyFx,
    template: template.id,
    draft: draft.id,
    cockpit: cockpit.id,
    leafCode: `L-${tag}`,
    village,
    careVersion: (await queryRows<{ version: number }>(t.ctx.db, sql`select coalesce(max(version), 0)::int as version from care_map_settings`))[0].version,
    scheme: scheme.id,
    result,
    pool,
    unit: town,
    leaf,
    person: person.id,
    personVersion: person.version,
    user: user.id,
    userVersion: user.version,
    movable,
    moveTo,
    indicator: ind.id,
    indicatorVersion: ind.version,
    task: task.id,
    spare: spare.id,
    force: force.id,
    forceVersion: force.version,
    rUnit: rUnit.id,
    rUnitVersion: rUnit.version,
    roster: roster.id,
    rosterVersion: roster.version,
    activation: act.id,
    activationVersion: act.version,
    member: member.id,
    dispatch: dispatch.id,
    dispatchVersion: dispatch.version,
    record,
    openCase,
    resolvedCase,
    attachment,
    category,
  };
}

/** A draft, an open and a closed survey of the town over `leaf` (the closed one answered once), and an indicator for its results. */
async function surveyFixtures(town: number, leaf: number, tag: string) {
  const survey = async (status: string) => {
    const [s] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`insert into surveys (tenant_id, owner_unit_id, title, questions, mode, status, period) values ('330784', ${town}, '矩阵问卷', ${JSON.stringify(MATRIX_QUESTIONS)}::jsonb, 'token', ${status}, '2025') returning id`,
    );
    const [target] = await queryRows<{ id: number }>(t.ctx.db, sql`insert into survey_targets (survey_id, org_unit_id, code) values (${s.id}, ${leaf}, ${newTargetCode()}) returning id`);
    return { id: s.id, target: target.id };
  };
  const draft = await survey('draft');
  const open = await survey('open');
  const closed = await survey('closed');
  await t.ctx.db.execute(sql`insert into survey_responses (survey_id, target_id, org_unit_id, answers, satisfaction) values (${closed.id}, ${closed.target}, ${leaf}, '{"q":4}'::jsonb, 4)`);
  const [ind] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into indicators (tenant_id, code, name, unit, direction, period_type) values ('330784', ${`MXQ_${tag}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}, '矩阵满意度', '分', 'higher', 'year') returning id`,
  );
  await t.ctx.db.execute(sql`insert into indicator_versions (indicator_id, version_no, effective_from, aggregation, value_kind, created_by) values (${ind.id}, 1, '2020', '{"kind":"simple","tree":"avg","time":"avg"}', 'decimal', '矩阵')`);
  return { survey: draft.id, openSurvey: open.id, closedSurvey: closed.id, surveyIndicator: ind.id };
}

describe('authorization matrix', () => {
  it('covers every API route', () => {
    const covered = new Set([...CASES.map((c) => `${c.method} ${c.route}`), ...NOT_IN_MATRIX]);
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('refuses every non-public route without a session', async () => {
    const anon = t.anonymous();
    const x = await targets(INSIDE_TOWN, 'anon');
    for (const c of CASES) {
      let body = c.body?.(x, n++);
      if (typeof body === 'string') body = files[body];
      const res = await anon.request(c.method, c.url(x), body, c.contentType ? { 'content-type': c.contentType } : {});
      expect(res.status, `${c.method} ${c.route}`).toBe(401);
    }
  });

  const cells: [Role, Case, 'inside' | 'outside'][] = [];
  for (const role of ROLES) for (const c of CASES) for (const where of ['inside', 'outside'] as const) if (where === 'inside' || c.scoped) cells.push([role, c, where]);

  it.each(cells.map(([role, c, where]) => [`${role} ${c.method} ${c.route} ${where}`, role, c, where] as const))('%s', async (_name, role, c, where) => {
    const client = clients.get(role)!;
    const tag = `${role}-${c.method}-${c.route}-${where}`.replace(/[^A-Za-z0-9]+/g, '');
    const x = await targets(where === 'inside' ? INSIDE_TOWN : OUTSIDE_TOWN, tag.slice(-30) + n++);
    if (c.route.endsWith('/restore')) {
      const table = c.route.startsWith('/api/people') ? 'persons' : 'org_units';
      const id = table === 'persons' ? x.person : x.leaf;
      await t.ctx.db.execute(sql`update ${sql.identifier(table)} set archived_at = now() where id = ${id}`);
    }
    let body = c.body?.(x, n++);
    if (typeof body === 'string') body = files[body];
    const [{ before }] = await queryRows<{ before: number }>(t.ctx.db, sql`select count(*)::int as before from audit_events where actor_id = (select id from users where username = ${'m_' + role})`);
    const res = await client.request(c.method, c.url(x), body, c.contentType ? { 'content-type': c.contentType } : {});
    const allowed = ALLOWED[c.need].includes(role);
    const label = `${role} ${c.method} ${c.route} ${where}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
    if (!allowed) {
      expect(res.status, label).toBe(403);
      expect(res.body.code, label).toBe('auth.forbidden');
    } else if (where === 'inside') {
      expect(res.status, label).toBeGreaterThanOrEqual(200);
      expect(res.status, label).toBeLessThan(300);
    } else {
      // Outside the subtree: not found, or a field error that the unit is out of scope.
      expect([400, 404], label).toContain(res.status);
      if (res.status === 400) expect(res.body.code, label).toMatch(/out_of_scope$/);
    }
    if (allowed && where === 'inside' && c.method !== 'GET' && !READS_BY_POST.test(c.route)) {
      // Audit completeness: every accepted write leaves at least one audit event by its actor.
      const [{ after }] = await queryRows<{ after: number }>(t.ctx.db, sql`select count(*)::int as after from audit_events where actor_id = (select id from users where username = ${'m_' + role})`);
      expect(after, `${label}: no audit event for an accepted write`).toBeGreaterThan(before);
    }
    if (!allowed || where === 'outside') {
      // A refused request wrote nothing — not even an audit entry for a change.
      const [{ after }] = await queryRows<{ after: number }>(t.ctx.db, sql`select count(*)::int as after from audit_events where actor_id = (select id from users where username = ${'m_' + role}) and action not like 'auth.%'`);
      const [{ authBefore }] = await queryRows<{ authBefore: number }>(t.ctx.db, sql`select count(*)::int as "authBefore" from audit_events where actor_id = (select id from users where username = ${'m_' + role}) and action like 'auth.%'`);
      expect(after + authBefore, label).toBe(before);
    }
  });

  it('never lists response units, orders or postings from outside the subtree', async () => {
    await targets(OUTSIDE_TOWN, 'list-outside');
    const [{ path }] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where code = ${INSIDE_TOWN}`);
    const inside = async (table: string, column: string) =>
      new Set((await queryRows<{ id: number }>(t.ctx.db, sql`select id from ${sql.identifier(table)} where ${sql.identifier(column)} in (select id from org_units where path like ${path + '%'})`)).map((r) => r.id));
    const units = await inside('response_units', 'org_unit_id');
    const postings = await inside('dispatches', 'posted_unit_id');
    const [{ outsideOrders }] = await queryRows<{ outsideOrders: number }>(t.ctx.db, sql`select count(*)::int as "outsideOrders" from activations where issuer_unit_id = (select id from org_units where code = ${OUTSIDE_TOWN})`);
    expect(outsideOrders).toBeGreaterThan(0);
    for (const role of STAFF) {
      const c = clients.get(role)!;
      const u = await c.get('/api/mobilization/units?pageSize=500');
      expect(u.body.items.filter((x: { id: number }) => !units.has(x.id)), role).toEqual([]);
      const d = await c.get('/api/dispatches?pageSize=500');
      expect(d.body.items.filter((x: { id: number }) => !postings.has(x.id)), role).toEqual([]);
      const a = await c.get('/api/activations?pageSize=500');
      expect(a.body.items.filter((x: { issuerName: string }) => x.issuerName === '东城街道'), role).toEqual([]);
      const f = await c.get('/api/mobilization/forces');
      expect(f.body.filter((x: { orgUnitName: string }) => x.orgUnitName === '东城街道'), role).toEqual([]);
    }
  });

  it('never lists ledger records from outside the subtree', async () => {
    await targets(OUTSIDE_TOWN, 'ledger-outside');
    const [{ path }] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where code = ${INSIDE_TOWN}`);
    for (const kind of ['activity', 'case', 'project', 'honour'] as const) {
      const table = sql.identifier(SEGMENT[kind]);
      const visible = new Set(
        (await queryRows<{ id: number }>(t.ctx.db, sql`select r.id from ${table} r where r.org_unit_id in (select id from org_units where path like ${path + '%'})
          ${kind === 'case' ? sql`or r.registrar_unit_id in (select id from org_units where path like ${path + '%'})` : sql``}`)).map((r) => r.id),
      );
      const [{ outside }] = await queryRows<{ outside: number }>(t.ctx.db, sql`select count(*)::int as outside from ${table} r where r.org_unit_id = (select id from org_units where code = ${OUTSIDE_TOWN})`);
      expect(outside, kind).toBeGreaterThan(0);
      for (const role of STAFF) {
        const res = await clients.get(role)!.get(`/api/${SEGMENT[kind]}?pageSize=200`);
        expect(res.status, `${role} ${kind}`).toBe(200);
        expect(res.body.items.filter((r: { id: number }) => !visible.has(r.id)), `${role} ${kind}`).toEqual([]);
      }
    }
  });

  it('never lists records from outside the subtree in unscoped listings', async () => {
    for (const role of STAFF) {
      const c = clients.get(role)!;
      const search = await c.get(`/api/org/search?q=${encodeURIComponent('东城')}`);
      expect(search.body, role).toEqual([]);
      const people = await c.get('/api/people?pageSize=200');
      const outsidePaths = await queryRows<{ id: number }>(t.ctx.db, sql`select p.id from persons p join org_units o on o.id = p.org_unit_id where o.path not like (select path from org_units where code = ${INSIDE_TOWN}) || '%'`);
      const outside = new Set(outsidePaths.map((r) => r.id));
      expect(people.body.items.some((p: { id: number }) => outside.has(p.id)), role).toBe(false);
      const tasks = await c.get('/api/tasks');
      const reaching = await queryRows<{ id: number }>(
        t.ctx.db,
        sql`select t.id from collection_tasks t where (select path from org_units where id = t.issuer_unit_id) like (select path from org_units where code = ${INSIDE_TOWN}) || '%'
            or exists (select 1 from task_submissions s join org_units o on o.id = s.org_unit_id where s.task_id = t.id and o.path like (select path from org_units where code = ${INSIDE_TOWN}) || '%')`,
      );
      const allowedTasks = new Set(reaching.map((r) => r.id));
      expect(tasks.body.length, role).toBeGreaterThan(0);
      expect(tasks.body.filter((x: { id: number }) => !allowedTasks.has(x.id)), role).toEqual([]);
      // Progress counts only the units inside the subtree, even for a county-wide task.
      // The matrix has issued hundreds of tasks by now: find the demo's county-wide one by title.
      const found = await c.get(`/api/tasks?q=${encodeURIComponent('2023年度村级组织')}&period=2023`);
      const countyWide = found.body.find((x: { title: string }) => x.title === '2023年度村级组织和集体经济统计');
      const [{ inside }] = await queryRows<{ inside: number }>(
        t.ctx.db,
        sql`select count(*)::int as inside from task_submissions s join org_units o on o.id = s.org_unit_id
            where s.task_id = ${countyWide.id} and o.path like (select path from org_units where code = ${INSIDE_TOWN}) || '%'`,
      );
      expect(inside, role).toBeGreaterThan(0);
      expect(countyWide.counts.total, role).toBe(inside);
    }
    const audit = await clients.get('auditor')!.get('/api/audit/events?pageSize=200');
    const paths = audit.body.items.map((e: { orgPath: string | null }) => e.orgPath);
    const [{ path }] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where code = ${INSIDE_TOWN}`);
    expect(paths.every((p: string | null) => p !== null && p.startsWith(path))).toBe(true);
  });
});
