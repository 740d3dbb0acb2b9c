// Talent services (人才服务) shared by server and web: programme rules, statuses and their labels.

export const TALENT_TIERS = ['A', 'B', 'C', 'D', 'E'] as const;
export type TalentTier = (typeof TALENT_TIERS)[number];
export const TIER_ZH: Record<TalentTier, string> = { A: 'A类（顶尖人才）', B: 'B类（国家级领军人才）', C: 'C类（省级领军人才）', D: 'D类（市级高层次人才）', E: 'E类（高级人才）' };

export const EDUCATIONS = ['college', 'bachelor', 'master', 'doctor'] as const;
export type Education = (typeof EDUCATIONS)[number];
export const EDUCATION_ZH: Record<Education, string> = { college: '大专', bachelor: '本科', master: '硕士研究生', doctor: '博士研究生' };

export const PROGRAMME_KINDS = ['housing_subsidy', 'apartment', 'other'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];
export const PROGRAMME_KIND_ZH: Record<ProgrammeKind, string> = { housing_subsidy: '购房补助', apartment: '人才公寓', other: '其他人才政策' };

/** A document the applicant must (or may) upload. */
export interface RequiredDocument {
  key: string;
  label: string;
  required: boolean;
}

/** Eligibility, amounts and documents of a programme; every rule is optional. */
export interface ProgrammeRules {
  /** Tiers that may apply; empty = any. */
  tiers: TalentTier[];
  /** Lowest education accepted; null = any. */
  minEducation: Education | null;
  /** Whether the applicant must name an employer in the county. */
  employerRequired: boolean;
  /** Org unit types an employer may be (enterprise, school…); empty = any. */
  employerTypes: string[];
  /** Fewest years working in the county; null = any. */
  minYearsInCounty: number | null;
  /** Subsidy per tier in 元 (housing subsidies). */
  amounts: Partial<Record<TalentTier, number>>;
  /** Allocation score per tier (apartments): the published rule ranks by score, then application time. */
  scores: Partial<Record<TalentTier, number>>;
  documents: RequiredDocument[];
}

export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_ZH: Record<ApplicationStatus, string> = { draft: '草稿', submitted: '审核中', returned: '退回修改', approved: '已通过', rejected: '未通过', withdrawn: '已撤回' };

export const REVIEW_STEPS = ['employer', 'office', 'committee'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];
export const REVIEW_STEP_ZH: Record<ReviewStep, string> = { employer: '用人单位审核', office: '人才办审核', committee: '评审委员会审定' };

export const APARTMENT_STATUSES = ['free', 'reserved', 'rented', 'sold'] as const;
export type ApartmentStatus = (typeof APARTMENT_STATUSES)[number];
export const APARTMENT_STATUS_ZH: Record<ApartmentStatus, string> = { free: '空置', reserved: '已预留', rented: '已出租', sold: '已售' };

export const CONTRACT_KINDS = ['sale', 'rent', 'free_rent'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];
export const CONTRACT_KIND_ZH: Record<ContractKind, string> = { sale: '购买', rent: '租赁', free_rent: '免费租住' };

/** One row of an allocation run's published result. */
export interface AllocationResultRow {
  rank: number;
  applicationId: number;
  personName: string;
  score: number;
  submittedAt: string;
  apartmentId: number | null;
  apartmentLabel: string | null;
  /** The tier the score came from, the area asked for (㎡), and why no flat was given, if none was. */
  tier?: string | null;
  requestedArea?: number | null;
  apartmentArea?: number | null;
  note?: string | null;
}

export const RECRUITMENT_STAGES = ['applied', 'screened', 'defence', 'selected', 'not_selected'] as const;
export type RecruitmentStage = (typeof RECRUITMENT_STAGES)[number];
export const RECRUITMENT_STAGE_ZH: Record<RecruitmentStage, string> = { applied: '申报', screened: '初审通过', defence: '入围答辩', selected: '入选', not_selected: '未入选' };
export const RECRUITMENT_LEVEL_ZH = { national: '国家级', provincial: '省级' } as const;
export type RecruitmentLevel = keyof typeof RECRUITMENT_LEVEL_ZH;

// ---------------------------------------------------------------- applications (additions)

