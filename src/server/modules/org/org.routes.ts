import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors';
import { XLSX_MIME } from '../../xlsx';
import {
  IdParamSchema,
  ImportModeSchema,
  OrgChildrenQuerySchema,
  OrgSearchSchema,
  OrgUnitCreateSchema,
  OrgUnitMoveSchema,
  OrgUnitUpdateSchema,
  VersionSchema,
} from './org.schema';
import { createUnit, getScopeRoot, getUnit, listChildren, moveUnit, searchUnits, setArchived, updateUnit } from './org.service';
import { exportTree, importTree } from './org.import';
import { attachment } from '../../http';

const tags = ['org'];

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/org/root', { config: { permission: 'read:org' }, schema: { tags, summary: '本人管辖范围的根单位' } }, (req) => getScopeRoot(app.ctx, req.actor()));
  app.get('/api/org/search', { config: { permission: 'read:org' }, schema: { tags, summary: '按名称或拼音首字母搜索单位', querystring: OrgSearchSchema } }, (req) =>
    searchUnits(app.ctx, req.actor(), req.query),
  );
  app.get('/api/org/units/:id', { config: { permission: 'read:org' }, schema: { tags, params: IdParamSchema } }, (req) => getUnit(app.ctx, req.actor(), req.params.id));
  app.get('/api/org/units/:id/children', { config: { permission: 'read:org' }, schema: { tags, params: IdParamSchema, querystring: OrgChildrenQuerySchema } }, (req) =>
    listChildren(app.ctx, req.actor(), req.params.id, req.query.includeArchived),
  );
  app.post('/api/org/units', { config: { permission: 'write:org' }, schema: { tags, summary: '新建单位', body: OrgUnitCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createUnit(app.ctx, req.actor(), req.body)),
  );
  app.patch('/api/org/units/:id', { config: { permission: 'write:org' }, schema: { tags, summary: '修改单位（更名等）', params: IdParamSchema, body: OrgUnitUpdateSchema } }, (req) =>
    updateUnit(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/org/units/:id/move', { config: { permission: 'write:org' }, schema: { tags, summary: '移动单位及其下级', params: IdParamSchema, body: OrgUnitMoveSchema } }, (req) =>
    moveUnit(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/org/units/:id/archive', { config: { permission: 'write:org' }, schema: { tags, summary: '归档单位', params: IdParamSchema, body: VersionSchema } }, (req) =>
    setArchived(app.ctx, req.actor(), req.params.id, req.body.version, true),
  );
  app.post('/api/org/units/:id/restore', { config: { permission: 'write:org' }, schema: { tags, summary: '恢复已归档单位', params: IdParamSchema, body: VersionSchema } }, (req) =>
    setArchived(app.ctx, req.actor(), req.params.id, req.body.version, false),
  );
  app.get('/api/org/units/:id/export', { config: { permission: 'read:org' }, schema: { tags, summary: '导出下级组织架构 (.xlsx)', params: IdParamSchema } }, async (req, reply) => {
    const file = await exportTree(app.ctx, req.actor(), req.params.id);
    if (!file) throw notFound('org.not_found', '单位不存在或不在您的管辖范围内');
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', attachment('组织架构.xlsx'))
      .send(file);
  });
  app.post(
    '/api/org/import',
    { config: { permission: 'write:org' }, schema: { tags, summary: '导入组织架构（请求体为 .xlsx 文件）', querystring: ImportModeSchema }, bodyLimit: 10 * 1024 * 1024 },
    (req) => importTree(app.ctx, req.actor(), req.body as Buffer, req.query.mode, req.query.previewToken),
  );
};
