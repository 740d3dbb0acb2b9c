import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_MIME, writeSheet } from '../../xlsx';
import type { PairingListItem } from '../../../shared/pairings';
import { createPairing, endPairing, getPairing, listPairings, logContact, updatePairing } from './pairings.service';
import { silentPairings } from './silent.service';
import { ContactCreateSchema, IdParam, PairingCreateSchema, PairingEndSchema, PairingListQuerySchema, PairingUpdateSchema, SilentQuerySchema } from './pairings.schema';
import { attachment } from '../../http';

const tags = ['pairings'];
const EXPORT_ROWS = 100_000;

const commonColumns = [
  { key: 'title', header: '结对名称', width: 34 },
  { key: 'kindName', header: '类型', width: 18 },
  { key: 'ownerUnitName', header: '负责单位', width: 20 },
  { key: 'partiesText', header: '结对各方', width: 48 },
  { key: 'startDate', header: '开始日期', width: 12 },
];
const exportRow = (p: PairingListItem) => ({ ...p, lastContactOn: p.lastContactOn ?? '从未联系', silentDays: p.silentDays ?? '', canEdit: p.canEdit ? '是' : '' });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/pairings', { config: { permission: 'read:ledger' }, schema: { tags, summary: '结对联系列表（按类型、状态、单位、人员、关键词筛选）', querystring: PairingListQuerySchema } }, (req) =>
    listPairings(app.ctx, req.actor(), req.query),
  );
  app.post('/api/pairings/export', { config: { permission: 'read:ledger' }, schema: { tags, summary: '导出结对联系 (.xlsx)；筛选条件同列表', querystring: PairingListQuerySchema } }, async (req, reply) => {
    const { items } = await listPairings(app.ctx, req.actor(), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
    const file = await writeSheet(
      '结对联系',
      [
        ...commonColumns,
        { key: 'lastDay', header: '结束日期', width: 12 },
        { key: 'statusName', header: '状态', width: 8 },
        { key: 'lastContactOn', header: '最近联系', width: 12 },
        { key: 'contactCount', header: '联系次数', width: 10 },
      ],
      items.map(exportRow),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('结对联系.xlsx')).send(file);
  });
  app.post('/api/pairings', { config: { permission: 'write:ledger' }, schema: { tags, summary: '新建结对（联系新生代企业家、党建联建、示范带或其他）', body: PairingCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createPairing(app.ctx, req.actor(), req.body)),
  );
  app.get(
    '/api/pairings/silent',
    {
      config: { permission: 'read:ledger' },
      schema: {
        tags,
        summary: '沉默结对：进行中、days 天（默认 90）以上没有联系记录的结对，按沉默天数排序',
        description: '沉默天数 = 今天（北京时间）− 最近一次联系日期（从未联系则为开始日期）；沉默天数 ≥ days 即列入。actionable 为本级及下级负责、可登记联系的条数。',
        querystring: SilentQuerySchema,
      },
    },
    (req) => silentPairings(app.ctx, req.actor(), req.query),
  );
  app.post('/api/pairings/silent/export', { config: { permission: 'read:ledger' }, schema: { tags, summary: '导出沉默结对 (.xlsx)；条件同沉默结对', querystring: SilentQuerySchema } }, async (req, reply) => {
    const { items, days } = await silentPairings(app.ctx, req.actor(), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
    const file = await writeSheet(
      `沉默${days}天以上的结对`,
      [...commonColumns, { key: 'lastContactOn', header: '最近联系', width: 12 }, { key: 'silentDays', header: '沉默天数', width: 10 }, { key: 'canEdit', header: '本级负责', width: 10 }],
      items.map(exportRow),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(`沉默结对（${days}天）.xlsx`)).send(file);
  });
  app.get('/api/pairings/:id', { config: { permission: 'read:ledger' }, schema: { tags, summary: '结对详情：各方、目的、期限、联系记录和修改记录', params: IdParam } }, (req) => getPairing(app.ctx, req.actor(), req.params.id));
  app.put('/api/pairings/:id', { config: { permission: 'write:ledger' }, schema: { tags, summary: '修改结对（整体提交，带 version 防止覆盖他人修改）', params: IdParam, body: PairingUpdateSchema } }, (req) =>
    updatePairing(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/pairings/:id/end', { config: { permission: 'write:ledger' }, schema: { tags, summary: '提前结束结对（注明原因）', params: IdParam, body: PairingEndSchema } }, (req) =>
    endPairing(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/pairings/:id/contacts', { config: { permission: 'write:ledger' }, schema: { tags, summary: '记录一次联系（日期不晚于今天，在结对期限内）', params: IdParam, body: ContactCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await logContact(app.ctx, req.actor(), req.params.id, req.body)),
  );
};

export const pairingRoutes = fp(routes, { name: 'pairing-routes' });
