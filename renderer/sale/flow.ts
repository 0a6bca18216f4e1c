// One sale, step by step, against the bridge and the journal. No React here: the store calls these.
import type { AppInfo, PosBridge } from '../../shared/bridge';
import { formatMoney, parseMoneyInput } from '../../shared/money';
import {
  buildConfirmationAdvice,
  buildMeterLookupRequest,
  buildPurchaseRequest,
  cashTender,
} from '../../shared/protocol/envelope';
import type { MeterLookupResponse, PurchaseResponse } from '../../shared/protocol/schemas';
import { nowIso, type PosDatabase, type SaleRecord, type SaleState } from '../db/db';
import { Outbox } from '../outbox/outbox';
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
  | { kind: 'in-doubt'; sale: SaleRecord; message: string };

/** Journals the purchase, then sends it once. The journal entry exists before any byte leaves. */
export async function purchase(deps: SaleDeps, lookup: MeterLookupResponse, tender: Tender): Promise<PurchaseStep> {
  const { info, db } = deps;
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
  let sale: SaleRecord = {
    purchaseId,
    createdAt: at,
    updatedAt: at,
    meterId: lookup.meter.meterId,
    state: 'sending',
    lookup,
    request,
    tendered: tender.tendered,
    history: [{ at, state: 'sending' }],
  };
  await db.sales.add(sale);

  const result = await deps.bridge.invoke('upstream:purchase', { request });
  if (!result.ok) {
    sale = await transition(db, sale, 'in-doubt', result.error.message);
    return { kind: 'in-doubt', sale, message: result.error.message };
  }
  const outcome = result.data;
  if (outcome.kind === 'successful') {
    sale = await transition(db, sale, 'approved', undefined, { response: outcome.body });
    return { kind: 'approved', sale, response: outcome.body };
  }
  if (outcome.kind === 'failed') {
    const message = describeFailure(outcome, 'purchase');
    sale = await transition(db, sale, 'declined', message, { declineMessage: message });
    return { kind: 'declined', sale, message };
  }
  const message = describeUnknown(outcome);
  sale = await transition(db, sale, 'in-doubt', message);
  return { kind: 'in-doubt', sale, message };
}

export type PrintStep = { ok: true; bytes: number } | { ok: false; message: string };

/**
 * Prints the slip, then — in one transaction — records the outcome and queues the confirmation
 * advice, so the sale's state and its advice can never exist one without the other.
 */
export async function printAndConfirm(deps: SaleDeps, sale: SaleRecord, response: PurchaseResponse): Promise<{ sale: SaleRecord; print: PrintStep }> {
  const printedAt = nowIso();
  const print = await deps.bridge.invoke('printer:print', {
    kind: 'purchase',
    request: sale.request,
    response,
    printedAt,
    tendered: sale.tendered,
    marks: {},
  });
  const printStep: PrintStep = print.ok ? { ok: true, bytes: print.data.bytes } : { ok: false, message: print.error.message };
  const currency = sale.request.purchaseAmount.currency;
  const advice = buildConfirmationAdvice({
    id: crypto.randomUUID(),
    time: nowIso(),
    purchase: sale.request,
    response,
    tenders: [cashTender({ amount: sale.request.purchaseAmount.amount, currency })],
  });
  const updated = await deps.db.transaction('rw', deps.db.sales, deps.db.outbox, async () => {
    const printed = await transition(deps.db, sale, printStep.ok ? 'printed' : 'print-failed', printStep.ok ? undefined : printStep.message, {
      printedAt,
    });
    await deps.db.outbox.add(Outbox.newRecord(sale.purchaseId, { kind: 'confirmation', body: advice }));
    return transition(deps.db, printed, 'confirming');
  });
  deps.outbox.notify();
  return { sale: updated, print: printStep };
}

async function transition(
  db: PosDatabase,
  sale: SaleRecord,
  state: SaleState,
  note?: string,
  patch: Partial<SaleRecord> = {},
): Promise<SaleRecord> {
  const at = nowIso();
  const next: SaleRecord = {
    ...sale,
    ...patch,
    state,
    updatedAt: at,
    history: [...sale.history, { at, state, ...(note ? { note } : {}) }],
  };
  await db.sales.put(next);
  return next;
}
