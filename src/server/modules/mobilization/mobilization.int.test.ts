import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { computeDerived } from '../indicators/derived';
import { parsePeriod } from '../indicators';
import { tokenFromSalt } from './tokens';

let t: TestApp;
let admin: Client;
let town: Client;
let village: Client;
const TOWN = '330784105'; // 石柱镇, the demo town account's unit
const OTHER_TOWN = '330784001'; // 东城街道

beforeAll(async () => {
  t = await createTestApp();
  [admin, town, village] = await Promise.all([t.login('admin'), t.login('town'), t.login('village')]);
});
afterAll(() => t?.close());

let seq = 0;
const used = new Set<number>();

/** `n` registry people living under the unit with `code`, not handed out before in this file. */
async function people(code: string, n: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`select p.id from persons p where p.archived_at is null and p.org_unit_id in (select id from org_units where path like (select path from org_units where code = ${code}) || '%') order by p.id`,
  );
  const out = rows.map((r) => r.id).filter((id) => !used.has(id)).slice(0, n);
  if (out.length < n) throw new Error(`only ${out.length} people left under ${code}`);
  out.forEach((id) => used.add(id));
  return out;
}

/** A response unit with the given roster, made through the API. */
async function unit(client: Client, orgCode: string, members: number[], opts: { minStrength?: number; leader?: number; unavailable?: number[]; forceId?: number } = {}) {
  const res = await client.post('/api/mobilization/units', {
    name: `测试单元${++seq}`,
    orgUnitId: await t.unitId(orgCode),
    minStrength: opts.minStrength ?? 1,
    leaderPersonId: opts.leader ?? null,
    forceId: opts.forceId ?? null,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  for (const personId of members) {
    if (personId === opts.leader) continue;
    const add = await client.post(`/api/mobilization/units/${res.body.id}/members`, { personId, skills: ['驾驶'], availability: opts.unavailable?.includes(personId) ? 'unavailable' : 'available' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
  }
  return res.body.id as number;
}

async function activate(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/activations', { event: `测试演练${++seq}`, level: 'III', assemblyPoint: '镇政府大院', assemblyAt: new Date(Date.now() + 3_600_000).toISOString(), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.mobilization.outbox.flush();
  return res.body as { id: number; units: number; members: number; merged: number; unavailable: number };
}

async function members(activationId: number) {
  return queryRows<{ id: number; personId: number; unitId: number; salt: string }>(
    t.ctx.db,
    sql`select id, person_id as "personId", unit_id as "unitId", token_salt as salt from activation_members where activation_id = ${activationId} order by id`,
  );
}
const token = (salt: string) => tokenFromSalt(t.ctx.crypto, salt);
const checkin = (tok: string, body: unknown, headers: Record<string, string> = {}) => t.anonymous().request('POST', `/api/checkin/${tok}`, body, headers);
const board = async (c: Client, id: number) => (await c.get(`/api/activations/${id}/board`)).body;

describe('activating units', () => {
  it('calls a person on two activated units once, skips the unavailable, and delivers every link through the file sink', async () => {
    const [a1, a2, a3, shared, off, b1] = await people(TOWN, 6);
    const u1 = await unit(admin, TOWN, [a1, a2, a3, shared, off], { unavailable: [off] });
    const u2 = await unit(admin, TOWN, [shared, b1], { leader: shared });
    const res = await activate(admin, { unitIds: [u1, u2] });
    expect(res).toMatchObject({ units: 2, members: 5, merged: 1, unavailable: 1 });

    const rows = await members(res.id);
    expect(rows.map((r) => r.personId).sort()).toEqual([a1, a2, a3, shared, b1].sort());
    // The shared person answers for the unit they lead.
    expect(rows.find((r) => r.personId === shared)!.unitId).toBe(u2);

    const [n] = await queryRows<{ total: number; sent: number; perMember: number }>(
      t.ctx.db,
      sql`select count(*)::int as total, (count(*) filter (where status = 'sent'))::int as sent, count(distinct member_id)::int as "perMember" from mobilization_notifications where activation_id = ${res.id}`,
    );
    expect(n).toEqual({ total: 5, sent: 5, perMember: 5 });
    const b = await board(admin, res.id);
    expect(b.total).toMatchObject({ members: 5, notified: 5, opened: 0, arrived: 0, noAnswer: 5 });

    const dir = join(t.ctx.config.dataDir, 'outbox');
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    for (const r of rows) {
      const line = lines.find((l) => l.link === `/c/${token(r.salt)}`);
      expect(line, `member ${r.id}`).toBeTruthy();
      expect(line.text).toContain('镇政府大院');
      // Never a full phone number, only the masked one.
      expect(JSON.stringify(line)).not.toMatch(/1\d{10}/);
    }
    // The token itself is not stored anywhere in the database.
    const tok = token(rows[0].salt);
    const [leak] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from activation_members m where m.token_hash = ${tok} or m.token_salt = ${tok}`);
    expect(leak.n).toBe(0);
    const [notif] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from mobilization_notifications where body like ${'%' + tok + '%'}`);
    expect(notif.n).toBe(0);
  });

  it('activates a whole force or a whole town, inside the commander’s subtree only', async () => {
    const force = await admin.post('/api/mobilization/forces', { name: `测试队伍${++seq}` });
    expect(force.status).toBe(201);
    const inTown = await unit(admin, TOWN, await people(TOWN, 2), { forceId: force.body.id });
    const elsewhere = await unit(admin, OTHER_TOWN, await people(OTHER_TOWN, 2), { forceId: force.body.id });

    // The town commander activating the county force calls its units in the town only.
    const byForce = await activate(town, { forceId: force.body.id });
    const units = await queryRows<{ unitId: number }>(t.ctx.db, sql`select unit_id as "unitId" from activation_units where activation_id = ${byForce.id}`);
    expect(units.map((u) => u.unitId)).toEqual([inTown]);

    const out = await town.post('/api/activations', { event: '越权', level: 'IV', assemblyPoint: 'x', assemblyAt: new Date().toISOString(), unitIds: [elsewhere] });
    expect(out.status).toBe(400);
    expect(out.body.code).toBe('mobilization.unit_out_of_scope');
    expect(out.body.message).toBe('只能激活本辖区内的应急响应单元');
    const outTown = await town.post('/api/activations', { event: '越权', level: 'IV', assemblyPoint: 'x', assemblyAt: new Date().toISOString(), orgUnitId: await t.unitId(OTHER_TOWN) });
    expect(outTown.status).toBe(400);
    expect(outTown.body.code).toBe('mobilization.org_out_of_scope');
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from activations where event = '越权'`);
    expect(n).toBe(0);

    // The county activating a whole town gets every unit attached under it.
    const byTown = await activate(admin, { orgUnitId: await t.unitId(OTHER_TOWN) });
    const [{ expected }] = await queryRows<{ expected: number }>(
      t.ctx.db,
      sql`select count(*)::int as expected from response_units where archived_at is null and org_unit_id in (select id from org_units where path like (select path from org_units where code = ${OTHER_TOWN}) || '%')`,
    );
    expect(byTown.units).toBe(expected);

    // A town account cannot see an order that reaches none of its units, nor its board.
    expect((await town.get(`/api/activations/${byTown.id}/board`)).status).toBe(404);
    expect((await town.get('/api/activations?pageSize=500')).body.items.some((a: { id: number }) => a.id === byTown.id)).toBe(false);
    // The village account reads but may not command.
    expect((await village.post(`/api/activations/${byForce.id}/renotify`, {})).status).toBe(403);
    // Validation speaks Chinese, next to the field.
    const bad = await admin.post('/api/activations', { event: '', level: 'V', assemblyPoint: 'x', assemblyAt: '明天' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['assemblyAt', 'event', 'level']);
    expect(bad.body.details.find((d: { path: string }) => d.path === 'level').message).toBe('请选择响应等级（Ⅰ–Ⅳ级）');
    const none = await admin.post('/api/activations', { event: '无对象', level: 'IV', assemblyPoint: 'x', assemblyAt: new Date().toISOString() });
    expect(none.body.details).toEqual([{ path: 'unitIds', message: '请选择要激活的单元、队伍或镇街' }]);
  });
});

describe('checking in through the personal link', () => {
  it('counts a burst of concurrent double taps once', async () => {
    const u = await unit(admin, TOWN, await people(TOWN, 3));
    const a = await activate(admin, { unitIds: [u] });
    const [m] = await members(a.id);
    const tok = token(m.salt);
    const results = await Promise.all(Array.from({ length: 8 }, () => checkin(tok, { response: 'arrived' })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.filter((r) => r.body.changed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.arrivedAt)).size).toBe(1);
    // A retry later changes nothing either: the arrival time stays the first one.
    await new Promise((r) => setTimeout(r, 20));
    const retry = await checkin(tok, { response: 'arrived' });
    expect(retry.body).toMatchObject({ changed: false, response: 'arrived', arrivedAt: results[0].body.arrivedAt });
    expect((await board(admin, a.id)).total).toMatchObject({ members: 3, arrived: 1, opened: 1, noAnswer: 2 });
  });

  it('takes "cannot come" with a reason, then a later arrival, but not a decline after arriving', async () => {
    const u = await unit(admin, TOWN, await people(TOWN, 2));
    const a = await activate(admin, { unitIds: [u] });
    const [m] = await members(a.id);
    const tok = token(m.salt);
    const noReason = await checkin(tok, { response: 'declined' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual([{ path: 'reason', message: '请填写无法到岗的原因' }]);
    const declined = await checkin(tok, { response: 'declined', reason: '在外地出差' });
    expect(declined.body).toMatchObject({ changed: true, response: 'declined', declineReason: '在外地出差', responseName: '无法到岗' });
    expect((await checkin(tok, { response: 'declined', reason: '在外地出差' })).body.changed).toBe(false);
    expect((await board(admin, a.id)).total).toMatchObject({ declined: 1, arrived: 0 });

    const arrived = await checkin(tok, { response: 'arrived' });
    expect(arrived.body).toMatchObject({ changed: true, response: 'arrived', responseName: '已到岗' });
    expect((await board(admin, a.id)).total).toMatchObject({ declined: 0, arrived: 1, noAnswer: 1 });
    const late = await checkin(tok, { response: 'declined', reason: '改主意' });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('您已报到到岗。如需更改，请联系带队负责人');
  });

  it('shows the member their own order and nothing else, needs no session, and refuses a foreign origin', async () => {
    const [p1, p2] = await people(TOWN, 2);
    const u = await unit(admin, TOWN, [p1, p2]);
    const a = await activate(admin, { unitIds: [u], instructions: '携带身份证' });
    const rows = await members(a.id);
    const mine = rows.find((r) => r.personId === p1)!;
    const [names] = await queryRows<{ me: string; other: string; phone: string | null }>(
      t.ctx.db,
      sql`select (select name from persons where id = ${p1}) as me, (select name from persons where id = ${p2}) as other, (select phone_masked from persons where id = ${p1}) as phone`,
    );
    const view = await t.anonymous().get(`/api/checkin/${token(mine.salt)}`);
    expect(view.status).toBe(200);
    expect(Object.keys(view.body).sort()).toEqual(
      ['arrivedAt', 'assemblyAt', 'assemblyPoint', 'declineReason', 'declinedAt', 'event', 'instructions', 'level', 'levelName', 'memberName', 'messages', 'openedAt', 'response', 'responseName', 'unitName'].sort(),
    );
    expect(view.body).toMatchObject({ memberName: names.me, assemblyPoint: '镇政府大院', instructions: '携带身份证', levelName: 'Ⅲ级', response: null, responseName: '未报到' });
    const text = JSON.stringify(view.body);
    expect(text).not.toContain(names.other);
    expect(text).not.toMatch(/1\d{10}|\d{17}[\dX]/);
    // Its in-app inbox: the activation notice, unread the first time only.
    expect(view.body.messages).toHaveLength(1);
    expect(view.body.messages[0]).toMatchObject({ unread: true });
    expect(view.body.messages[0].title).toContain('【激活令】');
    const again = await t.anonymous().get(`/api/checkin/${token(mine.salt)}`);
    expect(again.body.messages[0].unread).toBe(false);
    expect(again.body.openedAt).toBe(view.body.openedAt);
    expect((await board(admin, a.id)).total.opened).toBe(1);

    // Unknown and malformed tokens look the same.
    const unknown = await t.anonymous().get(`/api/checkin/${'A'.repeat(43)}`);
    const malformed = await t.anonymous().get('/api/checkin/abc');
    expect([unknown.status, malformed.status]).toEqual([404, 404]);
    expect(unknown.body).toEqual(malformed.body);
    expect(unknown.body.message).toBe('报到链接无效，请核对通知中的链接是否完整');

    // A page on another site cannot post a check-in for someone whose link it learned.
    const foreign = await checkin(token(mine.salt), { response: 'arrived' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await board(admin, a.id)).total.arrived).toBe(0);
    // The same request from the member's own phone works without any session or CSRF token.
    expect((await checkin(token(mine.salt), { response: 'arrived' })).status).toBe(200);
  });

  it('closes every link when the order stands down (410), and keeps the after-action record', async () => {
    const u = await unit(admin, TOWN, await people(TOWN, 3));
    const a = await activate(admin, { unitIds: [u] });
    const [m1, m2] = await members(a.id);
    await checkin(token(m1.salt), { response: 'arrived' });
    const detail = await admin.get(`/api/activations/${a.id}`);
    expect(detail.body).toMatchObject({ canCommand: true, canStandDown: true });
    const stale = await admin.post(`/api/activations/${a.id}/stand-down`, { version: detail.body.version + 1 });
    expect(stale.status).toBe(409);
    const down = await admin.post(`/api/activations/${a.id}/stand-down`, { version: detail.body.version, notes: '按时集结，复盘完毕' });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    expect(down.body).toMatchObject({ status: 'stood_down', statusName: '已解除', afterActionNotes: '按时集结，复盘完毕' });

    for (const res of [await checkin(token(m2.salt), { response: 'arrived' }), await t.anonymous().get(`/api/checkin/${token(m1.salt)}`)]) {
      expect(res.status).toBe(410);
      expect(res.body.message).toBe('该激活令已解除，报到已关闭');
    }
    expect((await admin.post(`/api/activations/${a.id}/renotify`, {})).status).toBe(410);
    expect((await admin.post(`/api/activations/${a.id}/members/${m2.id}/check-in`, { response: 'arrived' })).status).toBe(410);
    // The database refuses too, whoever asks.
    await expect(t.ctx.db.execute(sql`update activation_members set response = 'arrived', arrived_at = now() where id = ${m2.id}`)).rejects.toThrow();

    const summary = await admin.get(`/api/activations/${a.id}/summary`);
    expect(summary.body.figures).toMatchObject({ members: 3, arrived: 1, noAnswer: 2, arrivedByLink: 1, arrivedByHand: 0 });
    expect(summary.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['issued', 'first_notified', 'first_arrived', 'stood_down']));
    expect(summary.body.notes).toBe('按时集结，复盘完毕');
    const notes = await admin.put(`/api/activations/${a.id}/notes`, { version: down.body.version, notes: '补充：车辆调度偏慢' });
    expect(notes.body.afterActionNotes).toBe('补充：车辆调度偏慢');
  });
});

describe('commanders', () => {
  it('check a member in by hand, audited, only inside their subtree', async () => {
    const mine = await unit(admin, TOWN, await people(TOWN, 2));
    const theirs = await unit(admin, OTHER_TOWN, await people(OTHER_TOWN, 2));
    const a = await activate(admin, { unitIds: [mine, theirs] });
    const rows = await members(a.id);
    const m = rows.find((r) => r.unitId === mine)!;
    const other = rows.find((r) => r.unitId === theirs)!;

    const at = new Date(Date.now() - 60_000).toISOString();
    const res = await town.post(`/api/activations/${a.id}/members/${m.id}/check-in`, { response: 'arrived', at });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ changed: true, response: 'arrived', responseVia: 'hand', checkedInBy: '石柱镇干部（演示）', arrivedAt: at });
    const [audit] = await queryRows<{ action: string; summary: string; actor_name: string }>(
      t.ctx.db,
      sql`select action, summary, actor_name from audit_events where entity_type = 'activation_member' and entity_id = ${String(m.id)}`,
    );
    expect(audit).toMatchObject({ action: 'mobilization.hand_checkin', actor_name: '石柱镇干部（演示）' });
    expect(audit.summary).toContain('登记已到岗');
    expect((await town.post(`/api/activations/${a.id}/members/${other.id}/check-in`, { response: 'arrived' })).status).toBe(404);
    const declined = await town.post(`/api/activations/${a.id}/members/${m.id}/check-in`, { response: 'declined' });
    expect(declined.body.details).toEqual([{ path: 'reason', message: '请填写无法到岗的原因' }]);

    // The town sees its own units on the county's board, and may not stand the county's order down.
    const b = await board(town, a.id);
    expect(b.units.map((u: { unitId: number }) => u.unitId)).toEqual([mine]);
    expect(b.total).toMatchObject({ members: 2, arrived: 1 });
    const detail = await town.get(`/api/activations/${a.id}`);
    expect(detail.body.canStandDown).toBe(false);
    expect((await town.post(`/api/activations/${a.id}/stand-down`, { version: detail.body.version })).status).toBe(403);

    // Re-notify reaches the silent ones in the commander's subtree only.
    const again = await town.post(`/api/activations/${a.id}/renotify`, {});
    expect(again.body).toEqual({ queued: 1 });
    await t.app.mobilization.outbox.flush();
    const [n] = await queryRows<{ notifyCount: number }>(t.ctx.db, sql`select notify_count as "notifyCount" from activation_members where id = ${rows.find((r) => r.unitId === mine && r.id !== m.id)!.id}`);
    expect(n.notifyCount).toBe(2);
    const summary = await admin.get(`/api/activations/${a.id}/summary`);
    expect(summary.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['hand_checkin', 'renotify']));
    const list = await admin.get(`/api/activations/${a.id}/members?state=silent`);
    expect(list.body.total).toBe(3);
    // Confirming by hand someone who checked in through the link keeps their own check-in.
    const self = rows.find((r) => r.unitId === mine && r.id !== m.id)!;
    const own = await checkin(token(self.salt), { response: 'arrived' });
    const confirm = await town.post(`/api/activations/${a.id}/members/${self.id}/check-in`, { response: 'arrived' });
    expect(confirm.body).toMatchObject({ changed: false, responseVia: 'link', checkedInBy: null, arrivedAt: own.body.arrivedAt });
    expect(list.body.items.every((i: { phoneMasked: string | null }) => i.phoneMasked == null || /^\d{3}\*{4}\d{4}$/.test(i.phoneMasked))).toBe(true);
  });
});

describe('the live board', () => {
  it('matches a hand computation of every figure', async () => {
    const ua = await unit(admin, TOWN, await people(TOWN, 5), { minStrength: 3 });
    const ub = await unit(admin, TOWN, await people(TOWN, 4), { minStrength: 3 });
    const a = await activate(admin, { unitIds: [ua, ub] });
    const rows = await members(a.id);
    const A = rows.filter((r) => r.unitId === ua);
    const B = rows.filter((r) => r.unitId === ub);
    const t0 = '2025-01-01T08:00:00+08:00';
    const set = (id: number, frag: ReturnType<typeof sql>) => t.ctx.db.execute(sql`update activation_members set ${frag} where id = ${id}`);
    await t.ctx.db.execute(sql`update activations set issued_at = ${t0}::timestamptz, assembly_at = ${t0}::timestamptz + interval '1 hour' where id = ${a.id}`);
    // Unit A: arrivals at 3, 7 and 12 minutes, one decline, one silent; four opened.
    for (const [i, m] of [3, 7, 12].entries()) await set(A[i].id, sql`response = 'arrived', response_via = 'link', arrived_at = ${t0}::timestamptz + ${`${m} minutes`}::interval, opened_at = ${t0}::timestamptz`);
    await set(A[3].id, sql`response = 'declined', declined_at = ${t0}::timestamptz, decline_reason = '值班', opened_at = ${t0}::timestamptz`);
    // Unit B: arrivals at 5 and 20 minutes (one by hand, never opened), two silent of whom one opened.
    await set(B[0].id, sql`response = 'arrived', response_via = 'link', arrived_at = ${t0}::timestamptz + interval '5 minutes', opened_at = ${t0}::timestamptz`);
    await set(B[1].id, sql`response = 'arrived', arrived_at = ${t0}::timestamptz + interval '20 minutes', response_via = 'hand'`);
    await set(B[2].id, sql`opened_at = ${t0}::timestamptz`);

    const b = await board(admin, a.id);
    // Arrival minutes: A [3, 7, 12], B [5, 20], all [3, 5, 7, 12, 20]; nearest rank ⌈p·n⌉.
    expect(b.total).toEqual({ members: 9, notified: 9, opened: 6, arrived: 5, declined: 1, noAnswer: 3, arrivedShare: 5 / 9, firstMinutes: 3, medianMinutes: 7, p90Minutes: 20 });
    const ba = b.units.find((u: { unitId: number }) => u.unitId === ua);
    const bb = b.units.find((u: { unitId: number }) => u.unitId === ub);
    expect(ba).toMatchObject({ members: 5, notified: 5, opened: 4, arrived: 3, declined: 1, noAnswer: 1, arrivedShare: 3 / 5, firstMinutes: 3, medianMinutes: 7, p90Minutes: 12, minStrength: 3, behind: false });
    expect(bb).toMatchObject({ members: 4, notified: 4, opened: 2, arrived: 2, declined: 0, noAnswer: 2, arrivedShare: 2 / 4, firstMinutes: 5, medianMinutes: 5, p90Minutes: 20, minStrength: 3, behind: true });
    expect(bb.behindReason).toBe('集结时间已过，到岗 2 人，少于最低 3 人');
    expect(b.behindUnits).toBe(1);

    const s = await admin.get(`/api/activations/${a.id}/summary`);
    // Half of 9 members is the 5th arrival (20 min); nine in ten never arrived.
    expect(s.body.figures).toMatchObject({ minutesToHalf: 20, minutesToNinety: null, arrivedByHand: 1, arrivedByLink: 4 });
    expect(s.body.arrivalCurve).toEqual({ bucketMinutes: 1, points: [{ minute: 4, arrived: 1 }, { minute: 6, arrived: 2 }, { minute: 8, arrived: 3 }, { minute: 13, arrived: 4 }, { minute: 21, arrived: 5 }] });
    expect(s.body.declineReasons).toEqual([{ reason: '值班', n: 1 }]);
  });
});

describe('coverage', () => {
  it('lists villages without a unit, under-strength units and people on several rosters', async () => {
    const [p] = await people(TOWN, 1);
    const u1 = await unit(admin, TOWN, [p], { minStrength: 5 });
    const u2 = await unit(admin, TOWN, [p]);
    const village = await admin.post('/api/org/units', { parentId: await t.unitId(TOWN), code: `CV-${++seq}`, name: '新设测试村', type: 'village' });
    expect(village.status).toBe(201);
    const c = await town.get('/api/mobilization/coverage');
    expect(c.body.uncoveredVillages.map((v: { name: string }) => v.name)).toEqual(['新设测试村']);
    expect(c.body.underStrength.map((u: { id: number }) => u.id)).toContain(u1);
    expect(c.body.onSeveralRosters.find((x: { personId: number }) => x.personId === p).units.map((u: { id: number }) => u.id)).toEqual(expect.arrayContaining([u1, u2]));
    const list = await town.get('/api/mobilization/units?underStrength=true&pageSize=500');
    expect(list.body.items.map((u: { id: number }) => u.id)).toContain(u1);
  });
});

describe('rosters from Excel, lists to Excel', () => {
  it('imports members by ID number after a preview, and exports the order’s check-ins', async () => {
    const [p1, p2, outsider] = [...(await people(TOWN, 2)), ...(await people(OTHER_TOWN, 1))];
    const u = await unit(town, TOWN, []);
    // ID numbers leave the registry only through the audited reveal.
    const reveal = async (id: number) => (await admin.post(`/api/people/${id}/reveal`)).body.idNumber as string;
    const [names] = await queryRows<{ a: string; b: string }>(t.ctx.db, sql`select (select name from persons where id = ${p1}) as a, (select name from persons where id = ${p2}) as b`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['姓名', '身份证号', '技能', '可调状态']);
    ws.addRow([names.a, await reveal(p1), '驾驶、医疗救护', '随时可调']);
    ws.addRow(['张冠李戴', await reveal(p2), '', '']);
    ws.addRow(['外镇人员', await reveal(outsider), '', '随叫随到']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await town.upload(`/api/mobilization/units/${u}/members/import?mode=preview`, file);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 3, valid: 1, invalid: 2, applied: 0 });
    expect(preview.body.issues).toEqual([
      { line: 3, column: '姓名', message: `姓名与人员库不一致（人员库为「${names.b}」）` },
      { line: 4, column: '身份证号', message: '人员库中没有该身份证号，或不在您的管辖范围内；请先在人员库登记' },
      { line: 4, column: '可调状态', message: '可调状态应为：随时可调、有条件可调、暂不可调' },
    ]);
    const applied = await town.upload(`/api/mobilization/units/${u}/members/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file);
    expect(applied.body.applied).toBe(1);
    const detail = await town.get(`/api/mobilization/units/${u}`);
    expect(detail.body.roster.map((r: { personId: number; skills: string[] }) => [r.personId, r.skills])).toEqual([[p1, ['驾驶', '医疗救护']]]);
    const again = await town.upload(`/api/mobilization/units/${u}/members/import?mode=preview`, file);
    expect(again.body.issues[0]).toEqual({ line: 2, column: '身份证号', message: '已在本单元名单中' });

    const a = await activate(town, { unitIds: [u] });
    const [m] = await members(a.id);
    await checkin(token(m.salt), { response: 'arrived' });
    const xlsx = await town.post(`/api/activations/${a.id}/members/export`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(2).value).toBe('姓名');
    expect(sheet.getRow(2).getCell(2).value).toBe(names.a);
    expect(sheet.getRow(2).getCell(4).value).toBe('已到岗');
    expect(sheet.getRow(2).getCell(9).value).toBe('本人报到');
  });
});

describe('cadre dispatch', () => {
  it('warns when a cadre is posted twice at once, and counts per front', async () => {
    const [p] = await people(TOWN, 1);
    const townId = await t.unitId(TOWN);
    const first = await town.post('/api/dispatches', { personId: p, front: 'transformation', postedUnitId: townId, role: '驻企指导员', startDate: '2031-01-01', endDate: '2031-06-30' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.warnings).toEqual([]);
    const second = await town.post('/api/dispatches', { personId: p, front: 'investment', postedUnitId: townId, role: '招商专员', startDate: '2031-06-01', endDate: '2031-12-31' });
    expect(second.body.warnings).toHaveLength(1);
    expect(second.body.warnings[0].message).toBe(`该干部 2031-01-01 至 2031-06-30 已派驻「石柱镇」（五金产业转型升级一线，驻企指导员），时间重叠`);
    const later = await town.post('/api/dispatches', { personId: p, front: 'grassroots', postedUnitId: townId, role: '驻村指导员', startDate: '2032-01-01' });
    expect(later.body.warnings).toEqual([]);

    const overlaps = await town.get('/api/dispatches?overlapsOnly=true&pageSize=500');
    expect(overlaps.body.items.filter((d: { personId: number }) => d.personId === p).map((d: { id: number }) => d.id).sort()).toEqual([first.body.dispatch.id, second.body.dispatch.id].sort());
    const pairs = await town.get('/api/dispatches/overlaps');
    expect(pairs.body.find((x: { personId: number }) => x.personId === p)).toMatchObject({ from: '2031-06-01', to: '2031-06-30' });

    // Ending the first posting early removes the clash.
    const ended = await town.post(`/api/dispatches/${first.body.dispatch.id}/end`, { version: 1, endedOn: '2031-05-15', reason: '调回原单位' });
    expect(ended.body).toMatchObject({ endedEarlyOn: '2031-05-15', lastDay: '2031-05-15', endReason: '调回原单位' });
    expect((await town.get(`/api/dispatches/${second.body.dispatch.id}`)).body.overlapsWith).toEqual([]);
    const stats = await town.get('/api/dispatches/stats?year=2031');
    expect(stats.body).toMatchObject({ year: 2031, people: 1, postings: 2, peopleWithOverlaps: 0 });
    expect(stats.body.fronts.find((f: { front: string }) => f.front === 'investment')).toMatchObject({ frontName: '招大引强一线', postings: 1, people: 1 });
    expect((await town.get(`/api/dispatches?personId=${p}`)).body.total).toBe(3);

    const [outsider] = await people(OTHER_TOWN, 1);
    const out = await town.post('/api/dispatches', { personId: outsider, front: 'grassroots', postedUnitId: townId, role: '驻村指导员', startDate: '2031-01-01' });
    expect(out.status).toBe(400);
    expect(out.body.code).toBe('dispatch.person_out_of_scope');
    const badDates = await town.post('/api/dispatches', { personId: p, front: 'grassroots', postedUnitId: townId, role: 'x', startDate: '2031-02-01', endDate: '2031-01-01' });
    expect(badDates.body.details).toEqual([{ path: 'endDate', message: '结束日期不能早于开始日期' }]);
  });
});

describe('the demo and the indicators', () => {
  it('has the 3+4 forces, a unit in every village, 13 stood-down activations in 2022 and the cadres posted that year', async () => {
    const forces = await admin.get('/api/mobilization/forces');
    expect(forces.body.filter((f: { description: string | null }) => f.description?.includes('演示')).map((f: { name: string }) => f.name)).toEqual(['机关党员干部突击队', '医疗卫生应急队', '流调溯源专班', '核酸采样支援队', '卡口值守队', '转运保障队', '村（社区）网格防控队']);
    const c = await admin.get('/api/mobilization/coverage');
    expect(c.body.uncoveredVillages.filter((v: { name: string }) => v.name !== '新设测试村')).toEqual([]);
    const acts = await admin.get('/api/activations?year=2022&pageSize=100');
    expect(acts.body.total).toBe(13);
    expect(acts.body.items.every((x: { status: string; arrived: number }) => x.status === 'stood_down' && x.arrived > 0)).toBe(true);
    const stats = await admin.get('/api/dispatches/stats?year=2022');
    expect(stats.body.people).toBeGreaterThanOrEqual(8);
    expect(stats.body.peopleWithOverlaps).toBe(2);
  });

  it('feeds derived indicator sources: orders issued, arrivals, dispatched cadres', async () => {
    const [root] = await queryRows<{ id: number; path: string }>(t.ctx.db, sql`select id, path from org_units where parent_id is null`);
    const year = parsePeriod('2022')!;
    const reporters = new Set([root.id]);
    expect((await computeDerived(t.ctx.db, 'mobilization.activations', root.path, year, reporters)).get(root.id)).toBe(13);
    const [{ arrivals }] = await queryRows<{ arrivals: number }>(
      t.ctx.db,
      sql`select count(*)::int as arrivals from activation_members m join activations a on a.id = m.activation_id where m.response = 'arrived' and extract(year from a.issued_at at time zone 'Asia/Shanghai') = 2022`,
    );
    expect((await computeDerived(t.ctx.db, 'mobilization.arrivals', root.path, year, reporters)).get(root.id)).toBe(arrivals);
    const stats = await admin.get('/api/dispatches/stats?year=2022');
    expect((await computeDerived(t.ctx.db, 'mobilization.dispatched_cadres', root.path, year, reporters)).get(root.id)).toBe(stats.body.people);
    const list = await admin.get('/api/indicators/derivations');
    expect(list.body.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['mobilization.activations', 'mobilization.arrivals', 'mobilization.dispatched_cadres']));
  });
});
