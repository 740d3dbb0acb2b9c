import type { Config } from './config';
import type { Db } from './db/client';
import type { ReplicaStatus } from './db/replica';
import type { FieldCrypto } from './secrets';
import type { Permission, Role } from '../shared/roles';

/** What every service receives: the database and process-wide helpers. No Fastify types. */
export interface AppContext {
  db: Db;
  config: Config;
  crypto: FieldCrypto;
  /**
   * Where heavy reads (aggregates, league tables, cockpits, report generation) go: a streaming
   * replica while it is within its lag bound, else the primary. Absent = the primary. Never
   * used for a read that must see the caller's own write in the same request.
   */
  readDb?: () => Db;
  replicaStatus?: () => ReplicaStatus;
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

/** The database for a heavy read: the replica when one is configured and fresh, else the primary. */
export const readerOf = (ctx: AppContext): Db => ctx.readDb?.() ?? ctx.db;
