import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { XLSX_MIME } from '../../xlsx';
import { ImportModeSchema } from '../org/org.schema';
import { KIND_SEGMENT, RECORD_KIND_ZH, RECORD_KINDS, type RecordKind } from '../../../shared/ledger';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, addAttachment, readAttachment, removeAttachment } from './attachments.service';
import { assignCase, closeCase, overdueByUnit, progressCase, resolveCase, returnCase } from './cases.workflow';
import { createCategory, listCategories, updateCategory } from './categories.service';
import { exportLedger, importLedger, ledgerTemplate } from './ledger.import';
import {
  ActivityInputSchema,
  ActivityUpdateSchema,
  ArchiveSchema,
  AssignSchema,
  CaseInputSchema,
  CaseUpdateSchema,
  CategoryCreateSchema,
  CategoryListQuerySchema,
  CategoryUpdateSchema,
  CloseSchema,
  HonourInputSchema,
  HonourUpdateSchema,
  IdParam,
  ListQuerySchema,
  OverdueQuerySchema,
  ProgressSchema,
  ProjectInputSchema,
  ProjectUpdateSchema,
  RecordQueryPreviewSchema,
  ResolveSchema,
  ReturnSchema,
} from './ledger.schema';
import { checkRecordQuery, describeRecordQuery, runRecordQuery } from './record-query';
import { listRecords, recordTimeline, setArchived } from './records.service';
import { createRecord, recordDetail, updateRecord, type RecordInput } from './write.service';
import { badRequest, fieldError } from '../../errors';
import { getUnitInScope, findUnitsByIds } from '../org';
import { attachment } from '../../http';

const INPUT = { activity: ActivityInputSchema, case: CaseInputSchema, project: ProjectInputSchema, honour: HonourInputSchema } as const;
const UPDATE = { activity: ActivityUpdateSchema, case: CaseUpdateSchema, project: ProjectUpdateSchema, honour: HonourUpdateSchema } as const;
const UploadQuery = z.object({ name: z.string().trim().min(1, '请提供文件名').max(200) });

