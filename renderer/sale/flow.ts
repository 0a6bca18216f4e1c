// One sale, step by step, against the bridge and the journal. No React here: the stores call these.
import type { AppInfo, PrinterStatusReport, PrintRequest } from '../../shared/bridge';
import { formatMoney, parseMoneyInput } from '../../shared/money';
import { buildFaultReportRequest, buildMeterLookupRequest, buildPurchaseRequest, buildTokenReprintRequest, cashTender } from '../../shared/protocol/envelope';
import type {
  FaultReportRequest,
  FaultReportResponse,
  FaultType,
  MeterLookupResponse,
  PurchaseResponse,
  TokenReprintRequest,
} from '../../shared/protocol/schemas';
import { ABANDONABLE_STATES, AWAITING_FINISH_STATES, type SaleEvent } from '../../shared/sale-machine';
import { track2DataFor } from '../input/card-store';
import { nowIso, type SaleRecord } from '../db/db';
import { applySaleEvent, salesInStates } from '../journal/journal';
import { describeSale, paidInCash } from '../services';
import { printerCheck, type PrinterCheck } from './interlock';
import { saleLockName } from './locks';
import { describeFailure, describeUnknown } from './messages';
import { startPurchase, storageMessage, type OwnedPurchaseStep, type PurchaseOptions, type SaleDeps, type Step } from './purchase';

export {
  resolveInDoubt,
  startPurchase,
  storageMessage,
  type OwnedPurchaseStep,
  type PurchaseOptions,
  type PurchaseStep,
  type ResolveOptions,
  type SaleDeps,
  type SaleDraft,
  type Step,
} from './purchase';

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

/** An electricity purchase for a looked-up meter: the request is built here, the rest is the shared purchase. */
export function purchase(deps: SaleDeps, lookup: MeterLookupResponse, tender: Tender, options: PurchaseOptions = {}): Promise<OwnedPurchaseStep> {
  const { info } = deps;
  const currency = info.terminal.currency;
  const request = buildPurchaseRequest(info.terminal, {
    id: crypto.randomUUID(),
    time: nowIso(),
    ...(info.operatorId ? { operatorId: info.operatorId } : {}),
    meterId: lookup.meter.meterId,
    track2Data: track2DataFor(lookup.meter.meterId),
    amount: tender.amount,
    tenders: [cashTender({ amount: tender.amount, currency })],
    lookup,
  });
  const meterId = lookup.meter.meterId;
  return startPurchase(deps, { service: 'electricity', subject: meterId, meterId, lookup, request, tendered: tender.tendered }, options);
}

export type PrintStep = { ok: true; bytes: number } | { ok: false; message: string };

export interface PrintOptions {
  /** A copy printed from the journal after the first slip (or its attempt): marked REPRINT. */
  reprint?: boolean;
  /** Kick the cash drawer with this slip (first print of a cash sale where a drawer is configured). */
  openDrawer?: boolean;
}

/** The first print of a sale opens the drawer when it is a cash sale and a drawer is wired to the printer. */
export function opensDrawer(info: Pick<AppInfo, 'cashDrawer'>, sale: SaleRecord): boolean {
  return info.cashDrawer === true && paidInCash(sale);
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
  if (!canReprint(sale)) return { sale, print: { ok: false, message: 'This sale was cancelled; what it bought must not be printed.' } };
  const printedAt = nowIso();
  const print = await deps.bridge.invoke('printer:print', printRequestFor(sale, printedAt, options));
  const step: PrintStep = print.ok ? { ok: true, bytes: print.data.bytes } : { ok: false, message: print.error.message };
  try {
    if (!AWAITING_FINISH_STATES.includes(sale.state)) {
      // A finished sale printed again: its state does not change; the copy is recorded in its history
      // (an airtime PIN printed twice is a PIN handed out twice).
      if (step.ok) {
        await deps.db.transaction('rw', deps.db.sales, async () => {
          const current = await deps.db.sales.get(purchaseId);
          if (!current) return;
          const note = options.reprint ? 'slip printed again, marked REPRINT' : 'slip printed again';
          await deps.db.sales.put({ ...current, printedAt, history: [...current.history, { at: printedAt, state: current.state, note }] });
        });
      }
      return { sale: (await deps.db.sales.get(purchaseId)) ?? sale, print: step };
    }
    // A copy is recorded as one whatever the state (an airtime PIN printed twice is a PIN handed out twice).
    const copyNote = options.reprint ? `slip printed again, marked REPRINT${step.ok ? '' : `, but it failed: ${step.message}`}` : undefined;
    const applied = await applySaleEvent(deps.db, purchaseId, { type: step.ok ? 'printed' : 'print-failed' }, {
      ...(copyNote ? { note: copyNote } : step.ok ? {} : { note: step.message }),
      patch: step.ok ? { printedAt, printMessage: undefined } : { printMessage: step.message },
    });
    return { sale: applied.sale ?? sale, print: step };
  } catch (err) {
    // The slip went out (or not) either way; only the record of it failed.
    return { sale, print: step, journalError: storageMessage(err, 'action') };
  }
}

