import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** Serves the built single-page app (client routing falls back to index.html in app.ts). */
export const webPlugin = fp(async (app) => {
  if (!existsSync(WEB_DIST)) throw new Error(`web bundle missing at ${WEB_DIST}: run npm run build`);
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, maxAge: '1h' });
});
