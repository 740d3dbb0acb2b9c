import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
/** Activation orders still active, issued inside a subtree (a dashboard's live counter). */
export async function activeActivationCount(db: DbOrTx, tenantId: string, underPath: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from activations a join org_units o on o.id = a.issuer_unit_id
        where a.tenant_id = ${tenantId} and a.status = 'active' and o.path like ${escapeLike(underPath) + '%'}`,
  );
  return r.n;
}
