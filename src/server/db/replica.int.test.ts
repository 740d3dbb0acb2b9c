/**
 * Heavy reads through a streaming replica (DATABASE_REPLICA_URL): served from it while it is
 * within the lag bound, from the primary when it lags past the bound, is down, or is not a
 * standby. Needs a primary and a hot standby: `scripts/replica-test.sh` sets them up on loopback
 * with Debian's PostgreSQL and runs this file (the test suite runs that script).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from './client';
import { openReplica, type ReplicaRouter } from './replica';
import { createTestApp, type Client, type TestApp } from '../testing/harness';

const REPLICA = process.env.DATABASE_REPLICA_URL;
const PRIMARY = process.env.DATABASE_URL;

describe.skipIf(!REPLICA || !PRIMARY)('read replica', () => {
  let t: TestApp;
  let leader: Client;
  let replicaUrl: string;
  let standby: pg.Client;
  let indicatorId: number;
  let county: number;
  const routers: ReplicaRouter[] = [];

  const router = async (url: string, maxLagSeconds: number) => {
    const r = await openReplica(url, t.ctx.db, { maxLagSeconds, checkIntervalMs: 60_000, poolSize: 2 });
    routers.push(r);
    return r;
  };
  const use = (r: ReplicaRouter | null) => {
    t.ctx.readDb = r ? r.reader : undefined;
  };
  const figure = async () => {
    const res = await leader.get(`/api/indicators/${indicatorId}/aggregate?unitId=${county}&from=2022`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.value as number;
  };
  const until = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 150; i++) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    leader = await t.login('leader');
    // The test database was created on the primary; the standby replays it under the same name.
    const name = new URL((t.ctx.db as unknown as { $client: pg.Pool }).$client.options.connectionString!).pathname;
    const u = new URL(REPLICA!);
    u.pathname = name;
    replicaUrl = u.toString();
    standby = new pg.Client({ connectionString: REPLICA });
    await standby.connect();
    [{ id: indicatorId }] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from indicators where code = 'QYXQ_JJ'`);
    county = await t.unitId('330784');
  });
  afterAll(async () => {
    await standby?.query('select pg_wal_replay_resume()').catch(() => {});
    await standby?.end();
    for (const r of routers) await r.close();
    await t?.close();
  });

  it('serves reads from the replica within the bound, and from the primary past it', async () => {
    const fresh = await router(replicaUrl, 3600);
    await until('the standby to catch up', async () => {
      const s = await fresh.check();
      return s.inUse && s.lagSeconds === 0;
    });
    use(fresh);
    const before = await figure();

    // Hold the standby still, then close one more enterprise request on the primary.
    await standby.query('select pg_wal_replay_pause()');
    const [cat] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from ledger_categories where code = 'QYXQ' and tenant_id = '330784'`);
    await t.ctx.db.execute(
      sql`insert into cases (tenant_id, category_id, org_unit_id, registrar_unit_id, title, registered_on, status, resolved_on, resolution, closed_on)
          values ('330784', ${cat.id}, ${county}, ${county}, '副本测试', '2022-06-01', 'closed', '2022-06-02', '已办', '2022-06-03')`,
    );
    use(null);
    expect(await figure()).toBe(before + 1);

    // Within a generous bound the replica still serves the read: stale, but never beyond the bound.
    const s = await fresh.check();
    expect(s.lagSeconds).toBeGreaterThan(0);
    expect(s.inUse).toBe(true);
    use(fresh);
    expect(await figure()).toBe(before);

    // A tight bound sends the same read to the primary.
    const tight = await router(replicaUrl, 0.2);
    await new Promise((r) => setTimeout(r, 400));
    const ts = await tight.check();
    expect(ts.inUse).toBe(false);
    expect(ts.lagSeconds).toBeGreaterThan(0.2);
    use(tight);
    expect(await figure()).toBe(before + 1);

    // Replay resumes: the replica catches up and serves again, now with the new figure.
    await standby.query('select pg_wal_replay_resume()');
    await until('the standby to replay the new case', async () => (await tight.check()).inUse);
    expect(await figure()).toBe(before + 1);
  });

  it('falls back to the primary when the replica is unreachable or is not a standby', async () => {
    const down = await router('postgres://postgres@127.0.0.1:1/nothing', 60);
    expect(down.status()).toMatchObject({ inUse: false, lagSeconds: null });
    expect(down.status().lastError).toBeTruthy();
    use(down);
    expect(typeof (await figure())).toBe('number');

    const notStandby = await router(PRIMARY!, 60);
    expect(notStandby.status()).toMatchObject({ inUse: false });
    expect(notStandby.status().lastError).toMatch(/not a standby/);
    use(null);
  });

  it('takes reads off the replica at once when its connections are dropped', async () => {
    const r = await router(replicaUrl, 3600);
    await until('the standby to be in use', async () => (await r.check()).inUse);
    use(r);
    await figure();
    await figure();
    const name = new URL(replicaUrl).pathname.slice(1);
    await standby.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    await until('the dropped connection to be noticed', async () => !r.status().inUse);
    expect(typeof (await figure())).toBe('number');
    // The next check finds the replica answering again.
    expect((await r.check()).inUse).toBe(true);
    use(null);
  });

  it('serves every heavy read path from a caught-up replica exactly as the primary does', async () => {
    const zzb = await t.login('zzb');
    const [{ scheme }] = await queryRows<{ scheme: number }>(t.ctx.db, sql`select id as scheme from schemes where tenant_id = '330784' order by id limit 1`);
    const [{ cockpit }] = await queryRows<{ cockpit: number }>(t.ctx.db, sql`select id as cockpit from cockpits where tenant_id = '330784' order by id limit 1`);
    const q = `unitId=${county}&from=2022`;
    const reads: ['GET' | 'POST', string, unknown?][] = [
      ['GET', `/api/indicators/${indicatorId}/aggregate?${q}`],
      ['GET', `/api/indicators/${indicatorId}/series?${q}`],
      ['GET', `/api/indicators/${indicatorId}/children?${q}`],
      ['GET', `/api/indicators/${indicatorId}/league?${q}`],
      ['GET', `/api/indicators/${indicatorId}/sources?${q}`],
      ['GET', `/api/schemes/${scheme}/run?period=2022`],
      ['GET', `/api/cockpits/${cockpit}/view?year=2022`],
      ['POST', '/api/report-templates/preview', { dept: 'org', year: 2022, definition: { title: '{year}年副本测试', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: ['解决企业需求{{value QYXQ_JJ}}。'] }] } }],
      ['POST', '/api/reports/check', { year: 2022, text: '解决企业需求1个，宣讲3场。' }],
    ];
    // The moment of the answer differs between two reads; nothing else may.
    const stable = (body: unknown) => JSON.parse(JSON.stringify(body, (k, v) => (k === 'asOf' ? undefined : v)));
    const r = await router(replicaUrl, 3600);
    await until('the standby to catch up', async () => {
      const s = await r.check();
      return s.inUse && s.lagSeconds === 0;
    });
    for (const [method, path, body] of reads) {
      use(null);
      const fromPrimary = await zzb.request(method, path, body);
      expect(fromPrimary.status, `${path} ${JSON.stringify(fromPrimary.body)}`).toBe(200);
      // The route asks for the reader, which is the standby: a write on that path would fail there.
      let asked = 0;
      t.ctx.readDb = () => {
        asked++;
        return r.reader();
      };
      const fromReplica = await zzb.request(method, path, body);
      expect(fromReplica.status, `${path} ${JSON.stringify(fromReplica.body)}`).toBe(200);
      expect(asked, path).toBeGreaterThan(0);
      expect(r.status().inUse).toBe(true);
      expect(stable(fromReplica.body), path).toEqual(stable(fromPrimary.body));
    }
    use(null);
  });
});
