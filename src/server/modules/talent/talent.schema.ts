import { z } from 'zod';
import { APPLICATION_STATUSES, EDUCATIONS, EMPLOYER_TYPES, PAYMENT_PERIOD_TYPES, PROGRAMME_KINDS, REVIEW_DECISIONS, REVIEW_STEPS, TALENT_TIERS } from '../../../shared/talent';

const id = (label: string) => z.number({ error: `请选择${label}` }).int(`${label}编号应为正整数`).positive(`${label}编号应为正整数`);
const version = z.number({ error: '缺少版本号，请刷新后重试' }).int().positive();
const requiredText = (max: number, label: string) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();
const dateString = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2022-06-30`)
    .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s), `${label}不是有效日期`);
const yuan = (label: string) => z.number({ error: `${label}应为数字` }).min(0, `${label}不能为负数`).max(100_000_000, `${label}不能超过 1 亿元`);

export const IdParam = z.object({ id: z.coerce.number({ error: '编号应为正整数' }).int('编号应为正整数').positive('编号应为正整数') });
export const FileParams = IdParam.extend({ fileId: z.coerce.number({ error: '编号应为正整数' }).int('编号应为正整数').positive('编号应为正整数') });

// ---------------------------------------------------------------- programmes

const tierRecord = (label: string) => z.partialRecord(z.enum(TALENT_TIERS), yuan(label));

export const ProgrammeRulesSchema = z.object({
  tiers: z.array(z.enum(TALENT_TIERS, { error: '人才层次应为 A 至 E 类' })).max(5).default([]),
  minEducation: z.enum(EDUCATIONS, { error: '请选择最低学历' }).nullable().default(null),
  employerRequired: z.boolean().default(false),
  employerTypes: z.array(z.enum(EMPLOYER_TYPES, { error: '用人单位类型不正确' })).max(EMPLOYER_TYPES.length).default([]),
  minYearsInCounty: z.number({ error: '在本县工作年限应为数字' }).int('在本县工作年限应为整数').min(0, '在本县工作年限不能为负数').max(50, '在本县工作年限不能超过 50 年').nullable().default(null),
  amounts: tierRecord('补助金额').default({}),
  scores: z.partialRecord(z.enum(TALENT_TIERS), z.number({ error: '分值应为数字' }).min(0, '分值不能为负数').max(1000, '分值不能超过 1000')).default({}),
  documents: z
    .array(
      z.object({
        key: z.string({ error: '请填写材料标识' }).trim().regex(/^[a-z][a-z0-9_]{0,29}$/, '材料标识须以小写字母开头，由小写字母、数字和下划线组成（不超过 30 位）'),
        label: requiredText(40, '材料名称'),
        required: z.boolean().default(true),
      }),
    )
    .max(20, '申请材料不能超过 20 项')
    .default([]),
});

export const ProgrammeCreateSchema = z.object({
  code: z
    .string({ error: '请填写政策编码' })
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,29}$/, '政策编码须以大写字母开头，由大写字母、数字和下划线组成（2 至 30 位）'),
  name: requiredText(60, '政策名称'),
  kind: z.enum(PROGRAMME_KINDS, { error: '请选择政策类别' }),
  ownerUnitId: id('主管单位').optional(),
  rules: ProgrammeRulesSchema,
  opensOn: dateString('申请开始日期'),
  closesOn: dateString('申请截止日期').nullable().optional(),
});
export type ProgrammeCreate = z.infer<typeof ProgrammeCreateSchema>;

export const ProgrammeUpdateSchema = z.object({
  version,
  name: requiredText(60, '政策名称').optional(),
  ownerUnitId: id('主管单位').optional(),
  rules: ProgrammeRulesSchema.optional(),
  opensOn: dateString('申请开始日期').optional(),
  closesOn: dateString('申请截止日期').nullable().optional(),
});
export type ProgrammeUpdate = z.infer<typeof ProgrammeUpdateSchema>;

// ---------------------------------------------------------------- applications (applicant)

/**
 * What the applicant fills in. Everything may be left empty in a draft; the submission checks
 * completeness and eligibility against the programme's rules.
 */
export const ApplicationFieldsSchema = z.object({
  tier: z.enum(TALENT_TIERS, { error: '人才层次应为 A 至 E 类' }).nullable().optional(),
  education: z.enum(EDUCATIONS, { error: '请选择最高学历' }).nullable().optional(),
  employerUnitId: id('用人单位').nullable().optional(),
  yearsInCounty: z.number({ error: '在本县工作年限应为数字' }).int('在本县工作年限应为整数').min(0, '在本县工作年限不能为负数').max(60, '在本县工作年限不能超过 60 年').nullable().optional(),
  form: z.record(z.string().max(40), z.union([z.string().max(2000, '内容不能超过 2000 个字'), z.number()]).nullable()).optional(),
});
export type ApplicationFields = z.infer<typeof ApplicationFieldsSchema>;

export const ApplicationCreateSchema = ApplicationFieldsSchema.extend({ programmeId: id('申请的政策') });
export const ApplicationUpdateSchema = ApplicationFieldsSchema.extend({ version });
export const VersionSchema = z.object({ version });
export const UploadQuery = z.object({
  docKey: z.string({ error: '请选择材料类别' }).trim().min(1, '请选择材料类别').max(30),
  name: z.string({ error: '请提供文件名' }).trim().min(1, '请提供文件名').max(200),
});
export const EmployerSearchQuery = z.object({ q: z.string().trim().max(40).default('') });

// ---------------------------------------------------------------- reviews (staff)

export const ApplicationListQuery = z.object({
  programmeId: z.coerce.number().int().positive().optional(),
  status: z.enum(APPLICATION_STATUSES, { error: '状态不正确' }).optional(),
  step: z.enum(REVIEW_STEPS, { error: '审核环节不正确' }).optional(),
  /** Only applications waiting for a decision the caller may take. */
  actionable: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;

export const ReviewSchema = z.object({
  version,
  step: z.enum(REVIEW_STEPS, { error: '审核环节不正确' }),
  decision: z.enum(REVIEW_DECISIONS, { error: '请选择审核意见' }),
  reason: optionalText(500, '理由'),
  /** The committee's approval: the subsidy granted (元), the programme's amount for the tier by default. */
  grantedAmount: yuan('核定金额').nullable().optional(),
  amountReason: optionalText(200, '调整理由'),
});
export type ReviewInput = z.infer<typeof ReviewSchema>;

// ---------------------------------------------------------------- payments

export const PaymentCreateSchema = z.object({
  applicationId: id('申请'),
  amount: z.number({ error: '发放金额应为数字' }).positive('发放金额须大于 0').max(100_000_000, '发放金额不能超过 1 亿元'),
  paidOn: dateString('发放日期'),
  reference: requiredText(40, '凭证号'),
  note: optionalText(200, '备注'),
});
export type PaymentCreate = z.infer<typeof PaymentCreateSchema>;

export const PaymentReverseSchema = z.object({
  paidOn: dateString('冲销日期'),
  reference: requiredText(40, '冲销凭证号'),
  note: requiredText(200, '冲销原因'),
});
export type PaymentReverse = z.infer<typeof PaymentReverseSchema>;

export const PaymentListQuery = z.object({
  programmeId: z.coerce.number().int().positive().optional(),
  applicationId: z.coerce.number().int().positive().optional(),
  from: dateString('开始日期').optional(),
  to: dateString('结束日期').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type PaymentListQuery = z.infer<typeof PaymentListQuery>;

export const PaymentTotalsQuery = z.object({
  year: z.coerce.number({ error: '年度应为四位年份' }).int('年度应为四位年份').min(2000, '年度不早于2000年').max(2100, '年度不晚于2100年'),
  periodType: z.enum(PAYMENT_PERIOD_TYPES, { error: '统计周期应为 month、quarter、half 或 year' }).default('month'),
  programmeId: z.coerce.number().int().positive().optional(),
});
export type PaymentTotalsQuery = z.infer<typeof PaymentTotalsQuery>;
