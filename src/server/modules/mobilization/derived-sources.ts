import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { registerDerivedSource } from '../indicators';
import { periodEndDate, periodStartDate, type Period } from '../../../shared/periods';
import { unitIdsUnder, unitPathOf } from '../org';

/**
 * Figures the year-end summary takes from mobilization records instead of asking for them
 * ("为打赢13场疫情防控遭遇战", "抽调380余名优秀干部"). Each counts per unit and sums up the tree,
 * so every record is credited to exactly one unit.
 */
/** The period as a half-open range of instants in China Standard Time. */
const instants = (p: Period) => ({ from: `${periodStartDate(p)}T00:00:00+08:00`, to: `${periodEndDate(p)}T23:59:59.999+08:00` });

// 激活次数: each order counts once, for the unit that issued it.
registerDerivedSource({
  key: 'mobilization.activations',
  label: '应急动员：发布激活令次数',
  async compute(db, underPath, period) {
    const { from, to } = instants(period);
    return queryRows<{ path: string; value: number }>(
      db,
      sql`select ${unitPathOf('"a"."issuer_unit_id"')} as path, count(*)::int as value from activations a
          where a.issued_at between ${from}::timestamptz and ${to}::timestamptz and a.issuer_unit_id in ${unitIdsUnder(underPath)}
          group by a.issuer_unit_id`,
    );
  },
});

// 到岗人次: each arrival in an order issued in the period, for the org unit of the member's response unit.
registerDerivedSource({
  key: 'mobilization.arrivals',
  label: '应急动员：成员到岗人次',
  async compute(db, underPath, period) {
    const { from, to } = instants(period);
    return queryRows<{ path: string; value: number }>(
      db,
      sql`select ${unitPathOf('"ru"."org_unit_id"')} as path, count(*)::int as value
          from activation_members m join activations a on a.id = m.activation_id join response_units ru on ru.id = m.unit_id
          where m.response = 'arrived' and a.issued_at between ${from}::timestamptz and ${to}::timestamptz and ru.org_unit_id in ${unitIdsUnder(underPath)}
          group by ru.org_unit_id`,
    );
  },
});

// 派驻干部人数: each cadre posted during the period once, for the unit of their latest posting in
// it (chosen over all postings, so a subtree's figure never counts someone credited elsewhere).
registerDerivedSource({
  key: 'mobilization.dispatched_cadres',
  label: '一线派驻：派驻干部人数',
  async compute(db, underPath, period) {
    const from = periodStartDate(period);
    const to = periodEndDate(period);
    return queryRows<{ path: string; value: number }>(
      db,
      sql`select ${unitPathOf('"x"."posted_unit_id"')} as path, count(*)::int as value from (
            select distinct on (d.person_id) d.person_id, d.posted_unit_id from dispatches d
            where d.start_date <= ${to}::date and coalesce(d.ended_early_on, d.end_date, 'infinity'::date) >= ${from}::date
            order by d.person_id, d.start_date desc, d.id desc) x
          where x.posted_unit_id in ${unitIdsUnder(underPath)}
          group by x.posted_unit_id`,
    );
  },
});

// 应急响应单元数: units standing at the period's end (created by then, not yet retired).
registerDerivedSource({
  key: 'mobilization.response_units',
  label: '应急动员：响应单元数（期末）',
  async compute(db, underPath, period) {
    const end = `${periodEndDate(period)}T23:59:59.999+08:00`;
    return queryRows<{ path: string; value: number }>(
      db,
      sql`select ${unitPathOf('"u"."org_unit_id"')} as path, count(*)::int as value from response_units u
          where u.created_at <= ${end}::timestamptz and (u.archived_at is null or u.archived_at > ${end}::timestamptz) and u.org_unit_id in ${unitIdsUnder(underPath)}
          group by u.org_unit_id`,
    );
  },
});
