/**
 * Correction requests (申请更正): a person signed in to their own record says what is wrong and what
 * it should be; the organization department accepts — changing the career entry in the same step
 * where this module holds it, or noting what was done elsewhere — or rejects with a reason. The
 * person sees the answer. A person reaches only their own entries and requests (404 otherwise).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { inScope, requirePermission } from '../../access';
import { conflict, fieldError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { personIdsUnder, personSummaries, profileOf, type ProfileRow } from '../people';
import { dispatchesOfPerson } from '../mobilization';
import { honoursOfPerson } from '../ledger';
import { CORRECTION_STATUS_ZH, type CareerEntry, type CorrectionItem, type CorrectionSubject } from '../../../shared/cadres';
import { cadreCorrections } from './cadres.table';
import type { CorrectionAnswer, CorrectionCreate, CorrectionListQuery } from './cadres.schema';
import { entriesByIds, entryById, entryLabel, updateEntryIn } from './career.service';
import { ownPerson } from './scope';

const selectCorrections = sql`select c.id, c.person_id as "personId", c.subject, c.subject_label as "subjectLabel", c.requested, c.reason, c.status, c.response, c.handled_by as "handledBy", c.handled_at as "handledAt",
  c.created_at as "createdAt", c.version from cadre_corrections c`;

type CorrectionRow = Omit<CorrectionItem, 'statusName' | 'entry' | 'personName' | 'orgUnitName'>;
const iso = (v: string | Date | null) => (v == null ? null : new Date(v).toISOString());

/** The career entry a request is about, for requests whose subject is one this module holds. */
const careerId = (subject: string) => (subject.startsWith('career:') ? Number(subject.slice(7)) : null);

async function shape(db: DbOrTx, rows: CorrectionRow[], withEntries: boolean): Promise<CorrectionItem[]> {
  const people = new Map((await personSummaries(db, rows.map((r) => r.personId))).map((p) => [p.id, p]));
  const entries = withEntries ? await entriesByIds(db, rows.map((r) => careerId(r.subject)).filter((x): x is number => x != null)) : new Map<number, CareerEntry>();
  return rows.map((r) => {
    const entryId = careerId(r.subject);
    return {
      ...r,
      personName: people.get(r.personId)?.name ?? '',
      orgUnitName: people.get(r.personId)?.orgUnitName ?? '',
      statusName: CORRECTION_STATUS_ZH[r.status],
      handledAt: iso(r.handledAt),
      createdAt: iso(r.createdAt)!,
      ...(withEntries && entryId != null ? { entry: entries.get(entryId) ?? null } : {}),
    };
  });
}

/** A person's requests, newest first. */
export async function correctionsOf(db: DbOrTx, personId: number): Promise<CorrectionItem[]> {
  return shape(db, await queryRows<CorrectionRow>(db, sql`${selectCorrections} where c.person_id = ${personId} order by c.created_at desc, c.id desc`), false);
}

/** What the subject names, checked to be the person's own: 404 for anyone else's entry. */
async function subjectLabel(db: DbOrTx, person: ProfileRow, subject: CorrectionSubject): Promise<string> {
  if (subject === 'profile') return '基本信息';
  if (subject === 'other') return '其他';
  const [kind, raw] = subject.split(':');
  const id = Number(raw);
  if (kind === 'career') {
    const e = await entryById(db, id);
    if (!e || e.personId !== person.personId) throw notFound('cadres.entry_not_found', '履历条目不存在');
    return entryLabel(e);
  }
  if (kind === 'dispatch') {
    const d = (await dispatchesOfPerson(db, person.personId)).find((x) => x.id === id);
    if (!d) throw notFound('cadres.entry_not_found', '派驻记录不存在');
    return `一线派驻：${d.frontName}·${d.postedUnitName}（${d.startDate}）`;
  }
  const h = (await honoursOfPerson(db, person.personId)).find((x) => x.id === id);
  if (!h) throw notFound('cadres.entry_not_found', '荣誉记录不存在');
  return `荣誉：${h.title}（${h.awardedOn}）`;
}

/** 申请更正, by the person themselves. One pending request per entry at a time. */
export async function requestCorrection(ctx: AppContext, actor: Actor, input: CorrectionCreate): Promise<CorrectionItem> {
  return ctx.db.transaction(async (tx) => {
    const person = await ownPerson(tx, actor);
    const subject = input.subject as CorrectionSubject;
    const label = await subjectLabel(tx, person, subject);
    if (subject !== 'other') {
      const [pending] = await tx
        .select({ id: cadreCorrections.id })
        .from(cadreCorrections)
        .where(and(eq(cadreCorrections.personId, person.personId), eq(cadreCorrections.subject, subject), eq(cadreCorrections.status, 'pending')));
      if (pending) throw conflict('cadres.correction_pending', `「${label}」已有待处理的更正申请，请等待组织部门答复`);
    }
    const [row] = await tx
      .insert(cadreCorrections)
      .values({ tenantId: actor.tenantId, personId: person.personId, subject, subjectLabel: label, requested: input.requested, reason: input.reason ?? null })
      .returning({ id: cadreCorrections.id });
    await recordAudit(tx, actor, { action: 'cadres.correction_request', entityType: 'cadre_correction', entityId: row.id, orgUnitId: person.orgUnitId, orgPath: person.path, summary: `「${person.name}」申请更正：${label}` });
    return (await shape(tx, await queryRows<CorrectionRow>(tx, sql`${selectCorrections} where c.id = ${row.id}`), false))[0];
  });
}

