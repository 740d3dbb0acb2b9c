import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows, refreshPlannerStats } from '../db/client';

/**
 * Logical backup and restore, the same for embedded PGlite and a PostgreSQL server, so a backup
 * of one can be restored into the other. One gzip file of JSON lines: a manifest (format,
 * migration level, per-table row count and checksum), then each table's rows in chunks, then
 * the data folder's files (the encryption key unless excluded; uploads as modules add them).
 *
 * Consistency: every table is read inside one REPEATABLE READ transaction, i.e. one snapshot.
 */

/** Tables in restore order (parents before children). Sessions are deliberately not backed up. */
export const BACKUP_TABLES: { name: string; order: string; noIdentity?: boolean }[] = [
  // Parents before children: the path trigger recomputes each path from the parent's on insert.
  { name: 'org_units', order: 'depth, id' },
  { name: 'persons', order: 'id' },
  { name: 'person_roles', order: 'id' },
  { name: 'users', order: 'id' },
  { name: 'audit_events', order: 'id' },
  { name: 'indicators', order: 'id' },
  { name: 'indicator_versions', order: 'id' },
  { name: 'collection_tasks', order: 'id' },
  { name: 'task_indicators', order: 'task_id, indicator_id', noIdentity: true },
  { name: 'task_submissions', order: 'id' },
  { name: 'indicator_values', order: 'id' },
  { name: 'indicator_value_history', order: 'id' },
  { name: 'indicator_targets', order: 'id' },
  { name: 'peer_benchmarks', order: 'id' },
  { name: 'mobilization_forces', order: 'id' },
  { name: 'response_units', order: 'id' },
  { name: 'roster_members', order: 'id' },
  { name: 'activations', order: 'id' },
  { name: 'activation_units', order: 'activation_id, unit_id', noIdentity: true },
  { name: 'activation_members', order: 'id' },
  { name: 'activation_events', order: 'id' },
  { name: 'mobilization_notifications', order: 'id' },
  { name: 'dispatches', order: 'id' },
  { name: 'ledger_categories', order: 'id' },
  { name: 'activities', order: 'id' },
  { name: 'activity_people', order: 'activity_id, person_id', noIdentity: true },
  { name: 'cases', order: 'id' },
  { name: 'case_events', order: 'id' },
  { name: 'projects', order: 'id' },
  { name: 'project_funds', order: 'id' },
  { name: 'project_milestones', order: 'id' },
  { name: 'honours', order: 'id' },
  { name: 'attachments', order: 'id' },
  { name: 'schemes', order: 'id' },
  { name: 'scheme_versions', order: 'id' },
  { name: 'scheme_results', order: 'id' },
  { name: 'scheme_result_rows', order: 'id' },
  { name: 'incentive_pools', order: 'id' },
  { name: 'surveys', order: 'id' },
  { name: 'survey_targets', order: 'id' },
  { name: 'survey_tokens', order: 'id' },
  { name: 'survey_responses', order: 'id' },
  { name: 'report_templates', order: 'id' },
  { name: 'report_drafts', order: 'id' },
  { name: 'report_draft_revisions', order: 'id' },
  { name: 'cockpits', order: 'id' },
  { name: 'unit_geometries', order: 'org_unit_id', noIdentity: true },
  { name: 'care_facilities', order: 'id' },
  { name: 'care_map_settings', order: 'tenant_id', noIdentity: true },
  { name: 'digest_subscriptions', order: 'user_id', noIdentity: true },
  { name: 'inbox_messages', order: 'id' },
  { name: 'cadre_career_entries', order: 'id' },
  { name: 'cadre_corrections', order: 'id' },
  { name: 'care_records', order: 'id' },
  { name: 'fault_tolerance_cases', order: 'id' },
  { name: 'fault_tolerance_decisions', order: 'id' },
  { name: 'pairings', order: 'id' },
  { name: 'pairing_parties', order: 'id' },
  { name: 'pairing_contacts', order: 'id' },
  // Talent services: programmes before applications, applications before their files, reviews,
  // payments (a reversal after the payment it names: id order) and apartment contracts.
  { name: 'talent_programmes', order: 'id' },
  { name: 'talent_applications', order: 'id' },
  { name: 'talent_application_files', order: 'id' },
  { name: 'talent_reviews', order: 'id' },
  { name: 'talent_payments', order: 'id' },
  { name: 'apartments', order: 'id' },
  { name: 'apartment_contracts', order: 'id' },
  { name: 'apartment_allocations', order: 'id' },
  { name: 'recruitment_candidates', order: 'id' },
  { name: 'recruitment_stage_events', order: 'id' },
];
/** Tables that exist but are not backed up, and why. */
export const NOT_BACKED_UP: Record<string, string> = {
  sessions: 'signed-in sessions must not survive a restore',
  cache_generations: 'cache tokens: the triggers set new ones as the restored rows are inserted',
};

