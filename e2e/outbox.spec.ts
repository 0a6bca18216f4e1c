// The outbox and the sale's unhappy paths, in real Chromium against the simulator.
import { expect, test as base, type Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buyTst001, enterTender, expectOutboxEmpty, lookUpAndConfirm } from './support/cashier';
import { expectSaleSettled, readJournal } from './support/journal';
import { addFault, bodyOf, clearFaults, requestsOf, startSimAndHost, type SimAndHost } from './support/rig';

/**
 * Who sends the advices: the cashier page itself, or the outbox page that the Electron main process
 * keeps in a hidden window (renderer/outbox.html), opened first so it holds the sender's lock. The
 * "outbox-page" project in playwright.config.ts runs every test here the second way.
 */
const test = base.extend<{ outboxSender: 'cashier' | 'page' }>({ outboxSender: ['cashier', { option: true }] });

let rig: SimAndHost | undefined;

/** Opens the till in `page`; with the outbox page as sender, that page first. Returns the sender page, if any. */
async function openTill(page: Page, current: SimAndHost, outboxSender: 'cashier' | 'page'): Promise<Page | undefined> {
  let sender: Page | undefined;
  if (outboxSender === 'page') {
    sender = await page.context().newPage();
    await sender.goto(current.host.url.replace('/#', '/outbox.html#'));
    await expect(sender.locator('body[data-sender="yes"]'), 'the outbox page holds the sender lock').toBeAttached();
  }
  await page.goto(current.host.url);
  return sender;
}
test.afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The id of the only purchase the upstream has seen created. */
async function onlyPurchaseId(current: SimAndHost): Promise<string> {
  const creates = await requestsOf(current.sim, 'createTokenPurchaseRequest');
  expect(creates).toHaveLength(1);
  return bodyOf(creates[0]).id ?? '';
}

const FAST = { upstream: { timeoutMs: 3000 }, outbox: { baseDelayMs: 200, maxDelayMs: 1000, retryBaseDelayMs: 200, retryMaxDelayMs: 1000 } };

