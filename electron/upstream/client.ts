// The Prepaid Utility v3 client (main process): every operation, each request checked against its
// schema before it leaves and each answer classified by shared/protocol/outcome.ts. The HTTP
// machinery (TLS, Basic auth, timeouts, size limit, masked logs) is http-core.ts, shared with the
// airtime client. Nothing here throws for a network or protocol problem: every such problem is an Outcome.
import type { z } from 'zod';
import type { BodyParse, Outcome } from '../../shared/protocol/outcome';
import { OPERATIONS, operationPath, type OperationId } from '../../shared/protocol/operations';
import {
  BasicAdviceSchema,
  ConfirmationAdviceSchema,
  FaultReportRequestSchema,
  FaultReportResponseSchema,
  KeyChangeConfirmationSchema,
  KeyChangeTokenRequestSchema,
  KeyChangeTokenResponseWithTokensSchema,
  MeterLookupRequestSchema,
  MeterLookupResponseSchema,
  PurchaseRequestSchema,
  PurchaseResponseSchema,
  ReversalAdviceSchema,
  TokenPurchaseNotificationSchema,
  TokenReprintRequestSchema,
  UuidV4Schema,
  VendedPurchaseResponseSchema,
  type BasicAdvice,
  type ConfirmationAdvice,
  type FaultReportRequest,
  type FaultReportResponse,
  type KeyChangeConfirmation,
  type KeyChangeTokenRequest,
  type KeyChangeTokenResponse,
  type MeterLookupRequest,
  type MeterLookupResponse,
  type PurchaseRequest,
  type PurchaseResponse,
  type ReversalAdvice,
  type TokenReprintRequest,
} from '../../shared/protocol/schemas';
import { bodyParser, checked, createHttpCore, type HttpClientOptions, type UpstreamLogEntry as CoreLogEntry } from './http-core';

export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, UpstreamConfigError } from './http-core';
export type { OperationId } from '../../shared/protocol/operations';

export type UpstreamClientOptions = HttpClientOptions<OperationId>;
export type UpstreamLogEntry = CoreLogEntry<OperationId>;

