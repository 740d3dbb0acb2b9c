import { z } from 'zod';
import { ATTRIBUTE_TYPES, HONOUR_LEVELS, PROJECT_STATUSES, RECORD_KINDS } from '../../../shared/ledger';
import { RecordQuerySchema } from '../../../shared/ledger-query';

export { RecordQuerySchema };

const id = z.number({ error: '请选择' }).int().positive();
const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();
const requiredText = (max: number, label: string) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const dateString = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2022-06-30`)
    .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s), `${label}不是有效日期`);
const count = (label: string) => z.number({ error: `${label}应为数字` }).int(`${label}应为整数`).min(0, `${label}不能为负数`).max(10_000_000, `${label}过大`).nullable().optional();
const amount = (label: string) => z.number({ error: `${label}应为数字` }).min(0, `${label}不能为负数`).max(1e13, `${label}过大`);
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);
const attributes = z.record(z.string().max(40), z.unknown()).optional();

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const KindSchema = z.enum(RECORD_KINDS);

// ---- categories ----

export const AttributeDefSchema = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,29}$/, '属性标识须以小写字母开头，由字母、数字和下划线组成（不超过 30 位）'),
  label: requiredText(30, '属性名称'),
  type: z.enum(ATTRIBUTE_TYPES),
  required: z.boolean().optional(),
  options: z.array(z.string().trim().min(1).max(30)).max(50).optional(),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
});

export const CategoryCreateSchema = z.object({
  kind: KindSchema,
  parentId: id.nullable().optional(),
  code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{0,29}$/, '编码须以大写字母开头，由大写字母、数字和下划线组成'),
  name: requiredText(30, '类别名称'),
  attributes: z.array(AttributeDefSchema).max(30).optional(),
  slaDays: z.number().int().min(1, '办理时限至少 1 天').max(3650).nullable().optional(),
  sensitive: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type CategoryCreate = z.infer<typeof CategoryCreateSchema>;

export const CategoryUpdateSchema = z.object({
  version: z.number().int().positive(),
  name: requiredText(30, '类别名称').optional(),
  attributes: z.array(AttributeDefSchema).max(30).optional(),
  slaDays: z.number().int().min(1, '办理时限至少 1 天').max(3650).nullable().optional(),
  sensitive: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  archived: z.boolean().optional(),
});
export type CategoryUpdate = z.infer<typeof CategoryUpdateSchema>;
export const CategoryListQuerySchema = z.object({ kind: KindSchema.optional() });

// ---- records ----

const base = {
  categoryId: id,
  orgUnitId: id.optional(),
  title: requiredText(200, '标题'),
  notes: optionalText(5000, '备注'),
  attributes,
};

export const ActivityInputSchema = z.object({
  ...base,
  heldOn: dateString('活动日期'),
  endedOn: dateString('结束日期').nullable().optional(),
  place: optionalText(100, '地点'),
  participants: count('参与人数'),
  audience: count('受众人数'),
  team: optionalText(50, '宣讲团/队伍'),
  outcomes: optionalText(2000, '成效'),
  personIds: z.array(id).max(2000).optional(),
});
export type ActivityInput = z.infer<typeof ActivityInputSchema>;

export const CaseInputSchema = z.object({
  ...base,
  registeredOn: dateString('登记日期'),
  /** Defaults to the registered date plus the category's SLA. */
  dueOn: dateString('办理期限').nullable().optional(),
  requester: optionalText(100, '提出方'),
  sourceActivityId: id.nullable().optional(),
});
export type CaseInput = z.infer<typeof CaseInputSchema>;

export const ProjectInputSchema = z.object({
  ...base,
  partnerUnitIds: z.array(id).max(50).optional(),
  status: z.enum(PROJECT_STATUSES).default('planned'),
  startedOn: dateString('开工日期'),
  plannedEndOn: dateString('计划完工日期').nullable().optional(),
  completedOn: dateString('完工日期').nullable().optional(),
  progress: z.number({ error: '进度应为数字' }).int().min(0, '进度在 0–100 之间').max(100, '进度在 0–100 之间').default(0),
  funds: z
    .array(z.object({ source: requiredText(30, '资金来源'), planned: amount('计划投资'), actual: amount('实际投资') }))
    .max(20)
    .optional(),
  milestones: z
    .array(z.object({ name: requiredText(60, '节点名称'), plannedOn: dateString('计划日期').nullable().optional(), doneOn: dateString('完成日期').nullable().optional() }))
    .max(50)
    .optional(),
});
export type ProjectInput = z.infer<typeof ProjectInputSchema>;

export const HonourInputSchema = z.object({
  ...base,
  level: z.enum(HONOUR_LEVELS, { error: '请选择荣誉级别' }),
  issuer: optionalText(100, '授予单位'),
  awardedOn: dateString('授予日期'),
  recipientType: z.enum(['person', 'unit']),
  recipientPersonId: id.nullable().optional(),
});
export type HonourInput = z.infer<typeof HonourInputSchema>;

/** An update carries the version it was read at, and any subset of the fields. */
export const withVersion = <T extends z.ZodObject>(s: T) => s.partial().extend({ version: z.number().int().positive() });
export const ActivityUpdateSchema = withVersion(ActivityInputSchema);
export const CaseUpdateSchema = withVersion(CaseInputSchema);
export const ProjectUpdateSchema = withVersion(ProjectInputSchema);
export const HonourUpdateSchema = withVersion(HonourInputSchema);

export const ListQuerySchema = z.object({
  /** Records of units under this one (default: the whole scope). */
  unitId: z.coerce.number().int().positive().optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '开始日期格式应为 2022-01-01').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '结束日期格式应为 2022-12-31').optional(),
  /** Which date `from`/`to` apply to (cases: registered, resolved or closed). */
  dateBasis: z.string().max(20).optional(),
  status: z.string().max(100).optional(),
  level: z.string().max(100).optional(),
  q: z.string().trim().max(50).optional(),
  /** Cases: only those past their deadline (overdue) or within DUE_SOON_DAYS of it. */
  flag: z.enum(['overdue', 'due_soon']).optional(),
  /** Cases: 'handling' — only those the account's own unit is handling; 'registered' — only those it registered. */
  mine: z.enum(['handling', 'registered']).optional(),
  /** Cases: only those handled under the unit (as derived figures count them), not those it registered. */
  side: z.enum(['handler']).optional(),
  attrKey: z.string().max(40).optional(),
  attrValue: z.string().max(100).optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
  page,
  pageSize,
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

// ---- case workflow ----

export const AssignSchema = z.object({ version: z.number().int().positive(), unitId: id, note: optionalText(500, '交办说明'), dueOn: dateString('办理期限').nullable().optional() });
export const ProgressSchema = z.object({ version: z.number().int().positive(), note: requiredText(1000, '办理进展') });
export const ResolveSchema = z.object({ version: z.number().int().positive(), resolution: requiredText(2000, '办理结果') });
export const CloseSchema = z.object({ version: z.number().int().positive(), note: optionalText(500, '销号意见') });
export const ReturnSchema = z.object({ version: z.number().int().positive(), reason: requiredText(500, '退回理由') });
export const ArchiveSchema = z.object({ version: z.number().int().positive(), archived: z.boolean() });

export const OverdueQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });

// ---- record queries (derived indicators) ----

export const RecordQueryPreviewSchema = z.object({
  query: RecordQuerySchema,
  unitId: z.number().int().positive().optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
