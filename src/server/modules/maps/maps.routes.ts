import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CareThresholdsSchema } from '../../../shared/maps';
import { uploadBoundaries } from './boundaries.service';
import { careGap, careMap, updateThresholds } from './care.service';
import { indicatorMap } from './indicator-map.service';
import { mapConfig } from './config';

const tags = ['maps'];
const Period = z.string({ error: '请选择期次' }).regex(/^\d{4}(H[12]|Q[1-4]|-\d{2})?$/, '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
const Id = z.coerce.number({ error: '编号应为正整数' }).int('编号应为正整数').positive('编号应为正整数');

const routes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.db;
  app.get('/api/maps/config', { config: { permission: 'read:indicators' }, schema: { tags, summary: '地图配置：底图瓦片服务（如天地图；未配置时仅用上传的边界离线显示）' } }, () => mapConfig());
  app.get(
    '/api/maps/indicator',
    { config: { permission: 'read:indicators' }, schema: { tags, summary: '某指标在下一级单位（镇街或村社）上的分布：边界或位置点与数值', querystring: z.object({ indicatorId: Id, unitId: Id.optional(), period: Period }) } },
    (req) => indicatorMap(db(), req.actor(), req.query),
  );
  app.post(
    '/api/maps/boundaries',
    {
      config: { permission: 'write:org' },
      bodyLimit: 20 * 1024 * 1024,
      schema: { tags, summary: '上传边界（GeoJSON FeatureCollection，properties.code 为单位编码；全部合格才写入）', body: z.object({ fileName: z.string({ error: '缺少文件名' }).trim().min(1, '缺少文件名').max(200, '文件名最多200字'), geojson: z.unknown() }) },
    },
    (req) => uploadBoundaries(db(), req.actor(), req.body),
  );
  app.get('/api/maps/care', { config: { permission: 'read:indicators' }, schema: { tags, summary: '养老设施规划三色图：各村（社区）的床位、距离与颜色，以及设施点', querystring: z.object({ unitId: Id.optional(), period: Period }) } }, (req) =>
    careMap(db(), req.actor(), req.query),
  );
  app.get('/api/maps/care/units/:id', { config: { permission: 'read:indicators' }, schema: { tags, summary: '某村（社区）的缺口与最近的养老设施', params: z.object({ id: Id }), querystring: z.object({ period: Period }) } }, (req) =>
    careGap(db(), req.actor(), req.params.id, req.query.period),
  );
  app.put(
    '/api/maps/care/thresholds',
    { config: { permission: 'define:indicators' }, schema: { tags, summary: '修改三色图标准（乐观锁：version）', body: z.object({ thresholds: CareThresholdsSchema, version: z.number({ error: '缺少版本号，请刷新后重试' }).int().min(0) }) } },
    (req) => updateThresholds(db(), req.actor(), req.body),
  );
};

export const mapRoutes = fp(routes, { name: 'map-routes' });
