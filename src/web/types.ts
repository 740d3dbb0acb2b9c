import type { OrgUnitDto } from '../server/modules/org/org.service';
/**
 * Shapes of API responses as the web uses them. Request shapes come from the server's Zod
 * schemas (z.input) so the two cannot drift; responses are plain DTOs built in the services.
 */
import type { z } from 'zod';
import type { OrgType } from '../shared/org-types';
import type { PartyStatus, PersonRole } from '../shared/person-roles';
import type { Permission, Role } from '../shared/roles';
import type { PersonCreateSchema, PersonUpdateSchema } from '../server/modules/people/people.schema';
import type { UserCreateSchema, UserUpdateSchema } from '../server/modules/auth/auth.schema';

export interface Me {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  orgUnitId: number;
  orgUnitName: string;
  /** The person of a personal account (个人); null for staff. */
  personId: number | null;
  permissions: Permission[];
  mustChangePassword: boolean;
  csrfToken: string;
  sessionIdleMinutes: number;
}

/** The server's shape for a unit (type-only import: nothing from the server is bundled). */
export type OrgUnit = OrgUnitDto;

export interface OrgUnitDetail extends OrgUnit {
  childCount: number;
  ancestors: { id: number; name: string }[];
}

export interface OrgSearchHit extends OrgUnit {
  parentName: string | null;
}

export interface PersonListItem {
  id: number;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idMasked: string;
  phoneMasked: string | null;
  orgUnitId: number;
  orgUnitName: string;
  roles: PersonRole[];
  archived: boolean;
  version: number;
}

export interface PersonRoleDetail {
  id: number;
  role: PersonRole;
  orgUnitId: number | null;
  orgUnitName: string | null;
  startDate: string;
  endDate: string | null;
  status: PartyStatus | null;
  post: string | null;
  rank: string | null;
  note: string | null;
}

export interface PersonDetail {
  id: number;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idMasked: string;
  phoneMasked: string | null;
  orgUnitId: number;
  orgUnitName: string;
  note: string | null;
  archived: boolean;
  version: number;
  roles: PersonRoleDetail[];
}

export type PersonCreateInput = z.input<typeof PersonCreateSchema>;
export type PersonUpdateInput = z.input<typeof PersonUpdateSchema>;

export interface UserItem {
  id: number;
  username: string;
  displayName: string;
  orgUnitId: number;
  orgUnitName: string | null;
  departmentId: number | null;
  role: Role;
  roleName: string;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  version: number;
}

export type UserCreateInput = z.input<typeof UserCreateSchema>;
export type UserUpdateInput = z.input<typeof UserUpdateSchema>;

export interface AuditEvent {
  id: number;
  at: string;
  actorName: string;
  actorRole: Role | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface ImportIssue {
  line: number;
  column: string;
  message: string;
}

export interface ImportReport {
  mode: 'preview' | 'valid-only' | 'all-or-nothing';
  total: number;
  valid: number;
  invalid: number;
  issues: ImportIssue[];
  applied: number;
  previewToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}
