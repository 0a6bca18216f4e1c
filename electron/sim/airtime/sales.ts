// The airtime simulator's memory of what it sold, and the rules every advice follows (purchase and
// deprecated voucher alike): 404 to an unknown sale (a reversal is kept, so a late purchase with its
// id is refused), ACCOUNT_ALREADY_SETTLED when a confirmation and a reversal cross, resends harmless.
import { randomInt } from 'node:crypto';
import type { AirtimeProduct } from '../../../shared/protocol/airtime/schemas';
import { echo, errorAnswer, normalizeTime, type Answer, type EnvelopeIn } from '../http/answer';
import { TtlStore } from '../http/records';
import { operatorOf, ZAR } from './catalogue';
import type { SimAdvice } from './validation';

export interface SaleRecord {
  request: EnvelopeIn;
  state: 'approved' | 'declined' | 'pending';
  /** The answer a status query rebuilds, when approved (or done behind a 504). */
  response?: Record<string, unknown>;
  decline?: { status: number; errorType: string; message: string };
  confirmedBy?: string;
  reversedBy?: string;
}

export class SaleBook {
  readonly sales = new TtlStore<SaleRecord>();
  /** Reversals of sales never received, by the sale's id: that sale is refused should it arrive. */
  readonly orphanReversals = new TtlStore<string>();
  /** `${provider}|${reference}` → sale id, for status queries by the provider's reference. */
  readonly byReference = new TtlStore<string>();

  reset(): void {
    this.sales.clear();
    this.orphanReversals.clear();
    this.byReference.clear();
  }
}

export interface AdviceRequestTypes {
  confirm: string;
  reverse: string;
}

