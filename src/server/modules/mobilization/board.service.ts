import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { ACTIVATION_LEVEL_ZH, ACTIVATION_STATUS_ZH, type ActivationLevel, type ActivationStatus } from '../../../shared/mobilization';
import { activatedUnitsUnder, activationDto, activationVisible, memberOfUnits } from './activation.service';
import type { ActivationRow } from './mobilization.table';

/**
 * Figures of one set of members. Times are minutes from the order's issue to a member's arrival,
 * over the members who arrived: the first, the median and the 90th percentile by nearest rank
 * (the ⌈p·n⌉-th arrival; PostgreSQL's percentile_disc), to one decimal. Null until someone arrives.
 */
export interface BoardCounts {
  members: number;
  notified: number;
  opened: number;
  arrived: number;
  declined: number;
  /** Neither arrived nor declined. */
  noAnswer: number;
  arrivedShare: number;
  firstMinutes: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface BoardUnit extends BoardCounts {
  unitId: number;
  name: string;
  orgUnitId: number;
  orgUnitName: string;
  forceName: string | null;
  minStrength: number;
  /**
   * Falling behind: fewer arrived than the unit's minimum strength, and either the assembly
   * time has passed or its arrival share is more than 20 points below the whole order's.
   */
  behind: boolean;
  behindReason: string | null;
}

export interface Board {
  activationId: number;
  event: string;
  level: ActivationLevel;
  levelName: string;
  status: ActivationStatus;
  statusName: string;
  issuedAt: string;
  assemblyAt: string;
  standDownAt: string | null;
  generatedAt: string;
  elapsedMinutes: number;
  total: BoardCounts;
  behindUnits: number;
  units: BoardUnit[];
}

const minutes = (at: Date | string | null, from: Date): number | null => (at == null ? null : Math.round((new Date(at).getTime() - from.getTime()) / 6_000) / 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The live board of an order as seen from `scopePath`: units in that subtree, and their total. */
export async function computeBoard(db: DbOrTx, a: ActivationRow, scopePath: string): Promise<Board> {
  const rows = await queryRows<{ unitId: number | null; isTotal: number; members: number; notified: number; opened: number; arrived: number; declined: number; first: Date | null; median: Date | null; p90: Date | null }>(
    db,
    // One pass over the order's members, filtered to the units in the subtree by a literal list:
    // the plan must stay right while a just-issued order's statistics are still empty.
    sql`select m.unit_id as "unitId", grouping(m.unit_id) as "isTotal",
          count(*)::int as members, count(m.notified_at)::int as notified, count(m.opened_at)::int as opened,
          (count(*) filter (where m.response = 'arrived'))::int as arrived,
          (count(*) filter (where m.response = 'declined'))::int as declined,
          min(m.arrived_at) filter (where m.response = 'arrived') as first,
          percentile_disc(0.5) within group (order by m.arrived_at) filter (where m.response = 'arrived') as median,
          percentile_disc(0.9) within group (order by m.arrived_at) filter (where m.response = 'arrived') as p90
        from activation_members m
        where m.activation_id = ${a.id} and ${memberOfUnits(await activatedUnitsUnder(db, a.id, scopePath))}
        group by grouping sets ((m.unit_id), ())`,
  );
  const meta = await queryRows<{ unitId: number; name: string; orgUnitId: number; orgUnitName: string; forceName: string | null; minStrength: number; path: string }>(
    db,
    sql`select ru.id as "unitId", ru.name, ru.org_unit_id as "orgUnitId", ${unitNameOf('"ru"."org_unit_id"')} as "orgUnitName",
          (select f.name from mobilization_forces f where f.id = ru.force_id) as "forceName", au.min_strength as "minStrength", ${unitPathOf('"ru"."org_unit_id"')} as path
        from activation_units au join response_units ru on ru.id = au.unit_id
        where au.activation_id = ${a.id} and ru.org_unit_id in ${unitIdsUnder(scopePath)}`,
  );
  const counts = (r: (typeof rows)[number] | undefined): BoardCounts => {
    if (!r) return { members: 0, notified: 0, opened: 0, arrived: 0, declined: 0, noAnswer: 0, arrivedShare: 0, firstMinutes: null, medianMinutes: null, p90Minutes: null };
    return {
      members: r.members,
      notified: r.notified,
      opened: r.opened,
      arrived: r.arrived,
      declined: r.declined,
      noAnswer: r.members - r.arrived - r.declined,
      arrivedShare: r.members ? r.arrived / r.members : 0,
      firstMinutes: minutes(r.first, a.issuedAt),
      medianMinutes: minutes(r.median, a.issuedAt),
      p90Minutes: minutes(r.p90, a.issuedAt),
    };
  };
  const total = counts(rows.find((r) => Number(r.isTotal) === 1));
  const byUnit = new Map(rows.filter((r) => Number(r.isTotal) === 0).map((r) => [r.unitId!, r]));
  const now = Date.now();
  const assemblyPassed = now >= a.assemblyAt.getTime();
  const units: BoardUnit[] = meta
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.unitId - y.unitId))
    .map(({ path: _path, ...u }) => {
      const c = counts(byUnit.get(u.unitId));
      const short = c.arrived < u.minStrength;
      const lagging = c.arrivedShare < total.arrivedShare - 0.2;
      const behind = short && (assemblyPassed || lagging);
      const behindReason = !behind
        ? null
        : assemblyPassed
          ? `集结时间已过，到岗 ${c.arrived} 人，少于最低 ${u.minStrength} 人`
          : `到岗率 ${pct(c.arrivedShare)}，明显低于整体 ${pct(total.arrivedShare)}`;
      return { ...u, ...c, behind, behindReason };
    });
  return {
    activationId: a.id,
    event: a.event,
    level: a.level as ActivationLevel,
    levelName: ACTIVATION_LEVEL_ZH[a.level as ActivationLevel],
    status: a.status as ActivationStatus,
    statusName: ACTIVATION_STATUS_ZH[a.status as ActivationStatus],
    issuedAt: a.issuedAt.toISOString(),
    assemblyAt: a.assemblyAt.toISOString(),
    standDownAt: a.standDownAt?.toISOString() ?? null,
    generatedAt: new Date(now).toISOString(),
    elapsedMinutes: Math.round(((a.standDownAt?.getTime() ?? now) - a.issuedAt.getTime()) / 6_000) / 10,
    total,
    behindUnits: units.filter((u) => u.behind).length,
    units,
  };
}

