import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web app lives in src/web (index.html included) and builds into dist/web, which the
 * server serves with an SPA fallback. In `vite dev`, API calls go to a locally running server.
 */
export default defineConfig({
  root: path.resolve(repoRoot, 'src/web'),
  plugins: [react()],
  build: {
    outDir: path.resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; pages themselves are lazy-loaded.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      // '/api/' with the slash: a bare '/api' prefix would also swallow the module /api.ts.
      // Keep the Host header: the server refuses writes whose Origin differs from Host.
      '/api/': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
