import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SubscriptionSchema } from '../../../shared/digest';
import { buildDigest, fileMailer, getSubscription, inbox, markRead, sendDueDigests, subscribe, unsubscribe } from './digest.service';

const tags = ['digest'];
const HOUR = 3600_000;

const routes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.db;
  app.get('/api/digest/subscription', { config: { permission: 'read:indicators' }, schema: { tags, summary: '本人的每周简报订阅' } }, (req) => getSubscription(db(), req.actor()));
  app.put('/api/digest/subscription', { config: { permission: 'read:indicators' }, schema: { tags, summary: '订阅每周简报（关注某个驾驶舱；可同时发邮件）', body: SubscriptionSchema } }, (req) => subscribe(db(), req.actor(), req.body));
  app.post('/api/digest/unsubscribe', { config: { permission: 'read:indicators' }, schema: { tags, summary: '取消订阅每周简报' } }, (req) => unsubscribe(db(), req.actor()));
  app.get(
    '/api/digest/preview',
    { config: { permission: 'read:indicators' }, schema: { tags, summary: '按当前数据预览本周简报', querystring: z.object({ cockpitId: z.coerce.number({ error: '请选择驾驶舱' }).int().positive() }) } },
    (req) => buildDigest(db(), req.actor(), req.query.cockpitId),
  );
  app.get('/api/inbox', { schema: { tags, summary: '站内信（最近50条）' } }, (req) => inbox(db(), req.actor()));
  app.post('/api/inbox/:id/read', { schema: { tags, summary: '标记已读', params: z.object({ id: z.coerce.number({ error: '编号应为正整数' }).int().positive() }) } }, (req) =>
    markRead(db(), req.actor(), req.params.id),
  );

  // Hourly: send the digests that are due. Any instance may run it; a digest goes out once a week
  // per subscriber (the send and its timestamp commit together).
  if (process.env.LIZHOU_DIGEST !== 'off') {
    const mailer = fileMailer(join(app.ctx.config.dataDir, 'outbox'));
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => void sendDueDigests(app.ctx, mailer).catch((e) => app.log.error(e, 'digest send failed')), HOUR);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  }
};

export const digestRoutes = fp(routes, { name: 'digest-routes' });
