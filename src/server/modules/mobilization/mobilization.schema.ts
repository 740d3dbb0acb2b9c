import { z } from 'zod';
import { ACTIVATION_LEVELS, AVAILABILITIES, CHECKIN_RESPONSES, DISPATCH_FRONTS } from '../../../shared/mobilization';

const id = z.number({ error: '请选择' }).int().positive();
const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();
const dateString = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2022-03-14`);
const dateTime = (label: string) => z.iso.datetime({ offset: true, error: `${label}格式应为 ISO 8601，如 2022-03-14T21:40:00+08:00` });
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);
const bool = z.enum(['true', 'false']).optional();

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const MemberParams = z.object({ id: z.coerce.number().int().positive(), memberId: z.coerce.number().int().positive() });
export const TokenParam = z.object({ token: z.string().max(100) });

// ---- forces and units ----

export const ForceCreateSchema = z.object({
  name: z.string().trim().min(1, '请填写队伍名称').max(50, '队伍名称不能超过 50 个字'),
  /** Owning unit; defaults to the account's own unit. */
  orgUnitId: id.optional(),
  description: optionalText(500, '说明'),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type ForceCreate = z.infer<typeof ForceCreateSchema>;

export const ForceUpdateSchema = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1, '请填写队伍名称').max(50, '队伍名称不能超过 50 个字').optional(),
  description: optionalText(500, '说明'),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  archived: z.boolean().optional(),
});
export type ForceUpdate = z.infer<typeof ForceUpdateSchema>;

export const UnitCreateSchema = z.object({
  name: z.string().trim().min(1, '请填写单元名称').max(60, '单元名称不能超过 60 个字'),
  orgUnitId: id,
  forceId: id.nullable().optional(),
  leaderPersonId: id.nullable().optional(),
  deputyPersonId: id.nullable().optional(),
  minStrength: z.number({ error: '请填写最低到岗人数' }).int().min(0, '最低到岗人数不能为负').max(1000, '最低到岗人数不能超过 1000'),
  note: optionalText(500, '备注'),
});
export type UnitCreate = z.infer<typeof UnitCreateSchema>;

export const UnitUpdateSchema = UnitCreateSchema.partial().extend({ version: z.number().int().positive(), archived: z.boolean().optional() });
export type UnitUpdate = z.infer<typeof UnitUpdateSchema>;

export const UnitListQuerySchema = z.object({
  forceId: z.coerce.number().int().positive().optional(),
  /** Units attached anywhere under this org unit (default: the account's whole scope). */
  orgUnitId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  underStrength: bool,
  includeArchived: bool,
  page,
  pageSize,
});
export type UnitListQuery = z.infer<typeof UnitListQuerySchema>;

const skills = z.array(z.string().trim().min(1, '技能不能为空').max(20, '每项技能不超过 20 个字')).max(20, '技能最多 20 项');

export const RosterAddSchema = z.object({
  personId: id,
  skills: skills.default([]),
  availability: z.enum(AVAILABILITIES, { error: '请选择可调状态' }).default('available'),
  availabilityNote: optionalText(200, '可调说明'),
});
export type RosterAdd = z.infer<typeof RosterAddSchema>;

export const RosterUpdateSchema = z.object({
  version: z.number().int().positive(),
  skills: skills.optional(),
  availability: z.enum(AVAILABILITIES, { error: '请选择可调状态' }).optional(),
  availabilityNote: optionalText(200, '可调说明'),
});
export type RosterUpdate = z.infer<typeof RosterUpdateSchema>;

export const CoverageQuerySchema = z.object({ orgUnitId: z.coerce.number().int().positive().optional() });

// ---- activations ----

export const ActivationCreateSchema = z
  .object({
    event: z.string().trim().min(1, '请填写事件名称').max(100, '事件名称不能超过 100 个字'),
    level: z.enum(ACTIVATION_LEVELS, { error: '请选择响应等级（Ⅰ–Ⅳ级）' }),
    instructions: optionalText(2000, '任务要求'),
    assemblyPoint: z.string().trim().min(1, '请填写集结地点').max(200, '集结地点不能超过 200 个字'),
    assemblyAt: dateTime('集结时间'),
    /** Any mix of: chosen units, every unit of a force, every unit under an org unit (a town). */
    unitIds: z.array(id).max(5000).optional(),
    forceId: id.optional(),
    orgUnitId: id.optional(),
  })
  .refine((v) => (v.unitIds?.length ?? 0) > 0 || v.forceId != null || v.orgUnitId != null, { message: '请选择要激活的单元、队伍或镇街', path: ['unitIds'] });
export type ActivationCreate = z.infer<typeof ActivationCreateSchema>;

export const ActivationListQuerySchema = z.object({
  status: z.enum(['active', 'stood_down']).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page,
  pageSize,
});
export type ActivationListQuery = z.infer<typeof ActivationListQuerySchema>;

export const MemberListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  /** arrived / declined / silent (no answer) / unopened (link never opened). */
  state: z.enum(['arrived', 'declined', 'silent', 'unopened']).optional(),
  page,
  pageSize,
});
export type MemberListQuery = z.infer<typeof MemberListQuerySchema>;

export const HandCheckinSchema = z
  .object({
    response: z.enum(CHECKIN_RESPONSES, { error: '请选择已到岗或无法到岗' }),
    reason: optionalText(200, '原因'),
    /** When the member actually arrived, if recorded later; defaults to now. */
    at: dateTime('到岗时间').optional(),
  })
  .refine((v) => v.response !== 'declined' || !!v.reason, { message: '请填写无法到岗的原因', path: ['reason'] });
export type HandCheckin = z.infer<typeof HandCheckinSchema>;

export const RenotifySchema = z.object({ unitId: id.optional() });

export const StandDownSchema = z.object({ version: z.number().int().positive(), notes: optionalText(5000, '复盘记录') });
export const NotesSchema = z.object({ version: z.number().int().positive(), notes: z.string().trim().max(5000, '复盘记录不能超过 5000 个字') });

export const NotificationListQuerySchema = z.object({ status: z.enum(['queued', 'sent', 'failed']).optional(), page, pageSize });

// ---- public check-in ----

export const CheckinPostSchema = z
  .object({
    response: z.enum(CHECKIN_RESPONSES, { error: '请选择“已到岗”或“无法到岗”' }),
    reason: z.string().trim().max(200, '原因不能超过 200 个字').optional(),
  })
  .refine((v) => v.response !== 'declined' || !!v.reason, { message: '请填写无法到岗的原因', path: ['reason'] });
export type CheckinPost = z.infer<typeof CheckinPostSchema>;

// ---- dispatch ----

export const DispatchCreateSchema = z
  .object({
    personId: id,
    front: z.enum(DISPATCH_FRONTS, { error: '请选择派驻一线' }),
    postedUnitId: id,
    postedTo: optionalText(100, '具体岗位/专班'),
    role: z.string().trim().min(1, '请填写派驻职务').max(50, '派驻职务不能超过 50 个字'),
    startDate: dateString('开始日期'),
    endDate: dateString('结束日期').nullable().optional(),
    note: optionalText(500, '备注'),
  })
  .refine((v) => !v.endDate || v.endDate >= v.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type DispatchCreate = z.infer<typeof DispatchCreateSchema>;

export const DispatchEndSchema = z.object({
  version: z.number().int().positive(),
  endedOn: dateString('结束日期'),
  reason: z.string().trim().min(1, '请填写提前结束的原因').max(200, '原因不能超过 200 个字'),
});
export type DispatchEnd = z.infer<typeof DispatchEndSchema>;

export const DispatchListQuerySchema = z.object({
  front: z.enum(DISPATCH_FRONTS).optional(),
  /** Postings to units under this org unit. */
  orgUnitId: z.coerce.number().int().positive().optional(),
  personId: z.coerce.number().int().positive().optional(),
  /** Postings running on this day (在岗). */
  activeOn: dateString('日期').optional(),
  /** Postings overlapping [from, to]. */
  from: dateString('开始日期').optional(),
  to: dateString('结束日期').optional(),
  overlapsOnly: bool,
  page,
  pageSize,
});
export type DispatchListQuery = z.infer<typeof DispatchListQuerySchema>;

export const DispatchStatsQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
