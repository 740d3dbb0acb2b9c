import type { ServerResponse } from 'node:http';
import { requirePermission } from '../../access';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createActivationBus, type ActivationBus } from './activation-bus';
import { activationVisible, createActivation, getActivation, handCheckin, listActivations, listMembers, listNotifications, renotify, standDown, updateNotes } from './activation.service';
import { afterAction, boardFor } from './board.service';
import { checkinRespond, checkinView } from './checkin.service';
import { createDispatch, dispatchOverlaps, dispatchStats, endDispatch, getDispatch, listDispatches } from './dispatch.service';
import { LiveBoards } from './live-board';
import {
  ActivationCreateSchema,
  ActivationListQuerySchema,
  CheckinPostSchema,
  CoverageQuerySchema,
  DispatchCreateSchema,
  DispatchEndSchema,
  DispatchListQuerySchema,
  DispatchStatsQuerySchema,
  ForceCreateSchema,
  ForceUpdateSchema,
  HandCheckinSchema,
  IdParam,
  MemberListQuerySchema,
  MemberParams,
  NotesSchema,
  NotificationListQuerySchema,
  RenotifySchema,
  RosterAddSchema,
  RosterUpdateSchema,
  StandDownSchema,
  TokenParam,
  UnitCreateSchema,
  UnitListQuerySchema,
  UnitUpdateSchema,
} from './mobilization.schema';
import { Outbox, configuredNotifiers } from './notifier';
import { importRoster, rosterTemplate } from './roster.import';
import { XLSX_MIME, writeSheet } from '../../xlsx';
import { ImportModeSchema } from '../org/org.schema';
import { addRosterMember, coverage, createForce, createUnit, getUnit, listForces, listUnits, removeRosterMember, updateForce, updateRosterMember, updateUnit } from './units.service';
import { attachment } from '../../http';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's mobilization machinery: notification outbox, live boards, change bus. */
    mobilization: { outbox: Outbox; live: LiveBoards; bus: ActivationBus };
  }
}

