import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from './plugins/web';

/** Builds the web bundle with Vite when it is missing, so `npm start` works on a clean clone. */
export async function ensureWebBuilt(log: (msg: string) => void): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  log('首次启动：正在构建网页（约需 1 分钟）…');
  const { build } = await import('vite');
  await build({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
