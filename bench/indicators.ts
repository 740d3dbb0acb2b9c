/**
 * Indicators at province scale (issue 3): loads all of Zhejiang under one root 浙江省 (90 county-level
 * units, 1,387 towns/streets, 25,547 villages/communities, one tenant), 50 monthly indicators and
 * a year of approved figures for every village and community (~15.3 million rows on PostgreSQL),
 * then measures the province-root aggregate of one indicator over 2025 and the full league table
 * of all villages and communities — plain SQL first, then the service, and prints the ratio.
 * Targets: root aggregate p95 < 200 ms, league table p95 < 500 ms.
 *
 *   DATABASE_URL=postgres://… npm run bench:indicators
 *
 * Embedded PGlite without DATABASE_URL, with figures for fewer indicators (the measured one is
 * always complete). BENCH_INDICATORS=n sets how many of the 50 indicators get figures; RUNS=n the
 * number of timed repetitions (after 3 warm-ups); KEEP_DB=1 keeps the temporary PostgreSQL
 * database for EXPLAIN and prints its URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config';
import type { Actor, AppContext } from '../src/server/context';
import { queryRows } from '../src/server/db/client';
import { PROVINCE_ROOT, seedProvinceTree } from '../src/server/db/demo/province-tree';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';
import { ROLE_PERMISSIONS } from '../src/shared/roles';
import { aggregateIndicator, leagueTable } from '../src/server/modules/indicators';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const r2 = (n: number) => Math.round(n * 100) / 100;

const INDICATORS = 50;
const MONTHS = 12;
const YEAR = '2025';
const FROM = `${YEAR}-01`;
const TO = `${YEAR}-12`;
const WARMUPS = 3;
const RUNS = Number(process.env.RUNS ?? 30);
const TARGET = { aggregate: 200, league: 500 };

/** Aggregation rules of the 50 indicators, in turn: flows, stocks, rates. Indicator 1 (measured) is sum/sum. */
const RULES = [
  { kind: 'simple', tree: 'sum', time: 'sum' },
  { kind: 'simple', tree: 'sum', time: 'latest' },
  { kind: 'simple', tree: 'avg', time: 'avg' },
] as const;

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
  console.log(`${label.padEnd(44)} p50 ${String(r.p50).padStart(8)} ms  p95 ${String(r.p95).padStart(8)} ms  (${RUNS} runs after ${WARMUPS} warm-ups)`);
  return r;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-ind-'));
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL, 'lizhou_bench') : undefined;
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: temp?.url };
  const { ctx, database } = await openRuntime(config);
  const filled = Math.max(1, Math.min(INDICATORS, Number(process.env.BENCH_INDICATORS ?? (database.kind === 'postgres' ? INDICATORS : 2))));
  console.log(`database        ${database.kind}`);

  try {
    // 1. The tree, under one province root.
    let t = performance.now();
    const units = await seedProvinceTree(ctx, undefined, { provinceRoot: true });
    console.log(`province tree   ${((performance.now() - t) / 1000).toFixed(1)} s, ${units} units (root ${PROVINCE_ROOT.code} ${PROVINCE_ROOT.name}, tenant ${PROVINCE_ROOT.tenantId})`);
    const [root] = await queryRows<{ id: number; path: string }>(ctx.db, sql`select id, path from org_units where code = ${PROVINCE_ROOT.code}`);
    const [{ n: leaves }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from org_units where type in ('village', 'community')`);

    // 2. 50 indicators, one version each.
    const tenant = PROVINCE_ROOT.tenantId;
    const ids: number[] = [];
    for (let i = 1; i <= INDICATORS; i++) {
      const code = `BENCH${String(i).padStart(2, '0')}`;
      const rule = RULES[(i - 1) % RULES.length];
      const [row] = await queryRows<{ id: number }>(
        ctx.db,
        sql`insert into indicators (tenant_id, code, name, unit, direction, period_type, source)
            values (${tenant}, ${code}, ${`基准指标${String(i).padStart(2, '0')}`}, '个', 'higher', 'month', 'entered') returning id`,
      );
      await ctx.db.execute(
        sql`insert into indicator_versions (indicator_id, version_no, effective_from, aggregation, value_kind, created_by)
            values (${row.id}, 1, ${FROM}, ${JSON.stringify(rule)}::jsonb, 'integer', 'bench')`,
      );
      ids.push(row.id);
    }
    const indicatorId = ids[0]; // sum over the tree, sum over time

    // 3. Approved figures for every village/community × month, generated server-side, one
    //    statement per indicator (each in its own transaction, free of the pool's statement timeout).
    t = performance.now();
    for (let k = 0; k < filled; k++) {
      await ctx.db.transaction(async (tx) => {
        if (database.kind === 'postgres') await tx.execute(sql`set local statement_timeout = 0`);
        await tx.execute(sql`
          insert into indicator_values (tenant_id, indicator_id, org_unit_id, period, value, source, approved_value, approved_at, approved_by, entered_by)
          select ${tenant}, ${ids[k]}, o.id, ${YEAR} || '-' || lpad(m::text, 2, '0'), f.v, 'entered', f.v, now(), 'bench', 'bench'
          from org_units o
          cross join generate_series(1, ${MONTHS}) m
          cross join lateral (select ((o.id::bigint * 2654435761 + ${ids[k]}::bigint * 40503 + m * 97) % 1000)::float8 as v) f
          where o.type in ('village', 'community')
          order by o.id, m`);
      });
      if ((k + 1) % 10 === 0 || k + 1 === filled) process.stdout.write(`  figures: ${k + 1}/${filled} indicators, ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    }
    const tInsert = (performance.now() - t) / 1000;
    // Vacuum too, as autovacuum would after a load: sets the visibility map (index-only scans)
    // and keeps autovacuum from waking up on 15 million new rows in the middle of the timings.
    await ctx.db.execute(sql`vacuum (analyze) indicator_values`);
    await ctx.db.execute(sql`analyze org_units`);
    const loadSeconds = (performance.now() - t) / 1000;
    const [size] = await queryRows<{ rows: number; total: string; heap: string; indexes: string }>(
      ctx.db,
      sql`select (select count(*)::int from indicator_values) as rows,
                 pg_size_pretty(pg_total_relation_size('indicator_values')) as total,
                 pg_size_pretty(pg_relation_size('indicator_values')) as heap,
                 pg_size_pretty(pg_indexes_size('indicator_values')) as indexes`,
    );
    console.log(
      `figures load    ${loadSeconds.toFixed(1)} s (insert ${tInsert.toFixed(1)} s + vacuum/analyze), ${size.rows.toLocaleString('en')} rows = ` +
        `${leaves.toLocaleString('en')} villages/communities × ${filled} indicators × ${MONTHS} months` +
        (filled < INDICATORS ? ` (${INDICATORS} indicators defined, ${filled} with figures)` : ''),
    );
    console.log(`table size      indicator_values ${size.total} (heap ${size.heap}, indexes ${size.indexes})`);

    // 4. Plain SQL: the floor the service is compared with.
    const like = `${root.path}%`;
    const plainAggregate = () =>
      queryRows<{ total: number | null }>(
        ctx.db,
        sql`select sum(v.approved_value) as total
            from indicator_values v join org_units o on o.id = v.org_unit_id
            where v.indicator_id = ${indicatorId} and v.period between ${FROM} and ${TO}
              and o.path like ${like} and v.approved_value is not null`,
      );
    const plainLeague = () =>
      queryRows<{ id: number; code: string; name: string; total: number | null; rank: string }>(
        ctx.db,
        sql`select o.id, o.code, o.name, s.total, rank() over (order by s.total desc nulls last) as rank
            from org_units o
            left join (
              select org_unit_id, sum(approved_value) as total
              from indicator_values
              where indicator_id = ${indicatorId} and period between ${FROM} and ${TO} and approved_value is not null
              group by org_unit_id
            ) s on s.org_unit_id = o.id
            where o.path like ${like} and o.type in ('village', 'community') and o.archived_at is null
            order by rank, o.code`,
      );
    const [{ total: sqlTotal }] = await plainAggregate();
    const sqlLeague = await plainLeague();
    console.log(`indicator       #${indicatorId} (sum over tree, sum over time), ${FROM}..${TO}: province total ${sqlTotal}, league ${sqlLeague.length} rows`);
    const sqlAgg = await measure('plain SQL: province-root aggregate', plainAggregate);
    const sqlLg = await measure(`plain SQL: league table (${sqlLeague.length} rows)`, plainLeague);

    // 5. The service, as an admin of the province root.
    const service = { aggregateIndicator, leagueTable };
    let svcAgg: Figures | null = null;
    let svcLg: Figures | null = null;
    {
      const actor: Actor = {
        userId: 0,
        username: 'bench',
        displayName: '基准测试',
        role: 'admin',
        tenantId: tenant,
        orgUnitId: root.id,
        scopePath: root.path,
        permissions: ROLE_PERMISSIONS.admin,
        ip: null,
      };
      const q = { indicatorId, unitId: root.id, from: FROM, to: TO, provisional: false };
      const agg = await service.aggregateIndicator(ctx, actor, q);
      const got = agg.value;
      console.log(`check           aggregate ${got} ${got === sqlTotal ? '= plain SQL' : `≠ plain SQL ${sqlTotal}  <-- MISMATCH`}`);
      const lq = { ...q, unitTypes: ['village', 'community'] };
      const rows = (await service.leagueTable(ctx, actor, lq)).rows;
      console.log(`check           league ${rows.length} rows ${rows.length === sqlLeague.length ? '= plain SQL' : `≠ plain SQL ${sqlLeague.length}  <-- MISMATCH`}`);
      svcAgg = await measure('service: aggregateIndicator (province root)', () => service.aggregateIndicator(ctx, actor, q));
      svcLg = await measure('service: leagueTable (all villages)', () => service.leagueTable(ctx, actor, lq));
    }

    const verdict = (label: string, svc: Figures | null, plain: Figures, target: number) => {
      const f = svc ?? plain;
      const ratio = svc ? `service/plain SQL p95 ${r2(svc.p95 / plain.p95)}×` : 'service not measured';
      console.log(`${label.padEnd(16)}p95 ${f.p95} ms vs target ${target} ms: ${f.p95 < target ? 'met' : 'MISSED'} (${svc ? 'service' : 'plain SQL'}); ${ratio}`);
    };
    if (database.kind !== 'postgres') console.log('(the targets are set for PostgreSQL at full scale; set DATABASE_URL)');
    verdict('root aggregate', svcAgg, sqlAgg, TARGET.aggregate);
    verdict('league table', svcLg, sqlLg, TARGET.league);

    console.log(
      JSON.stringify({
        bench: 'indicators',
        database: database.kind,
        units,
        indicators: INDICATORS,
        indicatorsWithFigures: filled,
        months: MONTHS,
        rows: size.rows,
        loadSeconds: r2(loadSeconds),
        tableSize: size.total,
        plainSql: { aggregate: sqlAgg, league: sqlLg },
        service: svcAgg && svcLg ? { aggregate: svcAgg, league: svcLg } : null,
        ratioP95: svcAgg && svcLg ? { aggregate: r2(svcAgg.p95 / sqlAgg.p95), league: r2(svcLg.p95 / sqlLg.p95) } : null,
      }),
    );
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (temp && process.env.KEEP_DB) console.log(`kept database   ${temp.url} (drop it when done)`);
    else await temp?.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
