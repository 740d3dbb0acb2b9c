import { z } from 'zod';
import { POOL_METHODS, SCHEME_KINDS, SchemeDefinitionSchema } from '../../../shared/assessment';
import { ORG_TYPES } from '../../../shared/org-types';

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const ResultUnitParam = z.object({ id: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive() });
export const SlugParam = z.object({ slug: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
const period = z.string({ error: '请选择期次' }).regex(/^\d{4}(H[12]|Q[1-4]|-(0[1-9]|1[0-2]))?$/, '期次格式应为 2022、2022H1、2022Q3 或 2022-07');

const schemeFields = {
  name: z.string({ error: '请填写方案名称' }).trim().min(1, '请填写方案名称').max(60, '方案名称最多60个字'),
  kind: z.enum(SCHEME_KINDS, { error: '请选择方案类型' }),
  description: z.string().trim().max(500, '说明最多500个字').nullable().optional(),
  scopeUnitId: z.number({ error: '请选择参评范围' }).int().positive(),
  unitTypes: z.array(z.enum(ORG_TYPES)).min(1, '请至少选择一种参评单位类型'),
  periodType: z.enum(['year', 'half', 'quarter', 'month'], { error: '请选择考评周期' }),
  definition: SchemeDefinitionSchema,
};

export const SchemeCreateSchema = z.object({
  code: z
    .string({ error: '请填写方案编码' })
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,29}$/, '方案编码须以大写字母开头，由大写字母、数字和下划线组成（2–30位）'),
  ...schemeFields,
});

export const SchemeUpdateSchema = z.object({
  ...schemeFields,
  /** Why the rules changed, kept with the new version. */
  note: z.string().trim().max(200, '修订说明最多200个字').nullable().optional(),
  version: z.number().int().positive(),
});

export const RunQuerySchema = z.object({ period, versionNo: z.coerce.number().int().positive().optional() });

export const PublishSchema = z.object({
  period,
  title: z.string().trim().max(80, '标题最多80个字').nullable().optional(),
  /** Also publish a public page (no login) with the league table. */
  public: z.boolean().default(false),
  /** The scheme version the caller saw: publishing refuses if the rules changed since. */
  schemeVersion: z.number().int().positive(),
});

export const TierSchema = z.object({
  fromRank: z.number({ error: '请填写起始名次' }).int('名次应为整数').min(1, '名次从1开始'),
  toRank: z.number({ error: '请填写截止名次' }).int('名次应为整数').min(1, '名次从1开始'),
  amountEach: z.number({ error: '请填写每个单位的金额' }).int('金额应为整数元').positive('金额应大于0').max(1e10, '金额过大'),
});

export const PoolSchema = z
  .object({
    name: z.string({ error: '请填写奖金名称' }).trim().min(1, '请填写奖金名称').max(60, '名称最多60个字'),
    amount: z.number({ error: '请填写奖金池总额' }).int('奖金池总额应为整数元').positive('奖金池总额应大于0').max(1e11, '奖金池总额过大'),
    method: z.enum(POOL_METHODS, { error: '请选择分配方式' }),
    tiers: z.array(TierSchema).max(20, '最多20个档次').optional(),
    floor: z.number().finite().min(0, '保底分不能为负').optional(),
  })
  .superRefine((p, ctx) => {
    if (p.method === 'tiers') {
      if (!p.tiers?.length) ctx.addIssue({ code: 'custom', message: '请至少设置一个奖励档次', path: ['tiers'] });
      const tiers = p.tiers ?? [];
      tiers.forEach((t, i) => {
        if (t.toRank < t.fromRank) ctx.addIssue({ code: 'custom', message: '截止名次不能小于起始名次', path: ['tiers', i, 'toRank'] });
        if (i > 0 && t.fromRank <= tiers[i - 1].toRank) ctx.addIssue({ code: 'custom', message: '档次的名次区间不能重叠，且应从前往后排列', path: ['tiers', i, 'fromRank'] });
      });
    }
    if (p.method === 'proportional' && p.floor == null) ctx.addIssue({ code: 'custom', message: '请填写保底分（超出部分按比例分配）', path: ['floor'] });
  });
