import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { conflict, notFound } from '../../errors';
import { ACTIVATION_LEVEL_ZH, CHECKIN_RESPONSE_ZH, type ActivationLevel, type CheckinResponse } from '../../../shared/mobilization';
import { personSummaries } from '../people';
import { iso, stoodDownError } from './activation.service';
import type { CheckinPost } from './mobilization.schema';
import { TOKEN_PATTERN, hashToken } from './tokens';

/**
 * The member's side, reached with nothing but the personal token: no session, no account. The
 * token is the credential, so every answer reveals only that member's own order, and an unknown
 * or malformed token answers exactly like a missing one.
 */
interface MemberByToken {
  id: number;
  activationId: number;
  personId: number;
  status: string;
  response: CheckinResponse | null;
  arrivedAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
}

const unknownToken = () => notFound('checkin.not_found', '报到链接无效，请核对通知中的链接是否完整');

async function memberByToken(ctx: AppContext, token: string): Promise<MemberByToken> {
  if (!TOKEN_PATTERN.test(token)) throw unknownToken();
  const [m] = await queryRows<MemberByToken>(
    ctx.db,
    sql`select m.id, m.activation_id as "activationId", m.person_id as "personId", a.status, m.response, m.arrived_at as "arrivedAt",
          m.declined_at as "declinedAt", m.decline_reason as "declineReason"
        from activation_members m join activations a on a.id = m.activation_id where m.token_hash = ${hashToken(token)}`,
  );
  if (!m) throw unknownToken();
  if (m.status !== 'active') throw stoodDownError();
  return m;
}


/**
 * The member's own order and answer, and their in-app messages for it; marks the link opened.
 * `onChange` hears of a committed change (first open) so boards can update.
 */
export async function checkinView(ctx: AppContext, token: string, onChange: (activationId: number) => void = () => {}) {
  const m = await memberByToken(ctx, token);
  // First open: one statement, so a retry cannot count twice.
  const opened = await queryRows<{ id: number }>(ctx.db, sql`update activation_members set opened_at = now(), updated_at = now() where id = ${m.id} and opened_at is null returning id`);
  if (opened.length) onChange(m.activationId);
  const [order] = await queryRows<{ event: string; level: ActivationLevel; instructions: string | null; assemblyPoint: string; assemblyAt: Date; unitName: string; openedAt: Date }>(
    ctx.db,
    sql`select a.event, a.level, a.instructions, a.assembly_point as "assemblyPoint", a.assembly_at as "assemblyAt", ru.name as "unitName", m.opened_at as "openedAt"
        from activation_members m join activations a on a.id = m.activation_id join response_units ru on ru.id = m.unit_id where m.id = ${m.id}`,
  );
  const messages = await queryRows<{ id: number; title: string; body: string; createdAt: Date; readAt: Date | null }>(
    ctx.db,
    sql`select id, title, body, created_at as "createdAt", read_at as "readAt" from mobilization_notifications where member_id = ${m.id} order by id`,
  );
  if (messages.some((x) => !x.readAt)) await ctx.db.execute(sql`update mobilization_notifications set read_at = now() where member_id = ${m.id} and read_at is null`);
  const [person] = await personSummaries(ctx.db, [m.personId]);
  return {
    event: order.event,
    level: order.level,
    levelName: ACTIVATION_LEVEL_ZH[order.level],
    instructions: order.instructions,
    assemblyPoint: order.assemblyPoint,
    assemblyAt: iso(order.assemblyAt)!,
    unitName: order.unitName,
    memberName: person?.name ?? '',
    openedAt: iso(order.openedAt),
    ...answer(m),
    messages: messages.map((x) => ({ id: x.id, title: x.title, body: x.body, createdAt: iso(x.createdAt)!, unread: x.readAt == null })),
  };
}

const answer = (m: Pick<MemberByToken, 'response' | 'arrivedAt' | 'declinedAt' | 'declineReason'>) => ({
  response: m.response,
  responseName: m.response ? CHECKIN_RESPONSE_ZH[m.response] : '未报到',
  arrivedAt: iso(m.arrivedAt),
  declinedAt: iso(m.declinedAt),
  declineReason: m.declineReason,
});

/**
 * Records the member's answer. Idempotent: a double tap or a retried request changes nothing the
 * second time (`changed: false`) — the row is updated only while it differs, in one statement,
 * so concurrent taps serialize on the row lock and exactly one counts. "Arrived" may replace
 * "cannot come"; "cannot come" after arriving is refused (a commander can correct it by hand).
 */
export async function checkinRespond(ctx: AppContext, token: string, input: CheckinPost, onChange: (activationId: number) => void = () => {}) {
  if (!TOKEN_PATTERN.test(token)) throw unknownToken();
  const reason = input.reason?.trim() || null;
  const set =
    input.response === 'arrived'
      ? sql`response = 'arrived', arrived_at = now()`
      : sql`response = 'declined', declined_at = coalesce(m.declined_at, now()), decline_reason = ${reason}`;
  const differs = input.response === 'arrived' ? sql`m.response is distinct from 'arrived'` : sql`(m.response is null or (m.response = 'declined' and m.decline_reason is distinct from ${reason}))`;
  // The common case in one statement: find by token, update while it differs and the order is
  // active. The boards hear of it after the commit (`onChange`), not by a NOTIFY per check-in.
  const [row] = await queryRows<Pick<MemberByToken, 'activationId' | 'response' | 'arrivedAt' | 'declinedAt' | 'declineReason'>>(
    ctx.db,
    sql`update activation_members m set ${set}, response_via = 'link', checked_in_by = null, checked_in_by_user_id = null, opened_at = coalesce(m.opened_at, now()), updated_at = now()
        from activations a
        where m.token_hash = ${hashToken(token)} and a.id = m.activation_id and a.status = 'active' and ${differs}
        returning m.activation_id as "activationId", m.response, m.arrived_at as "arrivedAt", m.declined_at as "declinedAt", m.decline_reason as "declineReason"`,
  );
  if (row) onChange(row.activationId);
  // Nothing changed: an unknown link (404), a stood-down order (410), a repeat, or a decline after arriving.
  const now = row ?? (await memberByToken(ctx, token));
  if (!row && input.response === 'declined' && now.response === 'arrived') {
    throw conflict('checkin.already_arrived', '您已报到到岗。如需更改，请联系带队负责人');
  }
  return {
    changed: row != null,
    message: now.response === 'arrived' ? '报到成功，请按要求到集结点集合' : '已收到您无法到岗的说明，带队负责人会看到',
    ...answer(now),
  };
}
