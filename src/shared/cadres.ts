// Cadre services (干部之家) shared by server and web: record kinds, care kinds, the fault-tolerance
// workflow's states and outcomes, their Chinese labels, and the shapes the API answers with.

/** An entry of a cadre's career record kept by the cadres module (dispatches and honours are read from elsewhere). */
export const CAREER_KINDS = ['post', 'rank', 'training', 'evaluation'] as const;
export type CareerKind = (typeof CAREER_KINDS)[number];
export const CAREER_KIND_ZH: Record<CareerKind, string> = { post: '任职', rank: '职级', training: '培训', evaluation: '年度考核' };

/** Grades of the annual evaluation (年度考核等次). */
export const EVALUATION_GRADES = ['优秀', '称职', '基本称职', '不称职'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

/** 关心关爱: what kind of care a cadre received. */
export const CARE_KINDS = ['visit', 'talk', 'health_check', 'hardship', 'other'] as const;
export type CareKind = (typeof CARE_KINDS)[number];
export const CARE_KIND_ZH: Record<CareKind, string> = { visit: '走访慰问', talk: '谈心谈话', health_check: '健康体检', hardship: '困难帮扶', other: '其他关爱' };

export const CORRECTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_STATUS_ZH: Record<CorrectionStatus, string> = { pending: '待处理', accepted: '已采纳', rejected: '未采纳' };

/** 容错澄清: what was applied for. */
export const FT_REQUEST_KINDS = ['tolerance', 'clarification'] as const;
export type FtRequestKind = (typeof FT_REQUEST_KINDS)[number];
export const FT_REQUEST_KIND_ZH: Record<FtRequestKind, string> = { tolerance: '容错免责', clarification: '澄清正名' };

export const FT_STATUSES = ['applied', 'investigating', 'decided'] as const;
export type FtStatus = (typeof FT_STATUSES)[number];
export const FT_STATUS_ZH: Record<FtStatus, string> = { applied: '已受理', investigating: '调查核实', decided: '已决定' };

export const FT_OUTCOMES = ['tolerated', 'clarified', 'not_applicable'] as const;
export type FtOutcome = (typeof FT_OUTCOMES)[number];
export const FT_OUTCOME_ZH: Record<FtOutcome, string> = { tolerated: '予以容错', clarified: '予以澄清', not_applicable: '不适用容错澄清' };

/** How a decided case weighs on the cadre's record: shown wherever the record is read for appointments and honours. */
export const FT_RECORD_NOTE: Record<FtOutcome, string> = {
  tolerated: '已予容错免责：干部选拔任用、评先评优时予以考虑，不作负面评价',
  clarified: '已予澄清正名：干部选拔任用、评先评优时予以考虑，不受所涉问题影响',
  not_applicable: '不适用容错澄清：干部选拔任用、评先评优时按有关规定予以考虑',
};

/** What a correction request is about: a career entry, a dispatch, an honour, the profile, or anything else. */
export type CorrectionSubject = `career:${number}` | `dispatch:${number}` | `honour:${number}` | 'profile' | 'other';

// ---- shapes of the API's answers

export interface CadreProfile {
  personId: number;
  name: string;
  gender: 'male' | 'female';
  /** Year and month only: the full date is part of the ID number. */
  birthMonth: string;
  idMasked: string;
  phoneMasked: string | null;
  orgUnitId: number;
  orgUnitName: string;
  archived: boolean;
}

/** A 'cadre' role of the people registry: the post and rank held, and where. */
export interface CadrePost {
  id: number;
  orgUnitId: number | null;
  orgUnitName: string | null;
  post: string | null;
  rank: string | null;
  startDate: string;
  endDate: string | null;
  current: boolean;
}

export interface CareerEntry {
  id: number;
  personId: number;
  kind: CareerKind;
  kindName: string;
  title: string;
  orgUnitId: number | null;
  orgUnitName: string | null;
  startDate: string;
  endDate: string | null;
  hours: number | null;
  grade: EvaluationGrade | null;
  note: string | null;
  version: number;
  updatedAt: string;
}

export interface TrainingYear {
  year: number;
  courses: number;
  hours: number;
}

export interface CadreDispatch {
  id: number;
  frontName: string;
  postedUnitName: string;
  postedTo: string | null;
  role: string;
  startDate: string;
  lastDay: string | null;
}

export interface CadreHonour {
  id: number;
  title: string;
  levelName: string;
  issuer: string | null;
  awardedOn: string;
}

export interface CareRecord {
  id: number;
  kind: CareKind;
  kindName: string;
  occurredOn: string;
  byWhom: string;
  summary: string;
  followUp: string | null;
  createdBy: string;
  createdAt: string;
}

export interface CorrectionItem {
  id: number;
  personId: number;
  personName: string;
  orgUnitName: string;
  subject: CorrectionSubject;
  subjectLabel: string;
  requested: string;
  reason: string | null;
  status: CorrectionStatus;
  statusName: string;
  response: string | null;
  handledBy: string | null;
  handledAt: string | null;
  createdAt: string;
  version: number;
  /** For a request about a career entry still on record: the entry as it is now, for applying the change. */
  entry?: CareerEntry | null;
}

export interface FtDecision {
  id: number;
  outcome: FtOutcome;
  outcomeName: string;
  grounds: string;
  committee: string;
  decidedOn: string;
  supersedesId: number | null;
  changeReason: string | null;
  decidedBy: string;
  createdAt: string;
}

export interface FtCase {
  id: number;
  personId: number;
  personName: string;
  orgUnitId: number;
  orgUnitName: string;
  requestKind: FtRequestKind;
  requestKindName: string;
  matter: string;
  applicant: string;
  appliedOn: string;
  status: FtStatus;
  statusName: string;
  investigation: string | null;
  investigatedBy: string | null;
  investigatedOn: string | null;
  version: number;
  createdBy: string;
  /** The decision in force (the latest), if any. */
  decision: FtDecision | null;
}

export interface FtCaseDetail extends FtCase {
  /** Every decision, oldest first: each change names the one it supersedes. */
  decisions: FtDecision[];
}

/** A case's outcome as it stands on the cadre's record (容错记录). */
export interface FtRecord {
  caseId: number;
  requestKindName: string;
  matter: string;
  appliedOn: string;
  status: FtStatus;
  statusName: string;
  outcome: FtOutcome | null;
  outcomeName: string | null;
  grounds: string | null;
  committee: string | null;
  decidedOn: string | null;
  /** Set for a decided case: how it weighs in appointments and honours. */
  note: string | null;
}

/** 干部之家: what a cadre sees of their own record. */
export interface CadreHome {
  profile: CadreProfile;
  isCadre: boolean;
  posts: CadrePost[];
  career: CareerEntry[];
  training: TrainingYear[];
  dispatches: CadreDispatch[];
  honours: CadreHonour[];
  care: CareRecord[];
  faultTolerance: FtRecord[];
  corrections: CorrectionItem[];
}

/** The organization department's view of one cadre (care records are read separately, each read logged). */
export interface CadreDetail extends Omit<CadreHome, 'care'> {
  pendingCorrections: number;
}

export interface CadreListItem {
  personId: number;
  name: string;
  gender: 'male' | 'female';
  birthMonth: string;
  phoneMasked: string | null;
  orgUnitId: number;
  orgUnitName: string;
  post: string | null;
  rank: string | null;
  postUnitName: string | null;
  trainingHours: number;
  latestGrade: string | null;
  pendingCorrections: number;
}
