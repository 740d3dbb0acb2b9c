/**
 * Fault 5: an instance is killed (SIGKILL) in the middle of an activation check-in burst. The whole
 * demo county is activated; every member answers through their one-tap link (most "arrived", some
 * "cannot come" with a reason; half open the page first), every fourth taps twice at once — once
 * on each instance — and instance A is killed once a third have answered. Members left without an
 * answer tap again, on the survivor. A commander watches the live board (server-sent events) on
 * the survivor throughout; a few members are kept back to check in through the restarted instance.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/client';
import { tokenFromSalt } from '../../src/server/modules/mobilization/tokens';
import { attempt, login, sleep, Tally, type FaultContext, type FaultResult, type Outcome } from './harness';

const WRITERS_PER_INSTANCE = 12;
const HELD_BACK = 5;
const DECLINE_REASON = '正在单位值班';

interface Member {
  id: number;
  unitId: number;
  token: string;
  response: 'arrived' | 'declined';
  /** Tapped twice at once, on both instances. */
  double: boolean;
  opensFirst: boolean;
  taps: { slot: number; outcome: Outcome }[];
}

interface Totals {
  arrived: number;
  declined: number;
}

/** The live board as a viewer sees it: the first `board` event, then every `patch` (which carries the full totals). */
async function watchBoard(base: string, activationId: number, cookie: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/activations/${activationId}/events`, { headers: { cookie }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`live board: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const state = { latest: null as Totals | null, events: 0 };
  const pump = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, cut).split('\n').find((l) => l.startsWith('data: '));
          buffer = buffer.slice(cut + 2);
          if (!data) continue;
          const total = (JSON.parse(data.slice(6)) as { total: Totals }).total;
          state.latest = { arrived: total.arrived, declined: total.declined };
          state.events++;
        }
      }
    } catch {
      // closed
    }
  })();
  return { state, close: async () => (abort.abort(), await pump) };
}

