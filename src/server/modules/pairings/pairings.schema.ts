import { z } from 'zod';
import { CONTACT_KINDS, DEFAULT_SILENCE_DAYS, PAIRING_KINDS, PAIRING_STATUSES } from '../../../shared/pairings';

const dateString = (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2022-03-14`);
const id = z.number({ error: '请选择' }).int().positive();
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** One side of a pairing: a person from the registry or an org unit, with its role in the pairing. */
export const PartyInputSchema = z
  .object({
    personId: id.nullable().optional(),
    orgUnitId: id.nullable().optional(),
    roleLabel: z.string({ error: '请填写角色' }).trim().min(1, '请填写该方在结对中的角色').max(20, '角色不能超过 20 个字'),
  })
  .refine((p) => (p.personId == null) !== (p.orgUnitId == null), { message: '每一方须是一名人员或一个单位', path: ['personId'] });
export type PartyInput = z.infer<typeof PartyInputSchema>;

const definition = {
  kind: z.enum(PAIRING_KINDS, { error: '请选择结对类型' }),
  title: z.string({ error: '请填写名称' }).trim().min(1, '请填写结对名称').max(100, '名称不能超过 100 个字'),
  purpose: z.string({ error: '请填写结对目的' }).trim().min(1, '请填写结对目的和主要任务').max(1000, '结对目的不能超过 1000 个字'),
  /** The unit responsible for the pairing; defaults to the account's own unit. */
  ownerUnitId: id.optional(),
  startDate: dateString('开始日期'),
  endDate: dateString('结束日期').nullable().optional(),
  parties: z.array(PartyInputSchema, { error: '请添加结对各方' }).max(60, '结对各方不能超过 60 个'),
};

export const PairingCreateSchema = z.object(definition).refine((v) => !v.endDate || v.endDate >= v.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type PairingCreate = z.infer<typeof PairingCreateSchema>;

/** The whole definition again, with the version it was read at (optimistic locking). */
export const PairingUpdateSchema = z
  .object({ ...definition, version: z.number().int().positive() })
  .refine((v) => !v.endDate || v.endDate >= v.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type PairingUpdate = z.infer<typeof PairingUpdateSchema>;

export const PairingEndSchema = z.object({
  version: z.number().int().positive(),
  endedOn: dateString('结束日期'),
  reason: z.string({ error: '请填写原因' }).trim().min(1, '请填写提前结束的原因').max(200, '原因不能超过 200 个字'),
});
export type PairingEnd = z.infer<typeof PairingEndSchema>;

export const ContactCreateSchema = z.object({
  occurredOn: dateString('联系日期'),
  kind: z.enum(CONTACT_KINDS, { error: '请选择联系方式' }),
  summary: z.string({ error: '请填写联系内容' }).trim().min(1, '请填写联系内容').max(500, '联系内容不能超过 500 个字'),
});
export type ContactCreate = z.infer<typeof ContactCreateSchema>;

export const PairingListQuerySchema = z.object({
  kind: z.enum(PAIRING_KINDS).optional(),
  status: z.enum(PAIRING_STATUSES).optional(),
  /** Pairings this unit's subtree owns or takes part in. */
  orgUnitId: z.coerce.number().int().positive().optional(),
  /** Pairings with this person as a party. */
  personId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  page,
  pageSize,
});
export type PairingListQuery = z.infer<typeof PairingListQuerySchema>;

export const SilentQuerySchema = z.object({
  /** Days without a contact that make a pairing silent. */
  days: z.coerce.number({ error: '天数应为整数' }).int('天数应为整数').min(1, '天数至少为 1').max(3650, '天数不能超过 3650').default(DEFAULT_SILENCE_DAYS),
  kind: z.enum(PAIRING_KINDS).optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  /** Only pairings the reader's units own (those they can log a contact for). */
  actionable: z.enum(['true', 'false']).optional(),
  page,
  pageSize,
});
export type SilentQuery = z.infer<typeof SilentQuerySchema>;
