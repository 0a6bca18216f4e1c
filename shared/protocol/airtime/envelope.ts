// Builders for the airtime messages this till sends, on the same terminal identity and envelope as the
// Prepaid Utility ones (shared/protocol/envelope.ts).
import { buildMeterLookupRequest, type EnvelopeInput, type TerminalConfig } from '../envelope';
import type { Amounts, Tender, ThirdPartyIdentifier, Transaction } from '../schemas';
import type {
  AirtimeConfirmation,
  AirtimeProduct,
  AirtimePurchaseRequest,
  AirtimePurchaseResponse,
  AirtimeReversal,
} from './schemas';

/** The Transaction envelope every message carries (the lookup builder's, without its meter). */
function envelope(terminal: TerminalConfig, input: EnvelopeInput): Transaction {
  const { meter: _meter, ...transaction } = buildMeterLookupRequest(terminal, { ...input, meterId: '' });
  return transaction;
}

export function buildAirtimePurchaseRequest(
  terminal: TerminalConfig,
  input: EnvelopeInput & {
    /** Only `productId` is sent; the rest of a catalogue entry is the upstream's business. */
    product: Pick<AirtimeProduct, 'productId'>;
    /** International form (`27…`). Required for direct top-ups; optional for PIN vouchers. */
    recipientMsisdn?: string;
    /** Minor units, for variable-price products only. */
    requestAmount?: number;
    tenders: Tender[];
  },
): AirtimePurchaseRequest {
  const amounts: Amounts | undefined =
    input.requestAmount === undefined
      ? undefined
      : { requestAmount: { amount: input.requestAmount, currency: terminal.currency } };
  return {
    ...envelope(terminal, input),
    product: { productId: input.product.productId },
    ...(amounts ? { amounts } : {}),
    ...(input.recipientMsisdn ? { recipientMsisdn: { msisdn: input.recipientMsisdn } } : {}),
    tenders: input.tenders,
  };
}

/** Advices send back the response's identifiers, or the request's when no response came. */
function adviceIdentifiers(purchase: AirtimePurchaseRequest, response?: AirtimePurchaseResponse): ThirdPartyIdentifier[] {
  return response?.thirdPartyIdentifiers ?? purchase.thirdPartyIdentifiers;
}

/** PurchaseConfirmation: its own id, the purchase's id as `requestId`, both in the body. */
export function buildAirtimeConfirmation(input: {
  id: string;
  time: string;
  purchase: AirtimePurchaseRequest;
  response?: AirtimePurchaseResponse;
  tenders: Tender[];
}): AirtimeConfirmation {
  return {
    id: input.id,
    requestId: input.purchase.id,
    time: input.time,
    thirdPartyIdentifiers: adviceIdentifiers(input.purchase, input.response),
    tenders: input.tenders,
  };
}

/** PurchaseReversal: its own id, the purchase's id as `requestId`, both in the body. */
export function buildAirtimeReversal(input: {
  id: string;
  time: string;
  purchase: AirtimePurchaseRequest;
  response?: AirtimePurchaseResponse;
  reason: AirtimeReversal['reversalReason'];
}): AirtimeReversal {
  return {
    id: input.id,
    requestId: input.purchase.id,
    time: input.time,
    thirdPartyIdentifiers: adviceIdentifiers(input.purchase, input.response),
    reversalReason: input.reason,
  };
}
