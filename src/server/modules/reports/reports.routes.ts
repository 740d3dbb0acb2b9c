import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getUnitInScope } from '../org';
import { factCheck } from './factcheck';
import { readerOf } from '../../context';

export const FactCheckBodySchema = z.object({
  year: z.number({ error: '请选择年度' }).int('年度应为整数').min(2000, '年度不早于2000年').max(2100, '年度不晚于2100年'),
  text: z.string({ error: '请粘贴稿件内容' }).trim().min(1, '请粘贴稿件内容').max(50_000, '稿件最多50000字，请分段核验'),
  /** The unit the draft speaks for; the account's own unit when absent. */
  unitId: z.number().int().positive().optional(),
});

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/reports/check',
    {
      config: { permission: 'read:indicators' },
      schema: {
        tags: ['reports'],
        summary: '数据核验：找出稿件中的每个数字，与该单位该年度的指标数据逐一核对（核实 / 不符，附台账数值和应写作 / 未知）',
        body: FactCheckBodySchema,
      },
    },
    async (req) => {
      const actor = req.actor();
      const db = readerOf(app.ctx);
      const unit = await getUnitInScope(db, actor, req.body.unitId ?? actor.orgUnitId);
      return factCheck(db, actor.tenantId, req.body.year, req.body.text, { orgUnitId: unit.id });
    },
  );
};

export const reportRoutes = fp(routes, { name: 'report-routes' });
