import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/harness';
import { sql } from 'drizzle-orm';
import { queryRows } from './db/client';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the API as a whole', () => {
  it('publishes OpenAPI for every module at /api/docs', async () => {
    const spec = await t.anonymous().get('/api/docs/json');
    expect(spec.status).toBe(200);
    const paths = Object.keys(spec.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/auth/login', '/api/org/units', '/api/people', '/api/people/{id}/reveal', '/api/audit/events', '/api/users']));
    expect(spec.body.paths['/api/org/units'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['parentId', 'code', 'name', 'type']));
    const ui = await t.anonymous().get('/api/docs/');
    expect(ui.status).toBe(200);
  });

  it('answers health and readiness without a session', async () => {
    expect((await t.anonymous().get('/api/health')).body).toEqual({ status: 'ok' });
    expect((await t.anonymous().get('/api/ready')).body).toEqual({ status: 'ready' });
  });

  it('uses one error shape for unknown routes, malformed JSON and wrong types', async () => {
    const admin = await t.login('admin');
    const missing = await admin.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 'route.not_found', message: '接口不存在', details: null });

    const broken = await admin.request('POST', '/api/org/units', '{"parentId":', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('request.invalid');
    expect(broken.body.message).toBe('请求格式不正确');

    const wrongType = await admin.post('/api/org/units', { parentId: 'abc', code: 'X', name: 'Y', type: 'village' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('validation_failed');
    expect(wrongType.body.details[0].path).toBe('parentId');
    expect(wrongType.body.details[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('serves Prometheus metrics by route template, only with the scrape token', async () => {
    const admin = await t.login('admin');
    await admin.get('/api/people?q=33078419800101001X');
    expect((await t.anonymous().get('/api/metrics')).status).toBe(401);
    const res = await t.anonymous().request('GET', '/api/metrics', undefined, { authorization: 'Bearer test-metrics-token-0123456789' });
    expect(res.status).toBe(200);
    const text = res.raw.toString('utf8');
    expect(text).toMatch(/lizhou_http_requests_total\{method="GET",route="\/api\/people",status="200"\} \d+/);
    expect(text).toContain('lizhou_http_request_duration_seconds_bucket');
    expect(text).toContain('lizhou_process_cpu_seconds_total');
    expect(text).not.toContain('33078419800101001X');
    if (process.env.DATABASE_URL) expect(text).toMatch(/lizhou_db_pool_total \d+/);
  });

  it('reports queue depths: the notification outbox as the database holds it, live boards, answers being written', async () => {
    // Two messages waiting, claimed a moment ago so no instance delivers them during the test.
    const [m] = await queryRows<{ id: number; activationId: number }>(t.ctx.db, sql`select id, activation_id as "activationId" from activation_members order by id limit 1`);
    expect(m).toBeDefined();
    for (let i = 0; i < 2; i++) {
      await t.ctx.db.execute(
        sql`insert into mobilization_notifications (tenant_id, activation_id, member_id, kind, title, body, claimed_at) values ('330784', ${m.activationId}, ${m.id}, 'activation', '测试', '测试', now())`,
      );
    }
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from mobilization_notifications where status = 'queued'`);
    expect(n).toBeGreaterThanOrEqual(2);
    const res = await t.anonymous().request('GET', '/api/metrics', undefined, { authorization: 'Bearer test-metrics-token-0123456789' });
    const text = res.raw.toString('utf8');
    expect(text).toMatch(new RegExp(`^lizhou_notifications_queued ${n}$`, 'm'));
    expect(text).toMatch(/^lizhou_live_board_viewers 0$/m);
    expect(text).toMatch(/^lizhou_survey_answers_pending 0$/m);
  });

  it('never leaks a stack trace', async () => {
    const admin = await t.login('admin');
    const r = await admin.get('/api/org/units/99999999');
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
