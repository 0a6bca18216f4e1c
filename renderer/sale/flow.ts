// One sale, step by step, against the bridge and the journal. No React here: the stores call these.
import type { AppInfo, PosBridge, PrinterStatusReport } from '../../shared/bridge';
import { formatMoney, parseMoneyInput } from '../../shared/money';
import { buildFaultReportRequest, buildMeterLookupRequest, buildPurchaseRequest, buildTokenReprintRequest, cashTender } from '../../shared/protocol/envelope';
import type { Outcome } from '../../shared/protocol/outcome';
import type {
  FaultReportRequest,
  FaultReportResponse,
  FaultType,
  MeterLookupResponse,
  PurchaseRequest,
  PurchaseResponse,
  TokenReprintRequest,
} from '../../shared/protocol/schemas';
import { purchaseAnswer } from '../../shared/protocol/outcome';
import { ABANDONABLE_STATES, AWAITING_FINISH_STATES, UNRESOLVED_PURCHASE_STATES, type SaleEvent } from '../../shared/sale-machine';
import { track2DataFor } from '../input/card-store';
import { nowIso, type Exchange, type PosDatabase, type SaleRecord } from '../db/db';
import { applySaleEvent, salesInStates, type Applied } from '../journal/journal';
import type { Outbox } from '../outbox/outbox';
import { printerCheck, type PrinterCheck } from './interlock';
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

const METER_ID = /^[A-Za-z0-9]{1,20}$/;

export async function lookupMeter(deps: SaleDeps, meterInput: string): Promise<Step<MeterLookupResponse>> {
  const meterId = meterInput.replace(/[\s-]/g, '');
  if (!METER_ID.test(meterId)) {
    return { ok: false, message: 'A meter number is 1 to 20 letters or digits.' };
  }
  const request = buildMeterLookupRequest(deps.info.terminal, {
    id: crypto.randomUUID(),
    time: nowIso(),
    ...(deps.info.operatorId ? { operatorId: deps.info.operatorId } : {}),
    meterId,
    track2Data: track2DataFor(meterId),
  });
  const result = await deps.bridge.invoke('upstream:meterLookup', { request });
  if (!result.ok) return { ok: false, message: result.error.message };
  const outcome = result.data;
  if (outcome.kind === 'successful') return { ok: true, value: outcome.body };
  if (outcome.kind === 'failed') return { ok: false, message: describeFailure(outcome, 'lookup') };
  return { ok: false, message: `${describeUnknown(outcome)} Nothing was sold; look the meter up again.` };
}

export interface TenderInput {
  amountText: string;
  tenderedText: string;
}

export interface Tender {
  amount: number;
  tendered: number;
  change: number;
}

/** Checks the cashier's amounts against the lookup's limits before any money moves. */
export function checkTender(lookup: MeterLookupResponse, currency: string, input: TenderInput): Step<Tender> {
  const amount = parseMoneyInput(input.amountText, currency);
  if (!amount.ok) return { ok: false, message: `Amount: ${amount.message}` };
  const tendered = parseMoneyInput(input.tenderedText, currency);
  if (!tendered.ok) return { ok: false, message: `Cash tendered: ${tendered.message}` };
  const min = lookup.minAmount?.amount;
  const max = lookup.maxAmount?.amount;
  if (min !== undefined && amount.minor < min) {
    return { ok: false, message: `The smallest amount for this meter is ${formatMoney(min, currency)}.` };
  }
  if (max !== undefined && amount.minor > max) {
    return { ok: false, message: `The largest amount for this meter is ${formatMoney(max, currency)}.` };
  }
  if (amount.minor === 0 && !lookup.bsstDue && min !== 0) {
    return { ok: false, message: 'Enter an amount greater than zero.' };
  }
  if (tendered.minor < amount.minor) {
    return { ok: false, message: `Cash tendered is less than the amount (${formatMoney(amount.minor, currency)}).` };
  }
  return { ok: true, value: { amount: amount.minor, tendered: tendered.minor, change: tendered.minor - amount.minor } };
}

/**
 * What a step of the sale left in the journal. The screen is chosen from `sale.state` as the
 * journal returned it, never from what the step meant to do.
 */
