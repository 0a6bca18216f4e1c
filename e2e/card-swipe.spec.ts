import { expect, test } from '@playwright/test';
import { simRequests, startHost, tempDir, type HostProcess } from './support/host';

// A keyboard-wedge meter-card reader types the card's track 2 into the meter field in a burst.
const METER = '04100000100';
const CARD = `${METER}=2912123456011020700000`;

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

test('a meter card swiped on a keyboard-wedge reader fills the meter field, and the lookup and purchase carry its track2Data; typing stays typing', async ({ page }) => {
  host = await startHost({ dataDir: await tempDir('swipe') });
  await page.goto(host.url);
  const field = page.getByRole('textbox', { name: 'Meter number' });
  await field.click();

  // A person typing, slowly, then Enter: the form looks up exactly what was typed (too short a number).
  await field.pressSequentially('0410', { delay: 120 });
  await expect(field).toHaveValue('0410');

  // The reader: keys 2 ms apart, Enter at the end. Playwright's own typing takes 15–450 ms a key on a
  // loaded machine (measured), far slower than a reader, so the burst is dispatched in the page with a
  // reader's timing. Such events type nothing into the field, which shows the meter number comes from
  // the burst; that a burst's Enter does not submit the form is covered by renderer/input/card-swipe.test.ts.
  // An event's timeStamp is taken when it is made (as a real key's is taken when it is pressed), so the
  // keys are made 2 ms apart first and dispatched after. On a loaded machine the page itself can be
  // paused while making them: a set with a gap over 10 ms is made again, so the burst is a reader's.
  const made = await page.evaluate((keys) => {
    const input = document.getElementById('meter');
    if (!input) throw new Error('no meter field');
    for (let attempt = 1; attempt <= 50; attempt++) {
      const events = keys.map((key) => {
        const next = performance.now() + 2;
        while (performance.now() < next) {
          // a reader's 2 ms between keys
        }
        return new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      });
      const widest = Math.max(...events.slice(1).map((e, i) => e.timeStamp - (events[i]?.timeStamp ?? 0)));
      if (widest <= 10) {
        for (const event of events) input.dispatchEvent(event);
        return attempt;
      }
    }
    return 0;
  }, [...`;${CARD}?`, 'Enter']);
  expect(made, 'a burst with reader timing could be made in the page').toBeGreaterThan(0);
  await expect(field).toHaveValue(METER);
  await expect(page.getByRole('status').filter({ hasText: `Meter card read: meter ${METER}` })).toBeVisible();
  await page.screenshot({ path: '.tmp/screens/card-swipe-meter.png', fullPage: true });

  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: 'Confirm customer' }).click();
  await page.getByRole('textbox', { name: 'Amount' }).fill('20.00');
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill('20');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await expect(page.getByTestId('token').first()).toBeVisible();

  const log = await simRequests(host.simulatorBaseUrl ?? '');
  const lookup = log.find((r) => r.operation === 'createMeterLookup');
  const purchase = log.find((r) => r.operation === 'createTokenPurchaseRequest');
  expect((lookup?.body as { meter: unknown }).meter).toEqual({ meterId: METER, track2Data: CARD });
  expect((purchase?.body as { meter: unknown }).meter).toEqual({ meterId: METER, track2Data: CARD });
});

test('Supervisor → Card reader and scanner says plainly that no USB device is chosen', async ({ page }) => {
  host = await startHost({ dataDir: await tempDir('devices') });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Supervisor' }).click();
  await expect(page.getByRole('heading', { name: 'Card reader and scanner' })).toBeVisible();
  await expect(page.getByTestId('device-status-cardReader')).toHaveText('No USB card reader is chosen. One set up as a keyboard works without it.');
  await expect(page.getByRole('combobox', { name: 'USB card reader' })).toBeVisible();
  await page.getByRole('heading', { name: 'Card reader and scanner' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '.tmp/screens/device-settings.png' });
});
