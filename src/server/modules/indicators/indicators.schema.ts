import { z } from 'zod';
import { RecordQuerySchema } from '../../../shared/ledger-query';

const periodCode = z.string().regex(/^\d{4}(?:H[12]|Q[1-4]|-(?:0[1-9]|1[0-2]))?$/, '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
const indicatorCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, '编码须以大写字母开头，由大写字母、数字和下划线组成（2–40 位）');

export const AggregationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simple'), tree: z.enum(['sum', 'avg', 'max', 'min']), time: z.enum(['sum', 'avg', 'max', 'min', 'latest']) }),
  z.object({ kind: z.literal('ratio'), numerator: indicatorCode, denominator: indicatorCode, scale: z.number().positive().default(100) }),
  z.object({ kind: z.literal('formula'), expression: z.string().trim().min(1, '请填写公式').max(500) }),
]);

export const DefinitionSchema = z.object({
  effectiveFrom: periodCode,
  aggregation: AggregationSchema,
  valueKind: z.enum(['integer', 'decimal']).default('integer'),
  minValue: z.number().nullable().optional(),
  maxValue: z.number().nullable().optional(),
  notAbove: indicatorCode.nullable().optional(),
  /** For indicators derived from ledger records: what to count or sum. */
  recordQuery: RecordQuerySchema.nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export type DefinitionInput = z.infer<typeof DefinitionSchema>;

export const IndicatorCreateSchema = z.object({
  code: indicatorCode,
  name: z.string().trim().min(1, '请填写指标名称').max(100),
  unit: z.string().trim().min(1, '请填写计量单位').max(20),
  departmentId: z.number().int().positive().nullable().optional(),
  direction: z.enum(['higher', 'lower']),
  periodType: z.enum(['month', 'quarter', 'half', 'year']),
  source: z.enum(['entered', 'derived']).default('entered'),
  derivation: z.string().max(100).nullable().optional(),
  description: z.string().trim().max(1000).nullable().optional(),
  definition: DefinitionSchema,
});
export type IndicatorCreate = z.infer<typeof IndicatorCreateSchema>;

export const IndicatorUpdateSchema = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1, '请填写指标名称').max(100).optional(),
  unit: z.string().trim().min(1, '请填写计量单位').max(20).optional(),
  departmentId: z.number().int().positive().nullable().optional(),
  direction: z.enum(['higher', 'lower']).optional(),
  description: z.string().trim().max(1000).nullable().optional(),
  archived: z.boolean().optional(),
});
export type IndicatorUpdate = z.infer<typeof IndicatorUpdateSchema>;

export const IndicatorListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  periodType: z.enum(['month', 'quarter', 'half', 'year']).optional(),
  departmentId: z.coerce.number().int().positive().optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
});

export const AggregateQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  from: periodCode,
  to: periodCode.optional(),
  provisional: z.enum(['true', 'false']).optional(),
});

export const LeagueQuerySchema = AggregateQuerySchema.extend({
  unitTypes: z.string().max(200).optional(),
  threshold: z.coerce.number().optional(),
});

export const TargetsQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional(), period: periodCode });
export const TargetsPutSchema = z.object({
  period: periodCode,
  items: z.array(z.object({ orgUnitId: z.number().int().positive(), target: z.number().nullable(), version: z.number().int().positive().nullable().optional() })).max(5000),
});

export const BenchmarkCreateSchema = z.object({
  period: periodCode,
  orgUnitId: z.number().int().positive().optional(),
  peerGroup: z.string().trim().min(1, '请填写比较范围，如“金华市9个县（市、区）”').max(100),
  rank: z.number().int().positive(),
  peerCount: z.number().int().positive(),
  value: z.number().nullable().optional(),
  sourceTitle: z.string().trim().min(1, '请填写来源文件名称').max(200),
  sourceRef: z.string().trim().max(200).nullable().optional(),
  sourceDate: z.string().trim().max(20).nullable().optional(),
});

export const IndicatorIdParam = z.object({ id: z.coerce.number().int().positive() });
export { periodCode as PeriodCodeSchema };