export type PurchaseStep =
  | { kind: 'journaled'; sale: SaleRecord; note?: string }
  | { kind: 'blocked'; message: string }
  /** The journal could not be written or read: nothing more was sent; `sale` is the last state read. */
  | { kind: 'storage-error'; message: string; sale?: SaleRecord };

function exchangeOf(operation: Exchange['operation'], requestId: string, outcome: Outcome<unknown>): Exchange {
  return { at: nowIso(), operation, requestId, outcome };
}

/** What an answer to a purchase or retry does to the sale (the table is in docs/protocol.md). */
function eventFor(
  operation: Exchange['operation'],
  outcome: Outcome<PurchaseResponse>,
): { event: SaleEvent; note?: string; patch?: Partial<SaleRecord> } {
  const answer = purchaseAnswer(outcome, operation);
  if (outcome.kind === 'successful') {
    return answer === 'approved' ? { event: { type: 'approved' }, patch: { response: outcome.body } } : { event: { type: 'unknown' } };
  }
  if (outcome.kind === 'unknown') return { event: { type: 'unknown' }, note: describeUnknown(outcome) };
  if (answer === 'declined') {
    const message = describeFailure(outcome, 'purchase');
    return { event: { type: 'declined' }, note: message, patch: { declineMessage: message } };
  }
  return { event: { type: 'unknown' }, note: `The server answered ${outcome.message}; that is not a final answer, so the outcome is not known.` };
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
  if (when === 'before-send') return `Nothing was sold: ${cause}. Nothing was sent to the utility. Free up space or restart the app, then try again.`;
  if (when === 'after-answer') {
    return `The utility’s answer could not be recorded: ${cause}. Do not hand over any token and keep the cash. Restart the app: it will ask the utility again for this sale.`;
  }
  return `That could not be recorded: ${cause}. Nothing changed; restart the app if it happens again.`;
}

/**
 * Asks the printer before a token is bought. The main side caps the status query; this cap only
 * covers a bridge that does not answer. Any failure to read is "not known", which never blocks.
 */
export async function checkPrinter(deps: SaleDeps, timeoutMs = 4_000): Promise<PrinterCheck> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const read = deps.bridge
    .invoke('printer:status', {})
    .then((result): PrinterStatusReport | undefined => (result.ok ? result.data : undefined))
    .catch(() => undefined);
  const status = await Promise.race([read, timedOut]);
  clearTimeout(timer);
  return printerCheck(status);
}

export interface PurchaseOptions {
  /** The cashier chose to sell with the printer unable to print: the tokens are shown on screen only. */
  withoutSlip?: string;
}

/** A purchase step and the hold on the sale's lock that the caller now owns (released when the sale leaves its screen). */
export type OwnedPurchaseStep = PurchaseStep & { release?: Release };

/**
 * Journals the purchase, then sends it once — the only place a purchase id is ever used for
 * createTokenPurchaseRequest. The journal entry exists before any byte leaves, and the sale's lock
 * is held from before that entry exists: no other window can retry or recover it meanwhile.
 */
export async function purchase(deps: SaleDeps, lookup: MeterLookupResponse, tender: Tender, options: PurchaseOptions = {}): Promise<OwnedPurchaseStep> {
  const { info, db } = deps;
  const currency = info.terminal.currency;
  const purchaseId = crypto.randomUUID();
  const release = await deps.locks.hold(saleLockName(purchaseId));
  if (!release) return { kind: 'blocked', message: 'This window could not take ownership of the sale. Try again.' };
  const at = nowIso();
  const request = buildPurchaseRequest(info.terminal, {
    id: purchaseId,
    time: at,
    ...(info.operatorId ? { operatorId: info.operatorId } : {}),
    meterId: lookup.meter.meterId,
    track2Data: track2DataFor(lookup.meter.meterId),
    amount: tender.amount,
    tenders: [cashTender({ amount: tender.amount, currency })],
    lookup,
  });
  const record: SaleRecord = {
    purchaseId,
    createdAt: at,
    updatedAt: at,
    meterId: lookup.meter.meterId,
    state: 'sending',
    lookup,
    request,
    tendered: tender.tendered,
    ...(options.withoutSlip ? { noSlip: options.withoutSlip } : {}),
    exchanges: [],
    history: [{ at, state: 'sending', ...(options.withoutSlip ? { note: `sold without a slip: ${options.withoutSlip}` } : {}) }],
  };
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
  const result = await deps.bridge.invoke('upstream:purchase', { request });
  const outcome: Outcome<PurchaseResponse> = result.ok
    ? result.data
    : { kind: 'unknown', reason: 'connection', message: result.error.message };
  return { ...(await settle(deps, purchaseId, 'createTokenPurchaseRequest', purchaseId, outcome)), release };
}

