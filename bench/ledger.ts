/**
 * The work ledger at province scale (issue 4): all of Zhejiang under one root 浙江省 (the tree of
 * bench/indicators.ts, one tenant), the default category trees, 1,000,000 activities over five
 * years (~200,000 a year; ~60 % in 宣讲 and its two children) and 200,000 cases (every status,
 * deadlines from the category SLA, registered by counties and towns and handled by towns and
 * villages), generated server-side with `insert … select … from generate_series` — titles,
 * places, teams and outcomes in Chinese, so the bigram search column (`lizhou_bigrams`,
 * migration 0007) is computed by the database on realistic text. Then measures, plain SQL first
 * and then the service, and prints the ratio:
 *   1. list pages (`listRecords`, items + capped total): a county user's activities in 宣讲 in
 *      2025 (target p95 < 100 ms), the same for a town user and the whole province, the landing
 *      pages without filters, full-text searches, and a county's overdue cases;
 *   2. a derived indicator (count of 宣讲 by activity date, live over the ledger) for 2025 at the
 *      province root (target p95 < 300 ms) and at one county (`aggregateIndicator`).
 *
 *   npm run bench:ledger
 *
 * Database: a temporary database on the PostgreSQL server at DATABASE_URL, or without it on the
 * local test server (LIZHOU_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
 * if no server answers, embedded PGlite with a tenth of the rows (the targets are for
 * PostgreSQL). ACTIVITIES=n / CASES=n change the scale, RUNS=n the timed repetitions (after
 * WARMUPS=n warm-ups, default 5); KEEP_DB=1 keeps the temporary database and prints its URL;
 * LEDGER_DB=<that URL> measures again on a kept database without loading anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { loadConfig } from '../src/server/config';
import type { Actor, AppContext } from '../src/server/context';
import { queryRows } from '../src/server/db/client';
import { PROVINCE_ROOT, seedProvinceTree } from '../src/server/db/demo/province-tree';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';
import { ROLE_PERMISSIONS, type Role } from '../src/shared/roles';
import { OPEN_CASE_STATUSES } from '../src/shared/ledger';
import { seedCategories } from '../src/server/modules/ledger'; // also registers the ledger's derived sources
import { listRecords, todayCst } from '../src/server/modules/ledger/records.service';
import { ListQuerySchema } from '../src/server/modules/ledger/ledger.schema';
import { searchQuery } from '../src/server/modules/ledger/search';
import { aggregateIndicator } from '../src/server/modules/indicators';
import { createIndicator } from '../src/server/modules/indicators/definitions.service';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const r2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => n.toLocaleString('en');

const WARMUPS = Number(process.env.WARMUPS ?? 5);
const RUNS = Number(process.env.RUNS ?? 30);
const YEAR = 2025;
const YEAR_FROM = `${YEAR}-01-01`;
const YEAR_TO = `${YEAR}-12-31`;
/** Five years of records up to today. */
const DAYS = 5 * 365 + 1;
const CHUNK = 100_000;
const TARGET = { list: 100, derived: 300 };
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

// ---- text the generated records are made of ----

const TOPICS = ['乡村振兴', '共同富裕', '基层治理', '文明乡风', '平安建设', '垃圾分类', '反诈防骗', '防汛防台', '移风易俗', '法治建设', '红色历史', '科技兴农', '医保政策', '养老服务', '安全生产', '生态保护'];
const PLACES = ['文化礼堂', '党群服务中心', '村委会议室', '农家书屋', '新时代文明实践站', '村广场', '小学礼堂', '企业车间', '祠堂', '社区活动室'];
const TEAMS = ['红色宣讲团', '青年宣讲队', '老干部宣讲团', '乡贤宣讲团', '巾帼宣讲队', '百姓名嘴宣讲团'];
const FORMATS = ['集中宣讲', '微宣讲', '线上宣讲', '文艺宣讲'];
const OUTLETS = ['央媒', '省级', '地市', '学习强国'];
const NOTES = ['照片已上传', '签到表存档', '群众满意度较高', '下次活动待定', '已报送镇街', '纳入年度考核'];

