import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from './client';
import { createTempDatabase } from '../testing/temp-database';
import { partitionLedger } from '../ops/ledger-partitions';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

/** A copy of the migrations folder that stops after the first `count` migrations. */
function migrationsUpTo(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'lizhou-migrations-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return dir;
}

describe('upgrading a database that holds data', () => {
  // Every earlier level stands for a previous release: migrate to it, add data, upgrade to now.
  for (let level = 1; level < journal.entries.length; level++) {
    it(`upgrades from ${journal.entries[level - 1].tag} to the latest without losing rows`, async () => {
      const old = migrationsUpTo(level);
      const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
      const database = await openDatabase({ url: temp?.url, dataDir: 'memory' });
      try {
        await database.migrate(old);
        // Columns present since the first migration only.
        await database.db.execute(sql`insert into org_units (tenant_id, code, name, type, path, depth, pinyin_initials, pinyin_full) values ('330784', '330784', '永康市', 'county', '1.', 0, 'yks', 'yongkangshi')`);
        await database.db.execute(sql`insert into persons (tenant_id, name, name_pinyin, gender, birth_date, id_cipher, id_hash, id_masked, org_unit_id) values ('330784', '测试', 'ceshi', 'male', '1980-01-01', 'c', 'h', 'm', (select id from org_units limit 1))`);
        await database.migrate();
        const [counts] = await queryRows<{ units: number; people: number }>(database.db, sql`select (select count(*)::int from org_units) as units, (select count(*)::int from persons) as people`);
        expect(counts).toEqual({ units: 1, people: 1 });
        const [applied] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        expect(applied.n).toBe(journal.entries.length);
        // The newest schema works on the old rows: a child insert runs the path trigger.
        await database.db.execute(sql`insert into org_units (tenant_id, code, name, type, parent_id, pinyin_initials, pinyin_full) values ('330784', 'CHILD', '下级', 'town', (select id from org_units where code = '330784'), 'xj', 'xiaji')`);
        const [child] = await queryRows<{ depth: number }>(database.db, sql`select depth from org_units where code = 'CHILD'`);
        expect(child.depth).toBe(1);
      } finally {
        await database.close();
        await temp?.drop();
        rmSync(old, { recursive: true, force: true });
      }
    });
  }
});

describe('lizhou partition-ledger on an upgraded database', () => {
  it('moves the rows of an earlier release into year partitions, with their ids, attendance and case links', async () => {
    const old = migrationsUpTo(journal.entries.length - 1);
    const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
    const database = await openDatabase({ url: temp?.url, dataDir: 'memory' });
    try {
      await database.migrate(old);
      const db = database.db;
      await db.execute(sql`insert into org_units (tenant_id, code, name, type, path, depth, pinyin_initials, pinyin_full) values ('330784', '330784', '永康市', 'county', '1.', 0, 'yks', 'yongkangshi')`);
      await db.execute(sql`insert into persons (tenant_id, name, name_pinyin, gender, birth_date, id_cipher, id_hash, id_masked, org_unit_id) values ('330784', '测试', 'ceshi', 'male', '1980-01-01', 'c', 'h', 'm', (select id from org_units limit 1))`);
      await db.execute(sql`insert into ledger_categories (tenant_id, kind, code, name) values ('330784', 'activity', 'XJ', '宣讲'), ('330784', 'case', 'SQ', '诉求')`);
      const cat = (kind: string) => sql`(select id from ledger_categories where kind = ${kind})`;
      const unit = sql`(select id from org_units limit 1)`;
      await db.execute(sql`insert into activities (tenant_id, category_id, org_unit_id, title, held_on) values ('330784', ${cat('activity')}, ${unit}, '二〇二一年', '2021-05-01'), ('330784', ${cat('activity')}, ${unit}, '二〇二二年', '2022-11-02'), ('330784', ${cat('activity')}, ${unit}, '录错年份', '1022-11-02')`);
      await db.execute(sql`insert into activity_people (activity_id, person_id) select id, (select id from persons limit 1) from activities`);
      await db.execute(sql`insert into cases (tenant_id, category_id, org_unit_id, registrar_unit_id, title, registered_on, source_activity_id) values ('330784', ${cat('case')}, ${unit}, ${unit}, '现场提出的诉求', '2022-11-02', (select id from activities where held_on = '2022-11-02'))`);
      await db.execute(sql`insert into case_events (case_id, action, actor_name) select id, 'register', '测试' from cases`);
      const before = await queryRows<{ id: number; title: string }>(db, sql`select id, title from activities order by id`);

      await database.migrate();
      expect((await partitionLedger(db)).converted).toBe(true);
      const after = await queryRows<{ id: number; title: string; part: string }>(db, sql`select id, title, tableoid::regclass::text as part from activities order by id`);
      expect(after.map(({ id, title }) => ({ id, title }))).toEqual(before);
      expect(after.map((r) => r.part)).toEqual(['activities_2021', 'activities_2022', 'activities_1022']);
      const [links] = await queryRows<{ people: number; cases: number }>(db, sql`select (select count(*)::int from activity_people join activities a on a.id = activity_id) as people, (select count(*)::int from cases join activities a on a.id = source_activity_id) as cases`);
      expect(links).toEqual({ people: 3, cases: 1 });
      // Cases too: in their year's partition, with their events.
      const [kase] = await queryRows<{ part: string; events: number }>(db, sql`select tableoid::regclass::text as part, (select count(*)::int from case_events e where e.case_id = c.id) as events from cases c`);
      expect(kase).toEqual({ part: 'cases_2022', events: 1 });
      // New ids continue after the old ones.
      const [fresh] = await queryRows<{ id: number }>(db, sql`insert into activities (tenant_id, category_id, org_unit_id, title, held_on) values ('330784', ${cat('activity')}, ${unit}, '升级后', '2022-12-01') returning id`);
      expect(fresh.id).toBeGreaterThan(Math.max(...before.map((r) => r.id)));
    } finally {
      await database.close();
      await temp?.drop();
      rmSync(old, { recursive: true, force: true });
    }
  });
});
