// The purchase of any product, against the bridge and the journal: journal first, send once, settle
// the answer in the journal, ask again while the outcome is unknown. What differs between electricity
// and airtime (the request, how to ask again, what to do past the window) comes from renderer/services.
import type { AppInfo, PosBridge } from '../../shared/bridge';
import type { AirtimeProduct, AirtimePurchaseRequest } from '../../shared/protocol/airtime/schemas';
import type { MeterLookupResponse, PurchaseRequest } from '../../shared/protocol/schemas';
import { UNRESOLVED_PURCHASE_STATES, type SaleEvent } from '../../shared/sale-machine';
import { nowIso, SaleRecordSchema, type Exchange, type PosDatabase, type SaleRecord } from '../db/db';
import { applySaleEvent, type Applied, type SalePatch } from '../journal/journal';
import type { Outbox } from '../outbox/outbox';
import { rulesFor } from '../services';
import type { PurchaseExchange } from '../services/rules';
import { saleLockName, type Release, type SaleLocks } from './locks';
import { describeFailure, describeUnknown } from './messages';

export interface SaleDeps {
  bridge: PosBridge;
  db: PosDatabase;
  outbox: Pick<Outbox, 'notify'>;
  info: AppInfo;
  locks: SaleLocks;
}

export type Step<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * What a step of the sale left in the journal. The screen is chosen from `sale.state` as the
 * journal returned it, never from what the step meant to do.
 */
export type PurchaseStep =
  | { kind: 'journaled'; sale: SaleRecord; note?: string }
  | { kind: 'blocked'; message: string }
  /** The journal could not be written or read: nothing more was sent; `sale` is the last state read. */
  | { kind: 'storage-error'; message: string; sale?: SaleRecord };

/** A purchase step and the hold on the sale's lock that the caller now owns (released when the sale leaves its screen). */
export type OwnedPurchaseStep = PurchaseStep & { release?: Release };

/**
 * A sale about to be bought, built by the product's own screen. `request.id` is the purchase id: a
 * new random UUID, never used before.
 */
export type SaleDraft =
  | { service: 'electricity'; subject: string; meterId: string; lookup?: MeterLookupResponse; request: PurchaseRequest; tendered: number }
  | { service: 'airtime'; subject: string; msisdn: string; product: AirtimeProduct; request: AirtimePurchaseRequest; tendered: number };

export interface PurchaseOptions {
  /** The cashier chose to sell with the printer unable to print: the result is shown on screen only. */
  withoutSlip?: string;
}

/** Plain words for a journal that could not be written. */
export function storageMessage(err: unknown, when: 'before-send' | 'after-answer' | 'action'): string {
  const name = err instanceof Error ? err.name : '';
  // Dexie repeats the inner error in its message; the first line is enough for support.
  const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 120) ?? '';
  const cause =
    name === 'QuotaExceededError' || /NO_SPACE|quota/i.test(detail)
      ? 'the computer’s storage is full'
      : name === 'DatabaseClosedError' || name === 'InvalidStateError'
        ? 'the sales journal was closed by the browser'
        : `the sales journal could not be written; the disk may be full or failing (${detail})`;
  if (when === 'before-send') return `Nothing was sold: ${cause}. Nothing was sent to the utility or the network. Free up space or restart the app, then try again.`;
  if (when === 'after-answer') {
    return `The answer to the purchase could not be recorded: ${cause}. Do not hand over any token or voucher, and keep the cash. Restart the app: it will ask again about this sale.`;
  }
  return `That could not be recorded: ${cause}. Nothing changed; restart the app if it happens again.`;
}

/**
 * Journals the purchase, then sends it once — the only place a purchase id is ever sent as a new
 * purchase. The journal entry exists before any byte leaves, and the sale's lock is held from before
 * that entry exists: no other window can ask again about it or recover it meanwhile.
 */
