import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import type { AppContext } from '../../context';
import { openDatabase, queryRows, type Database } from '../../db/client';
import { DEMO_PASSWORD, seedDemo } from '../../db/demo/demo-county';
import { FieldCrypto } from '../../secrets';
import { createTempDatabase } from '../../testing/temp-database';
import { createTestApp, SMALL_DEMO, type Client, type TestApp } from '../../testing/harness';
import { tokenFromSalt } from './tokens';
import type { Board } from './board.service';

const TOWN = '330784105';

/** Reads server-sent `board` events from a real HTTP stream. */
async function openBoardStream(baseUrl: string, activationId: number, cookie: string) {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/activations/${activationId}/events`, { headers: { cookie }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const received: { at: number; board: Board; patchUnits?: number }[] = [];
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = chunk.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const payload = JSON.parse(data.slice(6)) as Board;
          if (chunk.includes('event: board')) received.push({ at: Date.now(), board: payload });
          else if (chunk.includes('event: patch')) {
            // A patch carries only the changed units: merge them into the last board by unitId.
            const last = received.at(-1)!.board;
            const changed = new Map(payload.units.map((u) => [u.unitId, u]));
            received.push({ at: Date.now(), board: { ...payload, units: last.units.map((u) => changed.get(u.unitId) ?? u) }, patchUnits: payload.units.length });
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  /** The first board (at or after index `from`) that satisfies `pred`. */
  const waitFor = async (pred: (b: Board) => boolean, from = 0, timeoutMs = 5_000): Promise<{ at: number; board: Board; index: number }> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = received.findIndex((r, i) => i >= from && pred(r.board));
      if (index >= 0) return { ...received[index], index };
      if (Date.now() > deadline) throw new Error(`no matching board within ${timeoutMs} ms; last: ${JSON.stringify(received.at(-1)?.board.total)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { received, waitFor, close: async () => (abort.abort(), await pump) };
}

async function waitUntil(cond: () => boolean, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let t: TestApp;
let admin: Client;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

let seq = 0;
/** A fresh unit of `n` people in the town, activated; answers the order and its members' tokens. */
async function activation(c: Client, ctx: AppContext, n: number) {
  const people = await queryRows<{ id: number }>(
    ctx.db,
    sql`select p.id from persons p where p.org_unit_id in (select id from org_units where path like (select path from org_units where code = ${TOWN}) || '%')
        and not exists (select 1 from activation_members m join activations a on a.id = m.activation_id where m.person_id = p.id and a.status = 'active')
        order by p.id desc limit ${n}`,
  );
  const unit = await c.post('/api/mobilization/units', { name: `实时单元${++seq}`, orgUnitId: (await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where code = ${TOWN}`))[0].id, minStrength: 1 });
  expect(unit.status, JSON.stringify(unit.body)).toBe(201);
  for (const p of people) expect((await c.post(`/api/mobilization/units/${unit.body.id}/members`, { personId: p.id })).status).toBe(201);
  const a = await c.post('/api/activations', { event: `实时演练${seq}`, level: 'II', assemblyPoint: '镇政府', assemblyAt: new Date(Date.now() + 3_600_000).toISOString(), unitIds: [unit.body.id] });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const members = await queryRows<{ id: number; salt: string }>(ctx.db, sql`select id, token_salt as salt from activation_members where activation_id = ${a.body.id} order by id`);
  return { id: a.body.id as number, unitId: unit.body.id as number, tokens: members.map((m) => tokenFromSalt(ctx.crypto, m.salt)), memberIds: members.map((m) => m.id) };
}

describe('server-sent board updates', () => {
  it('pushes a fresh board after a check-in, and lets go of the viewer when the client disconnects', async () => {
    const a = await activation(admin, t.ctx, 4);
    const stream = await openBoardStream(baseUrl, a.id, admin.cookie!);
    const first = await stream.waitFor(() => true);
    expect(first.board.total).toMatchObject({ members: 4, arrived: 0 });
    expect(t.app.mobilization.live.viewerCount(a.id)).toBe(1);
    await waitUntil(() => t.app.mobilization.bus.listening);

    const sent = Date.now();
    const res = await t.anonymous().post(`/api/checkin/${a.tokens[0]}`, { response: 'arrived' });
    expect(res.status).toBe(200);
    const update = await stream.waitFor((b) => b.total.arrived === 1, first.index + 1);
    expect(update.board.units[0]).toMatchObject({ unitId: a.unitId, arrived: 1 });
    // Sent as a patch holding the one unit that changed.
    expect(stream.received[update.index].patchUnits).toBe(1);
    expect(update.at - sent).toBeLessThan(1_000);

    await stream.close();
    await waitUntil(() => t.app.mobilization.live.viewerCount(a.id) === 0);
  });

  it('coalesces a burst of check-ins into at most four boards a second, ending with every arrival', async () => {
    const a = await activation(admin, t.ctx, 12);
    const stream = await openBoardStream(baseUrl, a.id, admin.cookie!);
    await stream.waitFor(() => true);
    const start = stream.received.length;
    const t0 = Date.now();
    await Promise.all(a.tokens.map((tok) => t.anonymous().post(`/api/checkin/${tok}`, { response: 'arrived' })));
    const last = await stream.waitFor((b) => b.total.arrived === 12, start);
    const pushes = stream.received.slice(start, last.index + 1);
    const seconds = Math.max(1, (last.at - t0) / 1000);
    expect(pushes.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    // 250 ms apart when sent; allow for delivery jitter on the client's side.
    for (let i = 1; i < pushes.length; i++) expect(pushes[i].at - pushes[i - 1].at).toBeGreaterThanOrEqual(150);
    await stream.close();
  });

  it('shows a check-in whose relay was lost (its instance died) at the next sweep', async () => {
    const a = await activation(admin, t.ctx, 3);
    const stream = await openBoardStream(baseUrl, a.id, admin.cookie!);
    await stream.waitFor(() => true);
    // The listener's first connection refreshes every board once; let that pass.
    await waitUntil(() => t.app.mobilization.bus.listening);
    await new Promise((r) => setTimeout(r, 400));
    const first = { index: stream.received.length - 1 };
    // Committed as a check-in is, but no instance announces it: the relay died with its instance.
    await t.ctx.db.execute(sql`update activation_members set response = 'arrived', arrived_at = now(), response_via = 'link', opened_at = now(), updated_at = now() where id = ${a.memberIds[0]}`);
    await new Promise((r) => setTimeout(r, 600));
    expect(stream.received.at(-1)!.board.total.arrived, 'nothing announced the change').toBe(0);
    t.app.mobilization.live.sweep();
    const swept = await stream.waitFor((b) => b.total.arrived === 1, first.index + 1);
    expect(swept.board.units[0]).toMatchObject({ unitId: a.unitId, arrived: 1 });
    await stream.close();
  });

  it('answers 404 for an order outside the viewer’s subtree and 401 without a session', async () => {
    const a = await activation(admin, t.ctx, 1);
    const elsewhere = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where code = '330784001'`);
    await t.ctx.db.execute(sql`update response_units set org_unit_id = ${elsewhere[0].id} where id = ${a.unitId}`);
    await t.ctx.db.execute(sql`update activations set issuer_unit_id = ${elsewhere[0].id} where id = ${a.id}`);
    const town = await t.login('town');
    expect((await fetch(`${baseUrl}/api/activations/${a.id}/events`, { headers: { cookie: town.cookie! } })).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/activations/${a.id}/events`)).status).toBe(401);
    expect(t.app.mobilization.live.viewerCount(a.id)).toBe(0);
  });
});

describe.runIf(process.env.DATABASE_URL)('several instances on one PostgreSQL database', () => {
  let second: FastifyInstance;
  let secondDb: Database;
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
  });

  it('delivers a check-in taken by one instance to a board watched on another, through LISTEN/NOTIFY, also after the listener reconnects', async () => {
    secondDb = await openDatabase({ url: t.ctx.config.databaseUrl, dataDir: 'memory' });
    second = await buildApp({ ctx: { ...t.ctx, db: secondDb.db } });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const secondUrl = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
    expect(second.mobilization.bus.mode).toBe('postgres');

    const a = await activation(admin, t.ctx, 3);
    const stream = await openBoardStream(secondUrl, a.id, admin.cookie!);
    const first = await stream.waitFor(() => true);
    await waitUntil(() => second.mobilization.bus.listening);
    const sent = Date.now();
    expect((await t.anonymous().post(`/api/checkin/${a.tokens[1]}`, { response: 'arrived' })).status).toBe(200);
    const update = await stream.waitFor((b) => b.total.arrived === 1, first.index + 1);
    expect(update.at - sent).toBeLessThan(1_000);
    // And the other way round: a hand check-in on the second instance reaches the first.
    const local = await openBoardStream(baseUrl, a.id, admin.cookie!);
    const l0 = await local.waitFor(() => true);
    await waitUntil(() => t.app.mobilization.bus.listening);
    const res = await second.inject({ method: 'POST', url: `/api/activations/${a.id}/members/${a.memberIds[2]}/check-in`, headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrf! }, payload: { response: 'arrived' } });
    expect(res.statusCode, res.body).toBe(200);
    await local.waitFor((b) => b.total.arrived === 2, l0.index + 1);

    // The listening connections drop (a server restart, a killed backend): they come back, and
    // the boards catch up with what happened meanwhile.
    const before = stream.received.length;
    const name = new URL(t.ctx.config.databaseUrl!).pathname.slice(1);
    await t.ctx.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and query = 'listen lizhou_activation'`);
    await waitUntil(() => !second.mobilization.bus.listening);
    expect((await t.anonymous().post(`/api/checkin/${a.tokens[0]}`, { response: 'arrived' })).status).toBe(200);
    await waitUntil(() => second.mobilization.bus.listening, 10_000);
    await stream.waitFor((b) => b.total.arrived === 3, before);
    await stream.close();
    await local.close();
  });
});

describe('restarting the server', () => {
  it('keeps every check-in and queued notification, and the board comes back the same', async () => {
    const crypto = new FieldCrypto(randomBytes(32));
    const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-restart-'));
    const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
    const config = { ...loadConfig({} as NodeJS.ProcessEnv), databaseUrl: temp?.url, dataDir };
    const open = async () => {
      const database = await openDatabase({ url: temp?.url, dataDir: join(dataDir, 'pgdata') });
      await database.migrate();
      const ctx: AppContext = { db: database.db, config, crypto };
      return { database, ctx };
    };
    const login = async (app: FastifyInstance, ctx: AppContext) => {
      await ctx.db.execute(sql`update users set must_change_password = false where username = 'admin'`);
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
      const cookie = String(res.headers['set-cookie']).split(';')[0];
      const csrf = res.json().csrfToken as string;
      const request = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
        const r = await app.inject({ method, url, headers: { cookie, ...(method === 'POST' ? { 'x-csrf-token': csrf } : {}) }, ...(body === undefined ? {} : { payload: body as object }) });
        return { status: r.statusCode, body: r.json() };
      };
      return { cookie, csrf, request, get: (u: string) => request('GET', u), post: (u: string, b?: unknown) => request('POST', u, b ?? {}), patch: () => Promise.reject(), put: () => Promise.reject(), upload: () => Promise.reject() } as unknown as Client;
    };
    try {
      let { database, ctx } = await open();
      await seedDemo(ctx, SMALL_DEMO);
      let app = await buildApp({ ctx });
      await app.ready();
      let c = await login(app, ctx);
      const a = await activation(c, ctx, 6);
      await app.mobilization.outbox.flush();
      const post = (tok: string, body: unknown) => app.inject({ method: 'POST', url: `/api/checkin/${tok}`, payload: body as object }).then((r) => r.json());
      const arrived = await post(a.tokens[0], { response: 'arrived' });
      await post(a.tokens[1], { response: 'arrived' });
      await post(a.tokens[2], { response: 'declined', reason: '值班' });
      expect((await c.post(`/api/activations/${a.id}/members/${a.memberIds[3]}/check-in`, { response: 'arrived' })).status).toBe(200);
      // A re-notification queued but not yet sent when the server stops.
      const { renotify } = await import('./activation.service');
      const me = await queryRows<{ id: number; path: string }>(ctx.db, sql`select id, path from org_units where parent_id is null`);
      const queued = await renotify(ctx, { userId: 0, username: 'system', displayName: '测试', role: 'admin', tenantId: '330784', orgUnitId: me[0].id, scopePath: me[0].path, permissions: ['command:mobilization', 'read:mobilization'], ip: null }, a.id);
      expect(queued.queued).toBe(2);
      const before = (await c.get(`/api/activations/${a.id}/board`)).body as Board;
      expect(before.total).toMatchObject({ members: 6, arrived: 3, declined: 1, noAnswer: 2 });
      await app.close();
      await database.close();

      ({ database, ctx } = await open());
      app = await buildApp({ ctx });
      await app.ready();
      c = await login(app, ctx);
      await app.mobilization.outbox.flush();
      const after = (await c.get(`/api/activations/${a.id}/board`)).body as Board;
      expect(after.total).toEqual(before.total);
      expect(after.units).toHaveLength(1);
      const [silent] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from activation_members where activation_id = ${a.id} and notify_count = 2`);
      expect(silent.n).toBe(2);
      // The first check-in is still the one that counts; new ones work after the restart.
      const retry = await app.inject({ method: 'POST', url: `/api/checkin/${a.tokens[0]}`, payload: { response: 'arrived' } });
      expect(retry.json()).toMatchObject({ changed: false, arrivedAt: arrived.arrivedAt });
      expect((await app.inject({ method: 'POST', url: `/api/checkin/${a.tokens[4]}`, payload: { response: 'arrived' } })).json().changed).toBe(true);
      expect(((await c.get(`/api/activations/${a.id}/board`)).body as Board).total.arrived).toBe(4);
      await app.close();
      await database.close();
    } finally {
      await temp?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