const routes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['ledger'];
  // Photos and PDFs arrive as the raw request body; the type is checked against the bytes.
  for (const mime of Object.keys(ATTACHMENT_TYPES)) app.addContentTypeParser(mime, { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_req, body, done) => done(null, body));

  app.get('/api/ledger/categories', { config: { permission: 'read:ledger' }, schema: { tags, summary: '台账类别树（含继承的扩展属性、办理时限、是否敏感）', querystring: CategoryListQuerySchema } }, (req) =>
    listCategories(app.ctx, req.actor(), req.query.kind),
  );
  app.post('/api/ledger/categories', { config: { permission: 'manage:ledger-categories' }, schema: { tags, summary: '新建台账类别（可定义扩展属性）', body: CategoryCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createCategory(app.ctx, req.actor(), req.body)),
  );
  app.patch('/api/ledger/categories/:id', { config: { permission: 'manage:ledger-categories' }, schema: { tags, summary: '修改台账类别（名称、扩展属性、时限、敏感、停用）', params: IdParam, body: CategoryUpdateSchema } }, (req) =>
    updateCategory(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/ledger/query-preview', { config: { permission: 'read:ledger' }, schema: { tags, summary: '预览台账查询的统计结果（定义派生指标时使用）', body: RecordQueryPreviewSchema } }, async (req) => {
    const actor = req.actor();
    const issue = await checkRecordQuery(app.ctx.db, actor.tenantId, req.body.query);
    if (issue) throw fieldError('ledger.query_invalid', `query.${issue.path}`, issue.message);
    if (req.body.from > req.body.to) throw fieldError('ledger.query_range', 'to', '结束日期不能早于开始日期');
    const unit = req.body.unitId ? await getUnitInScope(app.ctx.db, actor, req.body.unitId) : (await findUnitsByIds(app.ctx.db, [actor.orgUnitId]))[0];
    const rows = await runRecordQuery(app.ctx.db, unit.path, req.body.from, req.body.to, req.body.query);
    return { unit: { id: unit.id, name: unit.name }, value: rows.reduce((s, r) => s + r.value, 0), units: rows.length, rule: describeRecordQuery(req.body.query) };
  });

  for (const kind of RECORD_KINDS) {
    const base = `/api/${KIND_SEGMENT[kind]}`;
    const zh = RECORD_KIND_ZH[kind];
    app.get(base, { config: { permission: 'read:ledger' }, schema: { tags, summary: `${zh}列表（按单位、类别、日期、状态筛选，全文检索）`, querystring: ListQuerySchema } }, (req) => listRecords(app.ctx, req.actor(), kind, req.query));
    app.post(base, { config: { permission: 'write:ledger' }, schema: { tags, summary: `登记${zh}`, body: INPUT[kind] } }, async (req, reply) => reply.code(201).send(await createRecord(app.ctx, req.actor(), kind, req.body as RecordInput)));
    app.post(`${base}/export`, { config: { permission: 'read:ledger' }, schema: { tags, summary: `导出${zh}台账 (.xlsx)；筛选条件同列表`, querystring: ListQuerySchema } }, async (req, reply) => {
      const { fileName, file } = await exportLedger(app.ctx, req.actor(), kind, req.query);
      return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
    });
    app.get(`${base}/template`, { config: { permission: 'read:ledger' }, schema: { tags, summary: `${zh}导入模板 (.xlsx，含类别说明)` } }, async (req, reply) => {
      const { fileName, file } = await ledgerTemplate(app.ctx, req.actor(), kind);
      return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
    });
    app.post(
      `${base}/import`,
      { config: { permission: 'write:ledger' }, schema: { tags, summary: `从 .xlsx 导入${zh}（mode=preview 预览，逐行报告错误）`, querystring: ImportModeSchema }, bodyLimit: 10 * 1024 * 1024 },
      (req) => {
        if (!Buffer.isBuffer(req.body)) throw badRequest('import.not_xlsx', '请上传 .xlsx 文件');
        return importLedger(app.ctx, req.actor(), kind, req.body, req.query.mode, req.query.previewToken);
      },
    );
    app.get(`${base}/:id`, { config: { permission: 'read:ledger' }, schema: { tags, summary: `${zh}详情`, params: IdParam } }, (req) => recordDetail(app.ctx, req.actor(), kind, req.params.id));
    app.patch(`${base}/:id`, { config: { permission: 'write:ledger' }, schema: { tags, summary: `修改${zh}（带版本号，防止覆盖他人修改）`, params: IdParam, body: UPDATE[kind] } }, (req) =>
      updateRecord(app.ctx, req.actor(), kind, req.params.id, req.body as Partial<RecordInput> & { version: number }),
    );
    app.post(`${base}/:id/archive`, { config: { permission: 'write:ledger' }, schema: { tags, summary: `作废或恢复${zh}（不删除，保留留痕）`, params: IdParam, body: ArchiveSchema } }, (req) =>
      setArchived(app.ctx, req.actor(), kind, req.params.id, req.body.version, req.body.archived),
    );
    app.get(`${base}/:id/timeline`, { config: { permission: 'read:ledger' }, schema: { tags, summary: `${zh}的修改记录（来自审计日志）`, params: IdParam } }, (req) => recordTimeline(app.ctx, req.actor(), kind, req.params.id));
    app.post(
      `${base}/:id/attachments`,
      { config: { permission: 'write:ledger' }, schema: { tags, summary: `上传${zh}附件（请求体为文件本身：JPEG/PNG/WebP/PDF，≤10 MB）`, params: IdParam, querystring: UploadQuery }, bodyLimit: MAX_ATTACHMENT_BYTES },
      async (req, reply) => {
        const mime = (req.headers['content-type'] ?? '').split(';')[0].trim();
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return reply.code(201).send(await addAttachment(app.ctx, req.actor(), kind as RecordKind, req.params.id, { fileName: req.query.name, mime, bytes }));
      },
    );
  }

  app.get('/api/attachments/:id', { config: { permission: 'read:ledger' }, schema: { tags, summary: '下载附件', params: IdParam } }, async (req, reply) => {
    const f = await readAttachment(app.ctx, req.actor(), req.params.id);
    const inline = f.mime.startsWith('image/') || f.mime === 'application/pdf';
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', attachment(f.fileName, inline ? 'inline' : 'attachment'))
      .header('cache-control', 'private, max-age=3600')
      .send(f.bytes);
  });
  app.post('/api/attachments/:id/remove', { config: { permission: 'write:ledger' }, schema: { tags, summary: '删除附件（记录保留留痕）', params: IdParam } }, (req) => removeAttachment(app.ctx, req.actor(), req.params.id));

  const caseTags = ['ledger'];
  app.get('/api/cases/overdue', { config: { permission: 'read:ledger' }, schema: { tags: caseTags, summary: '各承办单位在办、超期、即将到期事项数', querystring: OverdueQuerySchema } }, (req) =>
    overdueByUnit(app.ctx, req.actor(), req.query.unitId),
  );
  app.post('/api/cases/:id/assign', { config: { permission: 'write:ledger' }, schema: { tags: caseTags, summary: '交办（登记单位交办，或承办单位向下级再交办）', params: IdParam, body: AssignSchema } }, (req) =>
    assignCase(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/cases/:id/progress', { config: { permission: 'write:ledger' }, schema: { tags: caseTags, summary: '填写办理进展', params: IdParam, body: ProgressSchema } }, (req) => progressCase(app.ctx, req.actor(), req.params.id, req.body));
  app.post('/api/cases/:id/resolve', { config: { permission: 'write:ledger' }, schema: { tags: caseTags, summary: '办结（填写办理结果）', params: IdParam, body: ResolveSchema } }, (req) => resolveCase(app.ctx, req.actor(), req.params.id, req.body));
  app.post('/api/cases/:id/close', { config: { permission: 'write:ledger' }, schema: { tags: caseTags, summary: '销号（登记单位核实后关闭）', params: IdParam, body: CloseSchema } }, (req) => closeCase(app.ctx, req.actor(), req.params.id, req.body));
  app.post('/api/cases/:id/return', { config: { permission: 'write:ledger' }, schema: { tags: caseTags, summary: '退回重办（说明理由）', params: IdParam, body: ReturnSchema } }, (req) => returnCase(app.ctx, req.actor(), req.params.id, req.body));
};

export const ledgerRoutes = fp(routes, { name: 'ledger-routes' });
