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
import { AWAITING_FINISH_STATES, type SaleEvent } from '../../shared/sale-machine';
import { nowIso, type Exchange, type PosDatabase, type SaleRecord } from '../db/db';
import { applySaleEvent, salesInStates, unresolvedSales } from '../journal/journal';
import type { Outbox } from '../outbox/outbox';
import { printerCheck, type PrinterCheck } from './interlock';
import { describeFailure, describeUnknown } from './messages';

export interface SaleDeps {
  bridge: PosBridge;
  db: PosDatabase;
  outbox: Outbox;
  info: AppInfo;
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

export type PurchaseStep =
  | { kind: 'approved'; sale: SaleRecord; response: PurchaseResponse }
  | { kind: 'declined'; sale: SaleRecord; message: string }
  | { kind: 'in-doubt'; sale: SaleRecord; message: string }
  | { kind: 'blocked'; message: string };

function exchangeOf(operation: Exchange['operation'], requestId: string, outcome: Outcome<unknown>): Exchange {
  return { at: nowIso(), operation, requestId, outcome };
}

/** What an answer to a purchase or retry does to the sale. */
function eventFor(outcome: Outcome<PurchaseResponse>): { event: SaleEvent; note?: string; patch?: Partial<SaleRecord> } {
  if (outcome.kind === 'successful') return { event: { type: 'approved' }, patch: { response: outcome.body } };
  if (outcome.kind === 'failed' && outcome.reason !== 'not-sent') {
    const message = describeFailure(outcome, 'purchase');
    return { event: { type: 'declined' }, note: message, patch: { declineMessage: message } };
  }
  // Unknown, or the POS service could not pass it on: the outcome is not known.
  return { event: { type: 'unknown' }, note: outcome.kind === 'unknown' ? describeUnknown(outcome) : outcome.message };
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

/**
 * Journals the purchase, then sends it once — the only place a purchase id is ever used for
 * createTokenPurchaseRequest. The journal entry exists before any byte leaves.
 */
export async function purchase(deps: SaleDeps, lookup: MeterLookupResponse, tender: Tender, options: PurchaseOptions = {}): Promise<PurchaseStep> {
  const { info, db } = deps;
  const open = await unresolvedSales(db);
  if (open.length > 0) {
    return { kind: 'blocked', message: 'An earlier sale is not resolved yet. Resolve it before selling again.' };
  }
  const currency = info.terminal.currency;
  const purchaseId = crypto.randomUUID();
  const at = nowIso();
  const request = buildPurchaseRequest(info.terminal, {
    id: purchaseId,
    time: at,
    ...(info.operatorId ? { operatorId: info.operatorId } : {}),
    meterId: lookup.meter.meterId,
    amount: tender.amount,
    tenders: [cashTender({ amount: tender.amount, currency })],
    lookup,
  });
  await db.sales.add({
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
  });

  const result = await deps.bridge.invoke('upstream:purchase', { request });
  const outcome: Outcome<PurchaseResponse> = result.ok
    ? result.data
    : { kind: 'unknown', reason: 'connection', message: result.error.message };
  return settle(deps, purchaseId, 'createTokenPurchaseRequest', purchaseId, outcome);
}

async function settle(
  deps: SaleDeps,
  purchaseId: string,
  operation: Exchange['operation'],
  requestId: string,
  outcome: Outcome<PurchaseResponse>,
): Promise<PurchaseStep> {
  const { event, note, patch } = eventFor(outcome);
  const applied = await applySaleEvent(deps.db, purchaseId, event, {
    exchange: exchangeOf(operation, requestId, outcome),
    ...(note ? { note } : {}),
    ...(patch ? { patch } : {}),
  });
  if (!applied.ok) {
    const sale = applied.sale;
    if (!sale) throw new Error(applied.reason);
    return { kind: 'declined', sale, message: `This sale was already ${sale.state}; the late answer was recorded.` };
  }
  const sale = applied.sale;
  if (sale.state === 'approved' && sale.response) return { kind: 'approved', sale, response: sale.response };
  if (sale.state === 'declined') return { kind: 'declined', sale, message: sale.declineMessage ?? 'Declined.' };
  return { kind: 'in-doubt', sale, message: note ?? 'The outcome is not known yet.' };
}

export interface ResolveOptions {
  signal?: AbortSignal;
  onAttempt?: (attempt: number, message: string) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Repeats retryPurchaseRequest for an in-doubt purchase until a final answer, the cashier abandons
 * it, or the signal stops us. Each retry carries its own new id; the path names the original.
 */
export async function resolveInDoubt(deps: SaleDeps, purchaseId: string, options: ResolveOptions = {}): Promise<PurchaseStep> {
  const base = options.baseDelayMs ?? 1_000;
  const cap = options.maxDelayMs ?? 15_000;
  for (let attempt = 1; ; attempt += 1) {
    const sale = await deps.db.sales.get(purchaseId);
    if (!sale) throw new Error(`no sale ${purchaseId}`);
    if (sale.state !== 'in-doubt' && sale.state !== 'sending') {
      if (sale.state === 'approved' && sale.response) return { kind: 'approved', sale, response: sale.response };
      return { kind: 'declined', sale, message: sale.declineMessage ?? `This sale is ${sale.state}.` };
    }
    if (options.signal?.aborted) return { kind: 'in-doubt', sale, message: 'Stopped.' };
    const retryId = crypto.randomUUID();
    const request = { ...sale.request, id: retryId };
    const result = await deps.bridge.invoke('upstream:retryPurchase', { originalPurchaseId: purchaseId, request });
    const outcome: Outcome<PurchaseResponse> = result.ok
      ? result.data
      : { kind: 'unknown', reason: 'connection', message: result.error.message };
    const step = await settle(deps, purchaseId, 'retryPurchaseRequest', retryId, outcome);
    if (step.kind !== 'in-doubt') {
      if (step.kind === 'approved') await deps.db.sales.update(purchaseId, { recovered: true });
      return step.kind === 'approved' ? { ...step, sale: { ...step.sale, recovered: true } } : step;
    }
    options.onAttempt?.(attempt, step.message);
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
export async function printSale(deps: SaleDeps, purchaseId: string, options: PrintOptions = {}): Promise<{ sale: SaleRecord; print: PrintStep }> {
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

/** The customer has the tokens and has paid: queue the confirmation advice. */
export async function finishSale(deps: SaleDeps, purchaseId: string): Promise<SaleRecord | undefined> {
  const applied = await applySaleEvent(deps.db, purchaseId, { type: 'finish' });
  if (applied.ok) deps.outbox.notify();
  return applied.sale;
}

/** The customer cannot pay after all: queue the reversal advice. */
export async function cancelSale(deps: SaleDeps, purchaseId: string): Promise<SaleRecord | undefined> {
  const applied = await applySaleEvent(deps.db, purchaseId, { type: 'cannot-pay' }, { note: 'customer could not pay' });
  if (applied.ok) deps.outbox.notify();
  return applied.sale;
}

/** The cashier gives up on an in-doubt purchase: queue a reversal advice. */
export async function abandonSale(deps: SaleDeps, purchaseId: string): Promise<SaleRecord | undefined> {
  const sale = await deps.db.sales.get(purchaseId);
  const last = sale?.exchanges.at(-1)?.outcome;
  const reason = last && 'reason' in last && (last.reason === 'timeout' || last.reason === 'connection') ? 'TIMEOUT' : 'RESPONSE_NOT_FINAL';
  const applied = await applySaleEvent(deps.db, purchaseId, { type: 'abandon', reason }, { note: 'abandoned by the cashier' });
  if (applied.ok) deps.outbox.notify();
  return applied.sale;
}

export interface RecoveredSale {
  purchaseId: string;
  meterId: string;
  outcome: 'confirmed' | 'declined' | 'reversed';
  sale: SaleRecord;
  message: string;
}

/**
 * At start: finishes every sale a crash interrupted after the tokens came back (printing them,
 * marked RECOVERED, where no slip was printed). The cash was taken before the purchase, so such a
 * sale is confirmed. In-doubt sales are resolved separately (they may take long; the cashier sees them).
 */
export async function recoverApprovedSales(deps: SaleDeps): Promise<RecoveredSale[]> {
  const recovered: RecoveredSale[] = [];
  for (const sale of await salesInStates(deps.db, AWAITING_FINISH_STATES)) {
    let current = sale;
    let message = 'Tokens were printed before the restart; the sale is confirmed.';
    if (sale.state === 'approved') {
      await deps.db.sales.update(sale.purchaseId, { recovered: true });
      const printed = await printSale(deps, sale.purchaseId);
      current = printed.sale;
      message = printed.print.ok
        ? 'The slip was not printed before the restart; it has been printed now, marked RECOVERED.'
        : `The slip could not be printed (${printed.print.message}); read the tokens from the screen.`;
    }
    current = (await finishSale(deps, sale.purchaseId)) ?? current;
    recovered.push({ purchaseId: sale.purchaseId, meterId: sale.meterId, outcome: 'confirmed', sale: current, message });
  }
  return recovered;
}
