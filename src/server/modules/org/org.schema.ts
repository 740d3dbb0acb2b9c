import { z } from 'zod';
import { ORG_TYPES } from '../../../shared/org-types';

const code = z
  .string()
  .trim()
  .min(1, '请填写编码')
  .max(40, '编码不超过40个字符')
  .regex(/^[0-9A-Za-z_-]+$/, '编码只能包含数字、字母、下划线和短横线');
const name = z.string().trim().min(1, '请填写名称').max(100, '名称不超过100个字符');

export const OrgUnitCreateSchema = z.object({
  parentId: z.number().int().positive(),
  code,
  name,
  type: z.enum(ORG_TYPES, { message: '请选择有效的单位类型' }),
});
export type OrgUnitCreate = z.infer<typeof OrgUnitCreateSchema>;

export const OrgUnitUpdateSchema = z.object({
  version: z.number().int().positive(),
  code: code.optional(),
  name: name.optional(),
  type: z.enum(ORG_TYPES, { message: '请选择有效的单位类型' }).optional(),
});
export type OrgUnitUpdate = z.infer<typeof OrgUnitUpdateSchema>;

export const OrgUnitMoveSchema = z.object({
  version: z.number().int().positive(),
  newParentId: z.number().int().positive(),
});

export const VersionSchema = z.object({ version: z.number().int().positive() });

export const IdParamSchema = z.object({ id: z.coerce.number().int().positive() });

export const OrgSearchSchema = z.object({
  q: z.string().trim().min(1, '请输入搜索内容').max(50),
  type: z.enum(ORG_TYPES).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const OrgChildrenQuerySchema = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const ImportModeSchema = z.object({
  mode: z.enum(['preview', 'valid-only', 'all-or-nothing']).default('preview'),
  /** From the preview: apply refuses when the file or the data changed since. */
  previewToken: z.string().max(128).optional(),
});