export interface UpstreamClient {
  createMeterLookup(request: MeterLookupRequest): Promise<Outcome<MeterLookupResponse>>;
  createTokenPurchaseRequest(request: PurchaseRequest): Promise<Outcome<PurchaseResponse>>;
  /** `request` is the original purchase, usually with a new `id` of its own (Electrum's practice). */
  retryPurchaseRequest(originalPurchaseId: string, request: PurchaseRequest): Promise<Outcome<PurchaseResponse>>;
  /** Success body: the upstream's BasicAdvice, or null when it answered with an empty 202. */
  confirmTokenPurchase(purchaseId: string, advice: ConfirmationAdvice): Promise<Outcome<BasicAdvice | null>>;
  reverseTokenPurchase(purchaseId: string, advice: ReversalAdvice): Promise<Outcome<BasicAdvice | null>>;
  trialTokenPurchaseRequest(request: PurchaseRequest): Promise<Outcome<PurchaseResponse>>;
  requestTokenReprint(request: TokenReprintRequest): Promise<Outcome<PurchaseResponse>>;
  createKeyChangeTokenRequest(request: KeyChangeTokenRequest): Promise<Outcome<KeyChangeTokenResponse>>;
  confirmKeyChange(requestId: string, advice: KeyChangeConfirmation): Promise<Outcome<BasicAdvice | null>>;
  createFaultReport(request: FaultReportRequest): Promise<Outcome<FaultReportResponse>>;
  notifyTokenPurchase(purchaseId: string, notification: PurchaseResponse): Promise<Outcome<null>>;
}

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const http = createHttpCore<OperationId>(options);
  const call = <T>(operation: OperationId, path: string, body: unknown, parse: (json: unknown) => BodyParse<T>, emptyBody?: { value: T; unreadable?: boolean }) =>
    http.call<T>(operation, { method: 'POST', path, body, parse, ...(emptyBody ? { emptyBody } : {}) });
  const invalid = <T>(operation: OperationId, problem: string): Outcome<T> => http.invalid<T>(operation, problem);

  const purchaseParser = (id: string) => bodyParser(VendedPurchaseResponseSchema, id);
  const adviceParser = bodyParser(BasicAdviceSchema);
  // An advice's 2xx is its whole answer: an empty, unreadable or odd body still means delivered.
  const noAdviceBody = { value: null, unreadable: true };

  /** A request named by its own id: checked against its schema (never sent if invalid), then sent. */
  function sendRequest<S extends z.ZodType<{ id: string }>, T>(
    op: SingleIdOperation,
    schema: S,
    input: unknown,
    parser: (id: string) => (json: unknown) => BodyParse<T>,
    pathId?: string,
  ): Promise<Outcome<T>> {
    const request = checked(schema, input);
    if (!request.ok) return Promise.resolve(invalid(op, request.problem));
    return call(op, operationPath[op](pathId ?? request.value.id), request.value, parser(request.value.id));
  }

  async function sendAdvice<S extends z.ZodType<{ id: string; requestId: string }>>(
    operation: 'confirmTokenPurchase' | 'reverseTokenPurchase' | 'confirmKeyChange',
    schema: S,
    originalId: string,
    advice: unknown,
  ): Promise<Outcome<BasicAdvice | null>> {
    const request = checked(schema, advice);
    if (!request.ok) return invalid(operation, request.problem);
    if (request.value.requestId !== originalId) {
      return invalid(operation, `the advice's requestId ${request.value.requestId} is not the original ${originalId}`);
    }
    return call<BasicAdvice | null>(operation, operationPath[operation](originalId, request.value.id), request.value, adviceParser, noAdviceBody);
  }

  return {
    createMeterLookup: (input) =>
      sendRequest('createMeterLookup', MeterLookupRequestSchema, input, (id) => bodyParser(MeterLookupResponseSchema, id)),
    createTokenPurchaseRequest: (input) => sendRequest('createTokenPurchaseRequest', PurchaseRequestSchema, input, purchaseParser),
    async retryPurchaseRequest(originalPurchaseId, input) {
      if (!UuidV4Schema.safeParse(originalPurchaseId).success) {
        return invalid('retryPurchaseRequest', 'the original purchase id is not a v4 UUID');
      }
      return sendRequest('retryPurchaseRequest', PurchaseRequestSchema, input, purchaseParser, originalPurchaseId);
    },
    confirmTokenPurchase: (purchaseId, advice) => sendAdvice('confirmTokenPurchase', ConfirmationAdviceSchema, purchaseId, advice),
    reverseTokenPurchase: (purchaseId, advice) => sendAdvice('reverseTokenPurchase', ReversalAdviceSchema, purchaseId, advice),
    trialTokenPurchaseRequest: (input) =>
      sendRequest('trialTokenPurchaseRequest', PurchaseRequestSchema, input, (id) => bodyParser(PurchaseResponseSchema, id)),
    requestTokenReprint: (input) => sendRequest('requestTokenReprint', TokenReprintRequestSchema, input, purchaseParser),
    createKeyChangeTokenRequest: (input) =>
      sendRequest('createKeyChangeTokenRequest', KeyChangeTokenRequestSchema, input, (id) => bodyParser(KeyChangeTokenResponseWithTokensSchema, id)),
    confirmKeyChange: (requestId, advice) => sendAdvice('confirmKeyChange', KeyChangeConfirmationSchema, requestId, advice),
    createFaultReport: (input) =>
      sendRequest('createFaultReport', FaultReportRequestSchema, input, (id) => bodyParser(FaultReportResponseSchema, id)),
    async notifyTokenPurchase(purchaseId, notification) {
      const op = 'notifyTokenPurchase';
      if (!UuidV4Schema.safeParse(purchaseId).success) return invalid(op, 'the purchase id is not a v4 UUID');
      const request = checked(TokenPurchaseNotificationSchema, notification);
      if (!request.ok) return invalid(op, request.problem);
      return call<null>(op, operationPath[op](purchaseId), request.value, () => ({ ok: true, value: null }), { value: null });
    },
  };
}

/** Operations whose path carries one id: the request's own, or for a retry the original purchase's. */
type SingleIdOperation =
  | 'createMeterLookup'
  | 'createTokenPurchaseRequest'
  | 'retryPurchaseRequest'
  | 'trialTokenPurchaseRequest'
  | 'requestTokenReprint'
  | 'createKeyChangeTokenRequest'
  | 'createFaultReport';

/** Every operation's spec (for callers that show or configure per-operation settings). */
export const UPSTREAM_OPERATIONS = OPERATIONS;