/** Activity categories, the share of activities (per 100) and eight title phrases each ({t} = a topic). */
const ACTIVITY_MIX: [code: string, per100: number, phrases: string[]][] = [
  ['XJ', 30, ['开展{t}主题宣讲', '{t}微宣讲进文化礼堂', '“{t}”院坝宣讲会', '{t}集中宣讲', '百姓名嘴讲{t}', '{t}夜学堂宣讲', '{t}田间课堂', '青年宣讲团讲{t}']],
  ['XJ_ESD', 15, ['党的二十大精神集中宣讲', '学习党的二十大精神微宣讲', '二十大精神进农家（{t}）', '党的二十大精神宣讲进企业', '宣讲二十大精神 聚焦{t}', '二十大报告专题辅导', '党的二十大精神文艺宣讲', '二十大精神入脑入心宣讲会']],
  ['XJ_GTFY', 15, ['共同富裕示范区建设宣讲', '共富路上话{t}', '共同富裕政策解读会', '“共富工坊”宣讲', '扎实推动共同富裕宣讲', '共富故事汇', '共同富裕与{t}专题宣讲', '共富大讲堂']],
  ['PX', 10, ['{t}业务培训', '农村党员冬训', '村社干部履职能力培训', '{t}专题培训班', '网格员业务培训', '乡村振兴人才培训', '电商直播技能培训', '{t}知识培训']],
  ['BG', 7, ['现场集中办公（{t}）', '助企服务现场办公', '项目推进现场会', '{t}问题现场协调会', '企业服务日现场办公', '民生实事现场办公', '信访积案现场化解', '“三服务”现场集中办公']],
  ['FW', 7, ['{t}志愿服务', '关爱空巢老人上门服务', '义诊进村', '文明实践志愿服务', '{t}便民服务', '助残扶困服务', '爱心理发进社区', '义务维修家电']],
  ['ZT', 6, ['{t}主题党日', '“七一”主题活动', '红色研学活动', '{t}主题活动', '邻里节活动', '重阳敬老活动', '“我们的节日”主题活动', '文明家庭评选']],
  ['ZXZ', 5, ['理论学习中心组专题学习（{t}）', '中心组学习：{t}', '理论学习中心组集体研讨', '中心组专题读书会', '中心组学习新思想', '中心组学习{t}政策', '中心组交流研讨', '中心组学习会']],
  ['GJ', 3, ['{t}工作经验做法', '我县{t}成效显著', '{t}：一线故事', '一线见闻：{t}', '{t}典型案例', '聚焦{t}新变化', '{t}的乡村实践', '{t}专题报道']],
  ['XS', 2, ['新党员入党宣誓仪式', '“七一”新党员集体宣誓', '新党员重温入党誓词', '新党员宣誓暨{t}党课', '预备党员入党宣誓', '新党员宣誓仪式', '红色阵地新党员宣誓', '新党员入党宣誓主题党日']],
];

const CASE_MIX: [code: string, per100: number, phrases: string[]][] = [
  ['QYXQ', 40, ['企业用地指标需求', '企业用工招聘困难', '企业融资需求', '企业申请技改补助政策咨询', '厂区道路修缮需求', '企业用电增容需求', '项目审批提速需求', '企业人才公寓需求']],
  ['WMCJ', 25, ['背街小巷垃圾堆放', '农贸市场环境卫生脏乱', '小区楼道乱堆杂物', '公共区域乱停车', '沿街店铺占道经营', '公益广告破损', '河道漂浮物清理', '露天焚烧垃圾']],
  ['YZZTC', 15, ['关于加强{t}的建议', '关于推进{t}的建议', '关于完善{t}机制的建议', '关于{t}的意见', '关于优化村级公交线路的建议', '关于增设健身设施的建议', '关于改善农村饮水的建议', '关于{t}资金保障的建议']],
  ['ZJFX', 12, ['宗教场所消防通道堵塞', '宗教场所电线老化', '宗教场所未落实安全责任人', '宗教活动场所燃香安全隐患', '宗教场所建筑安全隐患', '宗教场所灭火器过期', '宗教场所监控设备缺失', '宗教场所违规搭建']],
  ['WJWF', 5, ['党员违规操办婚丧喜庆', '党员违反工作纪律问题线索', '党员参与赌博问题线索', '党员违规收受礼金线索', '党员酒驾问题', '党员违反群众纪律问题', '党员违规占用集体资产线索', '党员失联问题']],
  ['RCCQ', 3, ['村干部推进项目失误容错申请', '改革探索失误容错', '不实举报澄清正名', '网络谣言澄清', '信访举报失实澄清', '工作程序瑕疵容错申请', '先行先试失误容错', '匿名举报失实澄清']],
];
const REQUESTERS = ['浙江某某科技有限公司', '金华某某机械制造有限公司', '村民', '居民代表', '人大代表', '政协委员', '网格员', '群众来电', '企业负责人', '个体工商户'];
const RESOLUTIONS = ['已协调解决，群众满意', '已督促整改到位', '已答复并落实相关政策', '经核查已处理完毕'];

