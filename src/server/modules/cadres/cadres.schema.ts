import { z } from 'zod';
import { normalizeDate } from '../../../shared/person-roles';
import { CARE_KINDS, CAREER_KINDS, CORRECTION_STATUSES, EVALUATION_GRADES, FT_OUTCOMES, FT_REQUEST_KINDS, FT_STATUSES } from '../../../shared/cadres';

// Field rules the forms show beside each field; rules across fields (hours only on training, dates
// in order, a changed decision needs a reason) are checked in the services with their own codes.
const id = z.number({ error: '请选择' }).int().positive();
const text = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();
const dateString = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2022-03-14`)
    .refine((v) => normalizeDate(v) === v, `${label}不是有效的日期`);
const version = z.number({ error: '缺少版本号，请刷新后重试' }).int().positive();
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);

export const PersonParam = z.object({ personId: z.coerce.number().int().positive() });
export const IdParam = z.object({ id: z.coerce.number().int().positive() });

// ---- career entries

export const CareerEntryCreateSchema = z.object({
  kind: z.enum(CAREER_KINDS, { error: '请选择类别（任职、职级、培训或年度考核）' }),
  title: text('名称', 100),
  orgUnitId: id.nullable().optional(),
  startDate: dateString('开始日期'),
  endDate: dateString('结束日期').nullable().optional(),
  hours: z.number({ error: '学时应为数字' }).positive('学时应大于0').max(2000, '学时不能超过 2000').nullable().optional(),
  grade: z.enum(EVALUATION_GRADES, { error: '考核等次应为优秀、称职、基本称职或不称职' }).nullable().optional(),
  note: optionalText('备注', 500),
});
export type CareerEntryCreate = z.infer<typeof CareerEntryCreateSchema>;

export const CareerEntryUpdateSchema = CareerEntryCreateSchema.partial().extend({ version });
export type CareerEntryUpdate = z.infer<typeof CareerEntryUpdateSchema>;

export const VersionBody = z.object({ version });

// ---- care records

export const CareCreateSchema = z.object({
  kind: z.enum(CARE_KINDS, { error: '请选择关爱方式' }),
  occurredOn: dateString('日期'),
  byWhom: text('关爱人（单位或领导）', 50),
  summary: text('关爱内容', 500),
  followUp: optionalText('后续跟进', 500),
});
export type CareCreate = z.infer<typeof CareCreateSchema>;

// ---- correction requests

export const CorrectionCreateSchema = z.object({
  subject: z.string({ error: '请选择需要更正的内容' }).regex(/^((career|dispatch|honour):[1-9]\d{0,9}|profile|other)$/, '请选择需要更正的内容'),
  requested: text('正确的内容', 500),
  reason: optionalText('说明', 500),
});
export type CorrectionCreate = z.infer<typeof CorrectionCreateSchema>;

export const CorrectionAnswerSchema = z.object({
  version,
  decision: z.enum(['accept', 'reject'], { error: '请选择采纳或不采纳' }),
  /** What was done (accepting) or why not (rejecting: required). */
  response: optionalText('答复', 500),
  /** Accepting a request about a career entry: the entry as corrected, applied in the same step. */
  change: CareerEntryUpdateSchema.optional(),
});
export type CorrectionAnswer = z.infer<typeof CorrectionAnswerSchema>;

export const CorrectionListQuerySchema = z.object({
  status: z.enum(CORRECTION_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
  page,
  pageSize,
});
export type CorrectionListQuery = z.infer<typeof CorrectionListQuerySchema>;

// ---- cadres

export const CadreListQuerySchema = z.object({
  /** Cadres whose home unit is under this unit (default: the account's whole area). */
  orgUnitId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  /** The year whose training hours are shown (default: the latest year on record). */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page,
  pageSize,
});
export type CadreListQuery = z.infer<typeof CadreListQuerySchema>;

// ---- 容错澄清

export const FtCreateSchema = z.object({
  personId: id,
  requestKind: z.enum(FT_REQUEST_KINDS, { error: '请选择申请类别（容错免责或澄清正名）' }),
  matter: text('申请事项', 1000),
  applicant: text('申请人', 100),
  appliedOn: dateString('申请日期'),
  /** The unit the case belongs to; the cadre's home unit when omitted. */
  orgUnitId: id.nullable().optional(),
});
export type FtCreate = z.infer<typeof FtCreateSchema>;

export const FtInvestigationSchema = z.object({
  version,
  investigation: text('调查核实情况', 2000),
  investigatedBy: text('调查人（组）', 100),
  investigatedOn: dateString('调查完成日期'),
});
export type FtInvestigation = z.infer<typeof FtInvestigationSchema>;

export const FtDecisionSchema = z.object({
  version,
  outcome: z.enum(FT_OUTCOMES, { error: '请选择决定结果' }),
  grounds: text('认定依据', 2000),
  committee: text('决定机构', 100),
  decidedOn: dateString('决定日期'),
  /** Required when a decision is already in force: why it changes. */
  changeReason: optionalText('变更理由', 500),
});
export type FtDecisionInput = z.infer<typeof FtDecisionSchema>;

export const FtListQuerySchema = z.object({
  status: z.enum(FT_STATUSES).optional(),
  outcome: z.enum(FT_OUTCOMES).optional(),
  q: z.string().trim().max(50).optional(),
  page,
  pageSize,
});
export type FtListQuery = z.infer<typeof FtListQuerySchema>;
