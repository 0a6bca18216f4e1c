// A sale killed at each step — page and host both, like a power cut — ends correctly after restart.
// Real Chromium with a persistent profile (SIGKILL), the real host process, the simulator with faults.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunningSimulator } from '../electron/sim/server';
import { enterTender, expectOutboxEmpty, lookUpAndConfirm, tokensOnScreen } from './support/cashier';
import { simRequests, tempDir, type SimRequest } from './support/host';
import { expectSaleSettled, readJournal } from './support/journal';
import { closeTills, openTill, powerCut, powerOn, type Till } from './support/till';

type Rig = Till;

function startRig(printerUri?: string): Promise<Rig> {
  return openTill({ config: { upstream: { timeoutMs: 5000 } }, hostArgs: printerUri ? ['--printer', printerUri] : [] });
}

const crash = powerCut;

/** After the restart slips go to the file printer (a stuck test printer stays behind). */
const restart = (rig: Rig) => powerOn(rig, ['--printer', slipFileUri(rig)]);

const slipFileUri = (rig: Rig) => pathToFileURL(join(rig.dataDir, 'slips.bin')).href;
const ofOperation = (log: SimRequest[], operation: string) => log.filter((r) => r.operation === operation);
const bodyOf = (r: SimRequest | undefined) => (r?.body ?? {}) as { id?: string; requestId?: string };

async function fault(sim: RunningSimulator, spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sim.origin}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(response.ok).toBe(true);
}

