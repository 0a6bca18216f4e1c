import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simRequests, startHost, tempDir, type HostProcess } from './support/host';
import { expectSaleSettled } from './support/journal';

let host: HostProcess | undefined;

test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

test('a cashier sells TST001 in training mode: tokens on screen, one purchase, one confirmation, slip printed', async ({ page }) => {
  const dataDir = await tempDir('sale');
  host = await startHost({ dataDir });
  expect(host.simulatorBaseUrl, 'the host starts the embedded simulator by default').toBeTruthy();

  await page.goto(host.url);
  await expect(page.getByRole('status').filter({ hasText: 'TRAINING MODE' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Meter number' }).fill('TST001');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('customer-name')).toHaveText('Pierre De Wet');
  await expect(page.getByTestId('customer-address')).toHaveText('21 Dorp Straat');
  await page.getByRole('button', { name: 'Confirm customer' }).click();

  await page.getByRole('textbox', { name: 'Amount' }).fill('100.00');
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill('150');
  await page.getByRole('button', { name: 'Purchase' }).click();

  const tokens = page.getByTestId('token');
  await expect(tokens.first()).toBeVisible();
  const shown = await tokens.allTextContents();
  expect(shown.length).toBeGreaterThan(0);
  for (const token of shown) expect(token).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
  await expect(page.getByText('Give change:')).toContainText('R 50.00');
  await expect(page.getByText('Slip printed.')).toBeVisible();

  await page.screenshot({ path: '.tmp/screens/sale-result.png', fullPage: true });

  // "New sale" finishes this one: the confirmation leaves through the outbox and is delivered.
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('textbox', { name: 'Meter number' })).toBeVisible();

  const simulatorBaseUrl = host.simulatorBaseUrl ?? '';
  const created = (await simRequests(simulatorBaseUrl)).find((r) => r.operation === 'createTokenPurchaseRequest');
  const purchaseId = (created?.body as { id?: string } | undefined)?.id ?? '';
  // "Advices pending: 0" also reads true before the advice is queued: wait for the journal itself.
  const adviceId = await expectSaleSettled(page, purchaseId, { finalState: 'confirmed', steps: ['sending', 'approved', 'printed', 'confirming', 'confirmed'], adviceKind: 'confirmation' });
  await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 0');
  const log = await simRequests(simulatorBaseUrl);
  const purchases = log.filter((r) => r.operation === 'createTokenPurchaseRequest');
  const confirmations = log.filter((r) => r.operation === 'confirmTokenPurchase');
  expect(purchases).toHaveLength(1);
  expect(confirmations).toHaveLength(1);
  expect((confirmations[0]?.body as { id: string }).id, 'the journal delivered the confirmation the upstream took').toBe(adviceId);
  expect((confirmations[0]?.body as { requestId: string }).requestId).toBe(purchaseId);
  expect(confirmations[0]?.path).toContain(`/tokenPurchases/${purchaseId}/confirmations/`);
  expect(confirmations[0]?.status).toBe(202);

  const slip = (await readFile(join(dataDir, 'slips.bin'))).toString('latin1');
  for (const token of shown) expect(slip).toContain(token);
});
