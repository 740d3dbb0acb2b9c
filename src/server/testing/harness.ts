import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import { createTempDatabase } from './temp-database';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import { openDatabase, queryRows, type Database } from '../db/client';
import { DEMO_PASSWORD, seedDemo, type DemoOptions, type DemoResult } from '../db/demo/demo-county';
import { FieldCrypto } from '../secrets';

/**
 * A real app on a real database for HTTP-level tests: in-memory PGlite by default, or a fresh
 * database on the PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  demo: DemoResult;
  /** Signs in a demo account (its forced password change already done) and returns a client. */
  login(username: string): Promise<Client>;
  anonymous(): Client;
  unitId(code: string): Promise<number>;
  close(): Promise<void>;
}

export interface Client {
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  put(url: string, body?: unknown): Promise<Response>;
  upload(url: string, file: Buffer): Promise<Response>;
  cookie?: string;
  csrf?: string;
}

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw: Buffer;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A small county: four towns/streets of Yongkang, three villages each, a few hundred people. */
export const SMALL_DEMO: DemoOptions = { maxTowns: 4, maxVillagesPerTown: 3, partyMembers: 400, otherPeople: 60 };

export async function createTestApp(demo: DemoOptions = SMALL_DEMO): Promise<TestApp> {
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
  const url = temp?.url;
  const database = await openDatabase({ url, dataDir: 'memory' });
  await database.migrate();
  const config = { ...loadConfig({} as NodeJS.ProcessEnv), databaseUrl: url };
  // A data folder of its own, so files the app writes (notification sink) stay out of .lizhou-data.
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-test-data-'));
  // The field key is kept in the config as a deployment would, so key-rotation tests can read it.
  const secretKeyHex = randomBytes(32).toString('hex');
  const ctx: AppContext = { db: database.db, config: { ...config, dataDir, secretKeyHex, metricsToken: 'test-metrics-token-0123456789' }, crypto: new FieldCrypto(Buffer.from(secretKeyHex, 'hex')), dbPoolStats: database.poolStats };
  const result = await seedDemo(ctx, demo);
  const app = await buildApp({ ctx });
  await app.ready();

  const client = (cookie?: string, csrf?: string): Client => {
    const request: Client['request'] = async (method, reqUrl, body, headers = {}) => {
      const isBuffer = Buffer.isBuffer(body);
      const res = await app.inject({
        method,
        url: reqUrl,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
          ...(isBuffer ? { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : isBuffer ? { payload: body } : { payload: body as object }),
      });
      let parsed: unknown = null;
      if (String(res.headers['content-type'] ?? '').includes('json')) parsed = res.json();
      return { status: res.statusCode, body: parsed, raw: res.rawPayload, headers: res.headers };
    };
    return {
      request,
      get: (u) => request('GET', u),
      post: (u, b) => request('POST', u, b ?? {}),
      patch: (u, b) => request('PATCH', u, b ?? {}),
      put: (u, b) => request('PUT', u, b ?? {}),
      upload: (u, f) => request('POST', u, f),
      cookie,
      csrf,
    };
  };

  return {
    app,
    ctx,
    database,
    demo: result,
    anonymous: () => client(),
    async login(username) {
      await ctx.db.execute(sql`update users set must_change_password = false where username = ${username}`);
      const res = await client().post('/api/auth/login', { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const setCookie = String(res.headers['set-cookie']).split(';')[0];
      return client(setCookie, res.body.csrfToken);
    },
    async unitId(code) {
      const [row] = await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where code = ${code}`);
      if (!row) throw new Error(`no unit ${code}`);
      return row.id;
    },
    async close() {
      await app.close();
      await database.close();
      await temp?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
