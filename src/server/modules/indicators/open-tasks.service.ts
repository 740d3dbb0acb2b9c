import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
/** Collection tasks with a unit of the subtree still owing its figures (not yet approved): a dashboard's live counter. */
export async function openTaskCount(db: DbOrTx, tenantId: string, underPath: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct s.task_id)::int as n from task_submissions s join org_units o on o.id = s.org_unit_id
        where s.tenant_id = ${tenantId} and s.status <> 'approved' and o.path like ${escapeLike(underPath) + '%'}`,
  );
  return r.n;
}
