import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../errors';
import { attachment } from '../../http';
import { XLSX_MIME, writeSheet } from '../../xlsx';
import { ImportModeSchema } from '../org/org.schema';
import { apartmentProgrammes, confirmAllocation, getAllocation, listAllocations, previewAllocation } from './apartments.allocation';
import { apartmentTemplate, exportApartments, importApartments } from './apartments.import';
import { createApartment, getApartment, listApartments, listContracts, listEstates, signContract, terminateContract, updateApartment } from './apartments.service';
import {
  AllocationConfirmSchema,
  AllocationListQuerySchema,
  AllocationPreviewSchema,
  ApartmentCreateSchema,
  ApartmentListQuerySchema,
  ApartmentUpdateSchema,
  CandidateCreateSchema,
  CandidateListQuerySchema,
  CandidateUpdateSchema,
  ContractCreateSchema,
  ContractListQuerySchema,
  ContractTerminateSchema,
  IdParam,
  RatesQuerySchema,
  StageMoveSchema,
} from './housing.schema';
import { createCandidate, getCandidate, listCandidates, moveCandidate, recruitmentBoard, recruitmentRates, updateCandidate } from './recruitment.service';

const EXPORT_ROWS = 100_000;
const BoardQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** Talent apartments (人才公寓) and the overseas recruitment pipeline (海外引才): staff routes, all under manage:talent. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const permission = 'manage:talent' as const;
  const tags = ['talent-housing'];

  // ---------------------------------------------------------------- inventory
  app.get('/api/apartments', { config: { permission }, schema: { tags, summary: '人才公寓房源（按小区、楼栋、状态、面积筛选），含各状态套数', querystring: ApartmentListQuerySchema } }, (req) =>
    listApartments(app.ctx, req.actor(), req.query),
  );
  app.get('/api/apartments/estates', { config: { permission }, schema: { tags, summary: '各小区（项目）的楼栋和各状态套数' } }, (req) => listEstates(app.ctx, req.actor()));
  app.post('/api/apartments', { config: { permission }, schema: { tags, summary: '新增房源', body: ApartmentCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createApartment(app.ctx, req.actor(), req.body)),
  );
  app.post('/api/apartments/export', { config: { permission }, schema: { tags, summary: '导出房源 (.xlsx)；筛选条件同列表', querystring: ApartmentListQuerySchema } }, async (req, reply) => {
    const { page: _p, pageSize: _s, ...q } = req.query;
    const { fileName, file } = await exportApartments(app.ctx, req.actor(), q);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
  });
  app.get('/api/apartments/template', { config: { permission }, schema: { tags, summary: '房源导入模板 (.xlsx，含镇街编码)' } }, async (req, reply) => {
    const { fileName, file } = await apartmentTemplate(app.ctx, req.actor());
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
  });
  app.post(
    '/api/apartments/import',
    {
      config: { permission },
      schema: { tags, summary: '从 .xlsx 导入房源（mode=preview 预览，逐行报告错误；valid-only 仅导入有效行，all-or-nothing 有错则全部不导入）', querystring: ImportModeSchema },
      bodyLimit: 10 * 1024 * 1024,
    },
    (req) => {
      if (!Buffer.isBuffer(req.body)) throw badRequest('import.not_xlsx', '请上传 .xlsx 文件');
      return importApartments(app.ctx, req.actor(), req.body, req.query.mode, req.query.previewToken);
    },
  );
  app.get('/api/apartments/:id', { config: { permission }, schema: { tags, summary: '房源详情（含历次合同、预留情况）', params: IdParam } }, (req) => getApartment(app.ctx, req.actor(), req.params.id));
  app.patch('/api/apartments/:id', { config: { permission }, schema: { tags, summary: '修改房源（带版本号）；状态只能由“已预留”释放为“空置”', params: IdParam, body: ApartmentUpdateSchema } }, (req) =>
    updateApartment(app.ctx, req.actor(), req.params.id, req.body),
  );

  // ---------------------------------------------------------------- contracts
  app.post('/api/apartments/:id/contracts', { config: { permission }, schema: { tags, summary: '签订合同（购买、租赁、免费租住）；已预留的房源只能与分配对象签约', params: IdParam, body: ContractCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await signContract(app.ctx, req.actor(), req.params.id, req.body)),
  );
  app.get('/api/apartment-contracts', { config: { permission }, schema: { tags, summary: '房源合同（按类型、签订年度、履行状态、小区筛选）', querystring: ContractListQuerySchema } }, (req) =>
    listContracts(app.ctx, req.actor(), req.query),
  );
  app.post('/api/apartment-contracts/export', { config: { permission }, schema: { tags, summary: '导出房源合同 (.xlsx)；筛选条件同列表', querystring: ContractListQuerySchema } }, async (req, reply) => {
    const { items } = await listContracts(app.ctx, req.actor(), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
    const file = await writeSheet(
      '房源合同',
      [
        { key: 'flatLabel', header: '房源', width: 30 },
        { key: 'area', header: '面积（平方米）', width: 12 },
        { key: 'kindName', header: '合同类型', width: 10 },
        { key: 'personName', header: '合同人', width: 10 },
        { key: 'personUnitName', header: '所在单位', width: 20 },
        { key: 'signedOn', header: '签订日期', width: 12 },
        { key: 'startDate', header: '起始日期', width: 12 },
        { key: 'endDate', header: '结束日期', width: 12 },
        { key: 'terminatedOn', header: '终止日期', width: 12 },
        { key: 'stateName', header: '状态', width: 12 },
      ],
      items,
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('人才公寓合同.xlsx')).send(file);
  });
  app.post('/api/apartment-contracts/:id/terminate', { config: { permission }, schema: { tags, summary: '终止合同（退房、解约、回购）；房源恢复空置', params: IdParam, body: ContractTerminateSchema } }, (req) =>
    terminateContract(app.ctx, req.actor(), req.params.id, req.body),
  );

  // ---------------------------------------------------------------- allocation
  app.get('/api/apartment-allocations/programmes', { config: { permission }, schema: { tags, summary: '人才公寓政策及各自等待分配的申请数' } }, (req) => apartmentProgrammes(app.ctx, req.actor()));
  app.post('/api/apartment-allocations/preview', { config: { permission }, schema: { tags, summary: '预览按规则分配的结果（不写入）', body: AllocationPreviewSchema } }, (req) =>
    previewAllocation(app.ctx, req.actor(), req.body),
  );
  app.post(
    '/api/apartment-allocations',
    { config: { permission }, schema: { tags, summary: '确认分配：预留房源并公布分配结果（须与预览一致）', description: '预览后排名或空置房源有变化（包括有人同时分配）时返回 409 apartment_allocation.preview_stale。', body: AllocationConfirmSchema } },
    async (req, reply) => reply.code(201).send(await confirmAllocation(app.ctx, req.actor(), req.body)),
  );
  app.get('/api/apartment-allocations', { config: { permission }, schema: { tags, summary: '已公布的分配记录', querystring: AllocationListQuerySchema } }, (req) => listAllocations(app.ctx, req.actor(), req.query));
  app.get('/api/apartment-allocations/:id', { config: { permission }, schema: { tags, summary: '分配结果（规则、排名、每人所得房源及现状）', params: IdParam } }, (req) => getAllocation(app.ctx, req.actor(), req.params.id));
  app.get('/api/apartment-allocations/:id/export', { config: { permission }, schema: { tags, summary: '导出分配结果 (.xlsx)，用于公示', params: IdParam } }, async (req, reply) => {
    const run = await getAllocation(app.ctx, req.actor(), req.params.id);
    const file = await writeSheet(
      '分配结果',
      [
        { key: 'rank', header: '排名', width: 6 },
        { key: 'personName', header: '申请人', width: 10 },
        { key: 'tier', header: '人才层次', width: 8 },
        { key: 'score', header: '评分', width: 8 },
        { key: 'submittedAt', header: '提交时间', width: 22 },
        { key: 'requestedArea', header: '意向面积', width: 10 },
        { key: 'apartmentLabel', header: '分配房源', width: 30 },
        { key: 'apartmentArea', header: '房源面积', width: 10 },
        { key: 'note', header: '说明', width: 36 },
        { key: 'stateName', header: '现状', width: 16 },
      ],
      run.results.map((r) => ({ ...r, submittedAt: r.submittedAt ? new Date(r.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '', apartmentLabel: r.apartmentLabel ?? '轮候' })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(`${run.programmeName}分配结果.xlsx`)).send(file);
  });

  // ---------------------------------------------------------------- recruitment
  const rtags = ['talent-recruitment'];
  app.get('/api/recruitment/candidates', { config: { permission }, schema: { tags: rtags, summary: '海外引才候选人（按年度、层次、环节、用人单位筛选）', querystring: CandidateListQuerySchema } }, (req) =>
    listCandidates(app.ctx, req.actor(), req.query),
  );
  app.post('/api/recruitment/candidates', { config: { permission }, schema: { tags: rtags, summary: '登记申报人（环节：申报）', body: CandidateCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createCandidate(app.ctx, req.actor(), req.body)),
  );
  app.post('/api/recruitment/candidates/export', { config: { permission }, schema: { tags: rtags, summary: '导出候选人 (.xlsx)；筛选条件同列表', querystring: CandidateListQuerySchema } }, async (req, reply) => {
    const { items } = await listCandidates(app.ctx, req.actor(), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
    const file = await writeSheet(
      '海外引才候选人',
      [
        { key: 'year', header: '申报年度', width: 10 },
        { key: 'levelName', header: '层次', width: 8 },
        { key: 'name', header: '姓名', width: 10 },
        { key: 'field', header: '专业领域', width: 20 },
        { key: 'employerName', header: '用人单位', width: 28 },
        { key: 'stageName', header: '环节', width: 20 },
        { key: 'lastMovedOn', header: '最近变动', width: 12 },
      ],
      items,
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('海外引才候选人.xlsx')).send(file);
  });
  app.get('/api/recruitment/candidates/:id', { config: { permission }, schema: { tags: rtags, summary: '候选人详情（含环节变动记录）', params: IdParam } }, (req) => getCandidate(app.ctx, req.actor(), req.params.id));
  app.patch('/api/recruitment/candidates/:id', { config: { permission }, schema: { tags: rtags, summary: '修改候选人信息（带版本号；环节只能通过推进变动）', params: IdParam, body: CandidateUpdateSchema } }, (req) =>
    updateCandidate(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/recruitment/candidates/:id/moves', { config: { permission }, schema: { tags: rtags, summary: '推进环节（按 申报→初审通过→入围答辩→入选 顺序，或记为未入选）', params: IdParam, body: StageMoveSchema } }, async (req, reply) =>
    reply.code(201).send(await moveCandidate(app.ctx, req.actor(), req.params.id, req.body)),
  );
  app.get('/api/recruitment/board', { config: { permission }, schema: { tags: rtags, summary: '某年度各环节人数（看板）', querystring: BoardQuery } }, (req) => recruitmentBoard(app.ctx, req.actor(), req.query.year));
  app.get('/api/recruitment/rates', { config: { permission }, schema: { tags: rtags, summary: '各年度、各层次到达各环节的人数和通过率（含定义）', querystring: RatesQuerySchema } }, (req) => recruitmentRates(app.ctx, req.actor(), req.query));
};

export const housingRoutes = fp(routes, { name: 'talent-housing-routes' });
