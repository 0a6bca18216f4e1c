// What a cashier does, in the words on the screen.
import { expect, type Page } from '@playwright/test';

export async function lookUpAndConfirm(page: Page, meter: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Meter number' }).fill(meter);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: 'Confirm customer' }).click();
}

export async function enterTender(page: Page, amount: string, tendered: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Amount' }).fill(amount);
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill(tendered);
}

/** The 20-digit tokens on screen, in groups of four. */
export async function tokensOnScreen(page: Page): Promise<string[]> {
  const tokens = page.getByTestId('token');
  await expect(tokens.first()).toBeVisible();
  return tokens.allTextContents();
}

export async function expectOutboxEmpty(page: Page): Promise<void> {
  await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 0', { timeout: 60_000 });
}

/** A whole TST001 sale up to the tokens on screen (R100.00, exact cash); returns the tokens shown. */
export async function buyTst001(page: Page): Promise<string[]> {
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  return tokensOnScreen(page);
}
