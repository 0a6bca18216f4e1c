// Supervisor work: key change tokens (with their store-and-forward confirmation) and shift close.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buyTst001, expectOutboxEmpty } from './support/cashier';
import { addFault, bodyOf, requestsOf, startSimAndHost, type SimAndHost } from './support/rig';

let rig: SimAndHost | undefined;
test.afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const FAST = { outbox: { baseDelayMs: 200, maxDelayMs: 1000 } };

test('key change tokens are shown in order, printed, and their confirmation is repeated until delivered', async ({ page }) => {
  rig = await startSimAndHost(FAST);
  await addFault(rig.sim, { operation: 'confirmKeyChange', fault: 'status', status: 500, times: 2 });
  await page.goto(rig.host.url);
  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('textbox', { name: 'Meter number for key change' }).fill('TST006');
  await page.getByRole('button', { name: 'Request key change tokens' }).click();
  const result = page.getByLabel('Key change tokens');
  await expect(result.getByRole('status')).toHaveText('Key change tokens for meter TST006 printed.');
  const tokens = await result.getByTestId('token').allTextContents();
  expect(tokens).toHaveLength(2);
  await expect(result.getByText('Key change 1 of 2 — enter first')).toBeVisible();
  await expect(result.getByText('Key change 2 of 2 — enter first')).toBeVisible();
  await page.screenshot({ path: '.tmp/screens/key-change.png', fullPage: true });
  await expectOutboxEmpty(page);

  const requests = await requestsOf(rig.sim, 'createKeyChangeTokenRequest');
  expect(requests).toHaveLength(1);
  const confirmations = await requestsOf(rig.sim, 'confirmKeyChange');
  expect(confirmations.map((r) => r.status)).toEqual([500, 500, 202]);
  expect(new Set(confirmations.map((r) => bodyOf(r).id)).size).toBe(1);
  expect(bodyOf(confirmations[0]).requestId).toBe(bodyOf(requests[0]).id);
  const slip = (await readFile(join(rig.dataDir, 'slips.bin'))).toString('latin1');
  for (const token of tokens) expect(slip).toContain(token);
});

test('closing the shift prints a report of what was sold and reversed, and starts a new shift', async ({ page }) => {
  rig = await startSimAndHost(FAST);
  await page.goto(rig.host.url);
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await buyTst001(page);
  await page.getByRole('button', { name: 'Customer cannot pay' }).click();
  await page.getByRole('button', { name: 'Cancel sale and reverse' }).click();
  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);

  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('button', { name: 'Close shift' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Shift closed' })).toHaveText('Shift closed (1 sold, 1 reversed, 0 declined); report printed.');
  const slip = (await readFile(join(rig.dataDir, 'slips.bin'))).toString('latin1');
  expect(slip).toMatch(/SHIFT/i);

  // The next shift starts empty.
  await page.getByRole('button', { name: 'Close shift' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Shift closed' })).toHaveText('Shift closed (0 sold, 0 reversed, 0 declined); report printed.');
});
