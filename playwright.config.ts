import { defineConfig } from '@playwright/test';

// Browser tests run the real platform: `lizhou start` on a fresh embedded database with the
// full demo county, driven in Debian's Chromium (no browser download works here).
const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.tmp/test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `rm -rf .tmp/e2e-data && node bin/lizhou.js start`,
    url: `http://127.0.0.1:${PORT}/api/ready`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { PORT: String(PORT), HOST: '127.0.0.1', LIZHOU_DATA_DIR: '.tmp/e2e-data', DATABASE_URL: '', LOG_LEVEL: 'warn' },
  },
});