/** The print request for a sale's slip: each service has its own slip. The screen's preview uses it too. */
export function printRequestFor(sale: SaleRecord, printedAt: string, options: PrintOptions): PrintRequest {
  const marks = { ...(sale.recovered ? { recovered: true } : {}), ...(options.reprint ? { reprint: true } : {}) };
  const common = { printedAt, tendered: sale.tendered, marks, ...(options.openDrawer && !options.reprint ? { openDrawer: true } : {}) };
  if (!sale.response) throw new Error(`no approved sale ${sale.purchaseId}`);
  if (sale.service === 'electricity') return { kind: 'purchase', request: sale.request, response: sale.response, ...common };
  // The catalogue entry goes along: an upstream that echoes only the product id still gets a slip that names it.
  return { kind: 'airtimePurchase', request: sale.request, response: sale.response, product: sale.product, ...common };
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
  /** "meter 04004444884", "phone 082 123 4567". */
  label: string;
  sale: SaleRecord;
  message: string;
  /** The slip still to print (marked RECOVERED); printing never holds up the start. */
  needsSlip: boolean;
}

/** What the journal says about a finished sale's confirmation, in words. */
function confirmationWords(sale: SaleRecord): string {
  if (sale.state === 'confirmed') return 'The sale is confirmed.';
  if (sale.state === 'confirm-failed') return 'The sale stands, but the upstream refused its confirmation: a supervisor reconciles it.';
  return 'The sale stands; its confirmation is queued and is sent until the upstream answers.';
}

/**
 * At start: finishes every sale a crash interrupted after the upstream approved it. The cash was
 * taken before the purchase, so such a sale is confirmed. A sale another window owns (its lock is
 * held) is that window's to finish. Nothing here waits on the printer: slips due are listed in
 * `needsSlip` and printed afterwards (printRecoveredSlip). Unknown outcomes are resolved separately.
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
      const settled = confirmationWords(current);
      const message = !finished.ok
        ? `This sale could not be finished: ${finished.message}`
        : needsSlip
          ? `The slip was not printed before the restart; it is being printed now, marked RECOVERED. ${settled}`
          : unprinted
            ? `${settled} It was sold without a slip: read it to the customer from the screen.`
            : `The slip was printed before the restart. ${settled}`;
      recovered.push({ purchaseId: sale.purchaseId, label: describeSale(sale), sale: current, message, needsSlip: finished.ok && needsSlip });
    } finally {
      release();
    }
  }
  return recovered;
}

/** Prints a recovered sale's slip (marked RECOVERED) and says how it went, in words for the list. */
export async function printRecoveredSlip(deps: SaleDeps, purchaseId: string): Promise<string> {
  const printed = await printSale(deps, purchaseId).catch((err: unknown) => ({
    sale: undefined,
    print: { ok: false as const, message: err instanceof Error ? err.message : String(err) },
  }));
  const settled = printed.sale ? confirmationWords(printed.sale) : 'The sale stands.';
  return printed.print.ok
    ? `The slip was not printed before the restart; it has been printed now, marked RECOVERED. ${settled}`
    : `${settled} But the slip could not be printed (${printed.print.message}); read it to the customer from the screen.`;
}
