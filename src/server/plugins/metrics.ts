import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from '../errors';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Registers a gauge (`lizhou_<name>`) read at each scrape: modules report their queue depths
     * this way. A reading that fails keeps the last value, so one module cannot fail the scrape.
     */
    metricGauge(name: string, help: string, read: () => number | Promise<number>): void;
  }
}

/**
 * Prometheus metrics at /api/metrics: request rate and latency per route template (never the
 * raw URL: ids and search text must not become label values), process figures, the PostgreSQL
 * pool when there is one, and the modules' queue depths (`metricGauge`). Off unless LIZHOU_METRICS_TOKEN is set; scrapers send it
 * as a bearer token.
 */
export const metricsPlugin = fp(async (app) => {
  const token = app.ctx.config.metricsToken;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lizhou_' });
  const requests = new Counter({ name: 'lizhou_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'lizhou_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pool = app.ctx.dbPoolStats;
  if (pool) {
    for (const key of ['total', 'idle', 'waiting'] as const) {
      new Gauge({ name: `lizhou_db_pool_${key}`, help: `PostgreSQL pool connections: ${key}`, registers: [registry], collect() { this.set(pool()[key]); } });
    }
  }

  app.decorate('metricGauge', (name: string, help: string, read: () => number | Promise<number>) => {
    new Gauge({
      name: `lizhou_${name}`,
      help,
      registers: [registry],
      async collect() {
        try {
          this.set(await read());
        } catch {
          // keep the last reading
        }
      },
    });
  });

  const replica = app.ctx.replicaStatus;
  if (replica) {
    new Gauge({ name: 'lizhou_replica_in_use', help: 'Whether heavy reads go to the replica (1) or the primary (0)', registers: [registry], collect() { this.set(replica().inUse ? 1 : 0); } });
    new Gauge({ name: 'lizhou_replica_lag_seconds', help: 'Replica lag at the last check (-1 when unknown)', registers: [registry], collect() { this.set(replica().lagSeconds ?? -1); } });
  }

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/api/metrics') return;
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/api/metrics', { config: { public: true }, schema: { tags: ['ops'], summary: 'Prometheus 指标（需 LIZHOU_METRICS_TOKEN）' } }, async (req, reply) => {
    if (!token) throw new AppError(404, 'route.not_found', '接口不存在');
    const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new AppError(401, 'metrics.unauthorized', '需要有效的指标访问令牌');
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
});
