import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { findUnitsByIds } from '../org';
import { personSummaries } from '../people';
import {
  APPLICATION_STATUS_ZH,
  REVIEW_DECISION_ZH,
  REVIEW_STEP_ZH,
  applicationNo,
  type ApplicationStatus,
  type Education,
  type ReviewDecision,
  type ReviewStep,
  type TalentTier,
} from '../../../shared/talent';
import { talentApplicationFiles, talentPayments, talentReviews, type ApplicationRow, type ProgrammeRow } from './talent.table';
import { programmeDtos, type ProgrammeDto } from './programmes.service';

/**
 * One application as its applicant and its reviewers see it: the fields, the documents, every
 * decision in order and what has been paid. Personal data is the registry's masked summary only.
 */
export interface ApplicationDto {
  id: number;
  no: string;
  programme: ProgrammeDto;
  person: { id: number; name: string; phoneMasked: string | null; orgUnitName: string };
  status: ApplicationStatus;
  statusName: string;
  pendingStep: ReviewStep | null;
  pendingStepName: string | null;
  tier: TalentTier | null;
  education: Education | null;
  employerUnitId: number | null;
  employerName: string | null;
  yearsInCounty: number | null;
  form: Record<string, string>;
  score: number | null;
  grantedAmount: number | null;
  paidAmount: number;
  submittedAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  files: { id: number; docKey: string; docLabel: string; fileName: string; mime: string; size: number; createdAt: string }[];
  history: { id: number; step: ReviewStep; stepName: string; decision: ReviewDecision; decisionName: string; reason: string | null; reviewerName: string | null; at: string }[];
}

/** Net amount paid per application (payments less reversals). */
export async function paidAmounts(db: DbOrTx, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: number; paid: number }>(
    db,
    sql`select application_id as id, coalesce(sum(amount), 0)::float8 as paid from talent_payments where application_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) group by application_id`,
  );
  return new Map(rows.map((r) => [r.id, r.paid]));
}

export async function applicationDto(db: DbOrTx, row: ApplicationRow, programme: ProgrammeRow, opts: { reviewerNames: boolean }): Promise<ApplicationDto> {
  // One after another: on a transaction, queries must not run side by side.
  const [p] = await programmeDtos(db, [programme]);
  const [person] = await personSummaries(db, [row.personId]);
  const units = row.employerUnitId ? await findUnitsByIds(db, [row.employerUnitId]) : [];
  const files = await db
    .select()
    .from(talentApplicationFiles)
    .where(and(eq(talentApplicationFiles.applicationId, row.id), isNull(talentApplicationFiles.removedAt)))
    .orderBy(asc(talentApplicationFiles.id));
  const reviews = await db.select().from(talentReviews).where(eq(talentReviews.applicationId, row.id)).orderBy(asc(talentReviews.id));
  const paid = await paidAmounts(db, [row.id]);
  const docLabel = new Map(programme.rules.documents.map((d) => [d.key, d.label]));
  return {
    id: row.id,
    no: applicationNo(programme.code, row.id),
    programme: p,
    person: { id: row.personId, name: person?.name ?? '', phoneMasked: person?.phoneMasked ?? null, orgUnitName: person?.orgUnitName ?? '' },
    status: row.status as ApplicationStatus,
    statusName: APPLICATION_STATUS_ZH[row.status as ApplicationStatus] ?? row.status,
    pendingStep: row.pendingStep as ReviewStep | null,
    pendingStepName: row.pendingStep ? REVIEW_STEP_ZH[row.pendingStep as ReviewStep] : null,
    tier: row.tier as TalentTier | null,
    education: row.education as Education | null,
    employerUnitId: row.employerUnitId,
    employerName: units[0]?.name ?? null,
    yearsInCounty: row.yearsInCounty,
    form: row.form,
    score: row.score,
    grantedAmount: row.grantedAmount,
    paidAmount: paid.get(row.id) ?? 0,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    files: files.map((f) => ({ id: f.id, docKey: f.docKey, docLabel: docLabel.get(f.docKey) ?? f.docKey, fileName: f.fileName, mime: f.mime, size: f.size, createdAt: f.createdAt.toISOString() })),
    history: reviews.map((r) => ({
      id: r.id,
      step: r.step as ReviewStep,
      stepName: REVIEW_STEP_ZH[r.step as ReviewStep],
      decision: r.decision as ReviewDecision,
      decisionName: REVIEW_DECISION_ZH[r.decision as ReviewDecision],
      reason: r.reason,
      reviewerName: opts.reviewerNames ? r.reviewerName : null,
      at: r.createdAt.toISOString(),
    })),
  };
}

/** Payments of some applications, oldest first, for a detail page. */
export async function paymentsOf(db: DbOrTx, applicationIds: number[]) {
  if (!applicationIds.length) return [];
  return db.select().from(talentPayments).where(inArray(talentPayments.applicationId, applicationIds)).orderBy(asc(talentPayments.paidOn), asc(talentPayments.id));
}
