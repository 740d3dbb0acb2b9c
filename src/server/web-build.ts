import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_DIST } from './plugins/web';

const SOURCES = ['../web', '../shared'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web bundle with Vite when it is missing or older than its sources, so `npm start`
 * works on a clean clone and after a pull without a separate build step.
 */
export async function ensureWebBuilt(log: (msg: string) => void): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index)) {
    const built = statSync(index).mtimeMs;
    if (SOURCES.every((dir) => !existsSync(dir) || newestMtime(dir) <= built)) return;
    log('网页源码有更新，正在重新构建…');
  } else {
    log('首次启动：正在构建网页（约需 1 分钟）…');
  }
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
