// What a cashier does, in the words on the screen.
import { expect, type Page } from '@playwright/test';
import { readJournal } from './journal';

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

/** States in which a sale still owes the upstream an advice, or is about to (New sale pressed, finish not yet written). */
const OWING = ['approved', 'printed', 'print-failed', 'confirming', 'reversing'];

/**
 * Every sale has had its advice delivered (or needs none) and the status bar says so. Read from the
 * journal, polling: right after "New sale" the status bar can still show the 0 from before the
 * confirmation was queued.
 */
export async function expectOutboxEmpty(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const journal = await readJournal(page);
      const owing = [...journal.sales.values()].filter((sale) => OWING.includes(sale.state)).map((sale) => `${sale.purchaseId}:${sale.state}`);
      const pending = journal.advices.filter((advice) => advice.state === 'pending').map((advice) => `${advice.kind}:${advice.adviceId}`);
      return [...owing, ...pending];
    }, { timeout: 60_000, message: 'every advice delivered' })
    .toEqual([]);
  await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 0', { timeout: 60_000 });
}

/** A whole TST001 sale up to the tokens on screen (R100.00, exact cash); returns the tokens shown. */
export async function buyTst001(page: Page): Promise<string[]> {
  await lookUpAndConfirm(page, 'TST001');
  await enterTender(page, '100', '100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  return tokensOnScreen(page);
}
