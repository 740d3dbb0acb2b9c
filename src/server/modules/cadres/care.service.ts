/**
 * 关心关爱: visits, talks, health checks and hardship help a cadre received, each with who and when.
 * Seen by the cadre (their own) and by the organization department (manage:cadres), never by
 * peers; every read by the department is audit-logged, like any sensitive personal record.
 */
import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { fieldError } from '../../errors';
import { recordAudit } from '../audit';
import { CARE_KIND_ZH, type CareRecord } from '../../../shared/cadres';
import { careRecords } from './cadres.table';
import type { CareCreate } from './cadres.schema';
import { cadreInScope, todayCst } from './scope';

/** A person's care records, newest first. */
export async function careOf(db: DbOrTx, personId: number): Promise<CareRecord[]> {
  const rows = await queryRows<Omit<CareRecord, 'kindName'>>(
    db,
    sql`select c.id, c.kind, c.occurred_on::text as "occurredOn", c.by_whom as "byWhom", c.summary, c.follow_up as "followUp", c.created_by as "createdBy", c.created_at as "createdAt"
        from care_records c where c.person_id = ${personId} order by c.occurred_on desc, c.id desc`,
  );
  return rows.map((r) => ({ ...r, kindName: CARE_KIND_ZH[r.kind], createdAt: new Date(r.createdAt).toISOString() }));
}

/** The department reads a cadre's care records: logged, with how many were shown. */
export async function listCare(ctx: AppContext, actor: Actor, personId: number) {
  return ctx.db.transaction(async (tx) => {
    const person = await cadreInScope(tx, actor, personId);
    const items = await careOf(tx, personId);
    await recordAudit(tx, actor, { action: 'cadres.care_read', entityType: 'person', entityId: personId, orgUnitId: person.orgUnitId, orgPath: person.path, summary: `查看「${person.name}」的关心关爱记录（${items.length} 条）` });
    return items;
  });
}

export async function addCare(ctx: AppContext, actor: Actor, personId: number, input: CareCreate) {
  return ctx.db.transaction(async (tx) => {
    const person = await cadreInScope(tx, actor, personId);
    if (input.occurredOn > todayCst()) throw fieldError('cadres.care_in_future', 'occurredOn', '关爱日期不能晚于今天');
    const [row] = await tx
      .insert(careRecords)
      .values({ tenantId: actor.tenantId, personId, kind: input.kind, occurredOn: input.occurredOn, byWhom: input.byWhom, summary: input.summary, followUp: input.followUp ?? null, createdBy: actor.displayName })
      .returning({ id: careRecords.id });
    // The summary may be personal (an illness, a hardship): the audit event names the kind and date only.
    await recordAudit(tx, actor, {
      action: 'cadres.care_create',
      entityType: 'care_record',
      entityId: row.id,
      orgUnitId: person.orgUnitId,
      orgPath: person.path,
      summary: `登记「${person.name}」的关心关爱：${CARE_KIND_ZH[input.kind]}（${input.occurredOn}，${input.byWhom}）`,
      after: { kind: input.kind, occurredOn: input.occurredOn, byWhom: input.byWhom },
    });
    return (await careOf(tx, personId)).find((c) => c.id === row.id)!;
  });
}
