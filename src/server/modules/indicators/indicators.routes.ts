import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_MIME, writeSheet, writeWorkbook } from '../../xlsx';
import { ImportModeSchema } from '../org/org.schema';
import { aggregateIndicator, aggregateSources, indicatorChildren, indicatorSeries, leagueTable } from './aggregate.service';
import { addBenchmark, addVersion, createIndicator, getIndicator, listIndicators, updateIndicator, PERIOD_TYPE_ZH } from './definitions.service';
import { derivedSources } from './derived';
import { formTemplate, getForm, saveForm, uploadForm, valueHistory } from './form.service';
import {
  AggregateQuerySchema,
  BenchmarkCreateSchema,
  DefinitionSchema,
  IndicatorCreateSchema,
  IndicatorIdParam,
  IndicatorListQuerySchema,
  IndicatorUpdateSchema,
  LeagueQuerySchema,
  PeriodCodeSchema,
  TargetsPutSchema,
  TargetsQuerySchema,
} from './indicators.schema';
import { reviewSubmission } from './review.service';
import { importTargets, listTargets, putTargets, targetsSheet } from './targets.service';
import { createTask, getTask, listTasks, myTasks, setTaskClosed, taskProgress, taskReminders } from './tasks.service';
import { attachment } from '../../http';
import { readerOf } from '../../context';

const FormParams = z.object({ id: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive() });
const TaskCreateSchema = z.object({
  title: z.string().trim().min(1, '请填写任务名称').max(100),
  period: PeriodCodeSchema,
  deadline: z.string().min(1, '请填写截止时间'),
  indicatorIds: z.array(z.number().int().positive()).min(1, '请至少选择一个指标').max(100),
  unitTypes: z.array(z.string().max(40)).max(20).optional(),
  unitIds: z.array(z.number().int().positive()).max(30000).optional(),
  note: z.string().trim().max(1000).nullable().optional(),
});
const FormSaveSchema = z.object({
  version: z.number().int().positive(),
  submit: z.boolean().default(false),
  values: z.array(z.object({ indicatorId: z.number().int().positive(), value: z.number().nullable(), comment: z.string().max(500).nullable().optional() })).max(200),
});
const ReviewSchema = z.object({
  action: z.enum(['approve', 'return', 'unapprove', 'reopen']),
  version: z.number().int().positive(),
  reason: z.string().max(500).nullable().optional(),
  fieldReasons: z.array(z.object({ indicatorId: z.number().int().positive(), reason: z.string().max(500) })).max(200).optional(),
});

