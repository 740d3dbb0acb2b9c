import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from './context';
import { withReadMemo } from './db/read-memo';
import { authPlugin } from './plugins/auth';
import { errorsPlugin } from './plugins/errors';
import { openapiPlugin } from './plugins/openapi';
import { securityPlugin } from './plugins/security';
import { webPlugin } from './plugins/web';
import { metricsPlugin } from './plugins/metrics';
import { auditRoutes } from './modules/audit';
import { authRoutes } from './modules/auth';
import { indicatorRoutes } from './modules/indicators';
import { mobilizationRoutes } from './modules/mobilization';
import { ledgerRoutes } from './modules/ledger';
import { surveyRoutes } from './modules/surveys';
import { assessmentRoutes } from './modules/assessment';
import { reportRoutes, summaryRoutes } from './modules/reports';
import { cockpitRoutes } from './modules/cockpit';
import { mapRoutes } from './modules/maps';
import { digestRoutes } from './modules/digest';
import { cadreRoutes } from './modules/cadres';
import { talentRoutes } from './modules/talent';
import { housingRoutes } from './modules/talent';
import { pairingRoutes } from './modules/pairings';
import { orgRoutes } from './modules/org';
import { peopleRoutes } from './modules/people';
import { XLSX_MIME } from './xlsx';

// Validation messages in Chinese for every schema, server and web alike.
z.config(z.locales.zhCN());

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Every route registered, for the authorization matrix test's completeness check. */
    routeList: { method: string; url: string; public: boolean; permission?: string; schema?: RouteSchemas }[];
  }
}

/** A route's request schemas (Zod), kept for the fuzz test that feeds every route from them. */
export interface RouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
}

export interface BuildOptions {
  ctx: AppContext;
  logger?: boolean | object;
  /** Serve the built web app from dist/web (off in API tests). */
  serveWeb?: boolean;
}

/** Builds the app in a fixed order: external plugins → app plugins → module routes. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          ...(typeof opts.logger === 'object' ? opts.logger : {}),
          // Query strings may hold a searched ID number or phone: log the path only.
          // Check-in links carry their credential in the path: log it redacted.
          serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0].replace(/^\/(api\/checkin|c)\/[^/]+/, '/$1/***') }) },
        }
      : false,
    // Only trusted proxies may set the client address recorded in sessions and the audit log.
    trustProxy: opts.ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', opts.ctx);
  const routeList: FastifyInstance['routeList'] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeList.push({ method, url: r.url, public: Boolean(r.config?.public), permission: (r.config as { permission?: string } | undefined)?.permission, schema: r.schema as RouteSchemas | undefined });
    }
  });
  // Read-only requests share repeated lookups for their duration (db/read-memo).
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.routeOptions.config?.readOnly) withReadMemo(done);
    else done();
  });
  // Spreadsheets are uploaded as the raw request body.
  app.addContentTypeParser(XLSX_MIME, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(cookie);
  await app.register(openapiPlugin);
  await app.register(authPlugin);
  await app.register(metricsPlugin);

  app.get('/api/health', { config: { public: true }, schema: { tags: ['ops'], summary: '存活检查' } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { config: { public: true }, schema: { tags: ['ops'], summary: '就绪检查（数据库可用）' } }, async (_req, reply) => {
    try {
      await opts.ctx.db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ code: 'db.unavailable', message: '数据库不可用', details: null });
    }
  });

  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(peopleRoutes);
  await app.register(auditRoutes);
  await app.register(indicatorRoutes);
  await app.register(mobilizationRoutes);
  await app.register(ledgerRoutes);
  await app.register(surveyRoutes);
  await app.register(assessmentRoutes);
  await app.register(reportRoutes);
  await app.register(summaryRoutes);
  await app.register(cockpitRoutes);
  await app.register(mapRoutes);
  await app.register(digestRoutes);
  await app.register(cadreRoutes);
  await app.register(talentRoutes);
  await app.register(housingRoutes);
  await app.register(pairingRoutes);

  if (opts.serveWeb) await app.register(webPlugin);
  app.setNotFoundHandler((req, reply) => {
    if (opts.serveWeb && !req.url.startsWith('/api/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ code: 'route.not_found', message: '接口不存在', details: null });
  });
  return app;
}
