import { z } from 'zod';
import { APARTMENT_STATUSES, CONTRACT_KINDS, RECRUITMENT_STAGES } from '../../../shared/talent';

// Request schemas of talent apartments (人才公寓) and the overseas recruitment pipeline (海外引才).

const id = z.number({ error: '请选择' }).int().positive();
const dateString = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2022-03-14`);
const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

// ---------------------------------------------------------------- apartments

const flatText = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const area = z.number({ error: '请填写面积' }).gt(0, '面积应大于 0').max(9999, '面积不能超过 9999 平方米');

export const ApartmentCreateSchema = z.object({
  /** The town or street where the estate is. */
  orgUnitId: id,
  estate: flatText('小区（项目）', 60),
  building: flatText('楼栋', 20),
  unitNo: flatText('房号', 20),
  area,
});
export type ApartmentCreate = z.infer<typeof ApartmentCreateSchema>;

export const ApartmentUpdateSchema = z.object({
  version: z.number().int().positive(),
  orgUnitId: id.optional(),
  estate: flatText('小区（项目）', 60).optional(),
  building: flatText('楼栋', 20).optional(),
  unitNo: flatText('房号', 20).optional(),
  area: area.optional(),
  /** Only 已预留 → 空置 (releasing a reservation) is a status change made by hand; the rest follow contracts. */
  status: z.enum(APARTMENT_STATUSES, { error: '请选择状态' }).optional(),
});
export type ApartmentUpdate = z.infer<typeof ApartmentUpdateSchema>;

export const ApartmentListQuerySchema = z.object({
  /** Flats of estates under this unit (default: the account's whole area). */
  orgUnitId: z.coerce.number().int().positive().optional(),
  estate: z.string().trim().max(60).optional(),
  building: z.string().trim().max(20).optional(),
  status: z.enum(APARTMENT_STATUSES).optional(),
  minArea: z.coerce.number().min(0).max(9999).optional(),
  maxArea: z.coerce.number().min(0).max(9999).optional(),
  /** Part of a room number, building or estate. */
  q: z.string().trim().max(60).optional(),
  page,
  pageSize,
});
export type ApartmentListQuery = z.infer<typeof ApartmentListQuerySchema>;

export const ContractCreateSchema = z
  .object({
    /** The flat's version as the user saw it. */
    version: z.number().int().positive(),
    kind: z.enum(CONTRACT_KINDS, { error: '请选择合同类型' }),
    personId: id,
    signedOn: dateString('签订日期'),
    startDate: dateString('起始日期'),
    endDate: dateString('结束日期').nullable().optional(),
  })
  .refine((v) => !v.endDate || v.endDate >= v.startDate, { message: '结束日期不能早于起始日期', path: ['endDate'] })
  .refine((v) => v.kind === 'sale' || !!v.endDate, { message: '租赁和免费租住合同请填写租期结束日期', path: ['endDate'] })
  .refine((v) => v.kind !== 'sale' || !v.endDate, { message: '购买合同没有结束日期', path: ['endDate'] })
  .refine((v) => v.startDate >= v.signedOn || v.kind === 'sale', { message: '起租日期不能早于签订日期', path: ['startDate'] });
export type ContractCreate = z.infer<typeof ContractCreateSchema>;

export const ContractTerminateSchema = z.object({
  terminatedOn: dateString('终止日期'),
  reason: z.string().trim().min(1, '请填写终止原因').max(200, '终止原因不能超过 200 个字'),
});
export type ContractTerminate = z.infer<typeof ContractTerminateSchema>;

export const ContractListQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  kind: z.enum(CONTRACT_KINDS).optional(),
  /** Signed in this year. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** live: not terminated; terminated: ended. */
  state: z.enum(['live', 'terminated']).optional(),
  estate: z.string().trim().max(60).optional(),
  page,
  pageSize,
});
export type ContractListQuery = z.infer<typeof ContractListQuerySchema>;

export const AllocationPreviewSchema = z.object({
  programmeId: id,
  /** Allocate only flats of this estate (e.g. one 人才公寓 project); all estates when empty. */
  estate: z.string().trim().max(60).nullable().optional(),
});
export type AllocationPreview = z.infer<typeof AllocationPreviewSchema>;

export const AllocationConfirmSchema = AllocationPreviewSchema.extend({
  /** From the preview: refused if the ranking or the free flats changed since. */
  previewToken: z.string().min(1, '请先预览分配结果').max(128),
});
export type AllocationConfirm = z.infer<typeof AllocationConfirmSchema>;

export const AllocationListQuerySchema = z.object({ programmeId: z.coerce.number().int().positive().optional() });

// ---------------------------------------------------------------- recruitment

export const RECRUITMENT_LEVELS = ['national', 'provincial'] as const;
const year = z.number({ error: '请填写申报年度' }).int().min(2000, '申报年度不早于 2000 年').max(2100, '申报年度不晚于 2100 年');

export const CandidateCreateSchema = z.object({
  year,
  name: z.string().trim().min(1, '请填写姓名').max(30, '姓名不能超过 30 个字'),
  field: z.string().trim().min(1, '请填写专业领域').max(60, '专业领域不能超过 60 个字'),
  employerUnitId: id,
  level: z.enum(RECRUITMENT_LEVELS, { error: '请选择申报层次' }),
  personId: id.nullable().optional(),
  /** The date of the application (申报), the first stage event. */
  appliedOn: dateString('申报日期'),
  note: optionalText(200, '备注'),
});
export type CandidateCreate = z.infer<typeof CandidateCreateSchema>;

export const CandidateUpdateSchema = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1, '请填写姓名').max(30, '姓名不能超过 30 个字').optional(),
  field: z.string().trim().min(1, '请填写专业领域').max(60, '专业领域不能超过 60 个字').optional(),
  employerUnitId: id.optional(),
  level: z.enum(RECRUITMENT_LEVELS, { error: '请选择申报层次' }).optional(),
  personId: id.nullable().optional(),
});
export type CandidateUpdate = z.infer<typeof CandidateUpdateSchema>;

export const StageMoveSchema = z.object({
  version: z.number().int().positive(),
  toStage: z.enum(RECRUITMENT_STAGES.filter((s) => s !== 'applied') as ['screened', 'defence', 'selected', 'not_selected'], { error: '请选择下一环节' }),
  movedOn: dateString('日期'),
  note: optionalText(200, '说明'),
});
export type StageMove = z.infer<typeof StageMoveSchema>;

export const CandidateListQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  level: z.enum(RECRUITMENT_LEVELS).optional(),
  stage: z.enum(RECRUITMENT_STAGES).optional(),
  employerUnitId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(60).optional(),
  page,
  pageSize,
});
export type CandidateListQuery = z.infer<typeof CandidateListQuerySchema>;

export const RatesQuerySchema = z.object({
  from: z.coerce.number().int().min(2000).max(2100).optional(),
  to: z.coerce.number().int().min(2000).max(2100).optional(),
});
