import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors';
import { XLSX_MIME, writeSheet, writeWorkbook } from '../../xlsx';
import { PublicSurveys } from './answer.service';
import { abuseReport, resultSheets, surveyResults, writeResultsToIndicator } from './results.service';
import {
  AbuseQuerySchema,
  AnswerPostSchema,
  CodeParam,
  IdParam,
  PublicViewQuerySchema,
  SurveyCreateSchema,
  SurveyListQuerySchema,
  SurveyUpdateSchema,
  TokenIssueSchema,
  TokenQuerySchema,
  VersionSchema,
  WriteIndicatorSchema,
} from './surveys.schema';
import { createSurvey, getSurvey, listSurveys, setSurveyStatus, updateSurvey } from './surveys.service';
import { MAX_TOKENS_PER_PAGE, issueTokens, tokenBatches, tokenSheet } from './tokens.service';
import { attachment } from '../../http';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's public answering machinery: target cache, rate limiter, group-commit writer. */
    surveys: PublicSurveys;
  }
}

/** Random per browser, httpOnly; only its keyed hash per survey is stored. */
const DEVICE_COOKIE = 'lizhou_sd';
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const EXPORT_TOKENS = 100_000;

const routes: FastifyPluginAsyncZod = async (app) => {
  const kind = app.ctx.config.databaseUrl ? 'postgres' : 'pglite';
  const pub = new PublicSurveys(app.ctx, kind);
  app.decorate('surveys', pub);
  app.metricGauge('survey_answers_pending', 'Public answer sheets queued or being written on this instance', () => pub.writer.pending);
  // Answers still being written are acknowledged before the database closes.
  app.addHook('onClose', async () => pub.writer.drain());

  // ---------------------------------------------------------------- management
  const tags = ['surveys'];
  app.get('/api/surveys', { config: { permission: 'read:assessment' }, schema: { tags, summary: '群众评价问卷列表（本辖区主办的，及评价本辖区单位的）', querystring: SurveyListQuerySchema } }, (req) =>
    listSurveys(app.ctx, req.actor(), req.query),
  );
  app.post(
    '/api/surveys',
    {
      config: { permission: 'manage:surveys' },
      schema: {
        tags,
        summary: '新建问卷（草稿）：标题、说明、题目、答题方式、期次、评价对象',
        description: '评价对象须在主办单位范围内；villagesUnderIds 中每个单位下的全部村、社区都会加入。每个评价对象生成一个公开链接 /s/<code>。',
        body: SurveyCreateSchema,
      },
    },
    async (req, reply) => reply.code(201).send(await createSurvey(app.ctx, req.actor(), req.body)),
  );
  app.get('/api/surveys/:id', { config: { permission: 'read:assessment' }, schema: { tags, summary: '问卷详情：题目、评价对象（链接、答卷数、答题码数）', params: IdParam } }, (req) =>
    getSurvey(app.ctx, req.actor(), req.params.id),
  );
  app.patch(
    '/api/surveys/:id',
    {
      config: { permission: 'manage:surveys' },
      schema: { tags, summary: '修改问卷（带版本号）：草稿可全部修改；开始收集后题目和答题方式固定，评价对象只能增加', params: IdParam, body: SurveyUpdateSchema },
    },
    (req) => updateSurvey(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/surveys/:id/open', { config: { permission: 'manage:surveys' }, schema: { tags, summary: '开始收集（草稿或已结束的问卷）', params: IdParam, body: VersionSchema } }, async (req) => {
    const result = await setSurveyStatus(app.ctx, req.actor(), req.params.id, req.body.version, 'open');
    pub.forget(req.params.id);
    return result;
  });
  app.post('/api/surveys/:id/close', { config: { permission: 'manage:surveys' }, schema: { tags, summary: '结束收集（公开链接随即停止接受答卷）', params: IdParam, body: VersionSchema } }, async (req) => {
    const result = await setSurveyStatus(app.ctx, req.actor(), req.params.id, req.body.version, 'closed');
    pub.forget(req.params.id);
    return result;
  });

  // ---------------------------------------------------------------- tokens
  app.get('/api/surveys/:id/tokens', { config: { permission: 'manage:surveys' }, schema: { tags, summary: '答题码批次（生成时间、评价对象数、已用数）', params: IdParam } }, (req) =>
    tokenBatches(app.ctx, req.actor(), req.params.id),
  );
  app.post(
    '/api/surveys/:id/tokens',
    { config: { permission: 'manage:surveys' }, schema: { tags, summary: '为评价对象各生成一批一次性答题码', description: '返回 {batch, targets, issued}；batch 为该批的生成时间，打印和导出时按它筛选。', params: IdParam, body: TokenIssueSchema } },
    async (req, reply) => reply.code(201).send(await issueTokens(app.ctx, req.actor(), req.params.id, req.body)),
  );
  app.get(
    '/api/surveys/:id/tokens/print',
    {
      config: { permission: 'manage:surveys' },
      schema: { tags, summary: '打印答题码：按评价对象分组的答题码和链接（默认只含未使用的；记入审计日志）', description: `一次最多 ${MAX_TOKENS_PER_PAGE} 个，超出时 truncated=true，请按评价对象分别打印。`, params: IdParam, querystring: TokenQuerySchema },
    },
    (req) => tokenSheet(app.ctx, req.actor(), req.params.id, req.query, MAX_TOKENS_PER_PAGE, 'print'),
  );
  app.post(
    '/api/surveys/:id/tokens/export',
    { config: { permission: 'manage:surveys' }, schema: { tags, summary: '导出答题码 (.xlsx)；筛选条件同打印（记入审计日志）', params: IdParam, querystring: TokenQuerySchema } },
    async (req, reply) => {
      const sheet = await tokenSheet(app.ctx, req.actor(), req.params.id, req.query, EXPORT_TOKENS, 'export');
      const origin = `${req.protocol}://${req.host}`;
      const file = await writeSheet(
        '答题码',
        [
          { key: 'parent', header: '所属镇街', width: 14 },
          { key: 'unit', header: '评价对象', width: 20 },
          { key: 'token', header: '答题码', width: 18 },
          { key: 'link', header: '答题链接（含答题码）', width: 56 },
          { key: 'page', header: '评价页面（需输入答题码）', width: 40 },
          { key: 'used', header: '状态', width: 8 },
        ],
        sheet.targets.flatMap((t) => t.tokens.map((k) => ({ parent: t.parentName ?? '', unit: t.unitName, token: k.display, link: origin + k.link, page: origin + t.link, used: k.used ? '已使用' : '未使用' }))),
      );
      return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(`答题码-${sheet.survey.title}.xlsx`)).send(file);
    },
  );

  // ---------------------------------------------------------------- results
  app.get('/api/surveys/:id/results', { config: { permission: 'read:assessment' }, schema: { tags, summary: '结果：各单位答卷数、平均满意度（1–5）、百分制得分、各题选项分布；主办方另见文字意见', params: IdParam } }, (req) =>
    surveyResults(app.ctx, req.actor(), req.params.id),
  );
  app.post('/api/surveys/:id/results/export', { config: { permission: 'read:assessment' }, schema: { tags, summary: '导出结果 (.xlsx)：各单位结果、选项分布', params: IdParam } }, async (req, reply) => {
    const results = await surveyResults(app.ctx, req.actor(), req.params.id);
    const file = await writeWorkbook(resultSheets(results));
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(`评价结果-${results.survey.title}.xlsx`)).send(file);
  });
  app.get(
    '/api/surveys/:id/abuse',
    {
      config: { permission: 'manage:surveys' },
      schema: { tags, summary: '异常提交：单位每分钟答卷过多的时段，提交多份答卷的设备和网络地址（以散列标识，不含原始地址）', params: IdParam, querystring: AbuseQuerySchema },
    },
    (req) => abuseReport(app.ctx, req.actor(), req.params.id, req.query),
  );
  app.post(
    '/api/surveys/:id/indicator',
    {
      config: { permission: 'manage:surveys' },
      schema: {
        tags,
        summary: '写入指标：把各单位的百分制得分作为已审核数据写入所选指标的问卷期次',
        description: '问卷须已结束并填写期次；指标须为需填报、周期与期次一致、按平均（或最大、最小）汇总的指标。已通过填报任务报送或来自其他来源的数据不会被覆盖（409）。本问卷再次写入时更新原数据并留痕。',
        params: IdParam,
        body: WriteIndicatorSchema,
      },
    },
    (req) => writeResultsToIndicator(app.ctx, req.actor(), req.params.id, req.body.indicatorId),
  );

  // ---------------------------------------------------------------- public answering
  // No session here, so no CSRF token either: like the check-in links, a cross-site POST is still
  // refused by the Origin check in plugins/auth.ts.
  const ptags = ['public-surveys'];
  const deviceId = (req: FastifyRequest, reply: FastifyReply): string => {
    const known = req.cookies[DEVICE_COOKIE];
    if (known && DEVICE_ID.test(known)) return known;
    const id = randomBytes(16).toString('base64url');
    reply.setCookie(DEVICE_COOKIE, id, { path: '/api/public/surveys', httpOnly: true, sameSite: 'lax', secure: app.ctx.config.secureCookies, maxAge: 400 * 24 * 3600 });
    return id;
  };
  app.get(
    '/api/public/surveys/:code',
    {
      config: { public: true },
      schema: {
        tags: ptags,
        summary: '答卷页：问卷、被评价单位和题目；本设备是否已答（公开链接），链接中答题码的状态（t 参数）',
        description: '无需登录。链接无效返回 404，未开始或已结束返回 410。',
        params: CodeParam,
        querystring: PublicViewQuerySchema,
      },
    },
    (req, reply) => pub.view(req.params.code, deviceId(req, reply), req.query.t),
  );
  app.post(
    '/api/public/surveys/:code/answers',
    {
      config: { public: true },
      bodyLimit: 64 * 1024,
      schema: {
        tags: ptags,
        summary: '提交答卷',
        description:
          '无需登录。逐题校验（必答、选项、1–5 分整数、文字不超过 500 字），每处错误作为字段错误返回。答题码方式：每个答题码只能用一次（再次使用返回 409 survey.token_used）。公开链接方式：每台设备一份（409 survey.already_answered），同一网络地址每分钟最多 30 份（本实例内计数，429）。',
        params: CodeParam,
        body: AnswerPostSchema,
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(await pub.answer(req.params.code, req.body, deviceId(req, reply), req.ip));
      } catch (err) {
        if (err instanceof AppError && err.status === 429) reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
        throw err;
      }
    },
  );
};

/**
 * Survey routes and this instance's public answering machinery. Wrapped with fastify-plugin so
 * `app.surveys` is visible on the app itself (tests drain the writer through it).
 */
export const surveyRoutes = fp(routes, { name: 'surveys' });