async function settle(
  deps: SaleDeps,
  purchaseId: string,
  operation: Exchange['operation'],
  requestId: string,
  outcome: Outcome<PurchaseResponse>,
): Promise<PurchaseStep> {
  const { event, note, patch } = eventFor(operation, outcome);
  let applied: Applied;
  try {
    applied = await applySaleEvent(deps.db, purchaseId, event, {
      exchange: exchangeOf(operation, requestId, outcome),
      ...(note ? { note } : {}),
      ...(patch ? { patch } : {}),
    });
  } catch (err) {
    const sale = await deps.db.sales.get(purchaseId).catch(() => undefined);
    return { kind: 'storage-error', message: storageMessage(err, 'after-answer'), ...(sale ? { sale } : {}) };
  }
  if (!applied.sale) return { kind: 'storage-error', message: applied.ok ? 'no sale' : applied.reason };
  if (!applied.ok) {
    // The journal had moved on (abandoned, or settled by its owner): its state is what the cashier sees.
    return { kind: 'journaled', sale: applied.sale, note: 'A late answer from the utility was recorded for reconciliation.' };
  }
  return { kind: 'journaled', sale: applied.sale, ...(note ? { note } : {}) };
}

export interface ResolveOptions {
  signal?: AbortSignal;
  onAttempt?: (attempt: number, message: string) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Retries stop this long after the purchase; the sale then waits for a supervisor ('review'). */
  windowMs?: number;
  now?: () => number;
}

/**
 * Repeats retryPurchaseRequest for an in-doubt purchase until a final answer, the cashier abandons
 * it, the retry window passes, or the signal stops us. Each retry carries its own new id; the path
 * names the original. The caller holds the sale's lock.
 */
export async function resolveInDoubt(deps: SaleDeps, purchaseId: string, options: ResolveOptions = {}): Promise<PurchaseStep> {
  const base = options.baseDelayMs ?? 1_000;
  const cap = options.maxDelayMs ?? 15_000;
  const windowMs = options.windowMs ?? deps.info.outbox.retryWindowMs;
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
    if (now() - Date.parse(sale.createdAt) > windowMs) {
      const minutes = Math.round(windowMs / 60_000);
      try {
        const applied = await applySaleEvent(deps.db, purchaseId, { type: 'window-passed' }, {
          note: `no final answer within ${minutes} minutes; retries stopped, a supervisor must resolve it`,
        });
        return { kind: 'journaled', sale: applied.sale ?? sale };
      } catch (err) {
        return { kind: 'storage-error', message: storageMessage(err, 'after-answer'), sale };
      }
    }
    const retryId = crypto.randomUUID();
    const request = { ...sale.request, id: retryId };
    const result = await deps.bridge.invoke('upstream:retryPurchase', { originalPurchaseId: purchaseId, request });
    const outcome: Outcome<PurchaseResponse> = result.ok
      ? result.data
      : { kind: 'unknown', reason: 'connection', message: result.error.message };
    const step = await settle(deps, purchaseId, 'retryPurchaseRequest', retryId, outcome);
    if (step.kind !== 'journaled') return step;
    if (step.sale.state === 'approved') {
      try {
        await deps.db.sales.update(purchaseId, { recovered: true });
      } catch (err) {
        return { kind: 'storage-error', message: storageMessage(err, 'after-answer'), sale: step.sale };
      }
      return { ...step, sale: { ...step.sale, recovered: true } };
    }
    if (step.sale.state !== 'in-doubt') return step;
    options.onAttempt?.(attempt, step.note ?? 'The outcome is not known yet.');
    const delay = Math.min(cap, base * 2 ** Math.min(attempt - 1, 10));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}

export type PrintStep = { ok: true; bytes: number } | { ok: false; message: string };