/** One of the person's own requests; 404 for anyone else's. */
export async function myCorrection(ctx: AppContext, actor: Actor, id: number): Promise<CorrectionItem> {
  const person = await ownPerson(ctx.db, actor);
  const [row] = await queryRows<CorrectionRow>(ctx.db, sql`${selectCorrections} where c.id = ${id} and c.person_id = ${person.personId}`);
  if (!row) throw notFound('cadres.correction_not_found', '更正申请不存在');
  return (await shape(ctx.db, [row], false))[0];
}

export async function myCorrections(ctx: AppContext, actor: Actor): Promise<CorrectionItem[]> {
  const person = await ownPerson(ctx.db, actor);
  return correctionsOf(ctx.db, person.personId);
}

/** The department's queue: requests of people in the account's subtree, oldest pending first. */
export async function listCorrections(ctx: AppContext, actor: Actor, q: CorrectionListQuery) {
  requirePermission(actor, 'manage:cadres');
  const where: SQL[] = [sql`c.tenant_id = ${actor.tenantId}`, sql`c.person_id in ${personIdsUnder(actor.scopePath)}`];
  if (q.status) where.push(sql`c.status = ${q.status}`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(sql`(c.subject_label like ${like} or c.requested like ${like} or exists (select 1 from persons p where p.id = c.person_id and p.name like ${like}))`);
  }
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<CorrectionRow>(
    ctx.db,
    sql`${selectCorrections} where ${cond} order by (c.status = 'pending') desc, case when c.status = 'pending' then c.created_at end asc, c.handled_at desc, c.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from cadre_corrections c where ${cond}`);
  return { items: await shape(ctx.db, rows, true), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Accept or reject a request. Accepting a request about a career entry may carry the corrected
 * entry (`change`), written in the same transaction with the entry's own version check; any
 * other acceptance says what was done. Rejecting needs a reason.
 */
export async function answerCorrection(ctx: AppContext, actor: Actor, id: number, input: CorrectionAnswer): Promise<CorrectionItem> {
  requirePermission(actor, 'manage:cadres');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(cadreCorrections).where(and(eq(cadreCorrections.id, id), eq(cadreCorrections.tenantId, actor.tenantId)));
    const person = row ? await profileOf(tx, row.personId) : null;
    if (!row || !person || !inScope(actor, person.path)) throw notFound('cadres.correction_not_found', '更正申请不存在或不在您的管辖范围内');
    const current = async () => (await shape(tx, await queryRows<CorrectionRow>(tx, sql`${selectCorrections} where c.id = ${id}`), true))[0];
    if (row.version !== input.version) throw versionConflict('cadres.correction_version_conflict', await current());
    if (row.status !== 'pending') throw conflict('cadres.correction_answered', `该申请已于 ${row.handledAt?.toISOString().slice(0, 10) ?? ''} 答复，不能再次处理`);
    const response = input.response?.trim() || null;
    const entryId = careerId(row.subject);
    if (input.decision === 'reject' && !response) throw fieldError('cadres.reason_required', 'response', '不采纳须写明理由，申请人会看到');
    if (input.change && (input.decision !== 'accept' || entryId == null)) throw fieldError('cadres.change_not_applicable', 'change', '只有采纳关于履历条目的更正申请时才能直接修改该条目');
    if (input.decision === 'accept' && !input.change && !response) throw fieldError('cadres.response_required', 'response', '请写明如何处理（如已在人员库中更正）');
    if (input.change) {
      const entry = await entryById(tx, entryId!);
      if (!entry || entry.personId !== row.personId) throw fieldError('cadres.entry_gone', 'change', '该履历条目已被删除，请写明处理情况后采纳');
      await updateEntryIn(tx, actor, entryId!, input.change, `采纳更正申请 ${id}`);
    }
    const status = input.decision === 'accept' ? 'accepted' : 'rejected';
    const written = await tx
      .update(cadreCorrections)
      .set({ status, response: response ?? '已按申请更正', handledBy: actor.displayName, handledAt: new Date(), version: row.version + 1 })
      .where(and(eq(cadreCorrections.id, id), eq(cadreCorrections.version, input.version)))
      .returning({ id: cadreCorrections.id });
    if (!written.length) throw versionConflict('cadres.correction_version_conflict', await current());
    await recordAudit(tx, actor, {
      action: 'cadres.correction_answer',
      entityType: 'cadre_correction',
      entityId: id,
      orgUnitId: person.orgUnitId,
      orgPath: person.path,
      summary: `${status === 'accepted' ? '采纳' : '不采纳'}「${person.name}」的更正申请：${row.subjectLabel}${input.change ? '（已修改履历）' : ''}`,
      before: { status: row.status },
      after: { status, response: response ?? '已按申请更正' },
    });
    return current();
  });
}
