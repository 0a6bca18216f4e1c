// Airtime and data at the counter (issue 9): the real renderer in Chromium, the real host and the real
// simulator. Every test checks what the cashier saw against the simulator's own request log and the
// journal read straight from IndexedDB.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { airtimeBody, airtimeLog, buyAirtime, chooseAirtime, enterNumber, payAirtime, pickProduct, pinOnScreen } from './support/airtime';
import { expectOutboxEmpty } from './support/cashier';
import { expectSaleSettled, readJournal, statesOf } from './support/journal';
import { addFault } from './support/rig';
import { closeTills, openTill, powerCut, powerOn, type Till } from './support/till';

const SCREENS = '.tmp/screens';

test.afterEach(async () => {
  await closeTills();
});

/** A till whose airtime goes to the test's simulator; `config` is merged into config.json. */
function airtimeTill(config: Record<string, unknown> = {}): Promise<Till> {
  return openTill({ airtime: true, config: { outbox: { baseDelayMs: 200, maxDelayMs: 2_000, retryBaseDelayMs: 300, retryMaxDelayMs: 1_000 }, ...config } });
}

/** The one purchase the simulator saw, and its id (the sale's purchase id). */
async function onePurchase(till: Till): Promise<string> {
  const purchases = await airtimeLog(till.sim, 'purchase');
  expect(purchases, 'exactly one purchase reached the provider').toHaveLength(1);
  return airtimeBody(purchases[0]).id ?? '';
}

test('a PIN voucher: the PIN on screen large and grouped, with serial, expiry and redeem lines; on the slip; one purchase, one confirmation', async () => {
  const till = await airtimeTill();
  const { page } = till;
  await chooseAirtime(page);
  await page.screenshot({ path: `${SCREENS}/airtime-number.png`, fullPage: true });
  await enterNumber(page, '082 555 0101');
  await expect(page.getByTestId('airtime-number')).toHaveText('082 555 0101');
  await expect(page.getByTestId('airtime-operator')).toHaveText('Vodacom');
  await page.screenshot({ path: `${SCREENS}/airtime-products.png`, fullPage: true });
  await pickProduct(page, 'VODAAT10');
  await page.screenshot({ path: `${SCREENS}/airtime-tender.png`, fullPage: true });
  await payAirtime(page, '20');

  const pin = await pinOnScreen(page);
  expect(pin).toMatch(/^\d{3,4}( \d{3,4})+$/);
  await expect(page.getByRole('heading', { name: 'Voucher PIN' })).toBeVisible();
  await expect(page.getByTestId('voucher-serial')).not.toBeEmpty();
  await expect(page.getByTestId('voucher-expiry')).not.toBeEmpty();
  await expect(page.getByLabel('How to redeem'), 'the operator’s redeem instructions').toContainText('*100*01*');
  await expect(page.getByText('Give change:')).toContainText('R 10.00');
  await expect(page.getByText('Slip printed.')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/airtime-pin.png`, fullPage: true });

  const purchaseId = await onePurchase(till);
  const [purchase] = await airtimeLog(till.sim, 'purchase');
  expect(purchase?.status).toBe(201);
  expect(airtimeBody(purchase).recipientMsisdn?.msisdn, 'the number goes in international form').toBe('27825550101');
  expect(airtimeBody(purchase).product?.productId).toBe('VODAAT10');
  const slip = (await readFile(join(till.dataDir, 'slips.bin'))).toString('latin1');
  expect(slip, 'the slip carries the PIN in the same groups').toContain(pin);

  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('textbox', { name: 'Cell number' }), 'a new sale starts on airtime again').toBeVisible();
  const adviceId = await expectSaleSettled(page, purchaseId, {
    finalState: 'confirmed',
    steps: ['sending', 'approved', 'printed', 'confirming', 'confirmed'],
    adviceKind: 'airtimeConfirmation',
  });
  const confirmations = await airtimeLog(till.sim, 'purchaseConfirmation');
  expect(confirmations).toHaveLength(1);
  expect(airtimeBody(confirmations[0]).id, 'the journal delivered the confirmation the provider took').toBe(adviceId);
  expect(airtimeBody(confirmations[0]).requestId).toBe(purchaseId);
  expect(confirmations[0]?.status).toBe(202);
  await expectOutboxEmpty(page);
});
