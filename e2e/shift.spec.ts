// A shift from float to Z at a real till (simulator, host, Chromium): approved, declined, reversed,
// unknown-outcome and reprinted sales; an X report; the close with the drawer counted and its
// variance, with an advice still pending; the Z report printed, decoded from its ESC/POS bytes and
// checked against the journal read straight from IndexedDB; a second Z the same day refused.
import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEscPos, type PrintedItem } from '../electron/printer/testing/escpos-decoder';
import { buyTst001, enterTender, expectOutboxEmpty, lookUpAndConfirm, tokensOnScreen } from './support/cashier';
import { readJournal } from './support/journal';
import { addFault, clearFaults } from './support/rig';
import { closeTills, openTill, type Till } from './support/till';

test.afterEach(closeTills);

const CONFIG = {
  operatorId: 'thandi',
  upstream: { timeoutMs: 8000 },
  // A sale with no answer waits for a supervisor after 4 s, so the test can carry one into the Z.
  outbox: { baseDelayMs: 200, maxDelayMs: 1000, retryBaseDelayMs: 300, retryMaxDelayMs: 1000, retryWindowMs: 4_000 },
  printer: { paperWidthMm: 80, cashDrawer: { pin: 2 } },
};
const SCREENS = '.tmp/screens';

/** The slips printed so far, each as its printed lines (trimmed), split at the cuts. */
async function slips(till: Till): Promise<{ lines: string[]; drawer: boolean }[]> {
  const decoded = decodeEscPos(await readFile(join(till.dataDir, 'slips.bin')));
  const out: { lines: string[]; drawer: boolean }[] = [];
  let current: PrintedItem[] = [];
  for (const item of decoded.items) {
    if (item.kind === 'cut') {
      out.push({ lines: current.flatMap((i) => (i.kind === 'line' && i.text.trim() ? [i.text.trim()] : [])), drawer: current.some((i) => i.kind === 'drawer') });
      current = [];
    } else current.push(item);
  }
  return out;
}

const slipTitled = async (till: Till, title: string) => {
  const found = (await slips(till)).filter((slip) => slip.lines.includes(title));
  expect(found.length, `a slip titled ${title}`).toBeGreaterThan(0);
  return found.at(-1)?.lines ?? [];
};

/** The value printed right of a label, the first time the label starts a line after `after`. */
function valueOf(lines: string[], label: string, after?: string): string | undefined {
  const start = after ? lines.indexOf(after) : 0;
  const line = lines.slice(Math.max(0, start)).find((l) => l.startsWith(label) && /\s{1,}\S/.test(l.slice(label.length)));
  return line?.slice(label.length).trim();
}

/** The shifts table (Dexie version 6) as stored, read with the raw IndexedDB API. */
async function storedShifts(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('prepaid-pos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    db.onversionchange = () => db.close();
    try {
      return await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
        const request = db.transaction('shifts', 'readonly').objectStore('shifts').getAll();
        request.onsuccess = () => resolve(request.result as Array<Record<string, unknown>>);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
    } finally {
      db.close();
    }
  });
}

const money = (minor: number) => `R ${(minor / 100).toFixed(2)}`;

