/**
 * Fault 6: the upload disk fills up. Instance A is restarted with its data folder's `files` (the
 * file store, see src/server/modules/ledger/file-store.ts) on a 2 MB tmpfs that an unrelated 1 MB
 * file already half fills. Ledger attachments of ~96 KB are uploaded, four at a time, until the
 * disk has refused several, then one at a time to the brim; a talent application document is
 * tried on the full disk too. Then the unrelated file is deleted and both kinds of upload must
 * succeed again, on the same process. Needs root (mount); skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/client';
import { attempt, login, Tally, type FaultContext, type FaultResult, type Outcome, type Session } from './harness';

const TMPFS_MB = 2;
const FILLER_BYTES = 1024 * 1024;
const UPLOAD_BYTES = 96 * 1024;
const RECORDS = 4;
const WRITERS = 4;
/** Refusals to collect in the concurrent phase before filling to the brim one by one. */
const REFUSALS_WANTED = 8;
const EXPECTED_REFUSAL = '507 storage.full';
const EXPECTED_MESSAGE = '存储空间已满，文件未保存，请稍后重试或联系管理员';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const png = () => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(UPLOAD_BYTES - 8)]);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(UPLOAD_BYTES - 16), Buffer.from('\n%%EOF\n')]);

interface Upload {
  bytes: Buffer;
  outcome: Outcome;
}

