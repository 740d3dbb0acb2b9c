import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COCKPIT_SCOPES, CockpitDefinitionSchema } from '../../../shared/cockpit';
import { createCockpit, getCockpit, listCockpits, updateCockpit } from './cockpit.service';
import { cockpitView } from './view.service';
import { readerOf } from '../../context';

const tags = ['cockpit'];
const IdParam = z.object({ id: z.coerce.number({ error: '编号应为正整数' }).int('编号应为正整数').positive('编号应为正整数') });
const Scope = z.enum(COCKPIT_SCOPES, { error: '范围应为 county、org、propaganda 或 united-front' });
const UnitId = z.number({ error: '单位编号应为正整数' }).int('单位编号应为正整数').positive('单位编号应为正整数');

const routes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.db;
  app.get('/api/cockpits', { config: { permission: 'read:indicators' }, schema: { tags, summary: '驾驶舱列表（本单位、上级和辖区的）' } }, (req) => listCockpits(db(), req.actor()));
  app.get('/api/cockpits/:id', { config: { permission: 'read:indicators' }, schema: { tags, summary: '驾驶舱的组成', params: IdParam } }, (req) => getCockpit(db(), req.actor(), req.params.id));
  app.get(
    '/api/cockpits/:id/view',
    {
      config: { permission: 'read:indicators' },
      schema: {
        tags,
        summary: '驾驶舱数据：各组件在某单位某年的数值（默认驾驶舱所属单位，看不到时为本人单位）',
        params: IdParam,
        querystring: z.object({
          year: z.coerce.number({ error: '年度应为四位年份' }).int('年度应为四位年份').min(2000, '年度不早于2000年').max(2100, '年度不晚于2100年').optional(),
          unitId: z.coerce.number({ error: '单位编号应为正整数' }).int('单位编号应为正整数').positive('单位编号应为正整数').optional(),
        }),
      },
    },
    (req) => cockpitView(readerOf(app.ctx), req.actor(), req.params.id, req.query),
  );
  app.post('/api/cockpits', { config: { permission: 'define:indicators' }, schema: { tags, summary: '新建驾驶舱', body: z.object({ scope: Scope, definition: CockpitDefinitionSchema, unitId: UnitId.optional() }) } }, (req) =>
    createCockpit(db(), req.actor(), req.body),
  );
  app.put(
    '/api/cockpits/:id',
    { config: { permission: 'define:indicators' }, schema: { tags, summary: '修改驾驶舱组成（乐观锁：version）', params: IdParam, body: z.object({ definition: CockpitDefinitionSchema, version: z.number({ error: '缺少版本号，请刷新后重试' }).int().positive() }) } },
    (req) => updateCockpit(db(), req.actor(), req.params.id, req.body),
  );
};

export const cockpitRoutes = fp(routes, { name: 'cockpit-routes' });
