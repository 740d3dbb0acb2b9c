import { z } from 'zod';
import { ID_CARD_PROBLEM_ZH, isValidMobile, parseIdCard } from '../../../shared/id-card';
import { PARTY_STATUSES, PERSON_ROLES } from '../../../shared/person-roles';

const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

export const PersonRoleInputSchema = z.object({
  role: z.enum(PERSON_ROLES, { message: '请选择人员类别' }),
  orgUnitId: z.number().int().positive().nullable().optional(),
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
  status: z.enum(PARTY_STATUSES, { message: '请选择党员状态' }).nullable().optional(),
  post: z.string().trim().max(50).nullable().optional(),
  rank: z.string().trim().max(30).nullable().optional(),
  note: z.string().trim().max(200).nullable().optional(),
});
export type PersonRoleInput = z.infer<typeof PersonRoleInputSchema>;

export const idNumberSchema = z.string().superRefine((v, ctx) => {
  const r = parseIdCard(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: ID_CARD_PROBLEM_ZH[r.problem] });
});
export const phoneSchema = z
  .string()
  .trim()
  .refine((v) => v === '' || isValidMobile(v), '手机号应为11位大陆手机号码');

const personFields = {
  name: z.string().trim().min(1, '请填写姓名').max(50, '姓名不超过50个字符'),
  phone: phoneSchema.nullable().optional(),
  orgUnitId: z.number({ message: '请选择所在单位' }).int().positive('请选择所在单位'),
  note: z.string().trim().max(500).nullable().optional(),
  roles: z.array(PersonRoleInputSchema).max(20).default([]),
};

export const PersonCreateSchema = z.object({ ...personFields, idNumber: idNumberSchema });
export type PersonCreate = z.infer<typeof PersonCreateSchema>;

/** `idNumber` only when it is being corrected, `phone` only when changed ('' clears it). */
export const PersonUpdateSchema = z.object({ ...personFields, version: z.number().int().positive(), idNumber: idNumberSchema.optional() });
export type PersonUpdate = z.infer<typeof PersonUpdateSchema>;

export const PEOPLE_SORTS = ['name', '-name', 'birthDate', '-birthDate', 'createdAt', '-createdAt'] as const;

export const PeopleQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(PEOPLE_SORTS).default('name'),
  /** Name prefix, or an exact full ID number or phone. */
  q: z.string().trim().max(50).optional(),
  /** Only people in this unit's subtree (e.g. one party branch). */
  orgUnitId: z.coerce.number().int().positive().optional(),
  role: z.enum(PERSON_ROLES).optional(),
  partyStatus: z.enum(PARTY_STATUSES).optional(),
  gender: z.enum(['male', 'female']).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type PeopleQuery = z.infer<typeof PeopleQuerySchema>;

export const PeopleExportQuerySchema = PeopleQuerySchema.omit({ page: true, pageSize: true }).extend({
  /** Full ID numbers and phones in the file; needs reveal:people and is audit-logged. */
  reveal: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