export async function diskFull({ ctx, instances }: FaultContext): Promise<FaultResult> {
  const name = `fill the upload disk (one instance's file store on a ${TMPFS_MB} MB tmpfs)`;
  if (process.getuid?.() !== 0) return { name, ok: true, skipped: true, detail: 'needs root to mount a tmpfs' };
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-chaos-disk-'));
  const files = join(dataDir, 'files');
  mkdirSync(files);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', files], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    return { name, ok: true, skipped: true, detail: `cannot mount a tmpfs here: ${(e as Error).message.split('\n')[0]}` };
  }
  try {
    await instances.stop(0);
    await instances.start(0, { LIZHOU_DATA_DIR: dataDir });
    const base = instances.base(0);
    const pid = instances.pid(0);
    const filler = join(files, 'unrelated-filler.bin');
    writeFileSync(filler, randomBytes(FILLER_BYTES));

    const admin = await login(base, 'admin');
    const [{ category }] = await queryRows<{ category: number }>(ctx.db, sql`select id as category from ledger_categories where code = 'XJ'`);
    const records: number[] = [];
    for (let i = 0; i < RECORDS; i++) {
      const r = await attempt(base, 'POST', '/api/activities', { session: admin, json: { categoryId: category, title: `chaos-disk-${i}`, heldOn: '2026-11-21' } });
      if (r.kind !== 'ack') throw new Error(`activity: ${JSON.stringify(r)}`);
      records.push(r.body.id);
    }
    const uploads: Upload[] = [];
    const tally = new Tally();
    let n = 0;
    let firstRefusal: { status: number; message?: string } | null = null;
    const attach = async (s: Session) => {
      const bytes = png();
      const record = records[n++ % RECORDS];
      const res = await fetch(`${base}/api/activities/${record}/attachments?name=chaos-${n}.png`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'image/png' }, body: new Uint8Array(bytes) }).catch((e: Error) => e);
      let outcome: Outcome;
      if (res instanceof Error) outcome = { kind: 'dropped', message: res.message };
      else {
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        outcome = res.ok ? { kind: 'ack', status: res.status, body } : { kind: 'refused', status: res.status, code: body.code ?? '' };
        if (!res.ok && !firstRefusal) firstRefusal = { status: res.status, message: body.message };
      }
      uploads.push({ bytes, outcome });
      tally.add(outcome);
      return outcome;
    };
    const refusals = () => uploads.filter((u) => u.outcome.kind !== 'ack').length;
    // Four at a time until the disk has refused several (partial files race for the last pages)…
    await Promise.all(
      [...Array(WRITERS)].map(async () => {
        while (refusals() < REFUSALS_WANTED && uploads.length < 120) await attach(admin);
      }),
    );
    // …then one at a time until one is refused: the disk is now full to the brim.
    for (let i = 0; i < 40; i++) if ((await attach(admin)).kind !== 'ack') break;

    // A talent's application document on the full disk.
    const talent = await login(base, 'talent');
    const programme = (await attempt(base, 'GET', '/api/me/talent-programmes', { session: talent })) as { kind: 'ack'; body: { id: number; code: string }[] };
    const draft = await attempt(base, 'POST', '/api/me/applications', { session: talent, json: { programmeId: programme.body.find((p) => p.code === 'RCGFBZ')!.id } });
    if (draft.kind !== 'ack') throw new Error(`talent application: ${JSON.stringify(draft)}`);
    const document = (bytes: Buffer) => attempt(base, 'POST', `/api/me/applications/${draft.body.id}/files?docKey=degree&name=chaos.pdf`, { session: talent, bytes, type: 'application/pdf' });
    const docOnFullDisk = await document(pdf());
    tally.add(docOnFullDisk);

    // What the full disk left behind.
    const rows = await queryRows<{ id: number; sha256: string; storageKey: string; size: number }>(
      ctx.db,
      sql`select id, sha256, storage_key as "storageKey", size::int as size from attachments where record_kind = 'activity' and record_id in (${sql.join(records.map((r) => sql`${r}`), sql`, `)})`,
    );
    const complete = (r: { sha256: string; storageKey: string; size: number }) => {
      const p = join(files, r.storageKey);
      return existsSync(p) && statSync(p).size === r.size && sha256(readFileSync(p)) === r.sha256;
    };
    const rowsWithoutCompleteFile = rows.filter((r) => !complete(r)).length;
    const acknowledged = uploads.filter((u) => u.outcome.kind === 'ack');
    const storedIds = new Map(rows.map((r) => [r.id, r]));
    const lost = acknowledged.filter((u) => {
      const row = storedIds.get((u.outcome as { body: { id: number } }).body.id);
      return !row || row.sha256 !== sha256(u.bytes);
    }).length;
    const storeFiles = readdirSync(files, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(files, f)).isFile() && join(files, f) !== filler);
    const partials = storeFiles.filter((f) => !/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f));
    const orphans = storeFiles.length - partials.length - new Set(rows.map((r) => r.storageKey)).size;
    const usedKb = Math.round(Number(execFileSync('df', ['-k', '--output=used', files]).toString().split('\n')[1]));

    // Space is freed: uploads succeed again, with no restart.
    rmSync(filler);
    const again = await attach(admin);
    const docAgain = await document(pdf());
    const [{ docsOk }] = await queryRows<{ docsOk: number }>(ctx.db, sql`select count(*)::int as "docsOk" from talent_application_files where application_id = ${draft.body.id}`);
    const againRow = again.kind === 'ack' ? (await queryRows<{ sha256: string; storageKey: string; size: number }>(ctx.db, sql`select sha256, storage_key as "storageKey", size::int as size from attachments where id = ${again.body.id}`))[0] : undefined;
    const recovered = again.kind === 'ack' && !!againRow && complete(againRow) && docAgain.kind === 'ack' && docsOk === 1 && instances.pid(0) === pid;

    const refused = uploads.filter((u) => u.outcome.kind === 'refused').length;
    const fr = firstRefusal as { status: number; message?: string } | null;
    const unclear = tally.unclear([EXPECTED_REFUSAL]);
    return {
      name,
      ok:
        refused > 0 && fr?.message === EXPECTED_MESSAGE && unclear.length === 0 && docOnFullDisk.kind === 'refused' && docOnFullDisk.status === 507 &&
        lost === 0 && rowsWithoutCompleteFile === 0 && rows.length === acknowledged.length && partials.length === 0 && recovered,
      detail:
        `${uploads.length - 1} attachments of ${UPLOAD_BYTES / 1024} KB tried on the full disk (${usedKb} KB used): acknowledged ${acknowledged.length}, rows ${rows.length}, ` +
        `acknowledged but lost or wrong ${lost}, rows without their complete file ${rowsWithoutCompleteFile}, partial files left ${partials.length}, orphan files ${orphans}; ` +
        `refused ${tally} ("${fr?.message ?? ''}"); the talent document on the full disk answered ${docOnFullDisk.kind === 'ack' ? docOnFullDisk.status : docOnFullDisk.kind === 'refused' ? `${docOnFullDisk.status} ${docOnFullDisk.code}` : 'nothing'}; ` +
        `after deleting the filler, same process: attachment ${again.kind === 'ack' ? again.status : JSON.stringify(again)}, document ${docAgain.kind === 'ack' ? docAgain.status : JSON.stringify(docAgain)}`,
    };
  } finally {
    await instances.stop(0);
    try {
      execFileSync('umount', [files], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', files], { stdio: 'pipe' });
    }
    rmSync(dataDir, { recursive: true, force: true });
    await instances.start(0);
  }
}
