import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_MIME, writeSheet } from '../../xlsx';
import {
  CadreListQuerySchema,
  CareCreateSchema,
  CareerEntryCreateSchema,
  CareerEntryUpdateSchema,
  CorrectionAnswerSchema,
  CorrectionCreateSchema,
  CorrectionListQuerySchema,
  FtCreateSchema,
  FtDecisionSchema,
  FtInvestigationSchema,
  FtListQuerySchema,
  IdParam,
  PersonParam,
  VersionBody,
} from './cadres.schema';
import { cadreDetail, cadresForExport, listCadres, myEntry, myHome } from './cadres.service';
import { addCare, listCare } from './care.service';
import { createEntry, deleteEntry, updateEntry } from './career.service';
import { answerCorrection, listCorrections, myCorrection, myCorrections, requestCorrection } from './corrections.service';
import { decide, getCase, listCases, openCase, recordInvestigation } from './fault-tolerance.service';
import { attachment } from '../../http';


/**
 * 干部之家 for a personal account (/api/me/…: always the caller's own person), and the organization
 * department's cadre records, care records, correction queue and 容错澄清 cases (/api/cadres/…).
 */
export const cadreRoutes: FastifyPluginAsyncZod = async (app) => {
  const me = ['干部之家（本人）'];
  app.get('/api/me/cadre', { config: { permission: 'self:service' }, schema: { tags: me, summary: '本人的干部档案：基本信息（脱敏）、现任职务、履历、培训学时、一线派驻、荣誉、关心关爱、容错记录、更正申请' } }, (req) =>
    myHome(app.ctx, req.actor()),
  );
  app.get('/api/me/career/:id', { config: { permission: 'self:service' }, schema: { tags: me, summary: '本人的一条履历（他人的条目一律 404）', params: IdParam } }, (req) => myEntry(app.ctx, req.actor(), req.params.id));
  app.get('/api/me/corrections', { config: { permission: 'self:service' }, schema: { tags: me, summary: '本人的更正申请及答复' } }, (req) => myCorrections(app.ctx, req.actor()));
  app.get('/api/me/corrections/:id', { config: { permission: 'self:service' }, schema: { tags: me, summary: '本人的一条更正申请（他人的一律 404）', params: IdParam } }, (req) =>
    myCorrection(app.ctx, req.actor(), req.params.id),
  );
  app.post(
    '/api/me/corrections',
    { config: { permission: 'self:service' }, schema: { tags: me, summary: '申请更正（subject：career:<id>、dispatch:<id>、honour:<id>、profile 或 other）', body: CorrectionCreateSchema } },
    async (req, reply) => reply.code(201).send(await requestCorrection(app.ctx, req.actor(), req.body)),
  );

  const tags = ['干部管理'];
  app.get('/api/cadres', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '在册干部（本单位及下级，按单位、姓名筛选）', querystring: CadreListQuerySchema } }, (req) =>
    listCadres(app.ctx, req.actor(), req.query),
  );
  app.post('/api/cadres/export', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '导出干部名单 (.xlsx，脱敏)；筛选条件同列表', querystring: CadreListQuerySchema } }, async (req, reply) => {
    const list = await cadresForExport(app.ctx, req.actor(), req.query);
    const file = await writeSheet(
      '干部名单',
      [
        { key: 'name', header: '姓名', width: 10 },
        { key: 'gender', header: '性别', width: 6 },
        { key: 'birthMonth', header: '出生年月', width: 10 },
        { key: 'phoneMasked', header: '手机号（脱敏）', width: 16 },
        { key: 'orgUnitName', header: '所在单位', width: 24 },
        { key: 'post', header: '职务', width: 14 },
        { key: 'rank', header: '职级', width: 16 },
        { key: 'postUnitName', header: '任职单位', width: 24 },
        { key: 'trainingHours', header: `${list.year}年培训学时`, width: 14 },
        { key: 'latestGrade', header: '最近年度考核', width: 12 },
      ],
      list.items.map((i) => ({ ...i, gender: i.gender === 'male' ? '男' : '女', trainingHours: String(i.trainingHours) })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('干部名单.xlsx')).send(file);
  });
  app.get('/api/cadres/corrections', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '更正申请（待处理在前）', querystring: CorrectionListQuerySchema } }, (req) =>
    listCorrections(app.ctx, req.actor(), req.query),
  );
  app.post(
    '/api/cadres/corrections/:id/answer',
    { config: { permission: 'manage:cadres' }, schema: { tags, summary: '答复更正申请：采纳（可同时修改该履历条目）或不采纳（须写明理由）', params: IdParam, body: CorrectionAnswerSchema } },
    (req) => answerCorrection(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.patch('/api/cadres/career/:id', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '修改履历条目（乐观锁：version）', params: IdParam, body: CareerEntryUpdateSchema } }, (req) =>
    updateEntry(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/cadres/career/:id/delete', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '删除履历条目（乐观锁：version）', params: IdParam, body: VersionBody } }, (req) =>
    deleteEntry(app.ctx, req.actor(), req.params.id, req.body.version),
  );

  const ft = ['容错澄清'];
  app.get('/api/cadres/fault-tolerance', { config: { permission: 'manage:cadres' }, schema: { tags: ft, summary: '容错澄清案件（每次查看记入审计日志）', querystring: FtListQuerySchema } }, (req) =>
    listCases(app.ctx, req.actor(), req.query),
  );
  app.post('/api/cadres/fault-tolerance', { config: { permission: 'manage:cadres' }, schema: { tags: ft, summary: '登记容错澄清申请', body: FtCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await openCase(app.ctx, req.actor(), req.body)),
  );
  app.get('/api/cadres/fault-tolerance/:id', { config: { permission: 'manage:cadres' }, schema: { tags: ft, summary: '容错澄清案件及其全部决定（记入审计日志）', params: IdParam } }, (req) =>
    getCase(app.ctx, req.actor(), req.params.id),
  );
  app.post(
    '/api/cadres/fault-tolerance/:id/investigation',
    { config: { permission: 'manage:cadres' }, schema: { tags: ft, summary: '登记调查核实情况（作出决定前可修改）', params: IdParam, body: FtInvestigationSchema } },
    (req) => recordInvestigation(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post(
    '/api/cadres/fault-tolerance/:id/decisions',
    {
      config: { permission: 'manage:cadres' },
      schema: { tags: ft, summary: '委员会决定：予以容错、予以澄清或不适用；变更决定时新增一条决定并写明理由，原决定保留', params: IdParam, body: FtDecisionSchema },
    },
    (req) => decide(app.ctx, req.actor(), req.params.id, req.body),
  );

  app.get('/api/cadres/:personId', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '干部档案（含容错记录时记入审计日志）', params: PersonParam } }, (req) =>
    cadreDetail(app.ctx, req.actor(), req.params.personId),
  );
  app.post('/api/cadres/:personId/career', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '添加履历条目', params: PersonParam, body: CareerEntryCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createEntry(app.ctx, req.actor(), req.params.personId, req.body)),
  );
  app.get('/api/cadres/:personId/care', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '关心关爱记录（每次查看记入审计日志）', params: PersonParam } }, (req) =>
    listCare(app.ctx, req.actor(), req.params.personId),
  );
  app.post('/api/cadres/:personId/care', { config: { permission: 'manage:cadres' }, schema: { tags, summary: '登记关心关爱', params: PersonParam, body: CareCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await addCare(app.ctx, req.actor(), req.params.personId, req.body)),
  );
};
