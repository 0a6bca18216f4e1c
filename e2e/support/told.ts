// What the cashier was told about which purchase: every outcome screen the page renders carries
// data-sale-screen (result | declined | in-doubt | cancelled | review) and data-purchase-id. A
// MutationObserver installed before the app's own script reports each (purchase, screen) pair as
// soon as it appears, so a screen shown for a moment is not missed by sampling.
import type { Page } from '@playwright/test';

export interface Told {
  purchaseId: string;
  screen: string;
  window: string;
  at: string;
}

const BINDING = '__posTestTold';

function watchSaleScreens(binding: string): void {
  const marker = '__posTestToldWatching';
  const scope = window as unknown as Record<string, unknown>;
  if (scope[marker]) return;
  scope[marker] = true;
  const seen = new Set<string>();
  const scan = () => {
    for (const element of document.querySelectorAll('[data-sale-screen]')) {
      const screen = element.getAttribute('data-sale-screen') ?? '';
      const purchaseId = element.getAttribute('data-purchase-id') ?? '';
      const key = `${purchaseId} ${screen}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const report = scope[binding];
      if (typeof report === 'function') void (report as (p: string, s: string) => Promise<void>)(purchaseId, screen);
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-sale-screen', 'data-purchase-id'] });
  scan();
}

/** Starts recording into `sink`; call before the page loads the app (and it survives reloads). */
export async function recordTold(page: Page, windowName: string, sink: Told[]): Promise<void> {
  await page.exposeFunction(BINDING, (purchaseId: string, screen: string) => {
    sink.push({ purchaseId, screen, window: windowName, at: new Date().toISOString() });
  });
  await page.addInitScript(watchSaleScreens, BINDING);
  // Already loaded (about:blank or the app): start now as well; the marker stops a double start.
  await page.evaluate(watchSaleScreens, BINDING).catch(() => undefined);
}

/** Screens shown per purchase id, in the order they appeared. */
export function toldByPurchase(told: readonly Told[]): Map<string, Told[]> {
  const byId = new Map<string, Told[]>();
  for (const entry of told) byId.set(entry.purchaseId, [...(byId.get(entry.purchaseId) ?? []), entry]);
  return byId;
}
