import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';

/**
 * Where attachment bytes live. The default keeps them in the data folder (so `lizhou backup`
 * takes them with the database); an S3-compatible store can implement the same three calls.
 * Keys are content hashes, so the same photo uploaded twice is stored once.
 */
export interface FileStore {
  put(bytes: Buffer): Promise<{ key: string; sha256: string }>;
  get(key: string): Promise<Buffer>;
  has(key: string): Promise<boolean>;
}

/**
 * The disk (or the user's quota) is full: the file was not kept and no row points at it. 507
 * Insufficient Storage, so clients and operators can tell it from a fault in the request; the
 * same upload succeeds once space is freed, without a restart.
 */
export const storageFull = () => new AppError(507, 'storage.full', '存储空间已满，文件未保存，请稍后重试或联系管理员');

/** ENOSPC (no space left on the device) or EDQUOT (the user's disk quota used up). */
export const isOutOfSpace = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
};

/**
 * Where a file is written before it is renamed to its final name. One name per process and key:
 * uploads of the same content in one process share one write (see `writing`), other processes
 * sharing the folder have other names.
 */
export const tempPathOf = (target: string) => `${target}.${process.pid}.tmp`;

/** Writes in progress in this process, by final path: the same bytes uploaded twice at once are written once. */
const writing = new Map<string, Promise<void>>();

/**
 * Write, flush, then rename: a crash never leaves a half-written file under its final name, and
 * a file is on disk before the row that points at it commits. On any failure the temporary file
 * is removed — a full disk keeps no partial file — and a full disk becomes `storage.full`.
 */
async function writeAtomically(target: string, bytes: Buffer): Promise<void> {
  const tmp = tempPathOf(target);
  try {
    await mkdir(dirname(target), { recursive: true });
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
    // The new name too (best effort: not every file system can flush a folder).
    const folder = await open(dirname(target), 'r');
    await folder.sync().catch(() => {});
    await folder.close();
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    if (isOutOfSpace(e)) throw storageFull();
    throw e;
  }
}

/** A temporary file older than this is an orphan: uploads are capped in size and write in seconds. */
export const STALE_TEMP_MS = 60 * 60_000;

/**
 * Removes temporary files left by a process killed mid-write (its `finally` never ran). Any
 * instance may sweep the shared folder: a write in progress elsewhere has a fresh modification
 * time, so only files untouched for `olderThanMs` go. Returns how many were removed.
 */
export async function sweepStaleTempFiles(dataDir: string, olderThanMs = STALE_TEMP_MS, now = Date.now()): Promise<number> {
  const root = join(dataDir, 'files');
  const shards = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const shard of shards.filter((d) => /^[0-9a-f]{2}$/.test(d))) {
    const names = await readdir(join(root, shard)).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^[0-9a-f]{64}\.\d+\.tmp$/.test(n))) {
      const path = join(root, shard, name);
      const info = await lstat(path).catch(() => null);
      if (info && now - info.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
  }
  return removed;
}

export function diskFileStore(dataDir: string): FileStore {
  const root = join(dataDir, 'files');
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`bad file key ${key}`);
    return join(root, key);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const key = `${sha256.slice(0, 2)}/${sha256}`;
      const target = pathOf(key);
      if (!(await this.has(key))) {
        let pending = writing.get(target);
        if (!pending) {
          pending = writeAtomically(target, bytes).finally(() => writing.delete(target));
          writing.set(target, pending);
        }
        await pending;
      }
      return { key, sha256 };
    },
    get: (key) => readFile(pathOf(key)),
    async has(key) {
      try {
        await stat(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
  };
}

const stores = new WeakMap<AppContext, FileStore>();
/** The file store of a running app (one per context). */
export const fileStoreOf = (ctx: AppContext): FileStore => {
  let s = stores.get(ctx);
  if (!s) stores.set(ctx, (s = diskFileStore(ctx.config.dataDir)));
  return s;
};

/** Upload types recognised by their first bytes, whatever name or type the browser gives. */
export const FILE_TYPES: Record<string, { label: string; magic: (b: Buffer) => boolean }> = {
  'image/jpeg': { label: 'JPEG 图片', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/png': { label: 'PNG 图片', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/webp': { label: 'WebP 图片', magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  'application/pdf': { label: 'PDF 文件', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
};

/** The type of a file by its content, among `accepted`, or null when it is none of them. */
export const fileTypeOf = (bytes: Buffer, accepted: readonly string[]): string | null => accepted.find((mime) => FILE_TYPES[mime]?.magic(bytes)) ?? null;
