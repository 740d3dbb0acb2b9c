import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { periodEndDate, registerDerivedSource } from '../indicators';
import { unitIdsUnder, unitPathOf } from '../org';

// 共同富裕党建示范带数 ("4条共同富裕党建示范带初见成效"): belts standing at the period's last day —
// started by then and not over (ended early or past their planned end) before it — each credited
// to the unit that owns it, so a belt counts once however many towns it runs through. Live over
// any range: the figure is the belts standing on the range's last day (a stock).
const beltsStandingOn = (db: DbOrTx, underPath: string, end: string) =>
  queryRows<{ path: string; value: number }>(
    db,
    sql`select ${unitPathOf('"p"."owner_unit_id"')} as path, count(*)::int as value from pairings p
        where p.kind = 'belt' and p.start_date <= ${end}::date and coalesce(p.ended_on, p.end_date, 'infinity'::date) >= ${end}::date
          and p.owner_unit_id in ${unitIdsUnder(underPath)}
        group by p.owner_unit_id`,
  );

registerDerivedSource({
  key: 'pairings.belts',
  label: '结对联系：共同富裕党建示范带数（期末）',
  compute: (db, underPath, period) => beltsStandingOn(db, underPath, periodEndDate(period)),
  liveRange: (db, underPath, _fromDate, toDate) => beltsStandingOn(db, underPath, toDate),
});
