import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { registerDerivedSource } from '../indicators';
import { periodEndDate, periodStartDate } from '../../../shared/periods';
import { PROGRAMME_KIND_ZH, type ProgrammeKind } from '../../../shared/talent';

/**
 * Subsidies paid (net of reversals) in a date range, per programme kind, in 万元 — the figure
 * "半年发放人才购房补助1.2亿元" is counted here instead of typed. Each payment is credited to the
 * application's employer, or to the programme's owner when no employer is named, so the figures
 * add up the tree.
 */
async function paidPerUnit(db: DbOrTx, kind: ProgrammeKind, underPath: string, fromDate: string, toDate: string) {
  if (!/^[0-9.]+$/.test(underPath)) throw new Error(`unexpected org path ${underPath}`);
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select u.path, (sum(x.amount) / 10000)::float8 as value
        from talent_payments x
          join talent_programmes p on p.id = x.programme_id
          join talent_applications a on a.id = x.application_id
          join org_units u on u.id = coalesce(a.employer_unit_id, p.owner_unit_id)
        where p.kind = ${kind} and x.paid_on between ${fromDate}::date and ${toDate}::date and u.path like ${underPath + '%'}
          -- The county's own payments by index: without it a province reads every county's.
          and x.tenant_id = (select o.tenant_id from org_units o where o.path = ${underPath})
        group by u.path`,
  );
}

for (const kind of ['housing_subsidy', 'other'] as const) {
  registerDerivedSource({
    key: `talent.payments.${kind}`,
    label: `人才服务：${PROGRAMME_KIND_ZH[kind]}发放额（万元）`,
    compute: (db, underPath, period) => paidPerUnit(db, kind, underPath, periodStartDate(period), periodEndDate(period)),
    liveRange: (db, underPath, fromDate, toDate) => paidPerUnit(db, kind, underPath, fromDate, toDate),
  });
}

/** The derivation key of the indicator fed by a programme kind's payments. */
export const PAYMENTS_DERIVATION = 'talent.payments.housing_subsidy';
