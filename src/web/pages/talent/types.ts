// Answers of /api/talent/* and /api/me/applications* as the talent pages use them.
import type { ApplicationFieldDef, ApplicationStatus, Education, ProgrammeKind, ProgrammeRules, ReviewDecision, ReviewStep, TalentTier } from '../../../shared/talent';

export interface Programme {
  id: number;
  code: string;
  name: string;
  kind: ProgrammeKind;
  kindName: string;
  ownerUnitId: number;
  ownerName: string;
  rules: ProgrammeRules;
  opensOn: string;
  closesOn: string | null;
  open: boolean;
  periodText: string;
  fields: ApplicationFieldDef[];
  version: number;
  updatedBy: string;
  updatedAt: string;
  /** For a personal account: its live application to the programme, if any. */
  myApplicationId?: number | null;
}

export interface ApplicationFile {
  id: number;
  docKey: string;
  docLabel: string;
  fileName: string;
  mime: string;
  size: number;
  createdAt: string;
}

export interface Decision {
  id: number;
  step: ReviewStep;
  stepName: string;
  decision: ReviewDecision;
  decisionName: string;
  reason: string | null;
  reviewerName: string | null;
  at: string;
}

export interface Application {
  id: number;
  no: string;
  programme: Programme;
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
  files: ApplicationFile[];
  history: Decision[];
}

export interface PaymentRow {
  id: number;
  programmeId: number;
  programmeName: string;
  applicationId: number;
  applicationNo: string;
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

/** The staff view adds the payments and what the reader may decide now. */
export interface StaffApplication extends Application {
  payments: { id: number; amount: number; paidOn: string; reference: string; reversesId: number | null; note: string | null; createdBy: string; createdAt: string }[];
  action: { step: ReviewStep | null; canDecide: boolean; why: string | null; defaultAmount: number | null };
}

export interface QueueRow {
  id: number;
  no: string;
  programmeId: number;
  programmeName: string;
  personName: string;
  phoneMasked: string | null;
  employerName: string | null;
  tier: TalentTier | null;
  status: ApplicationStatus;
  statusName: string;
  pendingStep: ReviewStep | null;
  pendingStepName: string | null;
  grantedAmount: number | null;
  paidAmount: number;
  submittedAt: string;
  decidedAt: string | null;
  actionable: boolean;
}

export interface MyApplicationRow {
  id: number;
  no: string;
  programmeId: number;
  programmeName: string;
  status: ApplicationStatus;
  statusName: string;
  pendingStep: ReviewStep | null;
  tier: TalentTier | null;
  grantedAmount: number | null;
  paidAmount: number;
  submittedAt: string | null;
  updatedAt: string;
}

/** 1234567.5 → "123.46万元" above ten thousand, else "3,500元". */
export function fmtYuan(n: number | null | undefined): string {
  if (n == null) return '—';
  if (Math.abs(n) >= 10_000) return `${(n / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万元`;
  return `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;
}

export const fmtTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—');
export const fmtDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit' }) : '—');
export const fmtSize = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** Tag colours of application statuses. */
export const STATUS_COLOR: Record<ApplicationStatus, string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success', rejected: 'error', withdrawn: 'default' };

/** Today in China Standard Time, as the API takes dates. */
export const todayCn = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
