// What a cashier does to sell airtime, in the words on the screen, and the airtime part of the
// simulator's log.
import { expect, type Page } from '@playwright/test';
import type { RunningSimulator } from '../../electron/sim/server';
import { simRequests, type SimRequest } from './host';

/** The product switch on the main screen. */
export async function chooseAirtime(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Airtime & data' }).click();
  await expect(page.getByRole('textbox', { name: 'Cell number' })).toBeVisible();
}

export async function chooseElectricity(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Electricity' }).click();
  await expect(page.getByRole('textbox', { name: 'Meter number' })).toBeVisible();
}

/** Types the customer's number and waits for the product list. */
export async function enterNumber(page: Page, number: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Cell number' }).fill(number);
  await page.getByRole('button', { name: 'Show products' }).click();
  await expect(page.getByRole('list', { name: 'Products' })).toBeVisible();
}

/** Picks a product by its id in the catalogue (the button carries it). */
export async function pickProduct(page: Page, productId: string): Promise<void> {
  await page.locator(`button.product[data-product-id="${productId}"]`).click();
  await expect(page.getByRole('textbox', { name: 'Cash tendered' })).toBeVisible();
}

export async function payAirtime(page: Page, cash: string, amount?: string): Promise<void> {
  if (amount !== undefined) await page.getByRole('textbox', { name: 'Amount' }).fill(amount);
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill(cash);
  await page.getByRole('button', { name: 'Purchase' }).click();
}

/** A whole airtime sale up to the purchase click. */
export async function buyAirtime(page: Page, sale: { number: string; productId: string; cash: string; amount?: string }): Promise<void> {
  await enterNumber(page, sale.number);
  await pickProduct(page, sale.productId);
  await payAirtime(page, sale.cash, sale.amount);
}

/** The PIN as the screen groups it, e.g. "1234 5678 9012". */
export async function pinOnScreen(page: Page): Promise<string> {
  const pin = page.getByTestId('voucher-pin');
  await expect(pin).toBeVisible();
  return ((await pin.getAttribute('aria-label')) ?? '').replace(/^PIN /, '');
}

/** Requests the simulator logged for airtime operations (purchase, purchaseStatus, purchaseConfirmation…). */
export async function airtimeLog(sim: RunningSimulator, operation?: string): Promise<SimRequest[]> {
  const log = (await simRequests(sim.baseUrl)).filter((r) => r.path.includes('/airtime/v5'));
  return operation ? log.filter((r) => r.operation === operation) : log;
}

export type AirtimeBody = {
  id?: string;
  requestId?: string;
  reversalReason?: string;
  recipientMsisdn?: { msisdn?: string };
  amounts?: { requestAmount?: { amount?: number; currency?: string } };
  product?: { productId?: string };
};
export const airtimeBody = (r: SimRequest | undefined): AirtimeBody => (r?.body ?? {}) as AirtimeBody;
