import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { HONOUR_LEVELS, HONOUR_LEVEL_ZH } from '../../../shared/ledger';
import { todayCst } from './records.service';
import { memoRead } from '../../db/read-memo';

/**
 * Live figures a dashboard shows of a unit's subtree: open and overdue cases (sensitive categories
 * left out, as everywhere outside their own pages), and the year's honours by level with the
 * latest titles.
 */
export async function caseCounters(db: DbOrTx, tenantId: string, underPath: string, today = todayCst()): Promise<{ open: number; overdue: number }> {
  // A cockpit's open-cases and overdue-cases counters read the same row: once per request.
  const [r] = await memoRead(db, `case_counters:${tenantId}:${underPath}:${today}`, () =>
    queryRows<{ open: number; overdue: number }>(
      db,
      sql`select count(*)::int as open, count(*) filter (where c.due_on < ${today}::date)::int as overdue
          from cases c join org_units o on o.id = c.org_unit_id
          where c.tenant_id = ${tenantId} and c.archived_at is null and c.status not in ('resolved', 'closed')
            and o.path like ${escapeLike(underPath) + '%'}
            and not exists (select 1 from ledger_categories lc where lc.id = c.category_id and lc.sensitive)`,
    ),
  );
  return r;
}

export async function honourSummary(db: DbOrTx, tenantId: string, underPath: string, year: number, latest = 5) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const inScope = sql`h.tenant_id = ${tenantId} and h.archived_at is null and h.awarded_on between ${from}::date and ${to}::date
    and h.org_unit_id in (select id from org_units where path like ${escapeLike(underPath) + '%'})`;
  const counts = await queryRows<{ level: string; n: number }>(db, sql`select h.level, count(*)::int as n from honours h where ${inScope} group by h.level`);
  const rows = await queryRows<{ id: number; title: string; level: string; awardedOn: string }>(
    db,
    sql`select h.id, h.title, h.level, h.awarded_on::text as "awardedOn" from honours h where ${inScope} order by h.awarded_on desc, h.id desc limit ${latest}`,
  );
  const byLevel = HONOUR_LEVELS.map((level) => ({ level, label: HONOUR_LEVEL_ZH[level], count: counts.find((c) => c.level === level)?.n ?? 0 }));
  return { year, byLevel, total: byLevel.reduce((a, b) => a + b.count, 0), latest: rows };
}

/** Cases that fell overdue in [from, to] (due then, still not resolved), sensitive ones left out. */
export async function newlyOverdueCases(db: DbOrTx, tenantId: string, underPath: string, from: string, to: string, limit = 5) {
  const where = sql`c.tenant_id = ${tenantId} and c.archived_at is null and c.status not in ('resolved', 'closed')
    and c.due_on >= ${from}::date and c.due_on < ${to}::date and o.path like ${escapeLike(underPath) + '%'}
    and not exists (select 1 from ledger_categories lc where lc.id = c.category_id and lc.sensitive)`;
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases c join org_units o on o.id = c.org_unit_id where ${where}`);
  const examples = await queryRows<{ id: number; title: string; dueOn: string; unitName: string }>(
    db,
    sql`select c.id, c.title, c.due_on::text as "dueOn", o.name as "unitName" from cases c join org_units o on o.id = c.org_unit_id where ${where} order by c.due_on, c.id limit ${limit}`,
  );
  return { count: n, examples };
}