export async function startPurchase(deps: SaleDeps, draft: SaleDraft, options: PurchaseOptions = {}): Promise<OwnedPurchaseStep> {
  const { db } = deps;
  const purchaseId = draft.request.id;
  const release = await deps.locks.hold(saleLockName(purchaseId));
  if (!release) return { kind: 'blocked', message: 'This window could not take ownership of the sale. Try again.' };
  const at = nowIso();
  let record: SaleRecord;
  try {
    record = SaleRecordSchema.parse({
      ...draft,
      purchaseId,
      createdAt: at,
      updatedAt: at,
      state: 'sending',
      ...(options.withoutSlip ? { noSlip: options.withoutSlip } : {}),
      exchanges: [],
      history: [{ at, state: 'sending', ...(options.withoutSlip ? { note: `sold without a slip: ${options.withoutSlip}` } : {}) }],
    });
  } catch (err) {
    release();
    return { kind: 'blocked', message: `Nothing was sent: the sale is not complete (${err instanceof Error ? err.message.split('\n')[0] : String(err)}).` };
  }
  let created: boolean;
  try {
    // The check and the entry are one transaction: two windows cannot both pass the check.
    created = await db.transaction('rw', db.sales, async () => {
      if ((await db.sales.where('state').anyOf([...UNRESOLVED_PURCHASE_STATES]).count()) > 0) return false;
      await db.sales.add(record);
      return true;
    });
  } catch (err) {
    release();
    return { kind: 'storage-error', message: storageMessage(err, 'before-send') };
  }
  if (!created) {
    release();
    return { kind: 'blocked', message: 'An earlier sale is not resolved yet. Resolve it before selling again.' };
  }
  const exchange = await rulesFor(record).sendPurchase(deps.bridge, record);
  return { ...(await settle(deps, record, exchange)), release };
}

/** What an answer does to the sale (the per-service table is in docs/protocol.md). */
function eventFor(sale: SaleRecord, exchange: PurchaseExchange, askedAgain: boolean): { event: SaleEvent; note?: string; patch?: SalePatch } {
  const { outcome, verdict } = exchange;
  switch (verdict) {
    case 'approved':
      return { event: { type: 'approved' }, patch: { response: exchange.response, ...(askedAgain ? { recovered: true } : {}) } };
    case 'declined': {
      const message =
        outcome.kind === 'failed' ? describeFailure(outcome, 'purchase', sale.service) : 'The upstream declined the purchase. Nothing was sold.';
      return { event: { type: 'declined' }, note: message, patch: { declineMessage: message } };
    }
    case 'not-received':
      return {
        event: { type: 'abandon', reason: 'TIMEOUT' },
        note: `${exchange.note ?? 'the upstream has no record of this purchase'}: it is reversed so that a late arrival cannot be sold. Nothing was sold.`,
      };
    case 'in-doubt':
      if (outcome.kind === 'unknown') return { event: { type: 'unknown' }, note: describeUnknown(outcome) };
      if (exchange.note) return { event: { type: 'unknown' }, note: `The upstream answered: ${exchange.note}; the outcome is not known yet.` };
      return {
        event: { type: 'unknown' },
        note: `The server answered ${outcome.kind === 'failed' ? outcome.message : `${outcome.status}`}; that is not a final answer, so the outcome is not known.`,
      };
  }
}

function exchangeRecord(exchange: PurchaseExchange): Exchange {
  return { at: nowIso(), operation: exchange.operation, requestId: exchange.requestId, outcome: exchange.outcome };
}

