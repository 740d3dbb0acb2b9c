import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { registerDerivedSource, type DerivedSource } from '../indicators';
import { periodEndDate, periodStartDate } from '../../../shared/periods';
import { unitIdsUnder, unitPathOf } from '../org';
import type { ContractKind, RecruitmentLevel, RecruitmentStage } from '../../../shared/talent';
import { recruitmentReachedPerUnit } from './recruitment.service';

/**
 * Figures the year-end summary takes from apartment contracts and the recruitment pipeline
 * instead of asking for them ("低价出售3126套政策性住房，定向人才免费租房255套", "省级海外引才19人入围答辩，
 * 入选国家级人才2人、省级4人", 国家级海外引才复审通过率). Each is computed live over any date range,
 * per unit, and sums up the tree: a contract counts for the town of its flat, a candidate for
 * their employer. A ratio is not a sum, so 复审通过率 is an indicator of kind ratio over two of
 * these counts (入围答辩 ÷ 初审通过), not a source of its own.
 */

/** Contracts of a kind signed in [from, to], per unit of the flat (terminated ones included: they were signed). */
async function contractsSigned(db: DbOrTx, underPath: string, from: string, to: string, kind: ContractKind) {
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select ${unitPathOf('"a"."org_unit_id"')} as path, count(*)::int as value
        from apartment_contracts c join apartments a on a.id = c.apartment_id
        where c.kind = ${kind} and c.signed_on between ${from}::date and ${to}::date and a.org_unit_id in ${unitIdsUnder(underPath)}
        group by a.org_unit_id`,
  );
}

const liveSource = (key: string, label: string, count: (db: DbOrTx, underPath: string, from: string, to: string) => Promise<{ path: string; value: number }[]>): DerivedSource => ({
  key,
  label,
  compute: (db, underPath, period) => count(db, underPath, periodStartDate(period), periodEndDate(period)),
  liveRange: count,
});

const reached = (level: RecruitmentLevel, stages: RecruitmentStage[]) => (db: DbOrTx, underPath: string, from: string, to: string) => recruitmentReachedPerUnit(db, underPath, from, to, level, stages);

/** Derivation keys of the indicators this module feeds (indicators/demo.ts names them). */
export const HOUSING_SOURCES = {
  sales: 'talent.apartment_sales',
  freeRents: 'talent.apartment_free_rents',
  nationalScreened: 'talent.recruitment_national_screened',
  nationalDefence: 'talent.recruitment_national_defence',
  provincialDefence: 'talent.recruitment_provincial_defence',
  nationalSelected: 'talent.recruitment_national_selected',
  provincialSelected: 'talent.recruitment_provincial_selected',
} as const;

registerDerivedSource(liveSource(HOUSING_SOURCES.sales, '人才公寓：签订购买合同套数（按签订日期）', (db, p, f, t) => contractsSigned(db, p, f, t, 'sale')));
registerDerivedSource(liveSource(HOUSING_SOURCES.freeRents, '人才公寓：签订免费租住合同套数（按签订日期）', (db, p, f, t) => contractsSigned(db, p, f, t, 'free_rent')));
registerDerivedSource(liveSource(HOUSING_SOURCES.nationalScreened, '海外引才：国家级初审通过人数（按申报年度）', reached('national', ['screened', 'defence', 'selected'])));
registerDerivedSource(liveSource(HOUSING_SOURCES.nationalDefence, '海外引才：国家级入围答辩人数（按申报年度）', reached('national', ['defence', 'selected'])));
registerDerivedSource(liveSource(HOUSING_SOURCES.provincialDefence, '海外引才：省级入围答辩人数（按申报年度）', reached('provincial', ['defence', 'selected'])));
registerDerivedSource(liveSource(HOUSING_SOURCES.nationalSelected, '海外引才：入选国家级人才人数（按申报年度）', reached('national', ['selected'])));
registerDerivedSource(liveSource(HOUSING_SOURCES.provincialSelected, '海外引才：入选省级人才人数（按申报年度）', reached('provincial', ['selected'])));
