// A sale killed at each step — page and host both, like a power cut — ends correctly after restart.
// Real Chromium with a persistent profile (SIGKILL), the real host process, the simulator with faults.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSimulator, type RunningSimulator } from '../electron/sim/server';
import { launchKillable, type KillableBrowser } from './support/browser';
import { enterTender, expectOutboxEmpty, lookUpAndConfirm, tokensOnScreen } from './support/cashier';
import { simRequests, startHost, tempDir, type HostProcess, type SimRequest } from './support/host';

interface Rig {
  sim: RunningSimulator;
  dataDir: string;
  profileDir: string;
  host: HostProcess;
  browser: KillableBrowser;
  page: Page;
}

const rigs: Rig[] = [];

async function startRig(printerUri?: string): Promise<Rig> {
  const sim = await startSimulator({ port: 0 });
  const dataDir = await tempDir('crash');
  const profileDir = await tempDir('profile');
  await writeFile(join(dataDir, 'config.json'), JSON.stringify({ upstream: { timeoutMs: 5000 } }));
  const host = await startHost({ dataDir, args: ['--upstream', sim.baseUrl, ...(printerUri ? ['--printer', printerUri] : [])] });
  const browser = await launchKillable(profileDir, host.url);
  const rig = { sim, dataDir, profileDir, host, browser, page: browser.page };
  rigs.push(rig);
  return rig;
}

/** Power cut: the page and the host die at once, nothing is flushed on the way out. */
async function crash(rig: Rig): Promise<void> {
  await Promise.all([rig.browser.kill(), rig.host.kill()]);
}

/** Start again on the same data directory and browser profile (the host reuses its port, so the same origin). */
async function restart(rig: Rig): Promise<void> {
  rig.host = await startHost({ dataDir: rig.dataDir, args: ['--upstream', rig.sim.baseUrl, '--printer', slipFileUri(rig)] });
  rig.browser = await launchKillable(rig.profileDir, rig.host.url);
  rig.page = rig.browser.page;
}

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

/** Every purchase id was created at most once, and the confirmation names the original purchase. */
async function expectOneConfirmedPurchase(sim: RunningSimulator): Promise<string> {
  const log = await simRequests(sim.baseUrl);
  const creates = ofOperation(log, 'createTokenPurchaseRequest');
  const createIds = creates.map((r) => bodyOf(r).id);
  expect(new Set(createIds).size).toBe(createIds.length);
  const confirmations = ofOperation(log, 'confirmTokenPurchase');
  expect(confirmations.length).toBeGreaterThanOrEqual(1);
  const adviceIds = new Set(confirmations.map((r) => bodyOf(r).id));
  expect(adviceIds.size, 'every repeat of the confirmation carries the same advice id').toBe(1);
  const purchaseId = bodyOf(confirmations[0]).requestId ?? '';
  expect(confirmations.every((r) => bodyOf(r).requestId === purchaseId)).toBe(true);
  expect(confirmations.some((r) => r.status === 202 || r.status === 400)).toBe(true);
  expect(ofOperation(log, 'reverseTokenPurchase')).toHaveLength(0);
  return purchaseId;
}

test.afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.browser.close().catch(() => undefined);
    await rig.host.stop().catch(() => undefined);
    await rig.sim.close();
  }
});

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
  const purchaseId = await expectOneConfirmedPurchase(rig.sim);
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
  const purchaseId = await expectOneConfirmedPurchase(rig.sim);
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
  await expectOneConfirmedPurchase(rig.sim);
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
  await expectOneConfirmedPurchase(rig.sim);
  const confirmations = ofOperation(await simRequests(rig.sim.baseUrl), 'confirmTokenPurchase');
  // The simulator had already taken the first one: the repeat is answered DUPLICATE_RECORD, i.e. delivered.
  expect(confirmations.at(-1)?.status).toBe(400);
});

test('an advice answered 500, 504, malformed or not at all stays queued and is repeated with the same id until delivered', async () => {
  const rig = await startRig();
  for (const spec of [
    { fault: 'status', status: 500 },
    { fault: 'status', status: 504 },
    { fault: 'malformed' },
    { fault: 'drop' },
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
  expect(confirmations.length).toBeGreaterThanOrEqual(5);
  expect(new Set(confirmations.map((r) => bodyOf(r).id)).size).toBe(1);
  // 500 and 504 are unknown; the malformed 2xx and the dropped answer are unknown too (the simulator
  // did the work and lost the answer), so the same advice went again and its repeat was answered
  // DUPLICATE_RECORD, which counts as delivered.
  expect(confirmations.map((r) => r.status)).toEqual([500, 504, confirmations[2]?.status, 0, 400]);
  expect(confirmations[2]?.status).toBeGreaterThanOrEqual(200);
  expect(confirmations[2]?.status).toBeLessThan(300);
  await expectOneConfirmedPurchase(rig.sim);
});
