// Slips a cashier and customer can trust, with a real network printer: the fake TCP printer on
// 127.0.0.1 answers status queries, keeps what it prints, runs out of paper or drops the
// connection mid-slip. The renderer runs in Chromium through the real browser host.
import { expect, test, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEscPos, type PrintedItem } from '../electron/printer/testing/escpos-decoder';
import { startTestTcpPrinter, type TestTcpPrinter } from '../electron/printer/testing/tcp-printer';
import { enterTender, expectOutboxEmpty, lookUpAndConfirm, tokensOnScreen } from './support/cashier';
import { simRequests, startHost, tempDir, type HostProcess } from './support/host';

let host: HostProcess | undefined;
let printer: TestTcpPrinter | undefined;

test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  await printer?.close();
  printer = undefined;
});

async function start(options: { printer: Parameters<typeof startTestTcpPrinter>[0]; query?: string; cashDrawer?: boolean }): Promise<{ host: HostProcess; printer: TestTcpPrinter; sim: string }> {
  printer = await startTestTcpPrinter(options.printer);
  const dataDir = await tempDir('printer');
  if (options.cashDrawer) await writeFile(join(dataDir, 'config.json'), JSON.stringify({ printer: { cashDrawer: { pin: 2 } } }));
  host = await startHost({ dataDir, args: ['--printer', `${printer.uri}${options.query ?? ''}`] });
  return { host, printer, sim: host.simulatorBaseUrl ?? '' };
}

const operations = async (sim: string, operation: string) => (await simRequests(sim)).filter((r) => r.operation === operation);
const printedJobs = (fake: TestTcpPrinter): Uint8Array[] => fake.jobs.filter((job) => job.length > 0);
const linesOf = (items: PrintedItem[]): string[] => items.flatMap((item) => (item.kind === 'line' ? [item.text.trim()] : []));

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir('.tmp/screens', { recursive: true });
  await page.screenshot({ path: `.tmp/screens/${name}.png`, fullPage: true });
}

