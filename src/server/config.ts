import { resolve } from 'node:path';
import { z } from 'zod';

/** Environment, validated once at start-up: a bad value stops the server with a clear message. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** A streaming replica of DATABASE_URL for heavy reads; used only while it is within the lag bound. */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_REPLICA_URL must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Most seconds a read may lag behind the primary; beyond it reads go to the primary. */
  LIZHOU_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  LIZHOU_DATA_DIR: z.string().min(1).default('.lizhou-data'),
  /** 64 hex characters (32 bytes). Required when several instances share one database. */
  LIZHOU_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'LIZHOU_SECRET_KEY must be 64 hex characters')
    .optional(),
  /** After a key rotation: the retired keys (comma-separated), still accepted for opening values. */
  LIZHOU_PREVIOUS_SECRET_KEYS: z
    .string()
    .regex(/^([0-9a-fA-F]{64})(,[0-9a-fA-F]{64})*$/, 'LIZHOU_PREVIOUS_SECRET_KEYS must be 64-hex keys separated by commas')
    .optional(),
  /** After a key rotation: the key lookup hashes and link tokens stay keyed by (the first key). */
  LIZHOU_LOOKUP_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'LIZHOU_LOOKUP_KEY must be 64 hex characters')
    .optional(),
  LIZHOU_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Set when served over HTTPS so the session cookie is marked Secure. */
  LIZHOU_SECURE_COOKIES: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /**
   * Which proxies may set X-Forwarded-For: "false" (default: the socket address is the client),
   * "true" (any), or a comma-separated list of addresses/CIDRs, e.g. "127.0.0.1,10.0.0.0/8".
   */
  LIZHOU_TRUST_PROXY: z.string().default('false'),
  /** Enables /api/metrics for scrapers presenting this bearer token (16+ characters). */
  LIZHOU_METRICS_TOKEN: z.string().min(16, 'LIZHOU_METRICS_TOKEN must be at least 16 characters').optional(),
  /** Days the audit log is kept before `lizhou audit archive` may move it out (MLPS 2.0: at least 180). */
  LIZHOU_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'LIZHOU_AUDIT_RETENTION_DAYS must be at least 180').default(365),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  replicaUrl?: string;
  replicaMaxLagSeconds: number;
  dataDir: string;
  secretKeyHex?: string;
  previousSecretKeys: string[];
  lookupKeyHex?: string;
  sessionIdleMinutes: number;
  secureCookies: boolean;
  logLevel: string;
  trustProxy: boolean | string[];
  metricsToken?: string;
  auditRetentionDays: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) throw new Error('Invalid configuration:\n  DATABASE_REPLICA_URL: needs DATABASE_URL (a replica of the embedded database is not possible)');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replicaUrl: e.DATABASE_REPLICA_URL,
    replicaMaxLagSeconds: e.LIZHOU_REPLICA_MAX_LAG_SECONDS,
    dataDir: resolve(e.LIZHOU_DATA_DIR),
    secretKeyHex: e.LIZHOU_SECRET_KEY,
    previousSecretKeys: e.LIZHOU_PREVIOUS_SECRET_KEYS ? e.LIZHOU_PREVIOUS_SECRET_KEYS.split(',') : [],
    lookupKeyHex: e.LIZHOU_LOOKUP_KEY,
    sessionIdleMinutes: e.LIZHOU_SESSION_IDLE_MINUTES,
    secureCookies: e.LIZHOU_SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.LIZHOU_TRUST_PROXY),
    metricsToken: e.LIZHOU_METRICS_TOKEN,
    auditRetentionDays: e.LIZHOU_AUDIT_RETENTION_DAYS,
  };
}

function parseTrustProxy(v: string): boolean | string[] {
  if (v === 'false' || v === '') return false;
  if (v === 'true') return true;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}
