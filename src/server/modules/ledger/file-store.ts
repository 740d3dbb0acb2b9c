import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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
