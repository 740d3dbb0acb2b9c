import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DraftEditSchema, EXPORT_FORMATS, REPORT_DEPTS, TemplateDefinitionSchema } from '../../../shared/reports';
import { createDraft, editDraft, exportDraft, getDraft, listDrafts, regenerateDraft } from './drafts.service';
import { confirmImport, proposeImport } from './import.service';
import { createTemplate, getTemplate, listTemplates, previewTemplate, slotCatalog, updateTemplate } from './templates.service';
import { attachment } from '../../http';
import { readerOf } from '../../context';

const tags = ['reports'];
const IdParam = z.object({ id: z.coerce.number({ error: '编号应为正整数' }).int('编号应为正整数').positive('编号应为正整数') });
const UnitId = z.number({ error: '单位编号应为正整数' }).int('单位编号应为正整数').positive('单位编号应为正整数');
const QueryYear = z.coerce.number({ error: '年度应为四位年份' }).int('年度应为四位年份').min(2000, '年度不早于2000年').max(2100, '年度不晚于2100年');
const Revision = z.coerce.number({ error: '版本应为正整数' }).int('版本应为正整数').positive('版本应为正整数');
const Year = z.number({ error: '请选择年度' }).int('年度应为整数').min(2000, '年度不早于2000年').max(2100, '年度不晚于2100年');
const Dept = z.enum(REPORT_DEPTS, { error: '部门应为 org、propaganda 或 united-front' });
const TemplateName = z.string({ error: '请填写模板名称' }).trim().min(1, '请填写模板名称').max(40, '模板名称最多40字');
const Version = z.number({ error: '缺少版本号，请刷新后重试' }).int('版本号应为整数').positive('版本号应为正整数');

const routes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.db;
  app.get('/api/report-templates', { config: { permission: 'read:reports' }, schema: { tags, summary: '综述模板列表', querystring: z.object({ dept: Dept.optional() }) } }, (req) =>
    listTemplates(db(), req.actor(), req.query.dept),
  );
  app.get('/api/report-templates/slots', { config: { permission: 'read:reports' }, schema: { tags, summary: '模板数据槽可引用的指标、考评方案（含等次）和台账类别' } }, (req) => slotCatalog(db(), req.actor()));
  app.post(
    '/api/report-templates/preview',
    { config: { permission: 'read:reports', readOnly: true }, schema: { tags, summary: '按某年数据实时预览模板（不保存）：每个数字附来源，无法生成的数据槽逐一说明原因', body: z.object({ dept: Dept, year: Year, definition: TemplateDefinitionSchema, unitId: UnitId.optional() }) } },
    (req) => previewTemplate(readerOf(app.ctx), req.actor(), req.body),
  );
  app.get('/api/report-templates/:id', { config: { permission: 'read:reports' }, schema: { tags, summary: '综述模板详情', params: IdParam } }, (req) => getTemplate(db(), req.actor(), req.params.id));
  app.post(
    '/api/report-templates',
    { config: { permission: 'write:reports' }, schema: { tags, summary: '新建综述模板（归属本单位，或辖区内的 unitId）', body: z.object({ dept: Dept, name: TemplateName, definition: TemplateDefinitionSchema, unitId: UnitId.optional() }) } },
    (req) => createTemplate(db(), req.actor(), req.body),
  );
  app.put(
    '/api/report-templates/:id',
    { config: { permission: 'write:reports' }, schema: { tags, summary: '修改综述模板（乐观锁：version）', params: IdParam, body: z.object({ name: TemplateName, definition: TemplateDefinitionSchema, version: Version }) } },
    (req) => updateTemplate(db(), req.actor(), req.params.id, req.body),
  );

  app.get(
    '/api/report-drafts',
    { config: { permission: 'read:reports' }, schema: { tags, summary: '年度综述列表（本辖区）', querystring: z.object({ year: QueryYear.optional(), dept: Dept.optional() }) } },
    (req) => listDrafts(db(), req.actor(), req.query),
  );
  app.post(
    '/api/report-drafts',
    { config: { permission: 'write:reports' }, schema: { tags, summary: '按模板生成某年综述（第1版）', body: z.object({ templateId: z.number({ error: '请选择模板' }).int('请选择模板').positive('请选择模板'), year: Year, unitId: UnitId.optional() }) } },
    (req) => createDraft(db(), req.actor(), req.body),
  );
  app.get(
    '/api/report-drafts/:id',
    { config: { permission: 'read:reports' }, schema: { tags, summary: '综述详情：某一版的正文（生成版附每个数字的来源，修改版附逐项核验）和版本历史', params: IdParam, querystring: z.object({ revision: Revision.optional() }) } },
    (req) => getDraft(db(), req.actor(), req.params.id, req.query.revision),
  );
  app.put('/api/report-drafts/:id', { config: { permission: 'write:reports' }, schema: { tags, summary: '保存修改（新增一版；乐观锁：version）', params: IdParam, body: DraftEditSchema } }, (req) =>
    editDraft(db(), req.actor(), req.params.id, req.body),
  );
  app.post(
    '/api/report-drafts/:id/regenerate',
    { config: { permission: 'write:reports' }, schema: { tags, summary: '按模板和最新数据重新生成（新增一版）', params: IdParam, body: z.object({ version: Version }) } },
    (req) => regenerateDraft(db(), req.actor(), req.params.id, req.body.version),
  );
  app.get(
    '/api/report-drafts/:id/export',
    {
      config: { permission: 'read:reports' },
      schema: { tags, summary: '导出综述：Word（GB/T 9704 公文格式）、PDF、HTML 或纯文本', params: IdParam, querystring: z.object({ format: z.enum(EXPORT_FORMATS, { error: '格式应为 docx、pdf、html 或 txt' }), revision: Revision.optional() }) },
    },
    async (req, reply) => {
      const file = await exportDraft(db(), req.actor(), req.params.id, req.query.format, req.query.revision);
      return reply.header('content-type', file.contentType).header('content-disposition', attachment(file.filename)).send(file.body);
    },
  );

  app.post(
    '/api/reports/import/propose',
    {
      config: { permission: 'define:indicators' },
      schema: {
        tags,
        summary: '导入往年综述：识别文中数字并逐项提出对应指标的数值（不写入）',
        body: z.object({ year: Year, text: z.string({ error: '请粘贴综述内容' }).trim().min(1, '请粘贴综述内容').max(50_000, '一次最多50000字'), unitId: UnitId.optional() }),
      },
    },
    (req) => proposeImport(db(), req.actor(), req.body),
  );
  app.post(
    '/api/reports/import/confirm',
    {
      config: { permission: 'define:indicators' },
      schema: {
        tags,
        summary: '确认写入一项：作为已审核数值写入，来源为该文档',
        body: z.object({
          year: Year,
          indicatorId: z.number({ error: '请选择指标' }).int('请选择指标').positive('请选择指标'),
          value: z.number({ error: '请填写数值' }).min(0, '数值不能为负'),
          documentTitle: z.string({ error: '请填写文档名称' }).trim().min(1, '请填写文档名称').max(100, '文档名称最多100字'),
          claimText: z.string({ error: '缺少原文' }).trim().min(1, '缺少原文').max(500, '原文最多500字'),
          unitId: UnitId.optional(),
        }),
      },
    },
    (req) => confirmImport(db(), req.actor(), req.body),
  );
};

export const summaryRoutes = fp(routes, { name: 'summary-routes' });
