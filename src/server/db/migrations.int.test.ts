import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from './client';
import { createTempDatabase } from '../testing/temp-database';

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