test('an in-doubt purchase blocks new sales until resolved; abandoning it sends a reversal with the original purchase id', async ({ page, outboxSender }) => {
  rig = await startSimAndHost(FAST);
  await addFault(rig.sim, { operation: 'createTokenPurchaseRequest', fault: 'status', status: 500 });
  await addFault(rig.sim, { operation: 'retryPurchaseRequest', fault: 'status', status: 500 });
  await openTill(page, rig, outboxSender);
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for the server' })).toBeVisible();
  await expect(page.getByText(/attempt 2/)).toBeVisible();
  const purchaseId = await onlyPurchaseId(rig);
  await expect(page.locator(`[data-sale-screen="in-doubt"][data-purchase-id="${purchaseId}"]`), 'the in-doubt screen names this purchase').toBeVisible();
  await page.screenshot({ path: '.tmp/screens/in-doubt.png', fullPage: true });

  // A second window cannot start another purchase while this one is unresolved: it shows the sale.
  const other = await page.context().newPage();
  await other.goto(rig.host.url);
  await expect(other.locator(`[data-purchase-id="${purchaseId}"]`), 'the second window shows the unresolved sale').toBeVisible();
  await expect(other.getByRole('textbox', { name: 'Meter number' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Abandon sale' }).click();
  await page.getByRole('button', { name: 'Abandon and reverse' }).click();
  await expect(page.getByRole('heading', { name: 'Sale cancelled' })).toBeVisible();
  await expect(page.locator(`[data-sale-screen="cancelled"][data-purchase-id="${purchaseId}"]`)).toBeVisible();
  // Once it is settled, the other window may sell again.
  await expect(other.getByRole('textbox', { name: 'Meter number' })).toBeVisible();
  await other.close();
  await clearFaults(rig.sim);
  await expectSaleSettled(page, purchaseId, { finalState: 'reversed', steps: ['sending', 'in-doubt', 'reversing', 'reversed'], adviceKind: 'reversal' });
  await expectOutboxEmpty(page);

  const reversals = await requestsOf(rig.sim, 'reverseTokenPurchase');
  expect(reversals.length).toBeGreaterThanOrEqual(1);
  expect(new Set(reversals.map((r) => bodyOf(r).id)).size).toBe(1);
  expect(bodyOf(reversals[0]).requestId).toBe(purchaseId);
  expect(bodyOf(reversals[0]).id, 'the journal delivered the reversal the upstream saw').toBe((await readJournal(page)).advicesOf(purchaseId)[0]?.adviceId);
  expect(bodyOf(reversals[0]).reversalReason).toBe('RESPONSE_NOT_FINAL');
  expect(reversals.at(-1)?.path).toContain(`/tokenPurchases/${purchaseId}/reversals/${bodyOf(reversals[0]).id}`);
  // The 500s came before any work, so the upstream never saw the purchase: 404, nothing to reverse,
  // which settles the sale without alarming anyone.
  expect(reversals.at(-1)?.status).toBe(404);
  await expect(page.getByText(/refused by the upstream/)).toHaveCount(0);
  expect(await requestsOf(rig.sim, 'confirmTokenPurchase')).toHaveLength(0);
});

test('a customer who cannot pay after approval gets a reversal, not a confirmation', async ({ page, outboxSender }) => {
  rig = await startSimAndHost(FAST);
  await openTill(page, rig, outboxSender);
  await buyTst001(page);
  await page.getByRole('button', { name: 'Customer cannot pay' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('The tokens must not be given to the customer');
  await page.getByRole('button', { name: 'Cancel sale and reverse' }).click();
  await expect(page.getByRole('heading', { name: 'Sale cancelled' })).toBeVisible();
  const purchaseId = await onlyPurchaseId(rig);
  await expect(page.locator(`[data-sale-screen="cancelled"][data-purchase-id="${purchaseId}"]`)).toBeVisible();
  await expectSaleSettled(page, purchaseId, { finalState: 'reversed', steps: ['sending', 'approved', 'printed', 'reversing', 'reversed'], adviceKind: 'reversal' });
  await expectOutboxEmpty(page);
  const reversals = await requestsOf(rig.sim, 'reverseTokenPurchase');
  expect(reversals.map((r) => [bodyOf(r).reversalReason, r.status])).toEqual([['CANCELLED', 202]]);
  expect(await requestsOf(rig.sim, 'confirmTokenPurchase')).toHaveLength(0);
});

test('an advice the upstream refuses for good raises a visible alert and stays on record for reconciliation', async ({ page, outboxSender }) => {
  rig = await startSimAndHost(FAST);
  await addFault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'status', status: 400, times: 1 });
  await openTill(page, rig, outboxSender);
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '1 advice refused by the upstream' })).toBeVisible();
  await page.getByRole('button', { name: 'Supervisor' }).click();
  const panel = page.getByRole('dialog', { name: 'Supervisor' });
  await expect(panel.getByRole('cell', { name: 'refused — reconcile' })).toBeVisible();
  await page.screenshot({ path: '.tmp/screens/supervisor-refused.png', fullPage: true });
  expect(await requestsOf(rig.sim, 'confirmTokenPurchase')).toHaveLength(1);
  // Tokens were sold and the confirmation was refused: the journal says so, not "advice failed" for either kind.
  const purchaseId = await onlyPurchaseId(rig);
  await expect
    .poll(async () => {
      const journal = await readJournal(page);
      return [journal.sales.get(purchaseId)?.state, journal.advicesOf(purchaseId).map((a) => `${a.kind}:${a.state}`)];
    })
    .toEqual(['confirm-failed', ['confirmation:failed']]);
});