async function waitForRequest(sim: RunningSimulator, operation: string, count = 1): Promise<void> {
  await expect.poll(async () => ofOperation(await simRequests(sim.baseUrl), operation).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
}

/**
 * Exactly one purchase id was created, at most once, and its confirmation was taken by the upstream:
 * every repeat carries the same advice id, and every answer is 202 except the first `injected`
 * requests (faults this test set up). A 400 is never a confirmation, with one exception: the
 * DUPLICATE_RECORD that answers a repeat of an advice the upstream already took (an earlier request
 * with the same id that reached the simulator's work: a delay, drop or malformed fault, not a status one).
 */
async function expectOneConfirmedPurchase(sim: RunningSimulator, injected = 0): Promise<{ purchaseId: string; adviceId: string }> {
  const log = await simRequests(sim.baseUrl);
  const creates = ofOperation(log, 'createTokenPurchaseRequest');
  const createIds = creates.map((r) => bodyOf(r).id);
  expect(new Set(createIds).size, 'no purchase id is created twice').toBe(createIds.length);
  const confirmations = ofOperation(log, 'confirmTokenPurchase');
  expect(confirmations.length).toBeGreaterThanOrEqual(1);
  const adviceIds = new Set(confirmations.map((r) => bodyOf(r).id));
  expect(adviceIds.size, 'every repeat of the confirmation carries the same advice id').toBe(1);
  const purchaseId = bodyOf(confirmations[0]).requestId ?? '';
  expect(confirmations.every((r) => bodyOf(r).requestId === purchaseId), 'one purchase is confirmed').toBe(true);
  const retriedIds = ofOperation(log, 'retryPurchaseRequest').map((r) => /\/tokenPurchases\/([^/]+)\/retry/.exec(r.path)?.[1]);
  const purchaseIds = new Set([...createIds, ...retriedIds]);
  expect([...purchaseIds], 'the confirmation names the one purchase that went out').toEqual([purchaseId]);
  confirmations.forEach((r, i) => {
    if (i < injected) return;
    const takenBefore = confirmations.slice(0, i).some((earlier) => earlier.fault !== undefined && earlier.fault !== 'status');
    const allowed = takenBefore ? [202, 400] : [202];
    expect(allowed, `confirmation ${i + 1} of ${confirmations.length} was answered ${r.status}`).toContain(r.status);
  });
  const last = confirmations.at(-1);
  const lastIsFinal = last !== undefined && ((last.status >= 200 && last.status < 300) || (last.status === 400 && confirmations.slice(0, -1).some((r) => r.fault !== undefined && r.fault !== 'status')));
  expect(lastIsFinal, `the last confirmation was answered ${last?.status}: not a final answer`).toBe(true);
  expect(ofOperation(log, 'reverseTokenPurchase'), 'a confirmed purchase is never reversed').toHaveLength(0);
  return { purchaseId, adviceId: bodyOf(confirmations[0]).id ?? '' };
}

/** After the restart the journal itself says confirmed, through `steps`, with the advice the upstream saw delivered. */
async function expectJournalConfirmed(page: Page, sim: RunningSimulator, steps: readonly string[], injected = 0): Promise<string> {
  const upstream = await expectOneConfirmedPurchase(sim, injected);
  const adviceId = await expectSaleSettled(page, upstream.purchaseId, { finalState: 'confirmed', steps, adviceKind: 'confirmation' });
  expect(adviceId, 'the journal delivered the advice the upstream saw').toBe(upstream.adviceId);
  return upstream.purchaseId;
}

test.afterEach(closeTills);

test('killed after the purchase is journaled but before it is sent: the retry after restart sells it once', async () => {
  const rig = await startRig();
  await lookUpAndConfirm(rig.page, 'TST001');
  await enterTender(rig.page, '100', '100');
  await rig.host.kill(); // the request cannot leave: the main side is gone
  await rig.page.getByRole('button', { name: 'Purchase' }).click();
  await expect(rig.page.getByRole('heading', { name: 'Waiting for the server' })).toBeVisible();
  await crash(rig);

  await restart(rig);
  const tokens = await tokensOnScreen(rig.page);
  await expect(rig.page.getByRole('heading', { name: 'Tokens (recovered)' })).toBeVisible();
  await rig.page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(rig.page);

  const log = await simRequests(rig.sim.baseUrl);
  expect(ofOperation(log, 'createTokenPurchaseRequest'), 'the interrupted purchase is never created a second time').toHaveLength(0);
  const purchaseId = await expectJournalConfirmed(rig.page, rig.sim, ['sending', 'in-doubt', 'approved', 'printed', 'confirming', 'confirmed']);
  expect((await readJournal(rig.page)).sales.get(purchaseId)?.recovered, 'the journal marks the sale recovered').toBe(true);
  const retries = ofOperation(log, 'retryPurchaseRequest');
  expect(retries.length).toBeGreaterThanOrEqual(1);
  for (const retry of retries) expect(retry.path).toContain(`/tokenPurchases/${purchaseId}/retry`);
  const slip = (await readFile(join(rig.dataDir, 'slips.bin'))).toString('latin1');
  expect(slip).toContain('RECOVERED');
  for (const token of tokens) expect(slip).toContain(token);
});

test('killed while the purchase is at the upstream: the retry after restart returns the same vend', async () => {
  const rig = await startRig();
  await fault(rig.sim, { operation: 'createTokenPurchaseRequest', fault: 'delay', delayMs: 20_000, times: 1 });
  await lookUpAndConfirm(rig.page, 'TST001');
  await enterTender(rig.page, '100', '100');
  await rig.page.getByRole('button', { name: 'Purchase' }).click();
  await waitForRequest(rig.sim, 'createTokenPurchaseRequest');
  await crash(rig);

  await restart(rig);
  const tokens = await tokensOnScreen(rig.page);
  await rig.page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(rig.page);

  const log = await simRequests(rig.sim.baseUrl);
  expect(ofOperation(log, 'createTokenPurchaseRequest')).toHaveLength(1);
  const purchaseId = await expectJournalConfirmed(rig.page, rig.sim, ['sending', 'approved', 'printed', 'confirming', 'confirmed']);
  expect((await readJournal(rig.page)).sales.get(purchaseId)?.recovered, 'the journal marks the sale recovered').toBe(true);
  expect(bodyOf(ofOperation(log, 'createTokenPurchaseRequest')[0]).id).toBe(purchaseId);
  expect(ofOperation(log, 'retryPurchaseRequest').length).toBeGreaterThanOrEqual(1);
  const slip = (await readFile(join(rig.dataDir, 'slips.bin'))).toString('latin1');
  expect(slip).toContain('RECOVERED');
  for (const token of tokens) expect(slip).toContain(token);
});

test('killed after approval but before the slip printed: the restart prints it marked RECOVERED and confirms', async () => {
  // A printer that never takes the bytes (a FIFO nobody reads) holds the sale between approval and print.
  const stuckDir = await tempDir('fifo');
  const fifo = join(stuckDir, 'printer');
  execFileSync('mkfifo', [fifo]);
  const rig = await startRig(pathToFileURL(fifo).href);
  await lookUpAndConfirm(rig.page, 'TST001');
  await enterTender(rig.page, '100', '120');
  await rig.page.getByRole('button', { name: 'Purchase' }).click();
  await expect(rig.page.getByText('Printing the slip…')).toBeVisible();
  await crash(rig);

  await restart(rig);
  const recovered = rig.page.getByRole('region', { name: 'Sales recovered after a restart' });
  await expect(recovered).toBeVisible();
  await expect(recovered).toContainText('printed now, marked RECOVERED');
  const tokens = await recovered.getByTestId('token').allTextContents();
  expect(tokens.length).toBeGreaterThan(0);
  await expectOutboxEmpty(rig.page);
  await rig.page.screenshot({ path: '.tmp/screens/recovered-after-restart.png', fullPage: true });

  const log = await simRequests(rig.sim.baseUrl);
  expect(ofOperation(log, 'createTokenPurchaseRequest')).toHaveLength(1);
  expect(ofOperation(log, 'retryPurchaseRequest')).toHaveLength(0);
  // Recovery confirms without waiting on the printer; the slip follows (checked in slips.bin below).
  const purchaseId = await expectJournalConfirmed(rig.page, rig.sim, ['sending', 'approved', 'confirming', 'confirmed']);
  expect((await readJournal(rig.page)).sales.get(purchaseId)?.recovered, 'the journal marks the sale recovered').toBe(true);
  const slip = (await readFile(join(rig.dataDir, 'slips.bin'))).toString('latin1');
  expect(slip).toContain('RECOVERED');
  for (const token of tokens) expect(slip).toContain(token);
});

test('killed while the confirmation is at the upstream: the same advice is repeated after restart and counts as delivered', async () => {
  const rig = await startRig();
  await fault(rig.sim, { operation: 'confirmTokenPurchase', fault: 'delay', delayMs: 20_000, times: 1 });
  await lookUpAndConfirm(rig.page, 'TST001');
  await enterTender(rig.page, '100', '100');
  await rig.page.getByRole('button', { name: 'Purchase' }).click();
  await tokensOnScreen(rig.page);
  await rig.page.getByRole('button', { name: 'New sale' }).click();
  await waitForRequest(rig.sim, 'confirmTokenPurchase');
  await crash(rig);

  await restart(rig);
  await waitForRequest(rig.sim, 'confirmTokenPurchase', 2);
  await expectOutboxEmpty(rig.page);
  await expectJournalConfirmed(rig.page, rig.sim, ['sending', 'approved', 'printed', 'confirming', 'confirmed'], 1);
  const confirmations = ofOperation(await simRequests(rig.sim.baseUrl), 'confirmTokenPurchase');
  // The simulator had already taken the first one: the repeat is answered DUPLICATE_RECORD, i.e. delivered.
  expect(confirmations.at(-1)?.status).toBe(400);
});

test('an advice answered 500, 504 or not at all stays queued and is repeated with the same id until a 2xx, even a garbled one', async () => {
  const rig = await startRig();
  for (const spec of [
    { fault: 'status', status: 500 },
    { fault: 'status', status: 504 },
    { fault: 'drop' },
    { fault: 'malformed' },
  ]) {
    await fault(rig.sim, { operation: 'confirmTokenPurchase', times: 1, ...spec });
  }
  await lookUpAndConfirm(rig.page, 'TST001');
  await enterTender(rig.page, '100', '100');
  await rig.page.getByRole('button', { name: 'Purchase' }).click();
  await tokensOnScreen(rig.page);
  await rig.page.getByRole('button', { name: 'New sale' }).click();
  await expect(rig.page.getByText(/Last error:/)).toBeVisible();
  await expectOutboxEmpty(rig.page);

  const confirmations = ofOperation(await simRequests(rig.sim.baseUrl), 'confirmTokenPurchase');
  expect(new Set(confirmations.map((r) => bodyOf(r).id)).size).toBe(1);
  // 500 and 504 are unknown; so is the dropped answer (the simulator took the advice and lost the
  // answer), so the same advice went again; its repeat was answered 2xx with a garbled body, and for
  // an advice the status is the answer: delivered, never sent again.
  expect(confirmations.map((r) => r.status)).toEqual([500, 504, 0, 202]);
  expect(confirmations.map((r) => r.fault)).toEqual(['status', 'status', 'drop', 'malformed']);
  await expectJournalConfirmed(rig.page, rig.sim, ['sending', 'approved', 'printed', 'confirming', 'confirmed'], 4);
});
