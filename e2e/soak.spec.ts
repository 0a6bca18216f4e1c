// Soak: hundreds of sales through the real UI with random upstream faults and random power cuts
// (page and host SIGKILLed). Afterwards the simulator's own log must show that no purchase id was
// created twice, every vended purchase got a delivered confirmation or reversal, every repeat of an
// advice carried the same advice id, and nothing is left pending.
import { expect, test, type Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../electron/sim/server';
import { launchKillable, type KillableBrowser } from './support/browser';
import { simRequests, startHost, tempDir, type HostProcess, type SimRequest } from './support/host';

const SALES = Number(process.env.SOAK_SALES ?? 300);
const RESTARTS = Number(process.env.SOAK_RESTARTS ?? 24);
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);

const ANY_AMOUNT_METER = '04100000100'; // training meter: any amount R10–R3 000
const DECLINING_METER = '04190000457'; // training meter: purchase declined INSUFFICIENT_FUNDS

/** Small deterministic generator so a failing run can be repeated with SOAK_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

const FAULTS: Record<string, unknown>[] = [
  { fault: 'status', status: 500 },
  { fault: 'status', status: 504 },
  { fault: 'drop' },
  { fault: 'delay', delayMs: 2_500 }, // past the 1.5 s timeout configured below
  { fault: 'malformed' },
];

test.setTimeout(45 * 60_000);

test(`soak: ${SALES} sales with random faults and ${RESTARTS} restarts end with every purchase settled`, async () => {
  const rand = random(SEED);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  console.log(`soak seed ${SEED}`);

  const sim: RunningSimulator = await startSimulator({ port: 0 });
  const dataDir = await tempDir('soak');
  const profileDir = await tempDir('soak-profile');
  await writeFile(
    join(dataDir, 'config.json'),
    JSON.stringify({
      upstream: { timeoutMs: 1_500 },
      outbox: { lanes: 2, baseDelayMs: 200, maxDelayMs: 2_000, retryBaseDelayMs: 200, retryMaxDelayMs: 2_000 },
    }),
  );
  const hostArgs = ['--upstream', sim.baseUrl];
  let host: HostProcess = await startHost({ dataDir, args: hostArgs });
  let browser: KillableBrowser = await launchKillable(profileDir, host.url);
  let page: Page = browser.page;

  const addFault = async (spec: Record<string, unknown>) => {
    const response = await fetch(`${sim.origin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times: 1, ...spec }),
    });
    expect(response.ok).toBe(true);
  };

  /** Back to the meter screen, finishing whatever a restart left on screen. */
  const settleScreen = async () => {
    for (let i = 0; i < 400; i += 1) {
      if (await page.getByRole('textbox', { name: 'Meter number' }).isVisible()) {
        const done = page.getByRole('button', { name: 'Done' });
        if (await done.isVisible()) await done.click();
        return;
      }
      const next = page.getByRole('button', { name: 'New sale' });
      if (await next.isVisible()) await next.click();
      else await page.waitForTimeout(100);
    }
    throw new Error('the app did not come back to the meter screen');
  };

  const restartAll = async () => {
    await Promise.all([browser.kill(), host.kill()]);
    host = await startHost({ dataDir, args: hostArgs });
    browser = await launchKillable(profileDir, host.url);
    page = browser.page;
    await settleScreen();
  };

  // Restarts fall on random sales, at a random moment of the sale.
  const restartAt = new Map<number, 'after-purchase-click' | 'on-result' | 'after-new-sale'>();
  while (restartAt.size < RESTARTS) {
    restartAt.set(1 + Math.floor(rand() * (SALES - 1)), pick(['after-purchase-click', 'on-result', 'after-new-sale'] as const));
  }

  let restarts = 0;
  let cancelled = 0;
  let declined = 0;
  for (let sale = 1; sale <= SALES; sale += 1) {
    const declining = rand() < 0.05;
    if (rand() < 0.35) await addFault({ operation: 'createTokenPurchaseRequest', ...pick(FAULTS) });
    if (rand() < 0.25) await addFault({ operation: 'confirmTokenPurchase', ...pick(FAULTS) });
    if (rand() < 0.05) await addFault({ operation: 'retryPurchaseRequest', ...pick(FAULTS) });
    const amount = (10 + Math.floor(rand() * 2990)).toString();
    const when = restartAt.get(sale);

    await page.getByRole('textbox', { name: 'Meter number' }).fill(declining ? DECLINING_METER : ANY_AMOUNT_METER);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('button', { name: 'Confirm customer' }).click();
    await page.getByRole('textbox', { name: 'Amount' }).fill(amount);
    await page.getByRole('textbox', { name: 'Cash tendered' }).fill(amount);
    await page.getByRole('button', { name: 'Purchase' }).click();

    if (when === 'after-purchase-click') {
      await page.waitForTimeout(Math.floor(rand() * 400));
      await restartAll();
      restarts += 1;
      continue;
    }
    const next = page.getByRole('button', { name: 'New sale' });
    await expect(next).toBeVisible({ timeout: 120_000 });
    if (await page.getByRole('heading', { name: 'Not sold' }).isVisible()) declined += 1;
    if (when === 'on-result') {
      await restartAll();
      restarts += 1;
      continue;
    }
    if ((await page.getByTestId('token').count()) > 0 && rand() < 0.04) {
      await page.getByRole('button', { name: 'Customer cannot pay' }).click();
      await page.getByRole('button', { name: 'Cancel sale and reverse' }).click();
      cancelled += 1;
    }
    await page.getByRole('button', { name: 'New sale' }).click();
    if (when === 'after-new-sale') {
      await page.waitForTimeout(Math.floor(rand() * 300));
      await restartAll();
      restarts += 1;
      continue;
    }
    await expect(page.getByRole('textbox', { name: 'Meter number' })).toBeVisible();
  }

  // Faults stop; everything queued must drain.
  await fetch(`${sim.origin}/_sim/faults`, { method: 'DELETE' });
  await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 0', { timeout: 120_000 });

  const journal = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('prepaid-pos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    return {
      sales: await all<{ purchaseId: string; state: string }>('sales'),
      outbox: await all<{ adviceId: string; state: string }>('outbox'),
    };
  });

  const log = await simRequests(sim.baseUrl);
  const of = (operation: string) => log.filter((r) => r.operation === operation);
  const body = (r: SimRequest) => (r.body ?? {}) as { id?: string; requestId?: string };
  const pathId = (r: SimRequest) => /\/tokenPurchases\/([^/]+)/.exec(r.path)?.[1] ?? '';
  // "status" faults answer before any work; every other answer means the simulator did the work.
  // (the declining meter's work is a decline, never a vend).
  const didWork = (r: SimRequest & { fault?: string }) =>
    (r.body as { meter?: { meterId?: string } }).meter?.meterId !== DECLINING_METER &&
    (r.status === 201 || r.fault === 'drop' || r.fault === 'delay' || r.fault === 'malformed');

  const createIds = of('createTokenPurchaseRequest').map((r) => body(r).id ?? '');
  expect(new Set(createIds).size, 'no purchase id was created twice').toBe(createIds.length);

  const vended = new Set<string>();
  for (const r of of('createTokenPurchaseRequest')) if (didWork(r)) vended.add(body(r).id ?? '');
  for (const r of of('retryPurchaseRequest')) if (didWork(r)) vended.add(pathId(r));

  const advices = [...of('confirmTokenPurchase'), ...of('reverseTokenPurchase')];
  const settledBy = new Map<string, string>();
  // 202, or 400 DUPLICATE_RECORD to a repeat; any other final refusal would leave the advice
  // 'failed' in the journal, which the journal check below rules out.
  for (const r of advices) if (r.status === 202 || r.status === 400) settledBy.set(body(r).requestId ?? '', r.operation);
  const unsettled = [...vended].filter((id) => !settledBy.has(id));
  for (const id of unsettled) {
    console.log(`unsettled ${id}:`, JSON.stringify(log.filter((r) => r.path.includes(id) || body(r).requestId === id || body(r).id === id).map((r) => ({ op: r.operation, status: r.status, fault: (r as { fault?: string }).fault, at: r.at }))));
    console.log('journal:', JSON.stringify(journal.sales.find((s) => s.purchaseId === id)));
  }
  expect(unsettled, 'every vended purchase has a delivered confirmation or reversal').toEqual([]);

  // One advice of each kind per purchase: every repeat carries the same advice id.
  for (const operation of ['confirmTokenPurchase', 'reverseTokenPurchase']) {
    const idsByPurchase = new Map<string, Set<string>>();
    for (const r of of(operation)) {
      const ids = idsByPurchase.get(body(r).requestId ?? '') ?? new Set();
      ids.add(body(r).id ?? '');
      idsByPurchase.set(body(r).requestId ?? '', ids);
    }
    for (const [purchaseId, ids] of idsByPurchase) expect(ids.size, `${operation} for ${purchaseId}`).toBe(1);
  }

  const open = journal.sales.filter((s) => !['confirmed', 'reversed', 'declined'].includes(s.state));
  expect(open, 'no sale is left unfinished in the journal').toEqual([]);
  expect(journal.outbox.filter((a) => a.state !== 'delivered'), 'no advice is left pending or refused').toEqual([]);
  expect(journal.sales.length).toBeGreaterThanOrEqual(SALES - restarts);
  expect(restarts).toBe(RESTARTS);

  console.log(
    `soak: ${journal.sales.length} sales journaled, ${vended.size} vended, ${declined} declined, ${cancelled} cancelled, ` +
      `${restarts} restarts, ${log.length} upstream requests, ${of('retryPurchaseRequest').length} retries, ${advices.length} advice sends`,
  );

  await browser.close();
  await host.stop();
  await sim.close();
});