test('a shift from float to Z: every kind of sale, X, counted close with variance, Z printed and matching the journal', async () => {
  test.setTimeout(240_000);
  await mkdir(SCREENS, { recursive: true });
  const till = await openTill({ config: CONFIG });
  const page = till.page;

  // No shift yet: the counter asks for the float.
  const prompt = page.getByRole('region', { name: 'No shift is open' });
  await expect(prompt).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/shift-open-prompt.png`, fullPage: true });
  await prompt.getByRole('textbox', { name: 'Float in the drawer' }).fill('200');
  await prompt.getByRole('button', { name: 'Open shift' }).click();
  await expect(prompt).toHaveCount(0);

  // Approved and confirmed.
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();

  // Declined by the upstream.
  await addFault(till.sim, { operation: 'createTokenPurchaseRequest', fault: 'status', status: 400, errorType: 'METER_ID_BLOCKED', times: 1 });
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await expect(page.getByRole('heading', { name: 'Not sold' })).toBeVisible();
  await page.getByRole('button', { name: 'New sale' }).click();

  // Approved, then the customer cannot pay: reversed.
  await buyTst001(page);
  await page.getByRole('button', { name: 'Customer cannot pay' }).click();
  await page.getByRole('button', { name: 'Cancel sale and reverse' }).click();
  await page.getByRole('button', { name: 'New sale' }).click();

  // A training meter's R100 sale, printed again later from the supervisor panel.
  await lookUpAndConfirm(page, '04100000100');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await tokensOnScreen(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);

  // No answer, not even to the retries: past the window it waits for a supervisor, cash held.
  await addFault(till.sim, { operation: 'createTokenPurchaseRequest', fault: 'status', status: 500, times: 1 });
  await addFault(till.sim, { operation: 'retryPurchaseRequest', fault: 'status', status: 500 });
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await expect(page.getByRole('heading', { name: 'Sale needs a supervisor' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /Leave it for the supervisor/ }).click();
  await clearFaults(till.sim);

  // Sold, but its confirmation cannot be delivered yet: an advice pending at the close.
  await addFault(till.sim, { operation: 'confirmTokenPurchase', fault: 'status', status: 500 });
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 1');

  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('button', { name: /^Reprint the slip for meter 04100000100/ }).click();
  await expect(page.getByText('Slip for meter 04100000100 printed again, marked REPRINT.')).toBeVisible();

  // X report, mid-shift.
  const shift = page.getByRole('region', { name: 'Shift', exact: true });
  await shift.getByRole('button', { name: 'X report' }).click();
  await expect(shift.getByRole('status')).toHaveText('X report 1 printed.');
  const xView = shift.getByRole('region', { name: 'X report 1' });
  await expect(xView.getByRole('list', { name: 'Reprints' })).toContainText('meter 04100000100 · by thandi');
  await expect(xView.getByRole('list', { name: 'Pending advices' })).toContainText('Confirmation, meter TST001');
  await expect(xView.getByRole('list', { name: 'Unknown outcomes' })).toContainText('meter TST001 · R 100.00 · needs a supervisor');
  await xView.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/shift-x-report.png`, fullPage: true });
  const x = await slipTitled(till, 'X REPORT');
  expect(valueOf(x, 'X of this shift')).toBe('1');
  expect(x).toContain('REPRINTS');

  // Close: the pending advice is named; the drawer is R5.00 short of float + cash sales + cash held.
  await page.getByRole('button', { name: 'Close shift', exact: true }).click();
  const count = page.getByRole('form', { name: 'Count the drawer' });
  await expect(count.getByTestId('pending-warning')).toContainText('1 advice is not yet delivered');
  await expect(count.getByTestId('pending-warning')).toContainText('Confirmation, meter TST001');
  // Float R200 + three cash sales sold (R300) + one held with no outcome (R100).
  await expect(count.getByText('expected R 600.00')).toBeVisible();
  await count.getByRole('textbox', { name: 'Cash counted' }).fill('595');
  await expect(count.getByText('expected R 600.00 · Short R 5.00')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/shift-count.png`, fullPage: true });
  await count.getByRole('button', { name: 'Record the count and end the shift' }).click();
  await expect(count.getByText(/tick the box/)).toBeVisible();
  await count.getByRole('checkbox', { name: 'Close with these advices pending' }).check();
  await count.getByRole('button', { name: 'Record the count and end the shift' }).click();
  await expect(shift.getByRole('status')).toContainText('Shift closed (3 sold, 1 reversed, 1 declined; 1 needs a supervisor (R 100.00 held); cash expected R 600.00; counted R 595.00, short R 5.00); report printed.');
  await expect(shift.getByTestId('shift-state')).toHaveText(/^No shift is open\./);
  const close = await slipTitled(till, 'SHIFT CLOSE');
  expect(valueOf(close, 'Variance', 'Cash counted')).toBe('Short R 5.00');
  expect(close.join('\n')).toContain('Confirmation, meter TST001');

  // The advice goes through; then the day's Z.
  await clearFaults(till.sim);
  await expectOutboxEmpty(page);
  await shift.getByRole('button', { name: 'Z report (end of day)' }).click();
  await expect(shift.getByRole('status')).toHaveText('Z report No. 1 recorded and printed.');
  await shift.getByRole('region', { name: 'Z report No. 1' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/shift-z-report.png`, fullPage: true });
  await shift.screenshot({ path: `${SCREENS}/shift-z-panel.png` });

  // The Z on paper against the journal as stored.
  const z = await slipTitled(till, 'Z REPORT');
  const journal = await readJournal(page);
  const sales = [...journal.sales.values()];
  const inStates = (...states: string[]) => sales.filter((s) => states.includes(s.state));
  const sold = inStates('approved', 'printed', 'print-failed', 'confirming', 'confirmed', 'confirm-failed');
  const reversed = inStates('reversing', 'reversed', 'reverse-failed');
  const declined = inStates('declined');
  const review = inStates('review');
  expect([sold.length, reversed.length, declined.length, review.length]).toEqual([3, 1, 1, 1]);
  expect(valueOf(z, 'Z number')).toBe('1');
  expect(valueOf(z, 'Sold')).toBe(String(sold.length));
  expect(valueOf(z, 'Amount', 'SALES')).toBe(money(sold.length * 10_000));
  expect(valueOf(z, 'Reversed')).toBe(String(reversed.length));
  expect(valueOf(z, 'Declined')).toBe(String(declined.length));
  expect(valueOf(z, 'Needs a supervisor')).toBe(String(review.length));
  expect(valueOf(z, `Cash ${sold.length}`, 'BY TENDER')).toBe(money(sold.length * 10_000));
  expect(valueOf(z, 'Float', 'CASH IN DRAWER')).toBe('R 200.00');
  expect(valueOf(z, 'Expected', 'CASH IN DRAWER')).toBe('R 600.00');
  expect(valueOf(z, 'Cash', 'SHIFTS')).toBe('Short R 5.00');
  const reprintLine = z.slice(z.indexOf('REPRINTS')).find((l) => l.includes('04100000100'));
  expect(reprintLine).toMatch(/meter 04100000100 by thandi$/);
  expect(z.slice(z.indexOf('UNKNOWN OUTCOMES')).join('\n')).toContain('meter TST001');
  expect(z).not.toContain('PENDING ADVICES');

  // Every drawer kick came with a sale's first slip: none with a report, none on its own.
  const printed = await slips(till);
  expect(printed.filter((slip) => slip.drawer).every((slip) => slip.lines.some((l) => l.startsWith('TOTAL')))).toBe(true);
  expect(printed.filter((slip) => slip.drawer)).toHaveLength(sold.length + reversed.length);

  // The Z is in the journal, numbered; the shift with its count.
  const rows = await storedShifts(page);
  const zRows = rows.filter((r) => r.kind === 'z');
  expect(zRows).toHaveLength(1);
  expect(zRows[0]).toMatchObject({ zNumber: 1 });
  const shiftRow = rows.find((r) => r.kind === 'shift');
  expect(shiftRow).toMatchObject({ float: 20_000, counts: [{ tender: 'CASH', expected: 60_000, counted: 59_500, variance: -500 }] });

  // A second Z the same day is refused, and nothing more is recorded.
  await shift.getByRole('button', { name: 'Z report (end of day)' }).click();
  await expect(shift.getByRole('status')).toHaveText(/^Z report No\. 1 was already taken for \d{4}-\d{2}-\d{2}/);
  expect((await storedShifts(page)).filter((r) => r.kind === 'z')).toHaveLength(1);
});
