// Supervisor → Export logs in the browser host: the last days' log lines in one file only its user can read.
import { expect, test } from '@playwright/test';
import { readFile, stat } from 'node:fs/promises';
import { startHost, tempDir, type HostProcess } from './support/host';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

test('the supervisor exports the last days of logs to a file', async ({ page }) => {
  host = await startHost({ dataDir: await tempDir('logs') });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByLabel('Days to export').selectOption('7');
  await page.getByRole('button', { name: 'Export logs' }).click();
  const said = page.getByRole('status').filter({ hasText: 'Logs of the last 7 days' });
  await expect(said).toBeVisible();
  await said.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '.tmp/screens/log-export.png' });
  const path = /written to (\S+)$/.exec((await said.textContent()) ?? '')?.[1] ?? '';
  expect(path.startsWith(`${host.dataDir}/exports/`)).toBe(true);
  const lines = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { msg: string; process: string });
  expect(lines.map((l) => l.msg)).toContain('browser host ready');
  expect(lines.every((l) => l.process === 'host')).toBe(true);
  expect((await stat(path)).mode & 0o077).toBe(0);
  // No kiosk mode to leave in the browser host: the form is not offered.
  await expect(page.getByLabel('Supervisor PIN to leave kiosk mode')).toHaveCount(0);
});
