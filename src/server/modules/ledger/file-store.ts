import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppContext } from '../../context';

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
        await mkdir(dirname(target), { recursive: true });
        // Write then rename: a crash never leaves a half-written file under its final name.
        const tmp = `${target}.${process.pid}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, target);
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
