// The journal and the outbox as the page stored them, read straight from IndexedDB with the raw API
// (not through the app's Dexie code), so a test checks what was written, not what the app believes.
import { expect, type Page } from '@playwright/test';
import { z } from 'zod';

const StoredSaleSchema = z.object({
  purchaseId: z.string(),
  state: z.string(),
  /** 'electricity' or 'airtime'; `subject` is the meter number or the phone number (international form). */
  service: z.string(),
  subject: z.string(),
  /** Electricity sales only. */
  meterId: z.string().optional(),
  createdAt: z.string(),
  recovered: z.boolean().optional(),
  history: z.array(z.object({ at: z.string(), state: z.string(), note: z.string().optional() })),
});

const StoredAdviceSchema = z.object({
  adviceId: z.string(),
  purchaseId: z.string(),
  state: z.string(),
  attempts: z.number(),
  advice: z.object({ kind: z.string() }),
});

const StoredJournalSchema = z.object({
  sales: z.array(StoredSaleSchema),
  outbox: z.array(StoredAdviceSchema),
});

export type StoredSale = z.infer<typeof StoredSaleSchema>;

export interface StoredAdvice {
  adviceId: string;
  purchaseId: string;
  state: string;
  attempts: number;
  kind: string;
}

export interface Journal {
  sales: Map<string, StoredSale>;
  advices: StoredAdvice[];
  advicesOf(purchaseId: string): StoredAdvice[];
}

/** Reads every sale and advice. A database the app has not created yet reads as empty (and is not created). */
export async function readJournal(page: Page): Promise<Journal> {
  const raw: unknown = await page.evaluate(async () => {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === 'prepaid-pos')) return { sales: [], outbox: [] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('prepaid-pos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
    });
    // Never hold up the app's own schema upgrade.
    db.onversionchange = () => db.close();
    try {
      const all = (store: string) =>
        new Promise<unknown[]>((resolve, reject) => {
          if (!db.objectStoreNames.contains(store)) return resolve([]);
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error ?? new Error(`reading ${store} failed`));
        });
      return { sales: await all('sales'), outbox: await all('outbox') };
    } finally {
      db.close();
    }
  });
  const parsed = StoredJournalSchema.parse(raw);
  const advices = parsed.outbox.map((a) => ({ adviceId: a.adviceId, purchaseId: a.purchaseId, state: a.state, attempts: a.attempts, kind: a.advice.kind }));
  return {
    sales: new Map(parsed.sales.map((s) => [s.purchaseId, s])),
    advices,
    advicesOf: (purchaseId) => advices.filter((a) => a.purchaseId === purchaseId),
  };
}

/** The states a sale went through, oldest first. */
export const statesOf = (sale: StoredSale | undefined): string[] => sale?.history.map((h) => h.state) ?? [];

/** True when `steps` occur in `states` in this order (other states may lie between them). */
export function passedThrough(states: readonly string[], steps: readonly string[]): boolean {
  let next = 0;
  for (const state of states) if (state === steps[next]) next += 1;
  return next === steps.length;
}

/**
 * Waits until the journal shows the sale in `finalState` with its one advice of `kind` delivered,
 * then checks the sale's history went through `steps`. Returns that advice's id.
 */
export async function expectSaleSettled(
  page: Page,
  purchaseId: string,
  expected: { finalState: string; steps: readonly string[]; adviceKind: 'confirmation' | 'reversal' | 'airtimeConfirmation' | 'airtimeReversal' },
): Promise<string> {
  await expect
    .poll(async () => {
      const journal = await readJournal(page);
      return [journal.sales.get(purchaseId)?.state, journal.advicesOf(purchaseId).map((a) => `${a.kind}:${a.state}`)];
    }, { timeout: 60_000, message: `sale ${purchaseId} settles as ${expected.finalState}` })
    .toEqual([expected.finalState, [`${expected.adviceKind}:delivered`]]);
  const journal = await readJournal(page);
  const states = statesOf(journal.sales.get(purchaseId));
  expect(states[0], 'the purchase was journaled before it was sent').toBe('sending');
  expect(passedThrough(states, expected.steps), `history ${states.join(' → ')} goes through ${expected.steps.join(' → ')}`).toBe(true);
  expect(states.at(-1)).toBe(expected.finalState);
  const advice = journal.advicesOf(purchaseId)[0];
  return advice?.adviceId ?? '';
}
