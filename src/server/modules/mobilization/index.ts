// Rapid-response mobilization (模块化快响激活): forces, response units and rosters, activation
// orders with personal check-in links and a live board, and cadre dispatch to the front lines
// (一线派驻). Other modules use only what is exported here.
import './derived-sources';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { DISPATCH_FRONT_ZH, type DispatchFront } from '../../../shared/mobilization';
import { unitNameOf } from '../org';

export { mobilizationRoutes } from './mobilization.routes';
export { useNotifiers, fileNotifier, type Notifier, type OutboundMessage, type DeliveryResult } from './notifier';
export { seedMobilizationDemo } from './demo';

export { activeActivationCount } from './counters.service';

/**
 * A person's postings (一线派驻), newest first, for their own career record (cadres module): read
 * by person, not by the posted unit's scope — the caller has checked who may see the person.
 */
export async function dispatchesOfPerson(db: DbOrTx, personId: number) {
  const rows = await queryRows<{ id: number; front: DispatchFront; postedUnitName: string; postedTo: string | null; role: string; startDate: string; lastDay: string | null }>(
    db,
    sql`select d.id, d.front, ${unitNameOf('"d"."posted_unit_id"')} as "postedUnitName", d.posted_to as "postedTo", d.role,
          d.start_date::text as "startDate", coalesce(d.ended_early_on, d.end_date)::text as "lastDay"
        from dispatches d where d.person_id = ${personId} order by d.start_date desc, d.id desc`,
  );
  return rows.map(({ front, ...r }) => ({ ...r, frontName: DISPATCH_FRONT_ZH[front] }));
}
