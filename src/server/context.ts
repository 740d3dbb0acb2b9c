import type { Config } from './config';
import type { Db } from './db/client';
import type { FieldCrypto } from './secrets';
import type { Permission, Role } from '../shared/roles';

/** What every service receives: the database and process-wide helpers. No Fastify types. */
export interface AppContext {
  db: Db;
  config: Config;
  crypto: FieldCrypto;
  /** Connection-pool figures for metrics; absent on embedded PGlite. */
  dbPoolStats?: () => { total: number; idle: number; waiting: number };
}

/** The signed-in user a service acts for. Scope is the subtree under `scopePath`. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  tenantId: string;
  orgUnitId: number;
  /** County department the account works for (组织部/宣传部/统战部), if any: owns what it defines. */
  departmentId?: number | null;
  /** Materialized path of the account's org unit: every record they touch must be under it. */
  scopePath: string;
  /** The person of a personal account (个人); null for staff accounts. */
  personId?: number | null;
  permissions: readonly Permission[];
  ip: string | null;
}
