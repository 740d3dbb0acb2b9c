/**
 * The subsidy payment ledger (发放台账): payments against approved applications, never more than
 * the granted amount; a mistaken payment is reversed by a negative row naming it, never edited
 * or deleted (the table refuses both). Totals per programme and period feed the indicators
 * ("半年发放人才购房补助1.2亿元", derived-sources.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { AppError, conflict, fieldError, notFound } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, unitIdsUnder } from '../org';
import { writeSheet } from '../../xlsx';
import { parsePeriod, periodLabel, type PeriodType } from '../../../shared/periods';
import { applicationNo } from '../../../shared/talent';
import { talentPayments } from './talent.table';
import type { PaymentCreate, PaymentListQuery, PaymentReverse, PaymentTotalsQuery } from './talent.schema';
import { chinaToday } from './eligibility';
import { staffRow } from './reviews.service';

const yuan = (n: number) => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;
const cents = (n: number) => Math.round(n * 100);

/** Payments on applications whose unit (employer, else the programme's owner) is in the actor's subtree. */
const visibleTo = (actor: Actor): SQL => sql`x.tenant_id = ${actor.tenantId} and coalesce(a.employer_unit_id, p.owner_unit_id) in ${unitIdsUnder(actor.scopePath)}`;

interface PaymentRow {
  id: number;
  programmeId: number;
  programmeCode: string;
  programmeName: string;
  applicationId: number;
  personName: string;
  employerName: string | null;
  amount: number;
  paidOn: string;
  reference: string;
  reversesId: number | null;
  reversedById: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

function paymentWhere(actor: Actor, q: Partial<PaymentListQuery>): SQL {
  const where: SQL[] = [visibleTo(actor)];
  if (q.programmeId) where.push(sql`x.programme_id = ${q.programmeId}`);
  if (q.applicationId) where.push(sql`x.application_id = ${q.applicationId}`);
  if (q.from) where.push(sql`x.paid_on >= ${q.from}::date`);
  if (q.to) where.push(sql`x.paid_on <= ${q.to}::date`);
  return sql.join(where, sql` and `);
}

async function paymentRows(db: DbOrTx, where: SQL, limit: number, offset: number) {
  const rows = await queryRows<PaymentRow>(
    db,
    sql`select x.id, x.programme_id as "programmeId", p.code as "programmeCode", p.name as "programmeName", x.application_id as "applicationId",
          (select pp.name from persons pp where pp.id = a.person_id) as "personName",
          (select u.name from org_units u where u.id = a.employer_unit_id) as "employerName",
          x.amount::float8 as amount, x.paid_on::text as "paidOn", x.reference, x.reverses_id as "reversesId",
          (select r.id from talent_payments r where r.reverses_id = x.id limit 1) as "reversedById",
          x.note, x.created_by as "createdBy", x.created_at as "createdAt"
        from talent_payments x join talent_applications a on a.id = x.application_id join talent_programmes p on p.id = x.programme_id
        where ${where}
        order by x.paid_on desc, x.id desc
        limit ${limit} offset ${offset}`,
  );
  return rows.map((r) => ({ ...r, applicationNo: applicationNo(r.programmeCode, r.applicationId), createdAt: new Date(r.createdAt).toISOString() }));
}

/** The ledger, newest first, with the count and the net sum of everything matching. */
export async function listPayments(db: DbOrTx, actor: Actor, q: PaymentListQuery) {
  requirePermission(actor, 'manage:talent');
  const where = paymentWhere(actor, q);
  const items = await paymentRows(db, where, q.pageSize, (q.page - 1) * q.pageSize);
  const [totals] = await queryRows<{ total: number; net: number }>(
    db,
    sql`select count(*)::int as total, coalesce(sum(x.amount), 0)::float8 as net
        from talent_payments x join talent_applications a on a.id = x.application_id join talent_programmes p on p.id = x.programme_id where ${where}`,
  );
  return { items, total: totals.total, net: totals.net };
}

export async function exportPayments(db: DbOrTx, actor: Actor, q: Partial<PaymentListQuery>) {
  requirePermission(actor, 'manage:talent');
  const rows = await paymentRows(db, paymentWhere(actor, q), 50_000, 0);
  const file = await writeSheet(
    '发放台账',
    [
      { key: 'id', header: '流水号', width: 8 },
      { key: 'paidOn', header: '发放日期', width: 12 },
      { key: 'programme', header: '政策', width: 24 },
      { key: 'no', header: '申请编号', width: 16 },
      { key: 'name', header: '申请人', width: 10 },
      { key: 'employer', header: '用人单位', width: 28 },
      { key: 'amount', header: '金额（元）', width: 14 },
      { key: 'reference', header: '凭证号', width: 18 },
      { key: 'reverses', header: '冲销流水号', width: 10 },
      { key: 'note', header: '备注', width: 24 },
      { key: 'by', header: '登记人', width: 14 },
    ],
    rows.map((r) => ({ id: r.id, paidOn: r.paidOn, programme: r.programmeName, no: r.applicationNo, name: r.personName, employer: r.employerName ?? '', amount: r.amount, reference: r.reference, reverses: r.reversesId ?? '', note: r.note ?? '', by: r.createdBy })),
  );
  return { fileName: `人才补助发放台账-${new Date().toISOString().slice(0, 10)}.xlsx`, file };
}

/** SQL for a payment date's period code of the given type ("2022", "2022H1", "2022Q3", "2022-07"). */
function periodOf(type: PeriodType): SQL {
  switch (type) {
    case 'year':
      return sql`to_char(x.paid_on, 'YYYY')`;
    case 'half':
      return sql`to_char(x.paid_on, 'YYYY') || 'H' || ((extract(month from x.paid_on)::int + 5) / 6)::text`;
    case 'quarter':
      return sql`to_char(x.paid_on, 'YYYY') || 'Q' || extract(quarter from x.paid_on)::int::text`;
    case 'month':
      return sql`to_char(x.paid_on, 'YYYY-MM')`;
  }
}

/** Net totals per programme and period of a year, with the year's total per programme. */
export async function paymentTotals(db: DbOrTx, actor: Actor, q: PaymentTotalsQuery) {
  requirePermission(actor, 'manage:talent');
  const where = paymentWhere(actor, { programmeId: q.programmeId, from: `${q.year}-01-01`, to: `${q.year}-12-31` });
  const rows = await queryRows<{ programmeId: number; programmeName: string; period: string; amount: number; payments: number }>(
    db,
    sql`select x.programme_id as "programmeId", p.name as "programmeName", ${periodOf(q.periodType)} as period,
          coalesce(sum(x.amount), 0)::float8 as amount, count(*) filter (where x.reverses_id is null)::int as payments
        from talent_payments x join talent_applications a on a.id = x.application_id join talent_programmes p on p.id = x.programme_id
        where ${where}
        group by x.programme_id, p.name, 3
        order by p.name, 3`,
  );
  return {
    year: q.year,
    periodType: q.periodType,
    rows: rows.map((r) => ({ ...r, periodLabel: periodLabel(parsePeriod(r.period)!), amountWan: Math.round(r.amount / 100) / 100 })),
    total: rows.reduce((s, r) => s + r.amount, 0),
  };
}

/** One payment row as stored, with what is left to pay on its application. */
async function paymentDto(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await paymentRows(db, sql`${visibleTo(actor)} and x.id = ${id}`, 1, 0);
  if (!row) throw notFound('talent_payment.not_found', '发放记录不存在或不在您的管辖范围内');
  return row;
}

async function netPaid(db: DbOrTx, applicationId: number): Promise<number> {
  const [r] = await queryRows<{ paid: number }>(db, sql`select coalesce(sum(amount), 0)::float8 as paid from talent_payments where application_id = ${applicationId}`);
  return r.paid;
}

/** The voucher must not already be on another payment of the county. */
async function checkReference(db: DbOrTx, tenantId: string, reference: string, field: string) {
  const [used] = await queryRows<{ id: number }>(db, sql`select id from talent_payments where tenant_id = ${tenantId} and reference = ${reference} limit 1`);
  if (used) throw fieldError('talent_payment.reference_used', field, `凭证号 ${reference} 已用于发放流水 ${used.id}，请核对`);
}

function checkDate(paidOn: string, field: string, label: string, notBefore?: { date: string; what: string }) {
  if (paidOn > chinaToday()) throw fieldError('talent_payment.date_in_future', field, `${label}不能晚于今天`);
  if (notBefore && paidOn < notBefore.date) throw fieldError('talent_payment.date_too_early', field, `${label}不能早于${notBefore.what}（${notBefore.date}）`);
}

/** Records a payment against an approved application: at most what is granted and not yet paid. */
export async function recordPayment(db: DbOrTx, actor: Actor, input: PaymentCreate) {
  requirePermission(actor, 'manage:talent');
  const id = await db.transaction(async (tx) => {
    // Locked: two payments on one application are checked one after the other.
    const { row, programme } = await staffRow(tx, actor, input.applicationId, true).catch((e: AppError) => {
      throw e.status === 404 ? fieldError('talent_payment.application_out_of_scope', 'applicationId', '申请不存在或不在您的管辖范围内') : e;
    });
    const no = applicationNo(programme.code, row.id);
    if (row.status !== 'approved' || row.grantedAmount == null) throw fieldError('talent_payment.not_approved', 'applicationId', `申请 ${no} 尚未审定通过或没有核定金额，不能发放`);
    const paid = await netPaid(tx, row.id);
    const left = (cents(row.grantedAmount) - cents(paid)) / 100;
    if (cents(input.amount) > cents(left)) {
      throw fieldError('talent_payment.over_granted', 'amount', left > 0 ? `本次发放不能超过未发放金额 ${yuan(left)}（核定 ${yuan(row.grantedAmount)}，已发放 ${yuan(paid)}）` : `申请 ${no} 的核定金额已全部发放`);
    }
    const decided = row.decidedAt ? new Date(row.decidedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : undefined;
    checkDate(input.paidOn, 'paidOn', '发放日期', decided ? { date: decided, what: '审定日期' } : undefined);
    const reference = input.reference.trim();
    await checkReference(tx, actor.tenantId, reference, 'reference');
    const [p] = await tx
      .insert(talentPayments)
      .values({ tenantId: actor.tenantId, programmeId: programme.id, applicationId: row.id, amount: input.amount, paidOn: input.paidOn, reference, note: input.note?.trim() || null, createdBy: actor.displayName })
      .returning();
    const [u] = await findUnitsByIds(tx, [row.employerUnitId ?? programme.ownerUnitId]);
    await recordAudit(tx, actor, {
      action: 'talent_payment.create',
      entityType: 'talent_payment',
      entityId: p.id,
      orgUnitId: u?.id ?? null,
      orgPath: u?.path ?? null,
      summary: `发放「${programme.name}」${yuan(input.amount)}（${no}，凭证 ${reference}，${input.paidOn}）`,
      after: { applicationId: row.id, amount: input.amount, paidOn: input.paidOn, reference },
    });
    return p.id;
  });
  return paymentDto(db, actor, id);
}

/** Reverses a payment with a negative row of the same amount that names it; a payment is reversed once. */
export async function reversePayment(db: DbOrTx, actor: Actor, id: number, input: PaymentReverse) {
  requirePermission(actor, 'manage:talent');
  const newId = await db.transaction(async (tx) => {
    const [orig] = await queryRows<{ id: number; applicationId: number }>(
      tx,
      sql`select x.id, x.application_id as "applicationId" from talent_payments x join talent_applications a on a.id = x.application_id join talent_programmes p on p.id = x.programme_id
          where x.id = ${id} and ${visibleTo(actor)}`,
    );
    if (!orig) throw notFound('talent_payment.not_found', '发放记录不存在或不在您的管辖范围内');
    const { row, programme } = await staffRow(tx, actor, orig.applicationId, true);
    const [payment] = await queryRows<{ amount: number; paidOn: string; reference: string; reversesId: number | null }>(
      tx,
      sql`select amount::float8 as amount, paid_on::text as "paidOn", reference, reverses_id as "reversesId" from talent_payments where id = ${id}`,
    );
    if (payment.reversesId != null) throw conflict('talent_payment.is_reversal', '这是一笔冲销记录，不能再冲销');
    const [already] = await queryRows<{ id: number }>(tx, sql`select id from talent_payments where reverses_id = ${id} limit 1`);
    if (already) throw conflict('talent_payment.already_reversed', `该笔发放已由流水 ${already.id} 冲销`);
    checkDate(input.paidOn, 'paidOn', '冲销日期', { date: payment.paidOn, what: '原发放日期' });
    const reference = input.reference.trim();
    await checkReference(tx, actor.tenantId, reference, 'reference');
    const [p] = await tx
      .insert(talentPayments)
      .values({ tenantId: actor.tenantId, programmeId: programme.id, applicationId: row.id, amount: -payment.amount, paidOn: input.paidOn, reference, reversesId: id, note: input.note.trim(), createdBy: actor.displayName })
      .returning();
    const [u] = await findUnitsByIds(tx, [row.employerUnitId ?? programme.ownerUnitId]);
    await recordAudit(tx, actor, {
      action: 'talent_payment.reverse',
      entityType: 'talent_payment',
      entityId: p.id,
      orgUnitId: u?.id ?? null,
      orgPath: u?.path ?? null,
      summary: `冲销发放流水 ${id}（${yuan(payment.amount)}，${applicationNo(programme.code, row.id)}）：${input.note.trim()}`,
      before: { paymentId: id, amount: payment.amount, reference: payment.reference },
      after: { paymentId: p.id, amount: -payment.amount, paidOn: input.paidOn, reference },
    });
    return p.id;
  });
  return paymentDto(db, actor, newId);
}