const EXPORT_ROWS = 100_000;
const cst = (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
const UnitMemberParams = z.object({ id: z.coerce.number().int().positive(), memberId: z.coerce.number().int().positive() });
/** Live boards push at most this often per order (≤ 4 updates a second). */
const BOARD_MIN_INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;

const routes: FastifyPluginAsyncZod = async (app) => {
  const bus = createActivationBus(app.ctx.db, app.log);
  const outbox = new Outbox(app.ctx, configuredNotifiers(app.ctx), app.log);
  const live = new LiveBoards(app.ctx, bus, app.log, BOARD_MIN_INTERVAL_MS);
  app.decorate('mobilization', { outbox, live, bus });
  app.metricGauge('notifications_queued', 'Check-in notifications waiting in the outbox (all instances)', () => outbox.queuedCount());
  app.metricGauge('live_board_viewers', 'Live activation boards open on this instance', () => live.viewerCount());
  const streams = new Set<ServerResponse>();
  app.addHook('onReady', async () => outbox.start());
  // Open event streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
    streams.clear();
    live.close();
  });
  app.addHook('onClose', async () => {
    await outbox.stop();
    await bus.close();
  });

  // ---------------------------------------------------------------- forces, units, rosters
  const tags = ['mobilization'];
  app.get('/api/mobilization/forces', { config: { permission: 'read:mobilization' }, schema: { tags, summary: '应急队伍列表（含本辖区内的单元数和人数）' } }, (req) => listForces(app.ctx, req.actor()));
  app.post('/api/mobilization/forces', { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '新建应急队伍（如“3+4”应急队伍之一）', body: ForceCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createForce(app.ctx, req.actor(), req.body)),
  );
  app.patch('/api/mobilization/forces/:id', { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '修改或停用应急队伍', params: IdParam, body: ForceUpdateSchema } }, (req) =>
    updateForce(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.get(
    '/api/mobilization/units',
    { config: { permission: 'read:mobilization' }, schema: { tags, summary: '应急响应单元列表（分页、筛选；含在册人数、可调人数、是否缺员）', querystring: UnitListQuerySchema } },
    (req) => listUnits(app.ctx, req.actor(), req.query),
  );
  app.post('/api/mobilization/units', { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '新建应急响应单元（负责人、副负责人自动编入名单）', body: UnitCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createUnit(app.ctx, req.actor(), req.body)),
  );
  app.get('/api/mobilization/units/:id', { config: { permission: 'read:mobilization' }, schema: { tags, summary: '单元详情与成员名单（手机号脱敏）', params: IdParam } }, (req) => getUnit(app.ctx, req.actor(), req.params.id));
  app.patch('/api/mobilization/units/:id', { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '修改单元（名称、所属队伍、负责人、最低到岗人数、停用）', params: IdParam, body: UnitUpdateSchema } }, (req) =>
    updateUnit(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/mobilization/units/:id/members', { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '从人员库编入成员（技能、可调状态）', params: IdParam, body: RosterAddSchema } }, async (req, reply) =>
    reply.code(201).send(await addRosterMember(app.ctx, req.actor(), req.params.id, req.body)),
  );
  app.patch(
    '/api/mobilization/units/:id/members/:memberId',
    { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '修改成员技能和可调状态', params: UnitMemberParams, body: RosterUpdateSchema } },
    (req) => updateRosterMember(app.ctx, req.actor(), req.params.id, req.params.memberId, req.body),
  );
  app.post('/api/mobilization/units/:id/members/:memberId/remove', { config: { permission: 'manage:mobilization' }, schema: { tags, summary: '将成员移出单元名单', params: UnitMemberParams } }, (req) =>
    removeRosterMember(app.ctx, req.actor(), req.params.id, req.params.memberId),
  );
  app.get('/api/mobilization/roster-template', { config: { permission: 'read:mobilization' }, schema: { tags, summary: '单元成员导入模板 (.xlsx)' } }, async (_req, reply) =>
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('应急单元成员导入模板.xlsx')).send(await rosterTemplate()),
  );
  app.post(
    '/api/mobilization/units/:id/members/import',
    {
      config: { permission: 'manage:mobilization' },
      schema: { tags, summary: '从 .xlsx 导入单元成员（按身份证号匹配人员库；mode=preview 预览）', params: IdParam, querystring: ImportModeSchema },
      bodyLimit: 5 * 1024 * 1024,
    },
    (req) => importRoster(app.ctx, req.actor(), req.params.id, req.body as Buffer, req.query.mode, req.query.previewToken),
  );
  app.post('/api/mobilization/units/export', { config: { permission: 'read:mobilization' }, schema: { tags, summary: '导出应急响应单元列表 (.xlsx)；筛选条件同列表', querystring: UnitListQuerySchema } }, async (req, reply) => {
    const { items } = await listUnits(app.ctx, req.actor(), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
    const file = await writeSheet(
      '应急响应单元',
      [
        { key: 'forceName', header: '所属队伍', width: 20 },
        { key: 'orgUnitName', header: '所属单位', width: 18 },
        { key: 'name', header: '单元名称', width: 28 },
        { key: 'leader', header: '负责人', width: 10 },
        { key: 'deputy', header: '副负责人', width: 10 },
        { key: 'rosterSize', header: '在册人数', width: 10 },
        { key: 'available', header: '可调人数', width: 10 },
        { key: 'minStrength', header: '最低到岗人数', width: 12 },
        { key: 'underStrength', header: '缺员', width: 8 },
      ],
      items.map((u) => ({ ...u, leader: u.leader?.name ?? '', deputy: u.deputy?.name ?? '', underStrength: u.underStrength ? '是' : '' })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('应急响应单元.xlsx')).send(file);
  });
  app.get(
    '/api/mobilization/coverage',
    { config: { permission: 'read:mobilization' }, schema: { tags, summary: '覆盖情况：没有单元的村（社区）、缺员单元、编入多个单元的人员', querystring: CoverageQuerySchema } },
    (req) => coverage(app.ctx, req.actor(), req.query.orgUnitId),
  );

  // ---------------------------------------------------------------- activations
  const atags = ['activations'];
  app.get('/api/activations', { config: { permission: 'read:mobilization' }, schema: { tags: atags, summary: '激活令列表（本辖区内的到岗情况）', querystring: ActivationListQuerySchema } }, (req) =>
    listActivations(app.ctx, req.actor(), req.query),
  );
  app.post(
    '/api/activations',
    {
      config: { permission: 'command:mobilization' },
      schema: {
        tags: atags,
        summary: '发布激活令：激活所选单元、整支队伍或某镇街全部单元，并向每名成员发送个人报到链接',
        description: '返回 {id, units, members, merged（在多个单元中只通知一次的人数）, unavailable（暂不可调未通知的人数）}。通知先写入发件箱，提交后异步发送。',
        body: ActivationCreateSchema,
      },
    },
    async (req, reply) => {
      const result = await createActivation(app.ctx, req.actor(), req.body);
      outbox.kick();
      return reply.code(201).send(result);
    },
  );
  app.get('/api/activations/:id', { config: { permission: 'read:mobilization' }, schema: { tags: atags, summary: '激活令详情、激活的单元及可执行的操作', params: IdParam } }, (req) =>
    getActivation(app.ctx, req.actor(), req.params.id),
  );
  app.get(
    '/api/activations/:id/members',
    { config: { permission: 'read:mobilization' }, schema: { tags: atags, summary: '成员报到明细（可按单元、状态筛选；手机号脱敏）', params: IdParam, querystring: MemberListQuerySchema } },
    (req) => listMembers(app.ctx, req.actor(), req.params.id, req.query),
  );
  app.post(
    '/api/activations/:id/members/export',
    { config: { permission: 'read:mobilization' }, schema: { tags: atags, summary: '导出成员报到明细 (.xlsx)；筛选条件同明细', params: IdParam, querystring: MemberListQuerySchema } },
    async (req, reply) => {
      const { items } = await listMembers(app.ctx, req.actor(), req.params.id, { ...req.query, page: 1, pageSize: EXPORT_ROWS });
      const file = await writeSheet(
        '报到明细',
        [
          { key: 'unitName', header: '应急响应单元', width: 28 },
          { key: 'name', header: '姓名', width: 10 },
          { key: 'phoneMasked', header: '手机号（脱敏）', width: 14 },
          { key: 'responseName', header: '报到情况', width: 10 },
          { key: 'notifiedAt', header: '通知送达', width: 20 },
          { key: 'openedAt', header: '打开链接', width: 20 },
          { key: 'arrivedAt', header: '到岗时间', width: 20 },
          { key: 'declineReason', header: '无法到岗原因', width: 24 },
          { key: 'via', header: '登记方式', width: 10 },
          { key: 'checkedInBy', header: '代登记人', width: 14 },
        ],
        items.map((m) => ({
          ...m,
          notifiedAt: cst(m.notifiedAt),
          openedAt: cst(m.openedAt),
          arrivedAt: cst(m.arrivedAt),
          via: m.responseVia === 'hand' ? '代登记' : m.responseVia === 'link' ? '本人报到' : '',
        })),
      );
      return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('报到明细.xlsx')).send(file);
    },
  );
  app.post(
    '/api/activations/:id/members/:memberId/check-in',
    { config: { permission: 'command:mobilization' }, schema: { tags: atags, summary: '代成员登记到岗或无法到岗（记入审计日志）', params: MemberParams, body: HandCheckinSchema } },
    (req) => handCheckin(app.ctx, req.actor(), req.params.id, req.params.memberId, req.body),
  );
  app.post(
    '/api/activations/:id/renotify',
    { config: { permission: 'command:mobilization' }, schema: { tags: atags, summary: '一键再次通知未响应的成员（可限定单元；请求体可省略）', params: IdParam, body: RenotifySchema.nullish() } },
    async (req) => {
      const result = await renotify(app.ctx, req.actor(), req.params.id, req.body?.unitId);
      outbox.kick();
      return result;
    },
  );
  app.post('/api/activations/:id/stand-down', { config: { permission: 'command:mobilization' }, schema: { tags: atags, summary: '解除激活令（报到链接随即失效），可附复盘记录', params: IdParam, body: StandDownSchema } }, (req) =>
    standDown(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.put('/api/activations/:id/notes', { config: { permission: 'command:mobilization' }, schema: { tags: atags, summary: '修改复盘记录', params: IdParam, body: NotesSchema } }, (req) =>
    updateNotes(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.get(
    '/api/activations/:id/board',
    {
      config: { permission: 'read:mobilization' },
      schema: {
        tags: atags,
        summary: '实时看板快照：各单元和合计的通知、打开、到岗、无法到岗、未响应人数，首人/中位/90%到岗用时，落后单元',
        description: '用时为自发令起到到岗的分钟数，在已到岗成员中按最近秩法取首位、中位数、90分位。落后：到岗人数少于最低到岗人数，且已过集结时间或到岗率低于整体20个百分点以上。',
        params: IdParam,
      },
    },
    (req) => boardFor(app.ctx, req.actor(), req.params.id),
  );
  app.get(
    '/api/activations/:id/events',
    {
      config: { permission: 'read:mobilization' },
      schema: {
        tags: atags,
        summary: '实时看板推送（Server-Sent Events）',
        description:
          '先推送 event: board（数据同 /board）；此后有成员报到、打开链接、通知送达或激活令变化时推送 event: patch（合计等字段完整，units 只含有变化的单元，按 unitId 替换），必要时再推送完整的 event: board。同一激活令每秒最多推送 4 次；每 15 秒发送注释行保活。',
        params: IdParam,
      },
    },
    async (req, reply) => {
      const actor = req.actor();
      requirePermission(actor, 'read:mobilization');
      // Refuse (404) before the stream opens; the first board comes from the shared cache.
      await activationVisible(app.ctx.db, actor, req.params.id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      let seq = 0;
      const send = (event: 'board' | 'patch', json: string) => {
        if (!res.writableEnded) res.write(`event: ${event}\nid: ${++seq}\ndata: ${json}\n\n`);
      };
      res.write('retry: 3000\n\n');
      streams.add(res);
      const leave = live.join(req.params.id, { scopePath: actor.scopePath, send });
      const heartbeat = setInterval(() => !res.writableEnded && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      res.on('close', () => {
        clearInterval(heartbeat);
        leave();
        streams.delete(res);
      });
    },
  );
  app.get(
    '/api/activations/:id/summary',
    { config: { permission: 'read:mobilization' }, schema: { tags: atags, summary: '复盘：时间线、各项数字、到岗曲线、无法到岗原因、复盘记录', params: IdParam } },
    (req) => afterAction(app.ctx, req.actor(), req.params.id),
  );
  app.get(
    '/api/activations/:id/notifications',
    { config: { permission: 'read:mobilization' }, schema: { tags: atags, summary: '通知发送情况（发件箱）', params: IdParam, querystring: NotificationListQuerySchema } },
    (req) => listNotifications(app.ctx, req.actor(), req.params.id, req.query),
  );

  // ---------------------------------------------------------------- member check-in (public)
  // The token is the only credential: no session, so no CSRF token either; a cross-site POST
  // is still refused by the Origin check in plugins/auth.ts, and the token cannot be guessed.
  const ctags = ['checkin'];
  app.get(
    '/api/checkin/:token',
    {
      config: { public: true },
      schema: {
        tags: ctags,
        summary: '成员打开个人报到链接：本人的激活令（事件、等级、集结地点和时间、所属单元、本人姓名）和站内通知',
        description: '无需登录，凭链接中的令牌访问；首次打开记为“已打开”。链接无效返回 404，激活令解除后返回 410。',
        params: TokenParam,
      },
    },
    (req) => checkinView(app.ctx, req.params.token, (id) => bus.changed(id)),
  );
  app.post(
    '/api/checkin/:token',
    {
      config: { public: true },
      schema: {
        tags: ctags,
        summary: '成员报到：已到岗，或无法到岗并说明原因',
        description: '幂等：重复提交只计一次（changed=false）；“无法到岗”之后可改报“已到岗”。激活令解除后返回 410。',
        params: TokenParam,
        body: CheckinPostSchema,
      },
    },
    (req) => checkinRespond(app.ctx, req.params.token, req.body, (id) => bus.changed(id)),
  );

  // ---------------------------------------------------------------- dispatch
  const dtags = ['dispatch'];
  app.get(
    '/api/dispatches',
    { config: { permission: 'read:mobilization' }, schema: { tags: dtags, summary: '一线派驻记录（按一线、派驻单位、人员、日期筛选；标出时间重叠）', querystring: DispatchListQuerySchema } },
    (req) => listDispatches(app.ctx, req.actor(), req.query),
  );
  app.post(
    '/api/dispatches',
    {
      config: { permission: 'manage:mobilization' },
      schema: { tags: dtags, summary: '派驻干部到一线', description: '返回 {dispatch, warnings}：warnings 列出同一干部时间重叠的其他派驻（仅提醒，不阻止）。', body: DispatchCreateSchema },
    },
    async (req, reply) => reply.code(201).send(await createDispatch(app.ctx, req.actor(), req.body)),
  );
  app.post('/api/dispatches/export', { config: { permission: 'read:mobilization' }, schema: { tags: dtags, summary: '导出派驻记录 (.xlsx)；筛选条件同列表', querystring: DispatchListQuerySchema } }, async (req, reply) => {
    const { items } = await listDispatches(app.ctx, req.actor(), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
    const file = await writeSheet(
      '一线派驻',
      [
        { key: 'name', header: '姓名', width: 10 },
        { key: 'homeUnitName', header: '所在单位', width: 20 },
        { key: 'frontName', header: '派驻一线', width: 20 },
        { key: 'postedUnitName', header: '派驻单位', width: 22 },
        { key: 'postedTo', header: '具体岗位/专班', width: 22 },
        { key: 'role', header: '派驻职务', width: 14 },
        { key: 'startDate', header: '开始日期', width: 12 },
        { key: 'endDate', header: '计划结束', width: 12 },
        { key: 'endedEarlyOn', header: '提前结束', width: 12 },
        { key: 'statusName', header: '状态', width: 8 },
        { key: 'overlap', header: '时间重叠', width: 10 },
      ],
      items.map((d) => ({ ...d, overlap: d.overlaps ? '是' : '' })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('一线派驻.xlsx')).send(file);
  });
  app.get('/api/dispatches/stats', { config: { permission: 'read:mobilization' }, schema: { tags: dtags, summary: '某年各一线派驻人次、人数和在岗人数', querystring: DispatchStatsQuerySchema } }, (req) =>
    dispatchStats(app.ctx, req.actor(), req.query.year),
  );
  app.get('/api/dispatches/overlaps', { config: { permission: 'read:mobilization' }, schema: { tags: dtags, summary: '同一干部时间重叠的派驻' } }, (req) => dispatchOverlaps(app.ctx, req.actor()));
  app.get('/api/dispatches/:id', { config: { permission: 'read:mobilization' }, schema: { tags: dtags, summary: '派驻详情（含时间重叠的其他派驻）', params: IdParam } }, (req) =>
    getDispatch(app.ctx, req.actor(), req.params.id),
  );
  app.post('/api/dispatches/:id/end', { config: { permission: 'manage:mobilization' }, schema: { tags: dtags, summary: '提前结束派驻', params: IdParam, body: DispatchEndSchema } }, (req) =>
    endDispatch(app.ctx, req.actor(), req.params.id, req.body),
  );
};

/**
 * Mobilization routes and their per-instance machinery. Wrapped with fastify-plugin so
 * `app.mobilization` is visible on the app itself (tests flush the outbox through it).
 */
export const mobilizationRoutes = fp(routes, { name: 'mobilization' });