export const REVIEW_DECISIONS = ['approve', 'reject', 'return'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_ZH: Record<ReviewDecision, string> = { approve: '通过', reject: '不通过', return: '退回修改' };

/** Statuses in which the applicant may still edit, upload and (re)submit. */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'returned'];

/** The number shown to applicants and reviewers: the programme's code and the application's id. */
export const applicationNo = (programmeCode: string, id: number) => `${programmeCode}-${String(id).padStart(5, '0')}`;

/** A field of a programme's application form beyond tier, education, employer and years. */
export interface ApplicationFieldDef {
  key: string;
  label: string;
  type: 'text' | 'date' | 'number';
  required: boolean;
  /** Placeholder or hint shown under the field. */
  hint?: string;
  max?: number;
  min?: number;
  /** For text: a pattern the value must match, with the message when it does not. */
  pattern?: { source: string; message: string };
}

/** Asked of every applicant, whatever the programme. */
const COMMON_FIELDS: ApplicationFieldDef[] = [
  { key: 'school', label: '毕业院校', type: 'text', required: true, max: 60 },
  { key: 'major', label: '所学专业', type: 'text', required: true, max: 60 },
  { key: 'position', label: '现任职务（岗位）', type: 'text', required: false, max: 60 },
];

/** Each kind of programme's own fields (购房合同, 意向房源…). */
export const PROGRAMME_FORM_FIELDS: Record<ProgrammeKind, ApplicationFieldDef[]> = {
  housing_subsidy: [
    ...COMMON_FIELDS,
    { key: 'houseAddress', label: '所购房屋坐落', type: 'text', required: true, max: 120, hint: '如：永康市石柱镇某某小区3幢2单元501室' },
    { key: 'contractNo', label: '购房合同备案号', type: 'text', required: true, max: 40, pattern: { source: '^[A-Za-z0-9-]{6,40}$', message: '购房合同备案号应为6至40位字母、数字或短横线' } },
    { key: 'purchaseDate', label: '购房日期', type: 'date', required: true },
    { key: 'floorArea', label: '建筑面积（平方米）', type: 'number', required: true, min: 10, max: 1000 },
  ],
  apartment: [
    ...COMMON_FIELDS,
    { key: 'familySize', label: '共同居住人数', type: 'number', required: true, min: 1, max: 10 },
    // Read by the allocation rule: the free flat closest in area is given (apartments.allocation.ts).
    { key: 'area', label: '意向面积（平方米）', type: 'number', required: false, min: 20, max: 300, hint: '不填则按顺序分配第一套空置房源' },
  ],
  other: [...COMMON_FIELDS, { key: 'summary', label: '申请事由', type: 'text', required: true, max: 500 }],
};

/** Org unit types an employer may be, for a programme's employer rule. */
export const EMPLOYER_TYPES = ['enterprise', 'school', 'department', 'other'] as const;

/** Totals of a payment ledger are given per one of these periods. */
export const PAYMENT_PERIOD_TYPES = ['month', 'quarter', 'half', 'year'] as const;
export type PaymentPeriodType = (typeof PAYMENT_PERIOD_TYPES)[number];
export const PAYMENT_PERIOD_ZH: Record<PaymentPeriodType, string> = { month: '按月', quarter: '按季度', half: '按半年', year: '按年' };

/** The pipeline's order; 未入选 may follow any stage before 入选 and records where the candidate stopped. */
export const RECRUITMENT_PATH = ['applied', 'screened', 'defence', 'selected'] as const;

/**
 * Pass rates of the recruitment pipeline, each a share of those who reached the stage before
 * (a candidate who stopped at a stage still counts as having reached it).
 */
export const RECRUITMENT_RATES = [
  { key: 'screenRate', name: '初审通过率', numerator: 'screened', denominator: 'applied', definition: '初审通过人数 ÷ 申报人数' },
  { key: 'reviewRate', name: '复审通过率', numerator: 'defence', denominator: 'screened', definition: '入围答辩人数 ÷ 初审通过人数' },
  { key: 'defenceRate', name: '答辩通过率', numerator: 'selected', denominator: 'defence', definition: '入选人数 ÷ 入围答辩人数' },
] as const;
