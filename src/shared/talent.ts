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
}

export const RECRUITMENT_STAGES = ['applied', 'screened', 'defence', 'selected', 'not_selected'] as const;
export type RecruitmentStage = (typeof RECRUITMENT_STAGES)[number];
export const RECRUITMENT_STAGE_ZH: Record<RecruitmentStage, string> = { applied: '申报', screened: '初审通过', defence: '入围答辩', selected: '入选', not_selected: '未入选' };
export const RECRUITMENT_LEVEL_ZH = { national: '国家级', provincial: '省级' } as const;
export type RecruitmentLevel = keyof typeof RECRUITMENT_LEVEL_ZH;