/** A PostgreSQL array literal of text (one or two dimensions), passed as one parameter. */
function pgArray(values: (string | number)[] | string[][]): string {
  const item = (v: string | number | string[]): string => (Array.isArray(v) ? `{${v.map(item).join(',')}}` : typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`);
  return `{${(values as (string | number | string[])[]).map(item).join(',')}}`;
}

/** 1-based index into a mix for each of 100 buckets, so `pick[1 + h % 100]` follows the shares. */
function buckets(mix: [string, number, string[]][]): number[] {
  const out = mix.flatMap(([, n], i) => Array<number>(n).fill(i + 1));
  if (out.length !== 100) throw new Error('mix shares must add up to 100');
  return out;
}

/** A non-negative pseudo-random bigint from the row number and a salt, deterministic across runs. */
const h = (salt: number) => sql.raw(`(hashint4extended(g, ${salt}) & 2147483647)::int`);

interface Figures {
  p50: number;
  p95: number;
}

async function measure(label: string, call: () => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < WARMUPS; i++) await call();
  const lat: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await call();
    lat.push(performance.now() - s);
  }
  lat.sort((a, b) => a - b);
  const r = { p50: r2(pct(lat, 50)), p95: r2(pct(lat, 95)) };
  console.log(`${label.padEnd(62)} p50 ${String(r.p50).padStart(8)} ms  p95 ${String(r.p95).padStart(8)} ms`);
  return r;
}

async function serverAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function actorAt(unit: { id: number; path: string }, role: Role): Actor {
  return { userId: 0, username: 'bench', displayName: '基准测试', role, tenantId: PROVINCE_ROOT.tenantId, orgUnitId: unit.id, scopePath: unit.path, permissions: ROLE_PERMISSIONS[role], ip: null };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-ledger-'));
  const reuse = process.env.LEDGER_DB;
  const server = process.env.DATABASE_URL || process.env.LIZHOU_TEST_DATABASE_URL || DEFAULT_SERVER;
  const onServer = !reuse && (await serverAnswers(server));
  if (!reuse && !onServer) console.log(`no PostgreSQL server at ${server}: embedded PGlite, a tenth of the rows`);
  const temp = onServer ? await createTempDatabase(server, 'lizhou_bench_ledger') : undefined;
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: reuse ?? temp?.url };
  const { ctx, database } = await openRuntime(config);
  const scale = database.kind === 'postgres' ? 1 : 0.1;
  const ACTIVITIES = Number(process.env.ACTIVITIES ?? 1_000_000 * scale);
  const CASES = Number(process.env.CASES ?? 200_000 * scale);
  const tenant = PROVINCE_ROOT.tenantId;
  const today = todayCst();
  const start = new Date(Date.parse(today) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  console.log(`database        ${database.kind}${reuse ? ` (reused ${reuse})` : ''}`);

  try {
    // ---- 1. Tree, categories and records ----
    const [{ n: loaded }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from org_units where code = ${PROVINCE_ROOT.code}`);
    let loadSummary: Record<string, unknown> = {};
    if (!loaded) {
      let t = performance.now();
      const units = await seedProvinceTree(ctx, undefined, { provinceRoot: true });
      console.log(`province tree   ${((performance.now() - t) / 1000).toFixed(1)} s, ${fmt(units)} units (root ${PROVINCE_ROOT.code} ${PROVINCE_ROOT.name}, tenant ${tenant})`);
      await seedCategories(ctx.db, tenant);

      const cats = await queryRows<{ id: number; code: string; kind: string; slaDays: number | null }>(
        ctx.db,
        sql`select id, code, kind, sla_days as "slaDays" from ledger_categories where tenant_id = ${tenant}`,
      );
      const catId = (kind: string, code: string) => cats.find((c) => c.kind === kind && c.code === code)!.id;
      const inChunks = async (label: string, total: number, insert: (lo: number, hi: number) => SQL) => {
        const t0 = performance.now();
        for (let lo = 1; lo <= total; lo += CHUNK) {
          const hi = Math.min(total, lo + CHUNK - 1);
          await ctx.db.transaction(async (tx) => {
            if (database.kind === 'postgres') await tx.execute(sql`set local statement_timeout = 0`);
            await tx.execute(insert(lo, hi));
          });
          const s = (performance.now() - t0) / 1000;
          process.stdout.write(`  ${label}: ${fmt(hi)}/${fmt(total)}, ${s.toFixed(0)} s (${fmt(Math.round(hi / s))} rows/s)\n`);
        }
        return (performance.now() - t0) / 1000;
      };

      // Activities: held_on follows the row number over the five years (records are entered
      // roughly as they happen, up to a month late), so the heap is in rough date order as in
      // production; units: 85 % villages/communities, 12 % towns/streets, 3 % counties.
      const aPick = pgArray(buckets(ACTIVITY_MIX));
      const aIds = pgArray(ACTIVITY_MIX.map(([code]) => catId('activity', code)));
      const aCodes = pgArray(ACTIVITY_MIX.map(([code]) => code));
      const aPhrases = pgArray(ACTIVITY_MIX.map(([, , p]) => p));
      const tActivities = await inChunks(
        'activities',
        ACTIVITIES,
        (lo, hi) => sql`
        with u as (
          select (select array_agg(id order by id) from org_units where type in ('village', 'community')) as vs,
                 (select array_agg(id order by id) from org_units where type in ('town', 'street')) as ts,
                 (select array_agg(id order by id) from org_units where type = 'county') as cs,
                 ${aPick}::int[] as pick, ${aIds}::int[] as ids, ${aCodes}::text[] as codes, ${aPhrases}::text[] as phrases,
                 ${pgArray(TOPICS)}::text[] as topics, ${pgArray(PLACES)}::text[] as places, ${pgArray(TEAMS)}::text[] as teams,
                 ${pgArray(FORMATS)}::text[] as formats, ${pgArray(OUTLETS)}::text[] as outlets, ${pgArray(NOTES)}::text[] as notes
        ),
        x as (
          select g, ${h(1)} as h1, ${h(2)} as h2, ${h(3)} as h3, ${h(4)} as h4, ${h(5)} as h5, ${h(6)} as h6, ${h(7)} as h7,
                 u.pick[1 + ${h(1)} % 100] as ci,
                 case when ${h(2)} % 100 < 85 then u.vs[1 + ${h(3)} % cardinality(u.vs)]
                      when ${h(2)} % 100 < 97 then u.ts[1 + ${h(3)} % cardinality(u.ts)]
                      else u.cs[1 + ${h(3)} % cardinality(u.cs)] end as unit_id,
                 ${start}::date + greatest(0, ((g - 1)::bigint * ${DAYS} / ${ACTIVITIES})::int - (${h(4)} % 30)::int) as day
          from generate_series(${lo}::int, ${hi}::int) g cross join u
        )
        insert into activities (tenant_id, category_id, org_unit_id, title, held_on, ended_on, place, participants, audience, team, outcomes, notes, attributes, archived_at)
        select ${tenant}, u.ids[x.ci], x.unit_id,
               o.name || replace(u.phrases[x.ci][1 + x.h5 % 8], '{t}', u.topics[1 + x.h6 % 16]),
               x.day,
               case when u.codes[x.ci] = 'PX' and x.h7 % 3 > 0 then x.day + (x.h7 % 3)::int end,
               u.places[1 + x.h7 % 10],
               10 + (x.h5 % 190)::int,
               case when u.codes[x.ci] like 'XJ%' then 20 + (x.h6 % 480)::int when u.codes[x.ci] <> 'GJ' then 10 + (x.h5 % 190)::int end,
               case when u.codes[x.ci] like 'XJ%' then u.teams[1 + x.h4 % 6] end,
               case when u.codes[x.ci] like 'XJ%' then '覆盖群众' || (20 + x.h6 % 480) || '人，收集意见建议' || (x.h7 % 12) || '条，' || u.formats[1 + x.h2 % 4] || '形式受到欢迎'
                    when u.codes[x.ci] in ('PX', 'BG', 'FW') then '参与' || (10 + x.h5 % 190) || '人，' || u.topics[1 + x.h6 % 16] || '工作有成效' end,
               case when x.h3 % 10 = 0 then u.notes[1 + x.h7 % 6] end,
               case when u.codes[x.ci] like 'XJ%' then jsonb_build_object('format', u.formats[1 + x.h2 % 4], 'videos', x.h7 % 5)
                    when u.codes[x.ci] = 'GJ' then jsonb_build_object('outlet', u.outlets[1 + x.h7 % 4])
                    else '{}'::jsonb end,
               case when x.h1 % 200 = 0 then now() end
        from x cross join u join org_units o on o.id = x.unit_id
        order by x.g`,
      );

      // Cases: each starts at a village; registered by its county (30 %) or its town, handled by
      // the town or the village (the registrar itself while still 'registered'); old cases are
      // nearly all closed, recent ones in every state; due on registration + the category's SLA.
      const cPick = pgArray(buckets(CASE_MIX));
      const cIds = pgArray(CASE_MIX.map(([code]) => catId('case', code)));
      const cSla = pgArray(CASE_MIX.map(([code]) => cats.find((c) => c.kind === 'case' && c.code === code)!.slaDays ?? 30));
      const cPhrases = pgArray(CASE_MIX.map(([, , p]) => p));
      const tCases = await inChunks(
        'cases',
        CASES,
        (lo, hi) => sql`
        with u as (
          select (select array_agg(id order by id) from org_units where type in ('village', 'community')) as vs,
                 ${cPick}::int[] as pick, ${cIds}::int[] as ids, ${cSla}::int[] as sla, ${cPhrases}::text[] as phrases,
                 ${pgArray(TOPICS)}::text[] as topics, ${pgArray(REQUESTERS)}::text[] as requesters, ${pgArray(RESOLUTIONS)}::text[] as resolutions, ${pgArray(NOTES)}::text[] as notes
        ),
        x as (
          select g, ${h(11)} as h1, ${h(12)} as h2, ${h(13)} as h3, ${h(14)} as h4, ${h(15)} as h5, ${h(16)} as h6, ${h(17)} as h7,
                 u.pick[1 + ${h(11)} % 100] as ci,
                 u.vs[1 + ${h(13)} % cardinality(u.vs)] as village_id,
                 ${start}::date + greatest(0, ((g - 1)::bigint * ${DAYS} / ${CASES})::int - (${h(14)} % 5)::int) as reg
          from generate_series(${lo}::int, ${hi}::int) g cross join u
        ),
        y as (
          select x.*, u.sla[x.ci] as sla, ${today}::date - x.reg as age, v.name as vname, v.id as vid, t.id as tid, c.id as cid,
                 case when ${today}::date - x.reg > 2 * u.sla[x.ci] + 30
                      then case when x.h5 % 100 < 95 then 'closed' when x.h5 % 100 < 97 then 'resolved' when x.h5 % 100 < 99 then 'in_progress' else 'assigned' end
                      else case when x.h5 % 100 < 15 then 'registered' when x.h5 % 100 < 35 then 'assigned' when x.h5 % 100 < 65 then 'in_progress' when x.h5 % 100 < 80 then 'resolved' else 'closed' end
                 end as status
          from x cross join u
          join org_units v on v.id = x.village_id join org_units t on t.id = v.parent_id join org_units c on c.id = t.parent_id
        ),
        z as (
          select y.*, case when y.h2 % 100 < 30 then y.cid else y.tid end as registrar,
                 case when y.status in ('resolved', 'closed') then y.reg + least(y.age, (y.h6 % (y.sla + 10))::int) end as resolved
          from y
        )
        insert into cases (tenant_id, category_id, org_unit_id, registrar_unit_id, status, registered_on, due_on, requester, resolution, resolved_on, closed_on, title, notes, attributes, archived_at)
        select ${tenant}, u.ids[z.ci],
               case when z.status = 'registered' then z.registrar
                    when z.registrar = z.cid then case when z.h3 % 2 = 0 then z.tid else z.vid end
                    else case when z.h3 % 5 = 0 then z.tid else z.vid end end,
               z.registrar, z.status, z.reg, z.reg + z.sla,
               u.requesters[1 + z.h4 % 10],
               case when z.resolved is not null then u.resolutions[1 + z.h7 % 4] end,
               z.resolved,
               case when z.status = 'closed' then least(${today}::date, z.resolved + (z.h7 % 5)::int) end,
               z.vname || '：' || replace(u.phrases[z.ci][1 + z.h5 % 8], '{t}', u.topics[1 + z.h6 % 16]),
               case when z.h1 % 10 = 0 then u.notes[1 + z.h7 % 6] end,
               '{}'::jsonb,
               case when z.h1 % 500 = 0 then now() end
        from z cross join u
        order by z.g`,
      );

      // As autovacuum would after a load: statistics, and the visibility map for index-only scans.
      let tv = performance.now();
      await ctx.db.execute(sql`vacuum (analyze) activities`);
      await ctx.db.execute(sql`vacuum (analyze) cases`);
      await ctx.db.execute(sql`analyze org_units`);
      await ctx.db.execute(sql`analyze ledger_categories`);
      const tVacuum = (performance.now() - tv) / 1000;
      const [size] = await queryRows<Record<string, string>>(
        ctx.db,
        sql`select pg_size_pretty(pg_total_relation_size('activities')) as "aTotal", pg_size_pretty(pg_relation_size('activities')) as "aHeap",
                   pg_size_pretty(pg_indexes_size('activities')) as "aIdx", pg_size_pretty(pg_relation_size('activities_search_idx')) as "aGin",
                   pg_size_pretty(pg_total_relation_size('cases')) as "cTotal", pg_size_pretty(pg_indexes_size('cases')) as "cIdx"`,
      );
      console.log(`load            activities ${fmt(ACTIVITIES)} in ${tActivities.toFixed(1)} s (${fmt(Math.round(ACTIVITIES / tActivities))} rows/s), cases ${fmt(CASES)} in ${tCases.toFixed(1)} s, vacuum+analyze ${tVacuum.toFixed(1)} s`);
      console.log(`table size      activities ${size.aTotal} (heap ${size.aHeap}, indexes ${size.aIdx} of which search GIN ${size.aGin}); cases ${size.cTotal} (indexes ${size.cIdx})`);
      loadSummary = { activitiesSeconds: r2(tActivities), casesSeconds: r2(tCases), vacuumAnalyzeSeconds: r2(tVacuum), activitiesSize: size.aTotal, casesSize: size.cTotal };
    }

    // ---- 2. Who and what is measured ----
    const [root] = await queryRows<{ id: number; path: string }>(ctx.db, sql`select id, path from org_units where code = ${PROVINCE_ROOT.code}`);
    // The county and, in it, the town with the most villages/communities: the heaviest lists.
    const [county] = await queryRows<{ id: number; path: string; name: string; n: number }>(
      ctx.db,
      sql`select c.id, c.path, c.name, count(*)::int as n from org_units c join org_units v on v.path like c.path || '%' and v.type in ('village', 'community')
          where c.type = 'county' group by c.id order by n desc, c.id limit 1`,
    );
    const [town] = await queryRows<{ id: number; path: string; name: string; n: number }>(
      ctx.db,
      sql`select t.id, t.path, t.name, count(*)::int as n from org_units t join org_units v on v.parent_id = t.id and v.type in ('village', 'community')
          where t.path like ${county.path + '%'} and t.type in ('town', 'street') group by t.id order by n desc, t.id limit 1`,
    );
    const [counts] = await queryRows<{ activities: number; cases: number; year: number; xjYear: number }>(
      ctx.db,
      sql`select (select count(*)::int from activities) as activities, (select count(*)::int from cases) as cases,
                 (select count(*)::int from activities where held_on between ${YEAR_FROM} and ${YEAR_TO}) as year,
                 (select count(*)::int from activities r join ledger_categories c on c.id = r.category_id where c.code like 'XJ%' and r.held_on between ${YEAR_FROM} and ${YEAR_TO}) as "xjYear"`,
    );
    console.log(`data            ${fmt(counts.activities)} activities (${fmt(counts.year)} in ${YEAR}, ${fmt(counts.xjYear)} of them in 宣讲), ${fmt(counts.cases)} cases; today ${today}`);
    console.log(`measured        county ${county.name} (#${county.id}, ${county.n} villages/communities), town ${town.name} (#${town.id}, ${town.n})`);
    const [xj] = await queryRows<{ id: number; ids: number[] }>(
      ctx.db,
      sql`select c.id, array_agg(d.id order by d.id) as ids from ledger_categories c join ledger_categories d on d.tenant_id = c.tenant_id and d.kind = c.kind and d.path like c.path || '%'
          where c.tenant_id = ${tenant} and c.kind = 'activity' and c.code = 'XJ' group by c.id`,
    );
    const xjIds = sql.join(xj.ids.map((i) => sql`${i}`), sql`, `);
    const rootActor = actorAt(root, 'admin');
    const countyActor = actorAt(county, 'dept'); // a county department (宣传部/组织部) account
    const townActor = actorAt(town, 'town');

    const results: { label: string; plain: Figures; service: Figures; target?: number }[] = [];
    const check = (label: string, ok: boolean, detail: string) => console.log(`check           ${label}: ${ok ? 'service = plain SQL' : `MISMATCH ${detail}`}`);

    // ---- 3. List pages: plain SQL (items + capped count, side by side as the service runs them), then listRecords ----
    // Plain SQL is the floor: the category subtree as literal ids, and the page order spelled as the
    // (tenant, date DESC NULLS LAST, id DESC NULLS LAST) indexes of migration 0008 are (the same rows:
    // both columns are NOT NULL).
    const plainActivities = (path: string | null, opts: { category?: boolean; year?: boolean; q?: string }) => {
      const where = [sql`r.tenant_id = ${tenant}`, sql`r.archived_at is null`];
      if (path) where.push(sql`r.org_unit_id in (select id from org_units where path like ${path + '%'})`);
      if (opts.category) where.push(sql`r.category_id in (${xjIds})`);
      if (opts.year) where.push(sql`r.held_on between ${YEAR_FROM}::date and ${YEAR_TO}::date`);
      if (opts.q) where.push(sql`r.search @@ ${searchQuery(opts.q)}::tsquery`);
      const w = sql.join(where, sql` and `);
      return () =>
        Promise.all([
          queryRows<{ id: number }>(
            ctx.db,
            sql`select r.id, r.title, r.held_on as "heldOn", r.place, r.team, c.name as "categoryName", o.name as "orgUnitName"
                from activities r join ledger_categories c on c.id = r.category_id join org_units o on o.id = r.org_unit_id
                where ${w} order by r.held_on desc nulls last, r.id desc nulls last limit 20`,
          ),
          queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from (select 1 from activities r where ${w} limit 10001) x`),
        ]);
    };
    const listCase = async (
      label: string,
      actor: Actor,
      query: Record<string, unknown>,
      plain: () => Promise<[{ id: number }[], { n: number }[]]>,
      kind: 'activity' | 'case' = 'activity',
      target?: number,
    ) => {
      const q = ListQuerySchema.parse({ page: 1, pageSize: 20, ...query });
      const [items, [{ n }]] = await plain();
      const got = await listRecords(ctx, actor, kind, q);
      const same = got.items.map((i) => i.id).join() === items.map((i) => i.id).join() && got.total === Math.min(n, 10_000);
      check(label, same, `service total ${got.total}, plain ${n}; first ids ${got.items.slice(0, 3).map((i) => i.id)} vs ${items.slice(0, 3).map((i) => i.id)}`);
      console.log(`                ${label}: ${Math.min(n, 10_000)}${n > 10_000 ? '+' : ''} records, page of ${got.items.length}`);
      const p = await measure(`plain SQL: ${label}`, plain);
      const s = await measure(`service:   ${label}`, () => listRecords(ctx, actor, kind, q));
      results.push({ label, plain: p, service: s, target });
    };

    await listCase(`list: county, 宣讲+children, ${YEAR}`, countyActor, { categoryId: xj.id, from: YEAR_FROM, to: YEAR_TO }, plainActivities(county.path, { category: true, year: true }), 'activity', TARGET.list);
    await listCase(`list: province user → county unitId, 宣讲, ${YEAR}`, rootActor, { unitId: county.id, categoryId: xj.id, from: YEAR_FROM, to: YEAR_TO }, plainActivities(county.path, { category: true, year: true }), 'activity', TARGET.list);
    await listCase(`list: town, 宣讲+children, ${YEAR}`, townActor, { categoryId: xj.id, from: YEAR_FROM, to: YEAR_TO }, plainActivities(town.path, { category: true, year: true }));
    await listCase(`list: province root, 宣讲+children, ${YEAR}`, rootActor, { categoryId: xj.id, from: YEAR_FROM, to: YEAR_TO }, plainActivities(null, { category: true, year: true }));
    await listCase('list: county, no filters (landing page)', countyActor, {}, plainActivities(county.path, {}));
    await listCase('list: province root, no filters (landing page)', rootActor, {}, plainActivities(null, {}));
    await listCase('list: county, search q=反诈 (all years)', countyActor, { q: '反诈' }, plainActivities(county.path, { q: '反诈' }));
    await listCase('list: county, search q=宣讲团 (all years)', countyActor, { q: '宣讲团' }, plainActivities(county.path, { q: '宣讲团' }));
    await listCase('list: province root, search q=反诈 (all years)', rootActor, { q: '反诈' }, plainActivities(null, { q: '反诈' }));

    // Overdue cases of the county: handled or registered under it, open, past the deadline.
    const under = sql`(select id from org_units where path like ${county.path + '%'})`;
    const overdueWhere = sql`r.tenant_id = ${tenant} and (r.org_unit_id in ${under} or r.registrar_unit_id in ${under}) and r.archived_at is null
      and r.status in (${sql.join(OPEN_CASE_STATUSES.map((s) => sql`${s}`), sql`, `)}) and r.due_on < ${today}::date`;
    const plainOverdue = () =>
      Promise.all([
        queryRows<{ id: number }>(
          ctx.db,
          sql`select r.id, r.title, r.status, r.registered_on, r.due_on, c.name as "categoryName", o.name as "orgUnitName", g.name as "registrarUnitName"
              from cases r join ledger_categories c on c.id = r.category_id join org_units o on o.id = r.org_unit_id join org_units g on g.id = r.registrar_unit_id
              where ${overdueWhere} order by r.registered_on desc nulls last, r.id desc nulls last limit 20`,
        ),
        queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from (select 1 from cases r where ${overdueWhere} limit 10001) x`),
      ]);
    await listCase('cases: county, flag=overdue', countyActor, { flag: 'overdue' }, plainOverdue, 'case');

    // ---- 4. Derived indicator: 宣讲场次, counted live from the ledger ----
    const [existing] = await queryRows<{ id: number }>(ctx.db, sql`select id from indicators where tenant_id = ${tenant} and code = 'BENCH_XJ'`);
    const indicatorId =
      existing?.id ??
      (
        await createIndicator(ctx, rootActor, {
          code: 'BENCH_XJ',
          name: '宣讲场次',
          unit: '场',
          direction: 'higher',
          periodType: 'month',
          source: 'derived',
          derivation: 'ledger.records',
          definition: {
            effectiveFrom: start.slice(0, 7),
            aggregation: { kind: 'simple', tree: 'sum', time: 'sum' },
            valueKind: 'integer',
            recordQuery: { kind: 'activity', measure: 'count', categoryCode: 'XJ', dateBasis: 'held' },
          },
        })
      ).id;
    const plainDerived = (path: string | null) => () =>
      queryRows<{ org_unit_id: number; n: number }>(
        ctx.db,
        sql`select r.org_unit_id, count(*)::int as n from activities r
            where r.category_id in (${xjIds}) and r.held_on between ${YEAR_FROM}::date and ${YEAR_TO}::date and r.archived_at is null
              ${path ? sql`and r.org_unit_id in (select id from org_units where path like ${path + '%'})` : sql``}
            group by r.org_unit_id`,
      );
    const derivedCase = async (label: string, unit: { id: number; path: string }, target?: number) => {
      const plain = plainDerived(unit === root ? null : unit.path);
      const want = (await plain()).reduce((s, r) => s + r.n, 0);
      const q = { indicatorId, unitId: unit.id, from: String(YEAR) };
      const got = (await aggregateIndicator(ctx, rootActor, q)).value;
      check(label, got === want, `service ${got}, plain SQL ${want}`);
      console.log(`                ${label}: ${want} (${(await plain()).length} units with records)`);
      const p = await measure(`plain SQL: ${label} (one grouped count)`, plain);
      const s = await measure(`service:   ${label} (aggregateIndicator)`, () => aggregateIndicator(ctx, rootActor, q));
      results.push({ label, plain: p, service: s, target });
    };
    await derivedCase(`derived 宣讲场次, province root, ${YEAR}`, root, TARGET.derived);
    await derivedCase(`derived 宣讲场次, county, ${YEAR}`, county);

    // ---- 5. Verdicts ----
    if (database.kind !== 'postgres') console.log('(the targets are set for PostgreSQL at full scale)');
    console.log(`\n${'measurement'.padEnd(52)} ${'plain p50/p95'.padStart(17)}  ${'service p50/p95'.padStart(17)}  ratio p95  target`);
    for (const r of results) {
      const verdict = r.target ? `${r.service.p95 < r.target ? 'PASS' : 'MISS'} (< ${r.target} ms)` : '-';
      console.log(
        `${r.label.padEnd(52)} ${`${r.plain.p50}/${r.plain.p95}`.padStart(17)}  ${`${r.service.p50}/${r.service.p95}`.padStart(17)}  ${`${r2(r.service.p95 / r.plain.p95)}×`.padStart(9)}  ${verdict}`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'ledger',
        database: database.kind,
        activities: counts.activities,
        cases: counts.cases,
        load: loadSummary,
        runs: RUNS,
        warmups: WARMUPS,
        results: results.map((r) => ({ ...r, ratioP95: r2(r.service.p95 / r.plain.p95), met: r.target ? r.service.p95 < r.target : undefined })),
      }),
    );
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (temp && process.env.KEEP_DB) console.log(`kept database   ${temp.url} (measure again: LEDGER_DB=${temp.url} npm run bench:ledger; drop it when done)`);
    else await temp?.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