/** The board for an actor: the order must be visible to them; units outside their subtree are left out. */
export async function boardFor(ctx: AppContext, actor: Actor, id: number): Promise<Board> {
  requirePermission(actor, 'read:mobilization');
  const a = await activationVisible(ctx.db, actor, id);
  return computeBoard(ctx.db, a, actor.scopePath);
}

const BUCKETS = [1, 2, 5, 10, 15, 30, 60, 120, 240, 720, 1440];

/**
 * After-action record (复盘): the order, its final figures, a timeline (issue, notifications,
 * first arrival, half and 90% of members arrived, re-notifications, hand check-ins, stand-down),
 * the cumulative arrival curve, and the reasons members gave for not coming.
 */
export async function afterAction(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:mobilization');
  const a = await activationVisible(ctx.db, actor, id);
  const board = await computeBoard(ctx.db, a, actor.scopePath);
  const mine = sql`m.activation_id = ${id} and ${memberOfUnits(await activatedUnitsUnder(ctx.db, id, actor.scopePath))}`;
  const [firsts] = await queryRows<{ notified: Date | null; opened: Date | null; last: Date | null; hand: number; link: number }>(
    ctx.db,
    sql`select min(m.notified_at) as notified, min(m.opened_at) as opened, max(m.arrived_at) filter (where m.response = 'arrived') as last,
          (count(*) filter (where m.response = 'arrived' and m.response_via = 'hand'))::int as hand,
          (count(*) filter (where m.response = 'arrived' and m.response_via = 'link'))::int as link
        from activation_members m where ${mine}`,
  );
  /** When the k-th member arrived (k = ⌈share · members⌉), if that many did. */
  const reached = async (share: number): Promise<Date | null> => nth(Math.ceil(share * board.total.members));
  /** When the k-th member arrived, if that many did. */
  const nth = async (k: number): Promise<Date | null> => {
    if (!k || board.total.arrived < k) return null;
    const [r] = await queryRows<{ at: Date }>(ctx.db, sql`select m.arrived_at as at from activation_members m where ${mine} and m.response = 'arrived' order by m.arrived_at, m.id offset ${k - 1} limit 1`);
    return r ? new Date(r.at) : null;
  };
  const first = await nth(1);
  const half = await reached(0.5);
  const ninety = await reached(0.9);
  const events = await queryRows<{ kind: string; summary: string; actorName: string; at: Date }>(
    ctx.db,
    sql`select kind, summary, actor_name as "actorName", at from activation_events where activation_id = ${id} order by at, id`,
  );
  const timeline = [
    ...events.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.kind, label: `${e.summary}（${e.actorName}）` })),
    ...(
      [
        [firsts.notified, 'first_notified', '首条通知送达'],
        [firsts.opened, 'first_opened', '首位成员打开报到链接'],
        // The exact time, not the board's rounded minutes, so the timeline keeps its true order.
        [first, 'first_arrived', '首位成员到岗'],
        [half, 'half_arrived', '半数成员到岗'],
        [ninety, 'ninety_arrived', '九成成员到岗'],
        [a.assemblyAt, 'assembly_time', '规定集结时间'],
      ] as const
    )
      .filter(([at]) => at != null)
      .map(([at, kind, label]) => ({ at: new Date(at!).toISOString(), kind, label })),
  ].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));

  const span = firsts.last ? (new Date(firsts.last).getTime() - a.issuedAt.getTime()) / 60_000 : 0;
  const bucket = BUCKETS.find((b) => span / b <= 120) ?? 1440;
  const buckets = await queryRows<{ b: number; n: number }>(
    ctx.db,
    sql`select floor(extract(epoch from (m.arrived_at - ${a.issuedAt}::timestamptz)) / ${bucket * 60})::int as b, count(*)::int as n
        from activation_members m where ${mine} and m.response = 'arrived' group by 1 order by 1`,
  );
  let cumulative = 0;
  const arrivalCurve = buckets.map((r) => ({ minute: (r.b + 1) * bucket, arrived: (cumulative += r.n) }));
  const declineReasons = await queryRows<{ reason: string; n: number }>(
    ctx.db,
    sql`select coalesce(m.decline_reason, '（未说明）') as reason, count(*)::int as n from activation_members m where ${mine} and m.response = 'declined' group by 1 order by 2 desc, 1 limit 20`,
  );
  return {
    activation: activationDto(a),
    figures: {
      ...board.total,
      units: board.units.length,
      unitsBehind: board.behindUnits,
      arrivedByLink: firsts.link,
      arrivedByHand: firsts.hand,
      minutesToHalf: half ? Math.round((half.getTime() - a.issuedAt.getTime()) / 6_000) / 10 : null,
      minutesToNinety: ninety ? Math.round((ninety.getTime() - a.issuedAt.getTime()) / 6_000) / 10 : null,
      durationHours: a.standDownAt ? Math.round((a.standDownAt.getTime() - a.issuedAt.getTime()) / 360_000) / 10 : null,
    },
    timeline,
    arrivalCurve: { bucketMinutes: bucket, points: arrivalCurve },
    declineReasons,
    units: board.units,
    notes: a.afterActionNotes,
  };
}
