import { sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { DEFAULT_SILENCE_DAYS, type SilentPairingsPage } from '../../../shared/pairings';
import { getUnitInScope, unitIdsUnder } from '../org';
import { involving, listItem, selectBase, shape, statusSql, todayCst, visibleTo, type PairingBaseRow } from './pairings.service';
import type { SilentQuery } from './pairings.schema';

/**
 * 沉默结对: active pairings with no contact in the last `days` days (90 unless asked otherwise).
 * Silence is counted in whole days, in China Standard Time, against the real date of the query:
 * days = today − the last contact's date, or − the start date when nothing was ever logged; a
 * pairing is silent when days ≥ `days`. So with 90, a contact 89 days ago keeps it out of the
 * view, one 90 days ago does not; a pairing that started 90 days ago with no contact is silent.
 */
const lastTouch = sql`coalesce((select max(c.occurred_on) from pairing_contacts c where c.pairing_id = p.id), p.start_date)`;

function silentWhere(today: string, days: number): SQL {
  return sql`${statusSql('active', today)} and (${today}::date - ${lastTouch}) >= ${days}`;
}

export async function silentPairings(ctx: AppContext, actor: Actor, q: SilentQuery): Promise<SilentPairingsPage> {
  requirePermission(actor, 'read:ledger');
  const today = todayCst();
  const where: SQL[] = [visibleTo(actor), silentWhere(today, q.days)];
  if (q.orgUnitId) where.push(involving((await getUnitInScope(ctx.db, actor, q.orgUnitId)).path));
  if (q.kind) where.push(sql`p.kind = ${q.kind}`);
  const owned = sql`p.owner_unit_id in ${unitIdsUnder(actor.scopePath)}`;
  const base = sql.join(where, sql` and `);
  const cond = q.actionable === 'true' ? sql`${base} and ${owned}` : base;
  const rows = await queryRows<PairingBaseRow>(
    ctx.db,
    sql`${selectBase} where ${cond} order by (${today}::date - ${lastTouch}) desc, p.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total, actionable }] = await queryRows<{ total: number; actionable: number }>(
    ctx.db,
    sql`select count(*)::int as total, (count(*) filter (where ${owned}))::int as actionable from pairings p where ${cond}`,
  );
  return { items: (await shape(ctx.db, actor, rows)).map(listItem), total, actionable, days: q.days, page: q.page, pageSize: q.pageSize };
}

/** How many pairings owned under `path` are silent today — for counters elsewhere (cockpits, home). */
export async function silentPairingCount(db: DbOrTx, tenantId: string, path: string, days = DEFAULT_SILENCE_DAYS): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pairings p where p.tenant_id = ${tenantId} and p.owner_unit_id in ${unitIdsUnder(path)} and ${silentWhere(todayCst(), days)}`,
  );
  return n;
}