const FORMAT = 'lizhou-backup/1';
const CHUNK = 2000;

export interface TableSummary {
  rows: number;
  checksum: string;
}

export interface Manifest {
  format: string;
  createdAt: string;
  source: string;
  migrations: number;
  tables: Record<string, TableSummary>;
  files: string[];
}

type Line =
  | { kind: 'manifest'; manifest: Manifest }
  | { kind: 'rows'; table: string; rows: unknown[] }
  | { kind: 'file'; path: string; base64: string };

/**
 * Row count and an order-independent-of-storage checksum of a table, computed by the database
 * itself in UTC so source and restored copies compare exactly.
 */
export async function tableSummary(db: Db, table: string, order: string): Promise<TableSummary> {
  const [r] = await queryRows<{ rows: number; checksum: string | null }>(
    db,
    sql`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by ${sql.raw(order)}), '')) as checksum from ${sql.identifier(table)} t`,
  );
  return { rows: r.rows, checksum: r.checksum ?? '' };
}

async function migrationCount(db: Db): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return r.n;
}

function filesUnder(dir: string, skip: (rel: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(dir, full);
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(full);
      else if (statSync(full).isFile()) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Writes a backup of the database and the data folder's files; returns the manifest. */
export async function backup(db: Db, opts: { dataDir: string; source: string; includeKey: boolean }): Promise<{ file: Buffer; manifest: Manifest }> {
  const lines: string[] = [];
  const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), source: opts.source, migrations: 0, tables: {}, files: [] };
  await db.transaction(
    async (tx) => {
      await tx.execute(sql`set local time zone 'UTC'`);
      manifest.migrations = await migrationCount(tx as unknown as Db);
      for (const t of BACKUP_TABLES) {
        manifest.tables[t.name] = await tableSummary(tx as unknown as Db, t.name, t.order);
        for (let offset = 0; offset < manifest.tables[t.name].rows; offset += CHUNK) {
          const [r] = await queryRows<{ rows: unknown[] }>(
            tx,
            sql`select coalesce(json_agg(row_to_json(c)), '[]'::json) as rows from (select * from ${sql.identifier(t.name)} order by ${sql.raw(t.order)} limit ${CHUNK} offset ${offset}) c`,
          );
          lines.push(JSON.stringify({ kind: 'rows', table: t.name, rows: r.rows } satisfies Line));
        }
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  // The embedded database folder itself is not copied: its content is in the rows above.
  const files = filesUnder(opts.dataDir, (rel) => rel === 'pgdata' || rel.startsWith('pgdata/') || (!opts.includeKey && rel === 'secret.key'));
  for (const path of files) lines.push(JSON.stringify({ kind: 'file', path, base64: readFileSync(join(opts.dataDir, path)).toString('base64') } satisfies Line));
  manifest.files = files;
  const body = [JSON.stringify({ kind: 'manifest', manifest } satisfies Line), ...lines].join('\n');
  return { file: gzipSync(body), manifest };
}

export class RestoreError extends Error {}

/**
 * Restores a backup into an empty, migrated database and the data folder, then verifies every
 * table's row count and checksum against the manifest. Refuses a non-empty database.
 */
export async function restore(db: Db, file: Buffer, opts: { dataDir: string; overwriteFiles?: boolean }): Promise<{ manifest: Manifest; verified: Record<string, TableSummary> }> {
  let text: string;
  try {
    text = gunzipSync(file).toString('utf8');
  } catch {
    throw new RestoreError('not a Lizhou backup (not gzip)');
  }
  const lines = text.split('\n');
  const first = JSON.parse(lines[0]) as Line;
  if (first.kind !== 'manifest' || first.manifest.format !== FORMAT) throw new RestoreError('not a Lizhou backup (unknown format)');
  const manifest = first.manifest;
  const migrations = await migrationCount(db);
  if (migrations !== manifest.migrations) {
    throw new RestoreError(`backup was taken at migration level ${manifest.migrations}, this database is at ${migrations}; restore with the same release`);
  }
  for (const t of BACKUP_TABLES) {
    const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(t.name)}`);
    if (r.n > 0) throw new RestoreError(`table ${t.name} is not empty: restore only into an empty database`);
  }

  // Refuse before touching the database if the data folder holds a different key or file.
  for (const line of lines.slice(1)) {
    const l = JSON.parse(line) as Line;
    if (l.kind !== 'file' || opts.overwriteFiles) continue;
    const target = join(opts.dataDir, l.path);
    if (existsSync(target) && !readFileSync(target).equals(Buffer.from(l.base64, 'base64'))) {
      throw new RestoreError(`${l.path} already exists in the data folder and differs from the backup (use --overwrite-files)`);
    }
  }

  // Rows, sequences and the verification in one transaction: a restore that does not match the
  // manifest exactly leaves the database empty.
  const verified: Record<string, TableSummary> = {};
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local time zone 'UTC'`);
    for (const line of lines.slice(1)) {
      const l = JSON.parse(line) as Line;
      if (l.kind !== 'rows' || !l.rows.length) continue;
      if (!BACKUP_TABLES.some((t) => t.name === l.table)) throw new RestoreError(`unexpected table ${l.table}`);
      const table = sql.identifier(l.table);
      // Generated columns (the ledger's search vectors) are recomputed by the database.
      const cols = (await queryRows<{ name: string }>(tx, sql`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${l.table} and is_generated = 'NEVER' order by ordinal_position`)).map((c) => sql.identifier(c.name));
      const list = sql.join(cols, sql`, `);
      // json_populate_recordset converts each JSON value to the column's type; identity
      // columns keep their values.
      await tx.execute(sql`insert into ${table} (${list}) overriding system value select ${list} from json_populate_recordset(null::${table}, ${JSON.stringify(l.rows)}::json)`);
    }
    for (const t of BACKUP_TABLES) {
      // Identity sequences continue after the restored ids (tables keyed otherwise have none).
      if (!t.noIdentity) await tx.execute(sql`select setval(pg_get_serial_sequence(${t.name}, 'id'), greatest((select max(id) from ${sql.identifier(t.name)}), 1), (select count(*) > 0 from ${sql.identifier(t.name)}))`);
      verified[t.name] = await tableSummary(tx as unknown as Db, t.name, t.order);
      const want = manifest.tables[t.name];
      if (verified[t.name].rows !== want.rows || verified[t.name].checksum !== want.checksum) {
        throw new RestoreError(`verification failed for ${t.name}: backup ${want.rows} rows ${want.checksum}, restored ${verified[t.name].rows} rows ${verified[t.name].checksum}`);
      }
    }
  });

  for (const line of lines.slice(1)) {
    const l = JSON.parse(line) as Line;
    if (l.kind !== 'file') continue;
    const target = join(opts.dataDir, l.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, Buffer.from(l.base64, 'base64'), { mode: l.path === 'secret.key' ? 0o600 : 0o644 });
  }
  await refreshPlannerStats(db);
  return { manifest, verified };
}

/** SHA-256 of a backup file, printed so an operator can check a copy. */
export const backupDigest = (file: Buffer) => createHash('sha256').update(file).digest('hex');
