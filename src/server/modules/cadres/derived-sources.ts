import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { registerDerivedSource } from '../indicators';
import { periodEndDate, periodStartDate } from '../../../shared/periods';
import { unitIdsUnder, unitPathOf } from '../org';

/**
 * 累计容错N名干部: each cadre whose case has a decision in force of 'tolerated' dated in
 * [fromDate, toDate] counts once, for the unit of that case (their latest such case, if several).
 * The decision in force is the latest appended; a superseded 'tolerated' no longer counts.
 */
export function toleratedPerUnit(db: DbOrTx, underPath: string, fromDate: string, toDate: string) {
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select ${unitPathOf('"x"."org_unit_id"')} as path, count(*)::int as value from (
          select distinct on (c.person_id) c.person_id, c.org_unit_id
          from fault_tolerance_cases c
          join fault_tolerance_decisions d on d.id = (select max(f.id) from fault_tolerance_decisions f where f.case_id = c.id)
          where d.outcome = 'tolerated' and d.decided_on between ${fromDate}::date and ${toDate}::date
          order by c.person_id, d.decided_on desc, c.id desc) x
        where x.org_unit_id in ${unitIdsUnder(underPath)}
        group by x.org_unit_id`,
  );
}

registerDerivedSource({
  key: 'cadres.tolerated',
  label: '干部之家：容错干部人数（容错澄清现行决定为予以容错）',
  compute: (db, underPath, period) => toleratedPerUnit(db, underPath, periodStartDate(period), periodEndDate(period)),
  // Live: a new or changed decision moves the figure at once, without a collection round.
  liveRange: (db, underPath, fromDate, toDate) => toleratedPerUnit(db, underPath, fromDate, toDate),
});
