/**
 * How a module adds its routes to the authorization matrix (src/server/access-matrix.int.test.ts)
 * without editing it: a `<module>.matrix.ts` exports fixtures made fresh for every cell and the
 * routes' cases. The matrix test runs every case for every role, inside and outside the subtree.
 */
import type { TestApp } from './harness';

/** A permission the route needs, or 'any' for every signed-in account. */
export type Need =
  | 'any'
  | 'read:org'
  | 'write:org'
  | 'read:people'
  | 'write:people'
  | 'reveal:people'
  | 'import:people'
  | 'manage:users'
  | 'read:audit'
  | 'read:indicators'
  | 'define:indicators'
  | 'issue:tasks'
  | 'fill:tasks'
  | 'review:tasks'
  | 'read:mobilization'
  | 'manage:mobilization'
  | 'command:mobilization'
  | 'read:ledger'
  | 'write:ledger'
  | 'manage:ledger-categories'
  | 'read:assessment'
  | 'manage:assessment'
  | 'manage:surveys'
  | 'read:reports'
  | 'write:reports'
  | 'self:service'
  | 'manage:cadres'
  | 'review:talent'
  | 'manage:talent';

/** What every module's fixtures are made in: the town (inside or outside the accounts' subtree). */
export interface MatrixPlace {
  /** The town's id and code. */
  town: number;
  townCode: string;
  /** A fresh leaf unit under the town, and a village and an enterprise of the town. */
  leaf: number;
  village: number;
  enterprise: number;
  /** A person whose home unit is in the town. */
  person: number;
  /** A unique tag for codes and titles of this cell. */
  tag: string;
  /** The personal account's own person (always in the inside town), for self-service fixtures. */
  selfPerson: number;
}

export interface ModuleCase<X> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  need: Need;
  /** False for routes without a target record (the result is filtered instead). */
  scoped: boolean;
  url: (x: X, p: MatrixPlace) => string;
  /** A JSON body, or { raw, contentType } for an upload. */
  body?: (x: X, p: MatrixPlace, n: number) => unknown;
  contentType?: string;
}

export interface ModuleMatrix<X> {
  name: string;
  fixtures: (t: TestApp, p: MatrixPlace) => Promise<X>;
  cases: ModuleCase<X>[];
}

/** Helps type a module's matrix without repeating its fixture type. */
export const moduleMatrix = <X>(m: ModuleMatrix<X>): ModuleMatrix<X> => m;
