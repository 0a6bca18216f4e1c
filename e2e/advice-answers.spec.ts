// What the outbox does with each kind of answer to an advice, in real Chromium against the simulator.
import { expect, test } from '@playwright/test';
import { buyTst001, expectOutboxEmpty } from './support/cashier';
import { addFault, bodyOf, clearFaults, requestsOf, startSimAndHost, type SimAndHost } from './support/rig';

let rig: SimAndHost | undefined;
test.afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const FAST = { upstream: { timeoutMs: 3000 }, outbox: { baseDelayMs: 200, maxDelayMs: 500 } };

for (const [status, why] of [
  [503, 'an outage'],
  [401, 'a rotated password'],
  [429, 'rate limiting'],
] as const) {
  test(`a confirmation answered ${status} (${why}) is kept and repeated, the status bar says so, and it is delivered once the upstream takes it`, async ({ page }) => {
    rig = await startSimAndHost(FAST);
    await addFault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'status', status });
    await page.goto(rig.host.url);
    await buyTst001(page);
    await page.getByRole('button', { name: 'New sale' }).click();

    const alert = page.getByTestId('outbox-alert');
    await expect(alert).toContainText(`HTTP ${status}`);
    await expect(alert).toContainText('call your supervisor');
    await expect.poll(async () => (await requestsOf(rig!.sim, 'confirmTokenPurchase')).length).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 1');
    await expect(page.getByText(/refused by the upstream/)).toHaveCount(0);

    await clearFaults(rig.sim);
    await expectOutboxEmpty(page);
    await expect(alert).toHaveCount(0);
    await expect(page.getByText(/refused by the upstream/)).toHaveCount(0);
    const sent = await requestsOf(rig.sim, 'confirmTokenPurchase');
    expect(new Set(sent.map((r) => bodyOf(r).id)).size).toBe(1);
    expect(sent.at(-1)?.status).toBe(202);
  });
}

test('a reversal the upstream answers 404 for a sale the journal holds as approved is flagged for reconciliation, not settled', async ({ page }) => {
  rig = await startSimAndHost(FAST);
  await page.goto(rig.host.url);
  await buyTst001(page);
  // The upstream loses the purchase it approved (the simulator forgets everything on reset).
  await fetch(`${rig.sim.origin}/_sim/reset`, { method: 'POST' });
  await page.getByRole('button', { name: 'Customer cannot pay' }).click();
  await page.getByRole('button', { name: 'Cancel sale and reverse' }).click();

  await expect(page.getByRole('alert').filter({ hasText: '1 advice refused by the upstream' })).toBeVisible();
  const reversals = await requestsOf(rig.sim, 'reverseTokenPurchase');
  expect(reversals.map((r) => r.status)).toEqual([404]);
  await page.getByRole('button', { name: 'Supervisor' }).click();
  await expect(page.getByRole('dialog', { name: 'Supervisor' }).getByRole('cell', { name: 'refused — reconcile' })).toBeVisible();
});

test('a reversal answered 404 for a purchase the upstream never answered settles quietly', async ({ page }) => {
  rig = await startSimAndHost(FAST);
  // The 500s come before any work: the upstream never stores the purchase.
  await addFault(rig.sim, { operation: 'createTokenPurchaseRequest', fault: 'status', status: 500 });
  await addFault(rig.sim, { operation: 'retryPurchaseRequest', fault: 'status', status: 500 });
  await page.goto(rig.host.url);
  await page.getByRole('textbox', { name: 'Meter number' }).fill('TST001');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: 'Confirm customer' }).click();
  await page.getByRole('textbox', { name: 'Amount' }).fill('100');
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill('100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for the server' })).toBeVisible();
  await page.getByRole('button', { name: 'Abandon sale' }).click();
  await page.getByRole('button', { name: 'Abandon and reverse' }).click();
  // The count reads 0 before the reversal is queued too: wait for the upstream to see it first.
  await expect.poll(async () => (await requestsOf(rig!.sim, 'reverseTokenPurchase')).map((r) => r.status)).toContain(404);
  await expectOutboxEmpty(page);
  await expect(page.getByText(/refused by the upstream/)).toHaveCount(0);
});
