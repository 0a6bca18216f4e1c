import { defineConfig } from '@playwright/test';
import { CHROMIUM_MISSING, findChromium } from './electron/host/chromium';

const executablePath = findChromium();
if (!executablePath) throw new Error(CHROMIUM_MISSING);

export default defineConfig<{ outboxSender: 'cashier' | 'page' }>({
  testDir: 'e2e',
  // Two cores: one browser at a time keeps timings honest.
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    { name: 'chromium' },
    // The outbox's tests again, with the outbox page (the Electron app's hidden outbox window) as the sender.
    { name: 'outbox-page', testMatch: /outbox\.spec\.ts$/, use: { outboxSender: 'page' } },
  ],
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