export async function checkinBurstKill({ ctx, instances }: FaultContext): Promise<FaultResult> {
  const name = 'kill an instance during an activation check-in burst';
  const bases = [instances.base(0), instances.base(1)];
  const admin = await login(bases[1], 'admin');
  const [{ county }] = await queryRows<{ county: number }>(ctx.db, sql`select id as county from org_units where type = 'county'`);
  const order = await attempt(bases[1], 'POST', '/api/activations', {
    session: admin,
    json: { event: '故障测试：全县应急响应单元报到演练', level: 'II', assemblyPoint: '县政府广场', assemblyAt: new Date(Date.now() + 3_600_000).toISOString(), orgUnitId: county },
  });
  if (order.kind !== 'ack') throw new Error(`activation: ${JSON.stringify(order)}`);
  const activationId = order.body.id as number;
  const rows = await queryRows<{ id: number; unitId: number; salt: string }>(ctx.db, sql`select id, unit_id as "unitId", token_salt as salt from activation_members where activation_id = ${activationId} order by id`);
  const all: Member[] = rows.map((r, i) => ({ id: r.id, unitId: r.unitId, token: tokenFromSalt(ctx.crypto, r.salt), response: i % 7 === 3 ? 'declined' : 'arrived', double: i % 4 === 0, opensFirst: i % 2 === 1, taps: [] }));
  const heldBack = all.splice(all.length - HELD_BACK, HELD_BACK);
  const body = (m: Member) => (m.response === 'arrived' ? { response: 'arrived' } : { response: 'declined', reason: DECLINE_REASON });
  const live = await watchBoard(bases[1], activationId, admin.cookie);

  const queue = [...all];
  const tally = new Tally();
  let answered = 0;
  let killedAt = 0;
  let inFlightAtKill = 0;
  let answeredAtKill = 0;
  let survivorAfterKill = 0;
  const tap = async (slot: number, m: Member) => {
    const outcome = await attempt(bases[slot], 'POST', `/api/checkin/${m.token}`, { json: body(m) });
    m.taps.push({ slot, outcome });
    tally.add(outcome);
    return outcome;
  };
  const writer = async (slot: number) => {
    for (;;) {
      const m = queue.shift();
      if (!m) return;
      const afterKill = killedAt > 0;
      // Half open the link first (the page loads), half tap on a page already open.
      if (m.opensFirst) {
        const opened = await attempt(bases[slot], 'GET', `/api/checkin/${m.token}`);
        tally.add(opened);
        if (opened.kind === 'dropped') return; // the member tries again later, on the survivor
      }
      const outcomes = await Promise.all(m.double ? [tap(slot, m), tap(1 - slot, m)] : [tap(slot, m)]);
      if (outcomes[0].kind === 'dropped') return;
      if (outcomes.some((o) => o.kind === 'ack')) {
        if (afterKill && slot === 1) survivorAfterKill++;
        if (++answered >= all.length / 3 && !killedAt) {
          killedAt = Date.now();
          instances.kill(0);
          answeredAtKill = answered;
          inFlightAtKill = all.length - queue.length - answered;
        }
      }
    }
  };
  await Promise.all([...Array(WRITERS_PER_INSTANCE)].flatMap(() => [writer(0), writer(1)]));

  const read = async () =>
    new Map(
      (await queryRows<{ id: number; response: string | null; reason: string | null }>(ctx.db, sql`select id, response, decline_reason as reason from activation_members where activation_id = ${activationId}`)).map((r) => [
        r.id,
        r,
      ]),
    );
  const matches = (m: Member, s: { response: string | null; reason: string | null } | undefined) => s?.response === m.response && (m.response === 'arrived' || s.reason === DECLINE_REASON);
  const stored = await read();
  const acknowledged = all.filter((m) => m.taps.some((t) => t.outcome.kind === 'ack'));
  const lost = acknowledged.filter((m) => !matches(m, stored.get(m.id)));
  // Idempotent: of the answers a member got, at most one says it changed something.
  const countedTwice = all.filter((m) => m.taps.filter((t) => t.outcome.kind === 'ack' && t.outcome.body.changed).length > 1);
  const [{ duplicateRows }] = await queryRows<{ duplicateRows: number }>(
    ctx.db,
    sql`select count(*)::int as "duplicateRows" from (select person_id from activation_members where activation_id = ${activationId} group by person_id having count(*) > 1) d`,
  );
  const unanswered = all.filter((m) => !acknowledged.includes(m));
  const appliedUnanswered = unanswered.filter((m) => matches(m, stored.get(m.id))).length;
  const halfway = unanswered.filter((m) => stored.get(m.id)?.response != null && !matches(m, stored.get(m.id))).length;
  const storedAnswered = all.filter((m) => stored.get(m.id)?.response != null).length;

  // Each unanswered member taps again, on the survivor: it must succeed, once.
  let retried = 0;
  for (const m of unanswered) {
    const o = await attempt(bases[1], 'POST', `/api/checkin/${m.token}`, { json: body(m) });
    if (o.kind === 'ack' && o.body.changed === !matches(m, stored.get(m.id))) retried++;
  }

  // The killed instance, restarted, takes the members kept back.
  await instances.start(0);
  let restartedTaps = 0;
  for (const m of heldBack) if ((await attempt(bases[0], 'POST', `/api/checkin/${m.token}`, { json: body(m) })).kind === 'ack') restartedTaps++;

  const final = await read();
  const truth: Totals = { arrived: 0, declined: 0 };
  for (const r of final.values()) if (r.response === 'arrived' || r.response === 'declined') truth[r.response]++;
  const everyoneStored = [...all, ...heldBack].every((m) => matches(m, final.get(m.id)));
  const perUnit = new Map<number, number>();
  for (const m of [...all, ...heldBack]) if (final.get(m.id)?.response === 'arrived') perUnit.set(m.unitId, (perUnit.get(m.unitId) ?? 0) + 1);
  const boardOf = async (slot: number) => {
    const b = await attempt(bases[slot], 'GET', `/api/activations/${activationId}/board`, { session: slot === 1 ? admin : await login(bases[0], 'admin') });
    if (b.kind !== 'ack') return { totals: null, unitsMatch: false };
    const units = b.body.units as { unitId: number; arrived: number }[];
    return { totals: { arrived: b.body.total.arrived, declined: b.body.total.declined } as Totals, unitsMatch: units.every((u) => u.arrived === (perUnit.get(u.unitId) ?? 0)) };
  };
  const same = (t: Totals | null) => t != null && t.arrived === truth.arrived && t.declined === truth.declined;
  // The live board hears of the restarted instance's check-ins through PostgreSQL within a moment.
  for (let i = 0; i < 50 && !same(live.state.latest); i++) await sleep(100);
  await live.close();
  const [boardA, boardB] = [await boardOf(0), await boardOf(1)];
  const boardsMatch = same(live.state.latest) && same(boardA.totals) && same(boardB.totals) && boardA.unitsMatch && boardB.unitsMatch;

  const unclear = tally.unclear();
  return {
    name,
    ok:
      killedAt > 0 && inFlightAtKill > 0 && lost.length === 0 && countedTwice.length === 0 && duplicateRows === 0 && halfway === 0 && unclear.length === 0 &&
      storedAnswered === acknowledged.length + appliedUnanswered && survivorAfterKill > 0 && retried === unanswered.length && restartedTaps === heldBack.length && everyoneStored && boardsMatch,
    detail:
      `${all.length + heldBack.length} members (${all.filter((m) => m.double).length} tapping twice on both instances), killed after ${answeredAtKill} answers with ${inFlightAtKill} in flight; ` +
      `answers acknowledged ${acknowledged.length} (${survivorAfterKill} by the survivor after the kill), stored ${storedAnswered} (= acknowledged + unanswered that committed: ${acknowledged.length + appliedUnanswered}), acknowledged but lost ${lost.length}; ` +
      `members counted twice ${countedTwice.length}, duplicate member rows ${duplicateRows}; unanswered ${unanswered.length} (applied ${appliedUnanswered}), retried on the survivor ${retried}/${unanswered.length}; ` +
      `refused ${tally}; the restarted instance took ${restartedTaps}/${heldBack.length}; ` +
      `stored arrived ${truth.arrived} declined ${truth.declined}, live board on the survivor ${JSON.stringify(live.state.latest)} after ${live.state.events} events, board A ${JSON.stringify(boardA.totals)} B ${JSON.stringify(boardB.totals)}, per unit ${boardA.unitsMatch && boardB.unitsMatch ? 'matching' : 'NOT matching'}`,
  };
}
