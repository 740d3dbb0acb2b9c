import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { XLSX_MIME } from '../../xlsx';
import { IdParam, PoolSchema, PublishSchema, ResultUnitParam, RunQuerySchema, SchemeCreateSchema, SchemeUpdateSchema, SlugParam } from './assessment.schema';
import { archiveScheme, createScheme, getScheme, listSchemes, updateScheme } from './schemes.service';
import { exportResult, getResult, listResults, publicResult, publishResult, resultBreakdown, runScheme } from './results.service';
import { createPool, exportPool, listPools, previewPool } from './pools.service';
import { attachment } from '../../http';
import { readerOf } from '../../context';


const routes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['assessment'];
  app.get('/api/schemes', { config: { permission: 'read:assessment' }, schema: { tags, summary: '考评方案列表（本人辖区的方案，以及本单位参评的方案），含最近一次发布的结果' } }, (req) => listSchemes(app.ctx, req.actor()));
  app.post('/api/schemes', { config: { permission: 'manage:assessment' }, schema: { tags, summary: '新建考评方案（第1版规则）', body: SchemeCreateSchema } }, (req) => createScheme(app.ctx, req.actor(), req.body));
  app.get(
    '/api/schemes/:id',
    { config: { permission: 'read:assessment' }, schema: { tags, summary: '考评方案详情：规则（默认当前版本，可按 versionNo 查看历史版本）和版本列表', params: IdParam, querystring: z.object({ versionNo: z.coerce.number().int().positive().optional() }) } },
    (req) => getScheme(app.ctx, req.actor(), req.params.id, req.query.versionNo),
  );
  app.put(
    '/api/schemes/:id',
    { config: { permission: 'manage:assessment' }, schema: { tags, summary: '修改考评方案：规则有变化时生成新版本，已发布结果保留其所用版本（乐观锁：version）', params: IdParam, body: SchemeUpdateSchema } },
    (req) => updateScheme(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post(
    '/api/schemes/:id/archive',
    { config: { permission: 'manage:assessment' }, schema: { tags, summary: '停用考评方案（已发布结果保留）', params: IdParam, body: z.object({ version: z.number().int().positive() }) } },
    (req) => archiveScheme(app.ctx, req.actor(), req.params.id, req.body.version),
  );
  app.get(
    '/api/schemes/:id/run',
    {
      config: { permission: 'read:assessment' },
      schema: { tags, summary: '按当前数据试算某期排名（仅方案所属辖区可见）：名次、总分、等次、名次变化和每个单位的逐项得分', params: IdParam, querystring: RunQuerySchema },
    },
    // The live league table is a heavy pure read: the read replica may serve it.
    (req) => runScheme({ ...app.ctx, db: readerOf(app.ctx) }, req.actor(), req.params.id, req.query),
  );
  app.post(
    '/api/schemes/:id/results',
    { config: { permission: 'manage:assessment' }, schema: { tags, summary: '发布某期考评结果：冻结为快照，之后数据更正不影响；可同时生成免登录公示页', params: IdParam, body: PublishSchema } },
    (req) => publishResult(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.get('/api/schemes/:id/results', { config: { permission: 'read:assessment' }, schema: { tags, summary: '已发布的考评结果（同一期多次发布时，最新一次有效）', params: IdParam } }, (req) =>
    listResults(app.ctx, req.actor(), req.params.id),
  );
  app.get('/api/scheme-results/:id', { config: { permission: 'read:assessment' }, schema: { tags, summary: '已发布的考评结果：排名表', params: IdParam } }, (req) => getResult(app.ctx, req.actor(), req.params.id));
  app.get(
    '/api/scheme-results/:id/units/:unitId',
    { config: { permission: 'read:assessment' }, schema: { tags, summary: '某单位的得分明细：各项原始值、标准化得分、权重、加减分和否决项（仅本人辖区内单位）', params: ResultUnitParam } },
    (req) => resultBreakdown(app.ctx, req.actor(), req.params.id, req.params.unitId),
  );
  app.get('/api/scheme-results/:id/export', { config: { permission: 'read:assessment' }, schema: { tags, summary: '导出考评结果 (.xlsx)', params: IdParam } }, async (req, reply) => {
    const { fileName, file } = await exportResult(app.ctx, req.actor(), req.params.id);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
  });
  app.get('/api/scheme-results/:id/pools', { config: { permission: 'read:assessment' }, schema: { tags, summary: '按该结果分配的激励奖金', params: IdParam } }, (req) => listPools(app.ctx, req.actor(), req.params.id));
  app.post(
    '/api/scheme-results/:id/pools/preview',
    { config: { permission: 'manage:assessment' }, schema: { tags, summary: '试算激励奖金分配（不保存）：按名次分档或按超出保底分的比例，取整到元且合计等于奖金池', params: IdParam, body: PoolSchema } },
    (req) => previewPool(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/scheme-results/:id/pools', { config: { permission: 'manage:assessment' }, schema: { tags, summary: '保存激励奖金分配（保存后不可修改）', params: IdParam, body: PoolSchema } }, (req) =>
    createPool(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.get('/api/incentive-pools/:id/export', { config: { permission: 'manage:assessment' }, schema: { tags, summary: '导出奖金分配表 (.xlsx)，供财务使用', params: IdParam } }, async (req, reply) => {
    const { fileName, file } = await exportPool(app.ctx, req.actor(), req.params.id);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
  });
  app.get(
    '/api/public/results/:slug',
    { config: { public: true }, schema: { tags: ['public'], summary: '考评结果公示（免登录）：排名、总分、等次和各项得分', params: SlugParam } },
    (req) => publicResult(app.ctx, req.params.slug),
  );
};

export const assessmentRoutes = fp(routes, { name: 'assessment-routes' });
