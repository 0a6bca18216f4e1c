// Issue 8, scenario 7 as the cashier meets it: a printer that takes nothing (a device whose buffer is
// full) never hides the tokens and never holds up the till or its start.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { enterTender, expectOutboxEmpty, lookUpAndConfirm, tokensOnScreen } from './support/cashier';
import { simRequests, tempDir } from './support/host';
import { readJournal } from './support/journal';
import { closeTills, openTill, powerCut, powerOn, type Till } from './support/till';

/**
 * A printer device that accepts a connection but takes no bytes: a FIFO whose reader is open and
 * never reads, with its pipe buffer already full. `drain()` makes it a printer that works again.
 */
function stuckPrinter(dir: string) {
  const path = join(dir, 'printer');
  execFileSync('mkfifo', [path]);
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const filler = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const chunk = Buffer.alloc(4096, 0x20);
  for (;;) {
    try {
      writeSync(filler, chunk);
    } catch {
      break;
    }
  }
  closeSync(filler);
  let printed = Buffer.alloc(0);
  let draining: ReturnType<typeof setInterval> | undefined;
  return {
    uri: pathToFileURL(path).href,
    drain() {
      const buffer = Buffer.alloc(65_536);
      let first = true;
      draining = setInterval(() => {
        for (;;) {
          let n = 0;
          try {
            n = readSync(reader, buffer);
          } catch {
            break;
          }
          if (n <= 0) break;
          // What was in the pipe before the printer was fixed is the filler, not a slip.
          if (!first) printed = Buffer.concat([printed, buffer.subarray(0, n)]);
        }
        first = false;
      }, 20);
    },
    printed: () => printed.toString('latin1'),
    close() {
      if (draining) clearInterval(draining);
      closeSync(reader);
    },
  };
}

const printers: Array<ReturnType<typeof stuckPrinter>> = [];
test.afterEach(async () => {
  await closeTills();
  for (const printer of printers.splice(0)) printer.close();
});

async function openHungTill(): Promise<{ till: Till; printer: ReturnType<typeof stuckPrinter> }> {
  const printer = stuckPrinter(await tempDir('hung-printer'));
  printers.push(printer);
  const till = await openTill({ config: { upstream: { timeoutMs: 8000 }, printer: { uri: printer.uri, jobTimeoutMs: 6000 } } });
  return { till, printer };
}

test('a printer that takes nothing: the tokens are on screen while it prints, the job fails in plain words, and Reprint works once it is fixed', async () => {
  const { till, printer } = await openHungTill();
  const page = till.page;
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '120');
  await page.getByRole('button', { name: 'Purchase' }).click();

  // The journal holds the tokens: they are on screen, with the change, while the slip is still printing.
  const tokens = await tokensOnScreen(page);
  await expect(page.getByText('Printing the slip…')).toBeVisible();
  await expect(page.getByText('Give change:')).toContainText('R 20.00');
  await page.screenshot({ path: '.tmp/screens/printing-tokens-shown.png', fullPage: true });

  await expect(page.getByRole('alert')).toContainText('The slip did not print.', { timeout: 20_000 });
  await expect(page.getByText('Printing the slip…')).toHaveCount(0);
  expect(await page.getByTestId('token').allTextContents()).toEqual(tokens);

  printer.drain();
  await page.getByRole('button', { name: 'Reprint' }).click();
  await expect(page.getByText('Slip printed again, marked REPRINT.')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => printer.printed(), { timeout: 10_000 }).toContain('REPRINT');
  for (const token of tokens) expect(printer.printed()).toContain(token);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);
  const log = await simRequests(till.sim.baseUrl);
  expect(log.filter((r) => r.operation === 'createTokenPurchaseRequest')).toHaveLength(1);
  expect(log.filter((r) => r.operation === 'confirmTokenPurchase').map((r) => r.status)).toEqual([202]);
});

test('a restart after approval with the printer stuck: recovery confirms and shows the tokens at once, the slip follows when it can', async () => {
  const { till } = await openHungTill();
  let page = till.page;
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  const tokens = await tokensOnScreen(page);
  await expect(page.getByText('Printing the slip…')).toBeVisible();
  // Power cut while the slip is stuck in the printer.
  await powerCut(till);
  await powerOn(till);
  page = till.page;
  const recovered = page.getByRole('region', { name: 'Sales recovered after a restart' });
  await expect(recovered).toContainText('it is being printed now, marked RECOVERED');
  expect(await recovered.getByTestId('token').allTextContents()).toEqual(tokens);
  // The till is usable and the confirmation goes out while the printer is still stuck.
  await expect(page.getByRole('textbox', { name: 'Meter number' })).toBeVisible();
  await expectOutboxEmpty(page);
  const journal = await readJournal(page);
  expect([...journal.sales.values()].map((s) => s.state)).toEqual(['confirmed']);
  await expect(recovered).toContainText('the slip could not be printed', { timeout: 20_000 });
});