test('only one window sends advices; when it closes another takes over with the same advice id', async ({ page, outboxSender }) => {
  rig = await startSimAndHost({ ...FAST, outbox: { ...FAST.outbox, baseDelayMs: 1500, maxDelayMs: 1500 } });
  const sender = await openTill(page, rig, outboxSender);
  const second = await page.context().newPage();
  await second.goto(rig.host.url);
  await expect(second.getByRole('textbox', { name: 'Meter number' })).toBeVisible();
  // The first window holds the sender lock; its confirmation meets 500s until that window closes.
  await addFault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'status', status: 500 });
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect.poll(async () => (await requestsOf(rig!.sim, 'confirmTokenPurchase')).length).toBeGreaterThanOrEqual(2);
  const sentWhileBothOpen = await requestsOf(rig.sim, 'confirmTokenPurchase');
  // Two senders would send each repeat twice, within milliseconds of each other.
  const gaps = sentWhileBothOpen.slice(1).map((r, i) => Date.parse(r.at) - Date.parse(sentWhileBothOpen[i]?.at ?? r.at));
  expect(Math.min(...gaps)).toBeGreaterThan(1000);

  // The window holding the lock closes (the outbox page, when it is the sender): another takes over.
  await (sender ?? page).close();
  await clearFaults(rig.sim);
  const purchaseId = await onlyPurchaseId(rig);
  await expectSaleSettled(second, purchaseId, { finalState: 'confirmed', steps: ['sending', 'approved', 'printed', 'confirming', 'confirmed'], adviceKind: 'confirmation' });
  await expect(second.getByTestId('outbox-pending')).toHaveText('Advices pending: 0', { timeout: 20_000 });
  const all = await requestsOf(rig.sim, 'confirmTokenPurchase');
  expect(new Set(all.map((r) => bodyOf(r).id)).size).toBe(1);
  expect(all.at(-1)?.status).toBe(202);
});

test('closing the shift writes a backup of the journal and the undelivered advices to the data directory', async ({ page, outboxSender }) => {
  rig = await startSimAndHost(FAST);
  await addFault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'status', status: 500 });
  await openTill(page, rig, outboxSender);
  const tokens = await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('button', { name: 'Close shift' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Backup written to' })).toBeVisible();
  await page.screenshot({ path: '.tmp/screens/supervisor.png', fullPage: true });

  const files = await readdir(join(rig.dataDir, 'backups'));
  expect(files.some((f) => f.endsWith('-daily.json')), 'a daily backup is written at start').toBe(true);
  const shift = files.find((f) => f.endsWith('-shift-close.json'));
  expect(shift).toBeTruthy();
  const backup = JSON.parse(await readFile(join(rig.dataDir, 'backups', shift ?? ''), 'utf8')) as {
    sales: { state: string; response?: { tokens: { token: string }[] } }[];
    outbox: { state: string; advice: { kind: string } }[];
  };
  expect(backup.sales).toHaveLength(1);
  expect(backup.sales[0]?.response?.tokens.map((t) => t.token.replace(/(\d{4})(?=\d)/g, '$1 '))).toEqual(tokens);
  expect(backup.outbox.map((a) => [a.advice.kind, a.state])).toEqual([['confirmation', 'pending']]);
});

test('an advice waiting longer than the configured age raises an alert until it is delivered', async ({ page, outboxSender }) => {
  rig = await startSimAndHost({ ...FAST, outbox: { ...FAST.outbox, alertAfterMs: 2000 } });
  await addFault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'status', status: 500 });
  await openTill(page, rig, outboxSender);
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'An advice has waited over 2 s' });
  await expect(alert).toBeVisible();
  await expect(page.getByText('Last error: not answered (server-error); send again')).toBeVisible();
  await clearFaults(rig.sim);
  await expectSaleSettled(page, await onlyPurchaseId(rig), { finalState: 'confirmed', steps: ['sending', 'approved', 'printed', 'confirming', 'confirmed'], adviceKind: 'confirmation' });
  await expectOutboxEmpty(page);
  await expect(alert).toHaveCount(0);
});

test('the outbox page delivers a confirmation while the cashier window is closed', async ({ page, outboxSender }) => {
  test.skip(outboxSender !== 'page', 'only the outbox page sends with no cashier window open');
  rig = await startSimAndHost(FAST);
  const sender = await openTill(page, rig, outboxSender);
  if (!sender) throw new Error('no outbox page');
  await addFault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'status', status: 500 });
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect.poll(async () => (await requestsOf(rig!.sim, 'confirmTokenPurchase')).length).toBeGreaterThanOrEqual(1);
  await page.close();
  await clearFaults(rig.sim);
  // Nobody is at the till: the outbox page alone repeats the confirmation until the upstream takes it.
  await expect.poll(async () => (await requestsOf(rig!.sim, 'confirmTokenPurchase')).at(-1)?.status, { timeout: 20_000 }).toBe(202);
  const purchaseId = await onlyPurchaseId(rig);
  await expect.poll(async () => (await readJournal(sender)).sales.get(purchaseId)?.state).toBe('confirmed');
  await sender.screenshot({ path: '.tmp/screens/outbox-page.png', fullPage: true });
});