export const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  // Pure reads of figures may be served by the read replica (within its lag bound).
  const readCtx = () => ({ ...app.ctx, db: readerOf(app.ctx) });
  const tags = ['indicators'];
  app.get('/api/indicators', { config: { permission: 'read:indicators' }, schema: { tags, summary: '指标库', querystring: IndicatorListQuerySchema } }, (req) => listIndicators(app.ctx, req.actor(), req.query));
  app.get('/api/indicators/derivations', { config: { permission: 'read:indicators' }, schema: { tags, summary: '可用于派生指标的数据来源' } }, () =>
    derivedSources().map((s) => ({ key: s.key, label: s.label })),
  );
  app.post('/api/indicators/export', { config: { permission: 'read:indicators' }, schema: { tags, summary: '导出指标库 (.xlsx)；筛选条件同列表', querystring: IndicatorListQuerySchema } }, async (req, reply) => {
    const list = await listIndicators(app.ctx, req.actor(), req.query);
    const file = await writeSheet(
      '指标库',
      [
        { key: 'code', header: '编码', width: 18 },
        { key: 'name', header: '名称', width: 36 },
        { key: 'unit', header: '计量单位', width: 10 },
        { key: 'departmentName', header: '牵头部门', width: 14 },
        { key: 'periodType', header: '填报周期', width: 10 },
        { key: 'direction', header: '方向', width: 10 },
        { key: 'rule', header: '汇总规则', width: 36 },
        { key: 'source', header: '来源', width: 20 },
        { key: 'effectiveFrom', header: '现行定义生效期', width: 14 },
        { key: 'standing', header: '最新兄弟县市排名', width: 30 },
      ],
      list.map((i) => ({
        ...i,
        periodType: PERIOD_TYPE_ZH[i.periodType],
        direction: i.direction === 'higher' ? '越高越好' : '越低越好',
        rule: i.ruleText,
        standing: i.latestBenchmark ? `${i.latestBenchmark.period} ${i.latestBenchmark.peerGroup}第${i.latestBenchmark.rank}/${i.latestBenchmark.peerCount}（${i.latestBenchmark.sourceTitle}）` : '',
        source: ['ratio', 'formula'].includes(i.definition?.aggregation.kind ?? '') ? '由其他指标计算' : i.source === 'derived' ? (i.derivationLabel ?? '台账派生') : '单位填报',
        effectiveFrom: i.definition?.effectiveFrom ?? '',
      })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('指标库.xlsx')).send(file);
  });
  app.get('/api/indicators/:id', { config: { permission: 'read:indicators' }, schema: { tags, params: IndicatorIdParam } }, (req) => getIndicator(app.ctx, req.actor(), req.params.id));
  app.post('/api/indicators', { config: { permission: 'define:indicators' }, schema: { tags, summary: '新建指标', body: IndicatorCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createIndicator(app.ctx, req.actor(), req.body)),
  );
  app.patch('/api/indicators/:id', { config: { permission: 'define:indicators' }, schema: { tags, summary: '修改指标名称、单位等（不改变口径）', params: IndicatorIdParam, body: IndicatorUpdateSchema } }, (req) =>
    updateIndicator(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/indicators/:id/versions', { config: { permission: 'define:indicators' }, schema: { tags, summary: '新增口径版本（自某期起生效）', params: IndicatorIdParam, body: DefinitionSchema } }, (req) =>
    addVersion(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/indicators/:id/benchmarks', { config: { permission: 'define:indicators' }, schema: { tags, summary: '登记兄弟县市排名', params: IndicatorIdParam, body: BenchmarkCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await addBenchmark(app.ctx, req.actor(), req.params.id, req.body)),
  );

  app.get('/api/indicators/:id/aggregate', { config: { permission: 'read:indicators' }, schema: { tags, summary: '某单位某期的汇总值、同比环比、目标完成', params: IndicatorIdParam, querystring: AggregateQuerySchema } }, (req) =>
    aggregateIndicator(readCtx(), req.actor(), { indicatorId: req.params.id, ...req.query }),
  );
  app.get(
    '/api/indicators/:id/series',
    { config: { permission: 'read:indicators' }, schema: { tags, summary: '按期次的走势', params: IndicatorIdParam, querystring: AggregateQuerySchema.extend({ granularity: z.enum(['month', 'quarter', 'half', 'year']).optional() }) } },
    (req) => indicatorSeries(readCtx(), req.actor(), { indicatorId: req.params.id, ...req.query }),
  );
  app.get('/api/indicators/:id/children', { config: { permission: 'read:indicators' }, schema: { tags, summary: '下钻一级', params: IndicatorIdParam, querystring: AggregateQuerySchema } }, (req) =>
    indicatorChildren(readCtx(), req.actor(), { indicatorId: req.params.id, ...req.query }),
  );
  app.get('/api/indicators/:id/league', { config: { permission: 'read:indicators' }, schema: { tags, summary: '同类单位排名与达标占比', params: IndicatorIdParam, querystring: LeagueQuerySchema } }, (req) =>
    leagueTable(readCtx(), req.actor(), { indicatorId: req.params.id, ...req.query }),
  );
  app.get('/api/indicators/:id/sources', { config: { permission: 'read:indicators' }, schema: { tags, summary: '汇总值的来源数据（最多 5000 条）', params: IndicatorIdParam, querystring: AggregateQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(5000).optional() }) } }, (req) =>
    aggregateSources(readCtx(), req.actor(), { indicatorId: req.params.id, ...req.query }),
  );
  app.post('/api/indicators/:id/explore/export', { config: { permission: 'read:indicators' }, schema: { tags, summary: '导出汇总、下钻表和来源数据 (.xlsx)', params: IndicatorIdParam, querystring: AggregateQuerySchema } }, async (req, reply) => {
    const actor = req.actor();
    const q = { indicatorId: req.params.id, ...req.query };
    const [head, children, sources] = await Promise.all([aggregateIndicator(app.ctx, actor, q), indicatorChildren(app.ctx, actor, q), aggregateSources(app.ctx, actor, { ...q, limit: 5000 })]);
    const pct = (x: number | null) => (x == null ? '' : `${(x * 100).toFixed(2)}%`);
    // A provisional export must never pass for the published figures: every sheet says so.
    const mark = head.provisional ? '（临时数据，含未审核）' : '';
    const file = await writeWorkbook([
      {
        name: `汇总${head.provisional ? '（临时）' : ''}`,
        columns: [
          { key: 'k', header: '项目', width: 20 },
          { key: 'v', header: '内容', width: 44 },
        ],
        rows: [
          { k: '指标', v: `${head.indicator.name}（${head.indicator.code}）${mark}` },
          { k: '单位', v: head.unit.name },
          { k: '期次', v: head.label },
          { k: '数值', v: head.value == null ? '—' : `${head.value} ${head.indicator.unit}` },
          { k: '上年同期', v: head.lastYear ?? '' },
          { k: '同比', v: pct(head.yoy) },
          { k: '上期', v: head.previous ?? '' },
          { k: '环比', v: pct(head.pop) },
          { k: '目标值', v: head.target ?? '' },
          { k: '完成率', v: pct(head.completion) },
          ...head.benchmarks.map((b) => ({ k: '兄弟县市排名', v: `${b.peerGroup}第${b.rank}/${b.peerCount}（${b.sourceTitle}）` })),
          { k: '口径版本', v: `v${head.definitionVersion}` },
          { k: '数据状态', v: head.provisional ? '临时：含未审核数据，不得作为正式数据引用' : '正式：仅含审核通过的数据' },
        ],
      },
      {
        name: '下钻',
        columns: [
          { key: 'name', header: `单位${mark}`, width: 24 },
          { key: 'value', header: '数值', width: 14 },
          { key: 'target', header: '目标值', width: 14 },
          { key: 'completion', header: '完成率', width: 10 },
        ],
        rows: [{ name: `${children.unit.name}（合计）`, value: children.unit.value ?? '' }, ...children.rows.map((r) => ({ name: r.name, value: r.value ?? '', target: r.target ?? '', completion: pct(r.completion) }))],
      },
      {
        name: '来源数据',
        columns: [
          { key: 'indicatorName', header: `指标${mark}`, width: 24 },
          { key: 'unitName', header: '单位', width: 20 },
          { key: 'period', header: '期次', width: 10 },
          { key: 'value', header: '填报值', width: 12 },
          { key: 'approvedValue', header: '审核值', width: 12 },
          { key: 'approvedBy', header: '审核人', width: 16 },
          { key: 'changesSinceSignoff', header: '审核后修改次数', width: 14 },
          { key: 'taskTitle', header: '填报任务', width: 30 },
        ],
        rows: sources.items.map((i) => ({ ...i, taskTitle: i.taskTitle ?? '（历史数据导入）' })),
      },
    ]);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(`指标分析${head.provisional ? '（临时）' : ''}.xlsx`)).send(file);
  });
  app.get('/api/indicators/:id/targets', { config: { permission: 'read:indicators' }, schema: { tags, summary: '目标值与完成情况', params: IndicatorIdParam, querystring: TargetsQuerySchema } }, (req) =>
    listTargets(app.ctx, req.actor(), req.params.id, req.query),
  );
  app.put('/api/indicators/:id/targets', { config: { permission: 'define:indicators' }, schema: { tags, summary: '设定目标值', params: IndicatorIdParam, body: TargetsPutSchema } }, (req) =>
    putTargets(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/indicators/:id/targets/export', { config: { permission: 'read:indicators' }, schema: { tags, summary: '目标值表 (.xlsx)，可填好后导入', params: IndicatorIdParam, querystring: TargetsQuerySchema } }, async (req, reply) =>
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('目标值.xlsx')).send(await targetsSheet(app.ctx, req.actor(), req.params.id, req.query)),
  );
  app.post(
    '/api/targets/import',
    { config: { permission: 'define:indicators' }, schema: { tags, summary: '导入目标值（请求体为 .xlsx；mode=preview 预览）', querystring: ImportModeSchema }, bodyLimit: 20 * 1024 * 1024 },
    (req) => importTargets(app.ctx, req.actor(), req.body as Buffer, req.query.mode, req.query.previewToken),
  );

  const ttags = ['tasks'];
  app.get(
    '/api/tasks',
    { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '填报任务列表（最新 200 个；按名称或期次查找更早的）', querystring: z.object({ q: z.string().trim().max(50).optional(), period: PeriodCodeSchema.optional() }) } },
    (req) => listTasks(app.ctx, req.actor(), req.query),
  );
  app.get('/api/tasks/mine', { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '我的任务：待填报和待审核' } }, (req) => myTasks(app.ctx, req.actor()));
  app.post('/api/tasks', { config: { permission: 'issue:tasks' }, schema: { tags: ttags, summary: '下发填报任务', body: TaskCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createTask(app.ctx, req.actor(), req.body)),
  );
  app.get('/api/tasks/:id', { config: { permission: 'read:indicators' }, schema: { tags: ttags, params: IndicatorIdParam } }, (req) => getTask(app.ctx, req.actor(), req.params.id));
  app.post(
    '/api/tasks/:id/close',
    { config: { permission: 'issue:tasks' }, schema: { tags: ttags, summary: '结束任务（closed=false 重新开放）', params: IndicatorIdParam, body: z.object({ version: z.number().int().positive(), closed: z.boolean() }) } },
    (req) => setTaskClosed(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.get('/api/tasks/:id/progress', { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '填报进度', params: IndicatorIdParam } }, (req) => taskProgress(app.ctx, req.actor(), req.params.id));
  app.get('/api/tasks/:id/reminders', { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '未完成单位及联系人（用于提醒）', params: IndicatorIdParam } }, (req) =>
    taskReminders(app.ctx, req.actor(), req.params.id),
  );
  app.post('/api/tasks/:id/progress/export', { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '导出填报进度 (.xlsx)', params: IndicatorIdParam } }, async (req, reply) => {
    const p = await taskProgress(app.ctx, req.actor(), req.params.id);
    const file = await writeSheet(
      '填报进度',
      [
        { key: 'parentName', header: '上级单位', width: 16 },
        { key: 'unitName', header: '单位', width: 20 },
        { key: 'statusName', header: '状态', width: 10 },
        { key: 'overdue', header: '逾期', width: 8 },
        { key: 'submittedAt', header: '报送时间', width: 20 },
        { key: 'reviewedBy', header: '审核人', width: 14 },
        { key: 'returnReason', header: '退回原因', width: 30 },
      ],
      p.units.map((u) => ({ ...u, overdue: u.overdue ? '是' : '', submittedAt: u.submittedAt ? new Date(u.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '' })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(`${p.task.title}-进度.xlsx`)).send(file);
  });
  app.get('/api/tasks/:id/units/:unitId', { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '某单位的填报表', params: FormParams } }, (req) =>
    getForm(app.ctx, req.actor(), req.params.id, req.params.unitId),
  );
  app.put('/api/tasks/:id/units/:unitId', { config: { permission: 'fill:tasks' }, schema: { tags: ttags, summary: '保存草稿或报送', params: FormParams, body: FormSaveSchema } }, (req) =>
    saveForm(app.ctx, req.actor(), req.params.id, req.params.unitId, req.body),
  );
  app.post('/api/tasks/:id/units/:unitId/review', { config: { permission: 'review:tasks' }, schema: { tags: ttags, summary: '审核：通过、退回、撤销审核、退回更正', params: FormParams, body: ReviewSchema } }, (req) =>
    reviewSubmission(app.ctx, req.actor(), req.params.id, req.params.unitId, req.body),
  );
  app.get(
    '/api/tasks/:id/units/:unitId/history/:indicatorId',
    { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '一个数据的修改历史', params: FormParams.extend({ indicatorId: z.coerce.number().int().positive() }) } },
    (req) => valueHistory(app.ctx, req.actor(), req.params.id, req.params.unitId, req.params.indicatorId),
  );
  app.post('/api/tasks/:id/units/:unitId/template', { config: { permission: 'read:indicators' }, schema: { tags: ttags, summary: '下载预填的填报表 (.xlsx)', params: FormParams } }, async (req, reply) => {
    const { file, name } = await formTemplate(app.ctx, req.actor(), req.params.id, req.params.unitId);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(name)).send(file);
  });
  app.post(
    '/api/tasks/:id/units/:unitId/upload',
    { config: { permission: 'fill:tasks' }, schema: { tags: ttags, summary: '上传填好的 .xlsx 保存为草稿（有错则全部不保存）', params: FormParams, querystring: z.object({ version: z.coerce.number().int().positive() }) }, bodyLimit: 5 * 1024 * 1024 },
    (req) => uploadForm(app.ctx, req.actor(), req.params.id, req.params.unitId, req.body as Buffer, req.query.version),
  );
};
