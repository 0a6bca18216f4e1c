// Sales history (issue 11, item 3): the real renderer in Chromium, the real host, the real simulator
// and a fake network printer on 127.0.0.1. An electricity sale and an airtime PIN voucher are sold at
// the counter, then found from Supervisor → Sales history by number, state, dates, cashier and
// reference; the detail shows every exchange and state change with the PIN, the whole phone number
// and the customer's name hidden; a copy of each slip is printed from there, marked REPRINT, as the
// printer's bytes show, and the journal records the copy.
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { decodeEscPos } from '../electron/printer/testing/escpos-decoder';
import { startTestTcpPrinter, type TestTcpPrinter } from '../electron/printer/testing/tcp-printer';
import { airtimeBody, airtimeLog, buyAirtime, chooseAirtime, chooseElectricity, pinOnScreen } from './support/airtime';
import { buyTst001, expectOutboxEmpty } from './support/cashier';
import { readJournal } from './support/journal';
import { requestsOf, bodyOf } from './support/rig';
import { closeTills, openTill } from './support/till';

const SCREENS = '.tmp/screens';
let printer: TestTcpPrinter | undefined;

test.afterEach(async () => {
  await closeTills();
  await printer?.close();
  printer = undefined;
});

const jobs = (fake: TestTcpPrinter) => fake.jobs.filter((job) => job.length > 0);
const lastSlip = (fake: TestTcpPrinter): string[] =>
  decodeEscPos(jobs(fake).at(-1) ?? new Uint8Array()).items.flatMap((item) => (item.kind === 'line' ? [item.text.trim()] : []));

/** The history covers the screen (a fixed layer), so the screenshot is of the window, not the page. */
async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

