import { z } from 'zod';
import { RecordQuerySchema } from './ledger-query';

/**
 * Assessment (考评) vocabulary shared by server and web: a scheme's definition as the API
 * accepts it, and the words the pages use for it. A definition is stored whole in each
 * scheme version, so a published result can always be re-read with the rules it used.
 */

export const SCHEME_KINDS = ['competition', 'index', 'evaluation', 'selection'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];
export const SCHEME_KIND_ZH: Record<SchemeKind, string> = { competition: '比拼擂台', index: '指数', evaluation: '综合评价', selection: '创建评选' };

export const NORMALIZATIONS = ['minmax', 'target', 'rank', 'bands'] as const;
export type NormalizationKind = (typeof NORMALIZATIONS)[number];
export const NORMALIZATION_ZH: Record<NormalizationKind, string> = {
  minmax: '极差标准化（同批最高得满分、最低得0分）',
  target: '目标完成率（封顶100%）',
  rank: '按名次得分',
  bands: '分档计分',
};

const key = z
  .string()
  .trim()
  .min(1, '请填写编号')
  .max(30, '编号最多30个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '编号只能包含字母、数字、下划线和短横线');
const label = z.string().trim().min(1, '请填写名称').max(60, '名称最多60个字');
const points = z.number({ error: '请填写分值' }).finite().min(0, '分值不能为负').max(1000, '分值不能超过1000');

/** A band of a fixed scoring table: values in [min, max) score `score` points (of the item's weight). */
export const BandSchema = z
  .object({
    min: z.number().finite().nullable().optional(),
    max: z.number().finite().nullable().optional(),
    score: points,
  })
  .refine((b) => b.min == null || b.max == null || b.min < b.max, { message: '下限应小于上限', path: ['max'] });
export type Band = z.infer<typeof BandSchema>;

export const NormalizationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('minmax') }),
  /** Value ÷ target, capped at 100%; the target is fixed here or else each unit's own 目标值. */
  z.object({ kind: z.literal('target'), target: z.number().finite().positive('目标值应大于0').nullable().optional() }),
  z.object({ kind: z.literal('rank') }),
  z.object({ kind: z.literal('bands'), bands: z.array(BandSchema).min(1, '请至少设置一个分档').max(20, '最多20个分档') }),
]);
export type Normalization = z.infer<typeof NormalizationSchema>;

/** A weighted item: an indicator's value for each unit, normalized to 0–1 and multiplied by the weight. */
export const SchemeItemSchema = z.object({
  key,
  label,
  indicatorCode: z.string().trim().min(1, '请选择指标').max(40),
  weight: z.number({ error: '请填写权重' }).finite().gt(0, '权重应大于0').max(1000, '权重不能超过1000'),
  normalization: NormalizationSchema,
});
export type SchemeItem = z.infer<typeof SchemeItemSchema>;

/** What a bonus, penalty or veto counts for each unit: an indicator's value, or ledger records. */
export const MeasureSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('indicator'), indicatorCode: z.string().trim().min(1, '请选择指标').max(40) }),
  z.object({ kind: z.literal('records'), query: RecordQuerySchema }),
  /** Cases the unit handled whose deadline fell in the period and that were not resolved by it. */
  z.object({ kind: z.literal('overdueCases') }),
]);
export type Measure = z.infer<typeof MeasureSchema>;

/** 加分/减分: points per unit of the measure, capped. */
export const AdjustmentSchema = z.object({
  key,
  label,
  direction: z.enum(['bonus', 'penalty']),
  measure: MeasureSchema,
  pointsPer: z.number({ error: '请填写每项分值' }).finite().gt(0, '每项分值应大于0').max(1000),
  cap: points,
});
export type Adjustment = z.infer<typeof AdjustmentSchema>;

/** 一票否决: a unit whose measure reaches the threshold scores 0 and ranks last. */
export const VetoSchema = z.object({
  key,
  label,
  measure: MeasureSchema,
  atLeast: z.number({ error: '请填写否决阈值' }).finite().gt(0, '否决阈值应大于0'),
});
export type Veto = z.infer<typeof VetoSchema>;

/** Grades from the top: a total at or above `min` earns the first grade it reaches. */
export const GradeSchema = z.object({ label: z.string().trim().min(1, '请填写等次名称').max(20), min: z.number().finite().min(0, '分数线不能为负') });
export type Grade = z.infer<typeof GradeSchema>;

export const SchemeDefinitionSchema = z
  .object({
    items: z.array(SchemeItemSchema).min(1, '请至少设置一个计分项目').max(50, '最多50个计分项目'),
    adjustments: z.array(AdjustmentSchema).max(30).default([]),
    vetoes: z.array(VetoSchema).max(20).default([]),
    grades: z.array(GradeSchema).max(10).default([]),
    /** Cap on bonus points in total (加分封顶); null = only each item's own cap. */
    bonusCap: points.nullable().optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    for (const [list, name] of [
      [d.items, 'items'],
      [d.adjustments, 'adjustments'],
      [d.vetoes, 'vetoes'],
    ] as const) {
      list.forEach((x, i) => {
        if (seen.has(x.key)) ctx.addIssue({ code: 'custom', message: `编号 ${x.key} 重复`, path: [name, i, 'key'] });
        seen.add(x.key);
      });
    }
    d.items.forEach((it, i) => {
      if (it.normalization.kind === 'bands')
        it.normalization.bands.forEach((b, j) => {
          if (b.score > it.weight) ctx.addIssue({ code: 'custom', message: '分档得分不能超过该项权重', path: ['items', i, 'normalization', 'bands', j, 'score'] });
        });
    });
    const mins = d.grades.map((g) => g.min);
    for (let i = 1; i < mins.length; i++) {
      if (mins[i] >= mins[i - 1]) ctx.addIssue({ code: 'custom', message: '等次应从高到低排列，分数线逐级降低', path: ['grades', i, 'min'] });
    }
    const labels = d.grades.map((g) => g.label);
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i) ctx.addIssue({ code: 'custom', message: `等次 ${l} 重复`, path: ['grades', i, 'label'] });
    });
  });
export type SchemeDefinition = z.infer<typeof SchemeDefinitionSchema>;

/** How ties are broken, in words shown under every league table. */
export const TIE_BREAK_ZH = '总分相同时，依次比较各计分项目得分（按方案中的顺序），仍相同者并列同一名次，按单位编码排列。';

/** Incentive pool (激励奖金) allocation methods. */
export const POOL_METHODS = ['tiers', 'proportional'] as const;
export type PoolMethod = (typeof POOL_METHODS)[number];
export const POOL_METHOD_ZH: Record<PoolMethod, string> = { tiers: '按名次分档', proportional: '按超出保底分的得分比例' };