const digits = (n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

/** The advice echoed back, as Electrum's server answers a 202. */
function adviceEcho(advice: SimAdvice): Record<string, unknown> {
  return {
    id: advice.id,
    requestId: advice.requestId,
    time: normalizeTime(advice.time),
    thirdPartyIdentifiers: advice.thirdPartyIdentifiers ?? [],
    ...(advice.amounts ? { amounts: advice.amounts } : {}),
    ...('tenders' in advice && advice.tenders ? { tenders: advice.tenders } : {}),
  };
}

export function settle(book: SaleBook, kind: 'confirm' | 'reverse', advice: SimAdvice, types: AdviceRequestTypes): Answer {
  const requestType = kind === 'confirm' ? types.confirm : types.reverse;
  const sale = book.sales.get(advice.requestId);
  if (!sale) {
    if (kind === 'reverse') book.orphanReversals.set(advice.requestId, advice.id);
    return errorAnswer(404, 'UNABLE_TO_LOCATE_RECORD', 'Record not found', requestType, advice.id, {
      originalId: advice.requestId,
      detailMessage: { freeString: 'No request located for the given requestId.' },
    });
  }
  if (kind === 'reverse' && sale.confirmedBy !== undefined) {
    return errorAnswer(400, 'ACCOUNT_ALREADY_SETTLED', 'Already confirmed', requestType, advice.id, {
      originalId: advice.requestId,
      detailMessage: { confirmationId: sale.confirmedBy, freeString: 'The purchase cannot be reversed: it was already confirmed.' },
    });
  }
  if (kind === 'confirm' && sale.reversedBy !== undefined) {
    return errorAnswer(400, 'ACCOUNT_ALREADY_SETTLED', 'Already reversed', requestType, advice.id, {
      originalId: advice.requestId,
      detailMessage: { reversalId: sale.reversedBy, freeString: 'The purchase cannot be confirmed: it was already reversed.' },
    });
  }
  // A resend (or a second advice of the same kind) changes nothing and is answered the same way.
  if (kind === 'confirm') sale.confirmedBy ??= advice.id;
  else sale.reversedBy ??= advice.id;
  return { status: 202, body: adviceEcho(advice) };
}

/** Refuses a new sale whose id was seen before, or was reversed before it arrived. */
export function refuseRepeat(book: SaleBook, id: string, requestType: string): Answer | undefined {
  if (book.sales.has(id)) return errorAnswer(400, 'DUPLICATE_RECORD', 'Duplicate record', requestType, id, { detailMessage: { freeString: `Request ${id} was already received.` } });
  const reversal = book.orphanReversals.get(id);
  if (reversal !== undefined) {
    return errorAnswer(400, 'ACCOUNT_ALREADY_SETTLED', 'Already reversed', requestType, id, {
      detailMessage: { reversalId: reversal, freeString: 'This request was reversed before it arrived.' },
    });
  }
  return undefined;
}

export interface Issue {
  product: AirtimeProduct;
  amount: number;
  recipientMsisdn?: { msisdn: string; country?: string; operator?: unknown };
  /** Whether a PIN is issued (a trial never issues one). */
  withVoucher: boolean;
}

/**
 * The answer to a sale that went through: the request's envelope with the settlement entity and the
 * provider added (the provider's purchase reference among the identifiers, institutionId = the
 * provider's id: purchaseStatus finds it by that reference and provider), the product as catalogued, the
 * amount, the number, the voucher for PIN products and the slip text.
 */
export function issue(book: SaleBook, request: EnvelopeIn, sale: Issue): Record<string, unknown> {
  const operator = operatorOf(sale.product);
  const provider = { id: operator.id, name: operator.name };
  const reference = digits(10);
  // Electrum's test server, when the request names no settlement entity, answers with one whose id is
  // the purchase reference and whose name is the provider (its Postman pack queries status so).
  const settlementEntity = (request.settlementEntity as { id?: string } | undefined) ?? { id: reference, name: provider.name };
  book.byReference.set(`${provider.id}|${reference}`, request.id);
  book.byReference.set(`${provider.name}|${reference}`, request.id);
  const base = echo(request);
  const voucher = sale.withVoucher && sale.product.isDirectTopup !== true ? newVoucher(operator, sale.product) : undefined;
  return {
    ...base,
    settlementEntity,
    receiver: request.receiver ?? provider,
    thirdPartyIdentifiers: [
      ...(base.thirdPartyIdentifiers as unknown[]),
      { institutionId: settlementEntity.id ?? reference, transactionIdentifier: digits(12) },
      { institutionId: provider.id, transactionIdentifier: reference },
    ],
    product: sale.product,
    amounts: { approvedAmount: { amount: sale.amount, currency: ZAR } },
    ...(sale.recipientMsisdn ? { msisdn: { country: 'ZA', operator: provider, ...sale.recipientMsisdn } } : {}),
    ...(voucher ? { voucher } : {}),
    slipData: {
      messageLines: [
        { text: `${operator.name} ${sale.product.isDirectTopup ? 'recharge' : 'voucher'}`, fontWidthScaleFactor: 1, fontHeightScaleFactor: 1, line: false, cut: false },
        { text: `Queries: ${operator.careLine}`, fontWidthScaleFactor: 1, fontHeightScaleFactor: 1, line: false, cut: false },
      ],
      slipWidth: 0,
      issuerReference: `SIM${reference}`,
    },
  };
}

function newVoucher(operator: ReturnType<typeof operatorOf>, product: AirtimeProduct): Record<string, unknown> {
  const validity = product.validityPeriod;
  const expiry = new Date();
  if (validity?.durationUnit === 'MONTHS') expiry.setUTCMonth(expiry.getUTCMonth() + validity.duration);
  else expiry.setUTCDate(expiry.getUTCDate() + (validity?.durationUnit === 'DAYS' ? validity.duration : 365));
  return {
    pin: digits(operator.pinLength),
    serialNumber: digits(14),
    batchNumber: digits(8),
    expiryDate: expiry.toISOString(),
    redeemInstructions: [`To recharge, dial ${operator.rechargeCode} then the PIN and #`, `Queries: ${operator.careLine}`],
  };
}