test('paper out: the cashier is warned before buying, nothing reaches the upstream until they deliberately sell without a slip', async ({ page }) => {
  const { host, printer, sim } = await start({ printer: { state: 'paper-out' } });
  await page.goto(host.url);
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100.00', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();

  await expect(page.getByRole('heading', { name: 'Check the printer before you sell' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('The printer is out of paper.');
  await expect(page.getByRole('alert')).toContainText('no money has moved');
  await screenshot(page, 'printer-paper-out-warning');
  expect(await operations(sim, 'createTokenPurchaseRequest'), 'nothing is bought while the cashier decides').toHaveLength(0);

  // Checking again with the paper still out changes nothing; going back keeps what was typed.
  await page.getByRole('button', { name: 'Check the printer again' }).click();
  await expect(page.getByRole('alert')).toContainText('out of paper');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('textbox', { name: 'Amount' })).toHaveValue('100.00');
  await page.getByRole('button', { name: 'Purchase' }).click();

  await page.getByRole('button', { name: 'Sell without a slip…' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Sell without a slip?');
  await screenshot(page, 'printer-sell-without-slip-confirm');
  expect(await operations(sim, 'createTokenPurchaseRequest')).toHaveLength(0);
  await page.getByRole('button', { name: 'Sell without a slip — show the tokens on screen' }).click();

  const shown = await tokensOnScreen(page);
  expect(shown.length).toBeGreaterThan(0);
  for (const token of shown) expect(token).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
  await expect(page.getByText('No slip was printed. The printer is out of paper.')).toBeVisible();
  await screenshot(page, 'printer-sold-without-slip');
  expect(await operations(sim, 'createTokenPurchaseRequest')).toHaveLength(1);
  expect(printedJobs(printer), 'no slip was sent to a printer without paper').toHaveLength(0);

  // A new roll goes in: Reprint prints the slip from the journal, marked REPRINT.
  printer.set({ state: 'ready' });
  await page.getByRole('button', { name: 'Reprint' }).click();
  await expect(page.getByText('Slip printed again, marked REPRINT.')).toBeVisible();
  const slip = linesOf(decodeEscPos(printedJobs(printer).at(-1) ?? new Uint8Array()).items);
  expect(slip).toContain('*** REPRINT ***');
  for (const token of shown) expect(slip).toContain(token);

  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);
  await expect.poll(async () => (await operations(sim, 'confirmTokenPurchase')).length).toBe(1);
});

test('the printer drops the connection mid-slip: tokens stay on screen and in the journal, confirmed once, and Reprint prints them once fixed', async ({ page }) => {
  const { host, printer, sim } = await start({ printer: { state: 'ready', dropAfterBytes: 300 }, query: '?chunk=128&gap=5' });
  await page.goto(host.url);
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100.00', '150');
  await page.getByRole('button', { name: 'Purchase' }).click();

  const shown = await tokensOnScreen(page);
  expect(shown.length).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toHaveText(
    'The slip did not print. The printer stopped while printing, so the slip may be incomplete. Fix the printer, then reprint the slip. Until then, read the tokens to the customer from the screen.',
  );
  await expect(page.getByText('Give change:')).toContainText('R 50.00');
  await screenshot(page, 'printer-dropped-mid-slip');
  expect(printer.jobs.at(-1)?.length, 'the printer took part of the slip, then dropped').toBe(300);

  printer.set({ state: 'ready' });
  await page.getByRole('button', { name: 'Reprint' }).click();
  await expect(page.getByText('Slip printed again, marked REPRINT.')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('document', { name: 'Slip preview' }), 'the preview shows the slip as reprinted').toContainText('*** REPRINT ***');
  const reprinted = decodeEscPos(printedJobs(printer).at(-1) ?? new Uint8Array()).items;
  const lines = linesOf(reprinted);
  expect(lines.slice(0, 2)).toEqual(['TRAINING — NOT VALID', '*** REPRINT ***']);
  for (const token of shown) expect(lines).toContain(token);
  expect(reprinted.some((item) => item.kind === 'drawer'), 'a reprint never opens the drawer').toBe(false);
  await screenshot(page, 'printer-reprinted');

  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);
  await expect.poll(async () => (await operations(sim, 'confirmTokenPurchase')).length).toBe(1);
  const purchases = await operations(sim, 'createTokenPurchaseRequest');
  expect(purchases).toHaveLength(1);
  const confirmations = await operations(sim, 'confirmTokenPurchase');
  expect((confirmations[0]?.body as { requestId?: string }).requestId).toBe((purchases[0]?.body as { id?: string }).id);

  // The journal still holds the sale: the supervisor's list shows it and reprints it again.
  await page.getByRole('button', { name: 'Supervisor' }).click();
  const recent = page.getByRole('region', { name: 'Recent sales on this terminal' });
  const row = recent.getByRole('row').filter({ hasText: 'TST001' });
  await expect(row).toContainText('sold and confirmed');
  const jobsBefore = printedJobs(printer).length;
  await row.getByRole('button', { name: /^Reprint the slip for meter TST001/ }).click();
  await expect(recent.getByRole('status')).toHaveText('Slip for meter TST001 printed again, marked REPRINT.');
  expect(printedJobs(printer)).toHaveLength(jobsBefore + 1);
  const again = linesOf(decodeEscPos(printedJobs(printer).at(-1) ?? new Uint8Array()).items);
  expect(again).toContain('*** REPRINT ***');
  for (const token of shown) expect(again).toContain(token);
  await screenshot(page, 'supervisor-recent-sales');
  expect(await operations(sim, 'confirmTokenPurchase'), 'reprints send nothing upstream').toHaveLength(1);
});

test('a lost slip: the upstream token reprint returns the tokens the simulator vended, printed REPRINT and shown on screen; the cash sale opened the drawer once', async ({ page }) => {
  const { host, printer, sim } = await start({ printer: { state: 'paper-near-end' }, cashDrawer: true });
  await page.goto(host.url);
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100.00', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  const sold = await tokensOnScreen(page);
  await expect(page.getByText('Slip printed.')).toBeVisible();
  await expect(page.getByText('The paper roll is nearly finished.')).toBeVisible();
  await screenshot(page, 'printer-paper-near-end');
  const first = decodeEscPos(printedJobs(printer)[0] ?? new Uint8Array()).items;
  expect(first.filter((item) => item.kind === 'drawer'), 'the first slip of a cash sale opens the drawer').toHaveLength(1);

  const vended = (await operations(sim, 'createTokenPurchaseRequest'))[0];
  expect(vended?.status).toBeLessThan(300);
  await page.getByRole('button', { name: 'New sale' }).click();

  await page.getByRole('button', { name: 'Supervisor' }).click();
  const form = page.getByRole('form', { name: 'Reprint a lost slip' });
  await form.getByRole('textbox', { name: 'Meter number of the lost slip' }).fill('TST001');
  await form.getByRole('button', { name: 'Reprint a lost slip' }).click();
  const result = form.getByLabel('Reprinted tokens');
  await expect(result.getByRole('status')).toHaveText('Tokens for meter TST001 printed again, marked REPRINT.');
  const reprintedOnScreen = await result.getByTestId('token').allTextContents();
  expect(reprintedOnScreen).toEqual(sold);
  await screenshot(page, 'supervisor-lost-slip');

  const reprints = await operations(sim, 'requestTokenReprint');
  expect(reprints).toHaveLength(1);
  expect((reprints[0]?.body as { meter?: { meterId?: string } }).meter?.meterId).toBe('TST001');
  const slip = decodeEscPos(printedJobs(printer).at(-1) ?? new Uint8Array()).items;
  const lines = linesOf(slip);
  expect(lines).toContain('*** REPRINT ***');
  for (const token of sold) expect(lines).toContain(token);
  expect(slip.some((item) => item.kind === 'drawer'), 'a reprint never opens the drawer').toBe(false);

  // A meter with nothing to reprint is said in plain words.
  await form.getByRole('textbox', { name: 'Meter number of the lost slip' }).fill('TST003');
  await form.getByRole('button', { name: 'Reprint a lost slip' }).click();
  await expect(form.getByRole('alert')).toHaveText('The utility has no token to reprint for meter TST003. Check the numbers.');
});

test('a meter fault reported for a customer: the utility’s reference on screen and on a printed fault report slip', async ({ page }) => {
  const { host, printer, sim } = await start({ printer: { state: 'ready' } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Supervisor' }).click();
  const form = page.getByRole('form', { name: 'Report a meter fault' });
  await form.getByRole('textbox', { name: 'Meter number with the fault' }).fill('TST001');
  await form.getByRole('combobox', { name: 'Fault' }).selectOption({ label: 'Meter keeps tripping' });
  await form.getByRole('button', { name: 'Report the fault' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter the customer’s phone number (digits only, at most 20).');
  expect(await operations(sim, 'createFaultReport')).toHaveLength(0);

  await form.getByRole('textbox', { name: 'Customer’s phone number' }).fill('082 123 4567');
  await form.getByRole('textbox', { name: 'What the customer says (optional)' }).fill('Trips every evening');
  await form.getByRole('button', { name: 'Report the fault' }).click();
  await expect(form.getByRole('status')).toHaveText('The fault report slip is printed; give it to the customer.');
  const reference = (await form.getByTestId('fault-reference').textContent()) ?? '';
  expect(reference.length).toBeGreaterThan(0);
  await screenshot(page, 'supervisor-fault-report');

  const reports = await operations(sim, 'createFaultReport');
  expect(reports).toHaveLength(1);
  expect(reports[0]?.body).toMatchObject({ meter: { meterId: 'TST001' }, contactNumber: '0821234567', faultType: 'KeepsTripping', faultDescription: 'Trips every evening' });
  const lines = linesOf(decodeEscPos(printedJobs(printer).at(-1) ?? new Uint8Array()).items);
  expect(lines).toContain('METER FAULT REPORT');
  expect(lines).toContain('Meter keeps tripping');
  expect(lines[lines.indexOf('FAULT REFERENCE') + 1]).toBe(reference);
});