async function settle(deps: SaleDeps, sale: SaleRecord, exchange: PurchaseExchange, askedAgain = false): Promise<PurchaseStep> {
  const { purchaseId } = sale;
  const { event, note, patch } = eventFor(sale, exchange, askedAgain);
  let applied: Applied;
  try {
    applied = await applySaleEvent(deps.db, purchaseId, event, {
      exchange: exchangeRecord(exchange),
      ...(note ? { note } : {}),
      ...(patch ? { patch } : {}),
    });
  } catch (err) {
    const current = await deps.db.sales.get(purchaseId).catch(() => undefined);
    return { kind: 'storage-error', message: storageMessage(err, 'after-answer'), ...(current ? { sale: current } : {}) };
  }
  if (!applied.sale) return { kind: 'storage-error', message: applied.ok ? 'no sale' : applied.reason };
  if (!applied.ok) {
    // The journal had moved on (abandoned, or settled by its owner): its state is what the cashier sees.
    return { kind: 'journaled', sale: applied.sale, note: 'A late answer from the upstream was recorded for reconciliation.' };
  }
  if (applied.advice) deps.outbox.notify();
  return { kind: 'journaled', sale: applied.sale, ...(note ? { note } : {}) };
}

export interface ResolveOptions {
  signal?: AbortSignal;
  onAttempt?: (attempt: number, message: string) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Asking stops this long after the purchase (default: the service's window from the settings). */
  windowMs?: number;
  now?: () => number;
}

/** The delay before the next question about an unknown purchase: doubling from `base` up to `cap`. */
export function askAgainDelayMs(attempt: number, base: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.min(Math.max(0, attempt - 1), 10));
}

/**
 * Asks the upstream again about a purchase whose outcome is unknown — electricity with
 * retryPurchaseRequest, airtime with purchaseStatus — until a final answer, the cashier abandons it,
 * the window passes, or the signal stops us. Past the window electricity waits for a supervisor
 * ('review') and airtime is reversed. The caller holds the sale's lock.
 */
export async function resolveInDoubt(deps: SaleDeps, purchaseId: string, options: ResolveOptions = {}): Promise<PurchaseStep> {
  const base = options.baseDelayMs ?? deps.info.outbox.retryBaseDelayMs;
  const cap = options.maxDelayMs ?? deps.info.outbox.retryMaxDelayMs;
  const now = options.now ?? Date.now;
  for (let attempt = 1; ; attempt += 1) {
    let sale: SaleRecord | undefined;
    try {
      sale = await deps.db.sales.get(purchaseId);
    } catch (err) {
      return { kind: 'storage-error', message: storageMessage(err, 'after-answer') };
    }
    if (!sale) return { kind: 'storage-error', message: `The journal has no sale ${purchaseId}.` };
    if (!UNRESOLVED_PURCHASE_STATES.includes(sale.state) || options.signal?.aborted) return { kind: 'journaled', sale };
    const rules = rulesFor(sale);
    const windowMs = options.windowMs ?? rules.windowMs(deps.info);
    if (now() - Date.parse(sale.createdAt) > windowMs) return passWindow(deps, sale, windowMs);
    const step = await settle(deps, sale, await rules.askAgain(deps.bridge, sale), true);
    if (step.kind !== 'journaled' || step.sale.state !== 'in-doubt') return step;
    options.onAttempt?.(attempt, step.note ?? 'The outcome is not known yet.');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, askAgainDelayMs(attempt, base, cap));
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}

async function passWindow(deps: SaleDeps, sale: SaleRecord, windowMs: number): Promise<PurchaseStep> {
  const rules = rulesFor(sale);
  const span = windowMs >= 120_000 ? `${Math.round(windowMs / 60_000)} minutes` : `${Math.round(windowMs / 1000)} seconds`;
  try {
    const applied =
      rules.pastWindow === 'review'
        ? await applySaleEvent(deps.db, sale.purchaseId, { type: 'window-passed' }, {
            note: `no final answer within ${span}; asking stopped, a supervisor must resolve it`,
          })
        : await applySaleEvent(deps.db, sale.purchaseId, { type: 'abandon', reason: 'TIMEOUT' }, {
            note: `no final answer within ${span}: the purchase is reversed and nothing was sold; return the customer’s cash`,
          });
    if (applied.ok && applied.advice) deps.outbox.notify();
    return { kind: 'journaled', sale: applied.sale ?? sale };
  } catch (err) {
    return { kind: 'storage-error', message: storageMessage(err, 'after-answer'), sale };
  }
}