export interface PrintOptions {
  /** A copy printed from the journal after the first slip (or its attempt): marked REPRINT. */
  reprint?: boolean;
  /** Kick the cash drawer with this slip (first print of a cash sale where a drawer is configured). */
  openDrawer?: boolean;
}

const isCashSale = (request: PurchaseRequest): boolean => (request.tenders ?? []).some((tender) => tender.tenderType === 'CASH');

/** The first print of a sale opens the drawer when it is a cash sale and a drawer is wired to the printer. */
export function opensDrawer(info: Pick<AppInfo, 'cashDrawer'>, request: PurchaseRequest): boolean {
  return info.cashDrawer === true && isCashSale(request);
}

/** Sales whose tokens the customer holds; a cancelled (reversing, reversed) sale's tokens are never printed again. */
const TOKENS_HELD_STATES: readonly SaleRecord['state'][] = ['approved', 'printed', 'print-failed', 'confirming', 'confirmed', 'confirm-failed'];

export function canReprint(sale: SaleRecord): boolean {
  return sale.response !== undefined && TOKENS_HELD_STATES.includes(sale.state);
}

/**
 * Prints (or reprints) the slip from the journal — the stored request and response through the same
 * recipe as the preview — and records the outcome while the sale is still open.
 */
export async function printSale(
  deps: SaleDeps,
  purchaseId: string,
  options: PrintOptions = {},
): Promise<{ sale: SaleRecord; print: PrintStep; journalError?: string }> {
  const sale = await deps.db.sales.get(purchaseId);
  if (!sale?.response) throw new Error(`no approved sale ${purchaseId}`);
  if (!canReprint(sale)) return { sale, print: { ok: false, message: 'This sale was cancelled; its tokens must not be printed.' } };
  const printedAt = nowIso();
  const print = await deps.bridge.invoke('printer:print', {
    kind: 'purchase',
    request: sale.request,
    response: sale.response,
    printedAt,
    tendered: sale.tendered,
    marks: { ...(sale.recovered ? { recovered: true } : {}), ...(options.reprint ? { reprint: true } : {}) },
    ...(options.openDrawer && !options.reprint ? { openDrawer: true } : {}),
  });
  const step: PrintStep = print.ok ? { ok: true, bytes: print.data.bytes } : { ok: false, message: print.error.message };
  try {
    if (!AWAITING_FINISH_STATES.includes(sale.state)) {
      // A finished sale printed again: its state does not change; the copy is noted on the record.
      if (step.ok) await deps.db.sales.update(purchaseId, { printedAt });
      return { sale: (await deps.db.sales.get(purchaseId)) ?? sale, print: step };
    }
    const applied = await applySaleEvent(deps.db, purchaseId, { type: step.ok ? 'printed' : 'print-failed' }, {
      ...(step.ok ? {} : { note: step.message }),
      patch: step.ok ? { printedAt, printMessage: undefined } : { printMessage: step.message },
    });
    return { sale: applied.sale ?? sale, print: step };
  } catch (err) {
    // The slip went out (or not) either way; only the record of it failed.
    return { sale, print: step, journalError: storageMessage(err, 'action') };
  }
}

export interface LostSlipReprint {
  request: TokenReprintRequest;
  response: PurchaseResponse;
  print: PrintStep;
}

/**
 * A slip lost after the fact: the upstream sends the tokens again (requestTokenReprint) for the
 * meter, optionally naming the original receipt or reference; they are printed marked REPRINT.
 */