/** A local date as the date field takes it. */
const dateField = (offsetDays: number): string => {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('sales history: search by number, state, dates, cashier and reference; the detail masked; reprints marked REPRINT', async () => {
  test.setTimeout(360_000);
  printer = await startTestTcpPrinter({ state: 'ready' });
  const till = await openTill({
    airtime: true,
    hostArgs: ['--printer', printer.uri],
    config: { operatorId: 'thandi', outbox: { baseDelayMs: 200, maxDelayMs: 2_000 } },
  });
  const { page } = till;

  // Sold at the counter: electricity for TST001, then a Vodacom PIN voucher for 082 555 0101.
  const tokens = await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await chooseAirtime(page);
  await buyAirtime(page, { number: '082 555 0101', productId: 'VODAAT10', cash: '20' });
  const pin = await pinOnScreen(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);
  await chooseElectricity(page);
  const [electricityPurchase] = await requestsOf(till.sim, 'createTokenPurchaseRequest');
  const electricityId = bodyOf(electricityPurchase).id ?? '';
  const airtimeId = airtimeBody((await airtimeLog(till.sim, 'purchase'))[0]).id ?? '';
  expect(electricityId).not.toBe('');
  expect(airtimeId).not.toBe('');

  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('button', { name: 'Sales history' }).click();
  const history = page.getByRole('dialog', { name: 'Sales history' });
  const rows = history.getByRole('region', { name: 'Search results' }).locator('tbody tr');
  const shownIds = async () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-purchase-id')));
  await expect(rows).toHaveCount(2);
  expect(await shownIds(), 'newest first').toEqual([airtimeId, electricityId]);
  await expect(rows.first(), 'the phone number masked in the list').toContainText('2782*****01');
  await expect(rows.first()).not.toContainText('0825550101');
  await screenshot(page, 'history-list');

  const search = async (fields: Partial<Record<'Meter, phone or account number' | 'Reference or receipt' | 'Cashier' | 'From' | 'To', string>>, state = '') => {
    await history.getByRole('button', { name: 'Clear' }).click();
    for (const [label, value] of Object.entries(fields)) await history.getByLabel(label, { exact: true }).fill(value);
    await history.getByLabel('State', { exact: true }).selectOption(state);
    await history.getByRole('button', { name: 'Search', exact: true }).click();
  };

  await search({ 'Meter, phone or account number': '082 555 0101' });
  await expect(rows).toHaveCount(1);
  expect(await shownIds()).toEqual([airtimeId]);
  await search({ 'Meter, phone or account number': 'TST001' });
  await expect.poll(shownIds).toEqual([electricityId]);

  await search({}, 'confirmed');
  await expect.poll(shownIds).toEqual([airtimeId, electricityId]);
  await search({}, 'declined');
  await expect(history.getByTestId('history-count')).toHaveText('No sales found.');
  await expect(rows).toHaveCount(0);

  await search({ From: dateField(-1), To: dateField(0) });
  await expect.poll(shownIds).toEqual([airtimeId, electricityId]);
  await search({ From: dateField(1) });
  await expect(rows).toHaveCount(0);

  await search({ Cashier: 'thandi' });
  await expect.poll(shownIds).toEqual([airtimeId, electricityId]);
  await search({ Cashier: 'sipho' });
  await expect(rows).toHaveCount(0);

  // References: the simulator's receipt number for TST001, and the purchase id's first characters.
  await search({ 'Reference or receipt': 'rct10001' });
  await expect.poll(shownIds).toEqual([electricityId]);
  await search({ 'Reference or receipt': airtimeId.slice(0, 8).toUpperCase() });
  await expect.poll(shownIds).toEqual([airtimeId]);
  await screenshot(page, 'history-search-reference');

  // The airtime detail: every exchange and state change, nothing a passer-by could use.
  await rows.first().getByRole('button', { name: /^Details/ }).click();
  const detail = history.getByRole('region', { name: 'Sale detail' });
  await expect(detail.getByTestId('detail-reference')).toHaveText(airtimeId);
  await expect(detail.getByTestId('detail-state')).toHaveText('sold and confirmed');
  const states = detail.getByRole('table', { name: 'State changes' }).locator('tbody tr');
  await expect(states).toHaveCount(5);
  const exchanges = detail.getByRole('table', { name: 'Exchanges with the upstream' }).locator('tbody tr');
  await expect(exchanges).toHaveCount(1);
  await expect(exchanges.first()).toContainText('purchase');
  await expect(exchanges.first()).toContainText('successful (201)');
  for (const summary of await detail.locator('summary').all()) await summary.click();
  const answer = detail.getByLabel('Answer to purchase');
  await expect(answer).toContainText('"pin": "****"');
  await expect(answer).toContainText('"msisdn": "2782*****01"');
  const text = (await detail.textContent()) ?? '';
  expect(text, 'no PIN anywhere in the detail').not.toContain(pin.replace(/ /g, ''));
  expect(text).not.toContain(pin);
  expect(text, 'no whole phone number').not.toContain('27825550101');
  await screenshot(page, 'history-detail-airtime');

  // A copy of the PIN slip, from history: marked REPRINT on paper, recorded in the sale's history.
  const jobsBefore = jobs(printer).length;
  await detail.getByRole('button', { name: 'Reprint slip (marked REPRINT)' }).click();
  await expect(detail.getByRole('status')).toHaveText('Slip printed again, marked REPRINT.');
  expect(jobs(printer)).toHaveLength(jobsBefore + 1);
  const airtimeCopy = lastSlip(printer);
  expect(airtimeCopy).toContain('*** REPRINT ***');
  expect(airtimeCopy.join('\n'), 'the copy carries the PIN the customer was given').toContain(pin);
  await expect(states).toHaveCount(6);
  await expect(states.last()).toContainText('slip printed again, marked REPRINT');
  const journal = await readJournal(page);
  expect(journal.sales.get(airtimeId)?.history.at(-1)?.note).toBe('slip printed again, marked REPRINT');
  await screenshot(page, 'history-detail-reprinted');

  // The electricity detail: the customer's name and address hidden; its copy carries the tokens.
  await detail.getByRole('button', { name: 'Back to the results' }).click();
  await search({ 'Meter, phone or account number': 'TST001' });
  await expect.poll(shownIds).toEqual([electricityId]);
  await rows.first().getByRole('button', { name: /^Details/ }).click();
  await expect(detail.getByTestId('detail-reference')).toHaveText(electricityId);
  for (const summary of await detail.locator('summary').all()) await summary.click();
  await expect(detail.getByLabel('Answer to createTokenPurchaseRequest')).toContainText('"firstName": "****"');
  const power = (await detail.textContent()) ?? '';
  for (const personal of ['Pierre', 'De Wet', '21 Dorp Straat']) expect(power, personal).not.toContain(personal);
  await detail.getByRole('button', { name: 'Reprint slip (marked REPRINT)' }).click();
  await expect(detail.getByRole('status')).toHaveText('Slip printed again, marked REPRINT.');
  const powerCopy = lastSlip(printer);
  expect(powerCopy).toContain('*** REPRINT ***');
  for (const token of tokens) expect(powerCopy).toContain(token);
  expect(decodeEscPos(jobs(printer).at(-1) ?? new Uint8Array()).items.some((item) => item.kind === 'drawer'), 'a reprint never opens the drawer').toBe(false);
  await screenshot(page, 'history-detail-electricity');
});
