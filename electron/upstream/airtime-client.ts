// The Airtime v5 client (main process): the purchase-model operations (never the deprecated voucher
// ones), each request checked against its schema before it leaves and each answer validated and
// classified into an Outcome. Purchases and advices carry their ids in the body, not the path.
// HTTP, TLS, auth, timeouts, the size limit and masked logs are http-core.ts.
import type { BodyParse, Outcome } from '../../shared/protocol/outcome';
import { AIRTIME_OPERATIONS, airtimePath, type AirtimeOperationId } from '../../shared/protocol/airtime/operations';
import {
  AirtimeAdviceResponseSchema,
  AirtimePurchaseResponseSchema,
  MsisdnInfoResponseSchema,
  MsisdnLookupQuerySchema,
  OutgoingAirtimeConfirmationSchema,
  OutgoingAirtimePurchaseRequestSchema,
  OutgoingAirtimeReversalSchema,
  ProductListSchema,
  PurchaseStatusQuerySchema,
  type AirtimeAdviceResponse,
  type AirtimeConfirmation,
  type AirtimePurchaseRequest,
  type AirtimePurchaseResponse,
  type AirtimeReversal,
  type MsisdnInfoResponse,
  type MsisdnLookupQuery,
  type ProductList,
  type PurchaseStatusQuery,
} from '../../shared/protocol/airtime/schemas';
import { UuidV4Schema } from '../../shared/protocol/schemas';
import { bodyParser, checked, createHttpCore, type HttpClientOptions, type UpstreamLogEntry } from './http-core';

export type AirtimeClientOptions = HttpClientOptions<AirtimeOperationId>;
export type AirtimeLogEntry = UpstreamLogEntry<AirtimeOperationId>;

export interface AirtimeClient {
  /** The catalogue; 501 (`failed`) where the upstream has none, and the till falls back to its own. */
  listProducts(channelName?: string): Promise<Outcome<ProductList>>;
  lookupMsisdn(query: MsisdnLookupQuery): Promise<Outcome<MsisdnInfoResponse>>;
  /** A PIN product's answer always holds the voucher; a direct top-up's has none. */
  purchase(request: AirtimePurchaseRequest): Promise<Outcome<AirtimePurchaseResponse>>;
  /** Success body: whatever the upstream echoed, or null for an empty or unreadable 202. */
  purchaseConfirmation(advice: AirtimeConfirmation): Promise<Outcome<AirtimeAdviceResponse | null>>;
  purchaseReversal(advice: AirtimeReversal): Promise<Outcome<AirtimeAdviceResponse | null>>;
  purchaseTrial(request: AirtimePurchaseRequest): Promise<Outcome<AirtimePurchaseResponse>>;
  /** By our purchase's id (`originalMsgId`), or by the provider's reference. See statusAnswer(). */
  purchaseStatus(query: PurchaseStatusQuery): Promise<Outcome<AirtimePurchaseResponse>>;
}

/**
 * A sold PIN product must come with its PIN: without it there is nothing to hand over, and the
 * answer counts as unreadable (the outcome is unknown) rather than as a sale.
 */
function purchaseParser(expectedId: string | undefined): (json: unknown) => BodyParse<AirtimePurchaseResponse> {
  const parse = bodyParser(AirtimePurchaseResponseSchema, expectedId);
  return (json) => {
    const parsed = parse(json);
    if (parsed.ok && parsed.value.product.isDirectTopup === false && parsed.value.voucher === undefined) {
      return { ok: false, problem: 'a voucher product was sold without its voucher' };
    }
    return parsed;
  };
}

export function createAirtimeClient(options: AirtimeClientOptions): AirtimeClient {
  const http = createHttpCore<AirtimeOperationId>(options);
  // An advice's 2xx is its whole answer: an empty, unreadable or odd body still means delivered.
  const noAdviceBody = { value: null, unreadable: true };
  const adviceParser = bodyParser(AirtimeAdviceResponseSchema);

  async function sendPurchase(operation: 'purchase' | 'purchaseTrial', input: unknown, parse: (id: string) => (json: unknown) => BodyParse<AirtimePurchaseResponse>) {
    const request = checked(OutgoingAirtimePurchaseRequestSchema, input);
    if (!request.ok) return http.invalid<AirtimePurchaseResponse>(operation, request.problem);
    return http.call(operation, { method: 'POST', path: airtimePath[operation](), body: request.value, parse: parse(request.value.id) });
  }

  async function sendAdvice(operation: 'purchaseConfirmation' | 'purchaseReversal', schema: typeof OutgoingAirtimeConfirmationSchema | typeof OutgoingAirtimeReversalSchema, input: unknown) {
    const advice = checked(schema, input);
    if (!advice.ok) return http.invalid<AirtimeAdviceResponse | null>(operation, advice.problem);
    return http.call<AirtimeAdviceResponse | null>(operation, {
      method: 'POST',
      path: airtimePath[operation](),
      body: advice.value,
      parse: adviceParser,
      emptyBody: noAdviceBody,
    });
  }

  return {
    async listProducts(channelName) {
      const op = 'listProducts';
      if (channelName !== undefined && (channelName.length === 0 || channelName.length > 50)) {
        return http.invalid(op, 'channelName must be 1 to 50 characters', 'GET');
      }
      return http.call(op, { method: 'GET', path: airtimePath[op](channelName !== undefined ? { channelName } : {}), parse: bodyParser(ProductListSchema) });
    },
    async lookupMsisdn(input) {
      const op = 'lookupMsisdn';
      const query = checked(MsisdnLookupQuerySchema, input);
      if (!query.ok) return http.invalid(op, query.problem, 'GET');
      return http.call(op, { method: 'GET', path: airtimePath[op](query.value), parse: bodyParser(MsisdnInfoResponseSchema) });
    },
    purchase: (input) => sendPurchase('purchase', input, (id) => purchaseParser(id)),
    // A trial issues nothing: its answer need not carry a voucher.
    purchaseTrial: (input) => sendPurchase('purchaseTrial', input, (id) => bodyParser(AirtimePurchaseResponseSchema, id)),
    purchaseConfirmation: (input) => sendAdvice('purchaseConfirmation', OutgoingAirtimeConfirmationSchema, input),
    purchaseReversal: (input) => sendAdvice('purchaseReversal', OutgoingAirtimeReversalSchema, input),
    async purchaseStatus(input) {
      const op = 'purchaseStatus';
      const query = checked(PurchaseStatusQuerySchema, input);
      if (!query.ok) return http.invalid(op, query.problem, 'GET');
      const byId = 'originalMsgId' in query.value ? query.value.originalMsgId : undefined;
      // Our purchases have v4 UUIDs; the rebuilt answer must be for the purchase we asked about.
      if (byId !== undefined && !UuidV4Schema.safeParse(byId).success) return http.invalid(op, 'originalMsgId is not a v4 UUID', 'GET');
      return http.call(op, { method: 'GET', path: airtimePath[op](query.value), parse: purchaseParser(byId) });
    },
  };
}

/** Every airtime operation's spec (for callers that show or configure per-operation settings). */
export const AIRTIME_UPSTREAM_OPERATIONS = AIRTIME_OPERATIONS;