export async function reprintLostSlip(deps: SaleDeps, meterInput: string, referenceInput: string): Promise<Step<LostSlipReprint>> {
  const meterId = meterInput.replace(/[\s-]/g, '');
  if (!METER_ID.test(meterId)) return { ok: false, message: 'A meter number is 1 to 20 letters or digits.' };
  const originalRef = referenceInput.trim();
  if (originalRef.length > 100) return { ok: false, message: 'The receipt or reference is too long (at most 100 characters).' };
  const request = buildTokenReprintRequest(deps.info.terminal, {
    id: crypto.randomUUID(),
    time: nowIso(),
    ...(deps.info.operatorId ? { operatorId: deps.info.operatorId } : {}),
    meterId,
    ...(originalRef ? { originalRef } : {}),
  });
  const result = await deps.bridge.invoke('upstream:reprint', { request });
  if (!result.ok) return { ok: false, message: result.error.message };
  const outcome = result.data;
  if (outcome.kind === 'failed') {
    const notFound = outcome.error?.errorType === 'UNABLE_TO_LOCATE_RECORD';
    return {
      ok: false,
      message: notFound
        ? `The utility has no token to reprint for meter ${meterId}${originalRef ? ` and reference ${originalRef}` : ''}. Check the numbers.`
        : describeFailure(outcome, 'reprint'),
    };
  }
  if (outcome.kind === 'unknown') return { ok: false, message: `${describeUnknown(outcome)} Nothing was charged; ask for the reprint again.` };
  const response = outcome.body;
  const print = await deps.bridge.invoke('printer:print', { kind: 'tokenReprint', request, response, printedAt: nowIso() });
  return {
    ok: true,
    value: { request, response, print: print.ok ? { ok: true, bytes: print.data.bytes } : { ok: false, message: print.error.message } },
  };
}

export interface FaultReportInput {
  meter: string;
  contactNumber: string;
  faultType: FaultType;
  description: string;
}

export interface FaultReported {
  request: FaultReportRequest;
  response: FaultReportResponse;
  print: PrintStep;
}

const CONTACT_NUMBER = /^\+?[0-9]{6,19}$/;

/** A customer reports a meter fault: the upstream gives a reference, printed on a slip for them. */
export async function reportFault(deps: SaleDeps, input: FaultReportInput): Promise<Step<FaultReported>> {
  const meterId = input.meter.replace(/[\s-]/g, '');
  if (!METER_ID.test(meterId)) return { ok: false, message: 'A meter number is 1 to 20 letters or digits.' };
  const contactNumber = input.contactNumber.replace(/[\s()-]/g, '');
  if (!CONTACT_NUMBER.test(contactNumber)) return { ok: false, message: 'Enter the customer’s phone number (digits only, at most 20).' };
  const description = input.description.trim();
  if (description.length > 160) return { ok: false, message: 'Describe the fault in at most 160 characters.' };
  const request = buildFaultReportRequest(deps.info.terminal, {
    id: crypto.randomUUID(),
    time: nowIso(),
    ...(deps.info.operatorId ? { operatorId: deps.info.operatorId } : {}),
    meterId,
    contactNumber,
    faultType: input.faultType,
    ...(description ? { faultDescription: description } : {}),
  });
  const result = await deps.bridge.invoke('upstream:faultReport', { request });
  if (!result.ok) return { ok: false, message: result.error.message };
  const outcome = result.data;
  if (outcome.kind === 'failed') return { ok: false, message: describeFailure(outcome, 'fault report') };
  if (outcome.kind === 'unknown') return { ok: false, message: `${describeUnknown(outcome)} The utility may or may not have the report; ask it before reporting the fault again.` };
  const response = outcome.body;
  const print = await deps.bridge.invoke('printer:print', { kind: 'faultReport', request, response, printedAt: nowIso() });
  return {
    ok: true,
    value: { request, response, print: print.ok ? { ok: true, bytes: print.data.bytes } : { ok: false, message: print.error.message } },
  };
}

/** What an action on a sale left in the journal: `sale` is the journal's state after it, whatever happened. */
export type SaleAction = { ok: true; sale: SaleRecord } | { ok: false; sale?: SaleRecord; message: string };

async function act(deps: SaleDeps, purchaseId: string, event: SaleEvent, note?: string): Promise<SaleAction> {
  try {
    const applied = await applySaleEvent(deps.db, purchaseId, event, note ? { note } : {});
    if (applied.ok) {
      if (applied.advice) deps.outbox.notify();
      return { ok: true, sale: applied.sale };
    }
    return { ok: false, ...(applied.sale ? { sale: applied.sale } : {}), message: applied.reason };
  } catch (err) {
    const sale = await deps.db.sales.get(purchaseId).catch(() => undefined);
    return { ok: false, ...(sale ? { sale } : {}), message: storageMessage(err, 'action') };
  }
}

/** The customer has the tokens and has paid: queue the confirmation advice. */
export function finishSale(deps: SaleDeps, purchaseId: string): Promise<SaleAction> {
  return act(deps, purchaseId, { type: 'finish' });
}

/** The customer cannot pay after all: queue the reversal advice. */
export function cancelSale(deps: SaleDeps, purchaseId: string): Promise<SaleAction> {
  return act(deps, purchaseId, { type: 'cannot-pay' }, 'customer could not pay');
}

/**
 * The cashier gives up on a purchase whose outcome is not known (in doubt, still sending after a
 * restart, or past its retry window): the reversal is queued in the same transaction.
 */
export async function abandonSale(deps: SaleDeps, purchaseId: string): Promise<SaleAction> {
  let sale: SaleRecord | undefined;
  try {
    sale = await deps.db.sales.get(purchaseId);
  } catch (err) {
    return { ok: false, message: storageMessage(err, 'action') };
  }
  if (!sale) return { ok: false, message: `The journal has no sale ${purchaseId}.` };
  if (!ABANDONABLE_STATES.includes(sale.state)) return { ok: false, sale, message: `This sale is ${sale.state}; it cannot be abandoned.` };
  const last = sale.exchanges.at(-1)?.outcome;
  const reason = !last || ('reason' in last && (last.reason === 'timeout' || last.reason === 'connection')) ? 'TIMEOUT' : 'RESPONSE_NOT_FINAL';
  return act(deps, purchaseId, { type: 'abandon', reason }, 'abandoned by the cashier');
}

export interface RecoveredSale {
  purchaseId: string;
  meterId: string;
  sale: SaleRecord;
  message: string;
  /** The slip still to print (marked RECOVERED); printing never holds up the start. */
  needsSlip: boolean;
}

/**
 * At start: finishes every sale a crash interrupted after the tokens came back. The cash was taken
 * before the purchase, so such a sale is confirmed. A sale another window owns (its lock is held)
 * is that window's to finish. Nothing here waits on the printer: slips due are listed in
 * `needsSlip` and printed afterwards (printRecoveredSlip). In-doubt sales are resolved separately.
 */
export async function recoverApprovedSales(deps: SaleDeps): Promise<RecoveredSale[]> {
  const recovered: RecoveredSale[] = [];
  for (const found of await salesInStates(deps.db, AWAITING_FINISH_STATES)) {
    const release = await deps.locks.hold(saleLockName(found.purchaseId), { ifAvailable: true });
    if (!release) continue;
    try {
      const sale = await deps.db.sales.get(found.purchaseId);
      if (!sale || !AWAITING_FINISH_STATES.includes(sale.state)) continue;
      // No slip reached the customer (never printed, or the print failed): one is printed, marked RECOVERED.
      const unprinted = sale.state === 'approved' || sale.state === 'print-failed';
      const needsSlip = unprinted && !sale.noSlip;
      if (unprinted) await deps.db.sales.update(sale.purchaseId, { recovered: true });
      const finished = await finishSale(deps, sale.purchaseId);
      const current = finished.sale ?? sale;
      const message = !finished.ok
        ? `This sale could not be finished: ${finished.message}`
        : needsSlip
          ? 'The slip was not printed before the restart; it is being printed now, marked RECOVERED. The sale is confirmed.'
          : unprinted
            ? 'The sale is confirmed. It was sold without a slip: read the tokens to the customer.'
            : 'Tokens were printed before the restart; the sale is confirmed.';
      recovered.push({ purchaseId: sale.purchaseId, meterId: sale.meterId, sale: current, message, needsSlip: finished.ok && needsSlip });
    } finally {
      release();
    }
  }
  return recovered;
}

/** Prints a recovered sale's slip (marked RECOVERED) and says how it went, in words for the list. */
export async function printRecoveredSlip(deps: SaleDeps, purchaseId: string): Promise<string> {
  const printed = await printSale(deps, purchaseId).catch((err: unknown) => ({
    print: { ok: false as const, message: err instanceof Error ? err.message : String(err) },
  }));
  return printed.print.ok
    ? 'The slip was not printed before the restart; it has been printed now, marked RECOVERED. The sale is confirmed.'
    : `The sale is confirmed, but the slip could not be printed (${printed.print.message}); read the tokens from the screen.`;
}
