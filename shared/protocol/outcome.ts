// The protocol's three status types (protocol basics: successful / unknown / failed), as data.
// Every HTTP answer and every transport failure is classified here and nowhere else.
import { ErrorDetailSchema, type ErrorDetail } from './schemas';
import type { AdviceOperation } from './operations';

export type Outcome<T> =
  | { kind: 'successful'; status: number; body: T }
  | { kind: 'failed'; status: number; error?: ErrorDetail; message: string; reason?: FailedReason }
  | { kind: 'unknown'; status?: number; reason: UnknownReason; message: string };

export type UnknownReason =
  | 'server-error' // 500
  | 'gateway-timeout' // 504
  | 'timeout' // no answer within the operation's timeout
  | 'connection' // reset or refused after the request may have been sent
  | 'invalid-body'; // a 2xx whose body is not a valid message

/**
 * Why a request failed. `invalid-request` and `not-sent` carry status 0: the upstream never saw
 * the message (it failed our own schema, or no connection could be made), so nothing happened.
 */
export type FailedReason = 'declined' | 'invalid-request' | 'not-sent';

export type StatusType = 'successful' | 'unknown' | 'failed';

/** HTTP status → status type, per the protocol's table. */
export function statusType(status: number): StatusType {
  if (status === 200 || status === 201 || status === 202) return 'successful';
  if (status === 500 || status === 504) return 'unknown';
  return 'failed';
}

/** A complete HTTP answer as the transport received it (body already size-limited). */
export interface HttpAnswer {
  status: number;
  contentType?: string;
  bodyText: string;
}

export type BodyParse<T> = { ok: true; value: T } | { ok: false; problem: string };

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_CONTENT_TYPE.test(contentType.trim());
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The ErrorDetail in a non-2xx body, when there is one; anything else is tolerated and ignored. */
export function parseErrorDetail(answer: HttpAnswer): ErrorDetail | undefined {
  if (answer.bodyText.trim() === '') return undefined;
  const json = parseJson(answer.bodyText);
  if (!json.ok) return undefined;
  const detail = ErrorDetailSchema.safeParse(json.value);
  return detail.success ? detail.data : undefined;
}

function errorSummary(status: number, error: ErrorDetail | undefined): string {
  if (!error) return `HTTP ${status}`;
  const text = error.errorMessage ? `: ${error.errorMessage.slice(0, 200)}` : '';
  return `HTTP ${status} ${error.errorType.slice(0, 60)}${text}`;
}

/**
 * What a 2xx without a usable body means. `value` stands for an empty body (advices and
 * notifications may be answered with an empty 202); with `unreadable`, also for a body that is not
 * JSON or fails its schema: for an advice the status is the answer and the body adds nothing we need.
 */
export interface BodyFallback<T> {
  value: T;
  unreadable?: boolean;
}

/** Classify a complete HTTP answer. `parseBody` validates a 2xx body. */
export function classifyAnswer<T>(
  answer: HttpAnswer,
  parseBody: (json: unknown) => BodyParse<T>,
  emptyBody?: BodyFallback<T>,
): Outcome<T> {
  const { status } = answer;
  const type = statusType(status);
  if (type === 'successful') {
    if (answer.bodyText.trim() === '') {
      if (emptyBody) return { kind: 'successful', status, body: emptyBody.value };
      return invalidBody(status, 'the body is empty');
    }
    const fallback = emptyBody?.unreadable ? emptyBody : undefined;
    if (!isJsonContentType(answer.contentType)) {
      if (fallback) return { kind: 'successful', status, body: fallback.value };
      return invalidBody(status, `content type is ${answer.contentType ? `"${answer.contentType.slice(0, 80)}"` : 'missing'}, not JSON`);
    }
    const json = parseJson(answer.bodyText);
    if (!json.ok) return fallback ? { kind: 'successful', status, body: fallback.value } : invalidBody(status, 'the body is not JSON');
    const parsed = parseBody(json.value);
    if (!parsed.ok) return fallback ? { kind: 'successful', status, body: fallback.value } : invalidBody(status, parsed.problem);
    return { kind: 'successful', status, body: parsed.value };
  }
  const error = parseErrorDetail(answer);
  if (type === 'unknown') {
    return {
      kind: 'unknown',
      status,
      reason: status === 504 ? 'gateway-timeout' : 'server-error',
      message: `${errorSummary(status, error)}; the outcome is unknown`,
    };
  }
  return {
    kind: 'failed',
    status,
    reason: 'declined',
    message: errorSummary(status, error),
    ...(error ? { error } : {}),
  };
}

function invalidBody<T>(status: number, problem: string): Outcome<T> {
  return {
    kind: 'unknown',
    status,
    reason: 'invalid-body',
    message: `HTTP ${status} with an invalid body (${problem}); the outcome is unknown and nothing may be handed over`,
  };
}

export function unknownOutcome<T>(reason: UnknownReason, message: string, status?: number): Outcome<T> {
  return { kind: 'unknown', reason, message, ...(status !== undefined ? { status } : {}) };
}

export function notSentOutcome<T>(reason: 'invalid-request' | 'not-sent', message: string): Outcome<T> {
  return { kind: 'failed', status: 0, reason, message };
}

// ---------------------------------------------------------------------------------------------
// Purchases. The one place that decides what an answer to createTokenPurchaseRequest or
// retryPurchaseRequest means; docs/protocol.md has the same table in words.

export type PurchaseAnswer = 'approved' | 'declined' | 'in-doubt';
export type PurchaseOperation = 'createTokenPurchaseRequest' | 'retryPurchaseRequest';

/**
 * 400 errorTypes by which the upstream says it looked at this purchase and refused it. Anything
 * else on a 400 (GENERAL_ERROR, SYSTEM_MALFUNCTION, UPSTREAM_UNAVAILABLE, ROUTING_ERROR,
 * UNABLE_TO_LOCATE_RECORD, a type we do not know, no ErrorDetail at all) does not say that.
 */
const PURCHASE_DECLINES: ReadonlySet<string> = new Set([
  'UNKNOWN_METER_ID',
  'METER_ID_BLOCKED',
  'UTILITY_INVALID',
  'METER_KEY_INVALID',
  'INSUFFICIENT_FUNDS',
  'DO_NOT_HONOR',
  'TRANSACTION_DECLINED',
  'LIMIT_EXCEEDED',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_LOW',
  'AMOUNT_TOO_HIGH',
  'NO_FREE_UNITS_DUE',
  'INVALID_MERCHANT',
  'INVALID_MSISDN',
  'INVALID_AN32_TOKEN',
  'INVALID_LOYALTY_CARD',
]);

/**
 * Refusals of the message rather than of the purchase. To an original purchase they mean nothing
 * was done; to a retry they say nothing about the original, which may still have been vended.
 */
const MESSAGE_REFUSALS: ReadonlySet<string> = new Set(['FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'TRANSACTION_NOT_SUPPORTED']);

/**
 * What an answer means for the sale. `declined` = nothing was sold and nothing will be: the cash
 * goes back. Only answers that prove that are declines; whatever might have reached a processor
 * without such proof is `in-doubt` (retried, then reversed or reviewed), because a false decline
 * hands back cash for tokens the upstream may have issued.
 */
export function purchaseAnswer(outcome: Outcome<unknown>, operation: PurchaseOperation): PurchaseAnswer {
  if (outcome.kind === 'successful') return 'approved';
  if (outcome.kind === 'unknown') return 'in-doubt';
  const original = operation === 'createTokenPurchaseRequest';
  // Status 0: the message never left this machine. For a purchase "nothing happened"; a retry that
  // was not sent leaves the original exactly as much in doubt as before.
  if (outcome.reason === 'not-sent' || outcome.reason === 'invalid-request') return original ? 'declined' : 'in-doubt';
  const errorType = outcome.error?.errorType;
  // The upstream has seen this id (a resend, or an answer lost on the way) or says itself it does
  // not know: never a decline, whatever the status.
  if (errorType === 'DUPLICATE_RECORD' || errorType === 'OUTCOME_UNKNOWN') return 'in-doubt';
  const { status } = outcome;
  if (status === 400 && errorType !== undefined) {
    if (PURCHASE_DECLINES.has(errorType)) return 'declined';
    if (MESSAGE_REFUSALS.has(errorType)) return original ? 'declined' : 'in-doubt';
    return 'in-doubt';
  }
  // Authentication and authorisation are checked before a request is processed, and 501 means the
  // operation does not exist there: the purchase was never processed. To a retry they say nothing.
  if (status === 401 || status === 403 || status === 501) return original ? 'declined' : 'in-doubt';
  // 3xx (a 303 after a POST means "processed, look elsewhere"), 404 (the only documented one, to a
  // retry, can race the original still in flight), 408, 409, 429, 502, 503 and anything else:
  // something between us and the processor answered, or the processor could not say.
  return 'in-doubt';
}

// ---------------------------------------------------------------------------------------------
// Advices (store-and-forward). Only a final answer ends an advice.

export interface AdviceVerdict {
  /** Stop sending this advice. */
  final: boolean;
  /** The upstream has the advice (now or from an earlier send). */
  delivered: boolean;
  /** A person must look at this transaction (reconciliation report). */
  reconcile: boolean;
  /**
   * Not final, but the answer says "not now" or "not you" (credentials, a proxy, rate limiting, an
   * outage): repeated with backoff, and the status bar says so meanwhile.
   */
  alert: boolean;
  /**
   * A reversal the upstream answers with "no such purchase". That settles quietly only if the
   * journal holds no approved response for it; otherwise the outbox flags it for reconciliation.
   */
  nothingToReverse?: true;
  note: string;
}

/** 400 errorTypes that say "not now" rather than "no": the same advice may succeed later. */
const ADVICE_NOT_NOW: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'SYSTEM_MALFUNCTION', 'OUTCOME_UNKNOWN', 'ROUTING_ERROR']);

const isSuccessStatus = (status: number | undefined): boolean => status !== undefined && statusType(status) === 'successful';

/** What the store-and-forward outbox does with an advice after one send. */
export function adviceVerdict(outcome: Outcome<unknown>, operation: AdviceOperation): AdviceVerdict {
  const repeat = (note: string, alert: boolean): AdviceVerdict => ({ final: false, delivered: false, reconcile: false, alert, note });
  const refused = (note: string): AdviceVerdict => ({ final: true, delivered: false, reconcile: true, alert: false, note });
  const delivered = (note: string): AdviceVerdict => ({ final: true, delivered: true, reconcile: false, alert: false, note });

  if (outcome.kind === 'successful') return delivered('delivered');
  if (outcome.kind === 'unknown') {
    // A 2xx is the answer to an advice; a body we cannot read (or that is too large) changes nothing.
    if (isSuccessStatus(outcome.status)) return delivered(`delivered (HTTP ${outcome.status ?? ''}; its body was not read)`);
    return repeat(`not answered (${outcome.reason}); send again`, false);
  }
  // Never reached the upstream (network down, connection refused): keep it queued; the age alert
  // covers a long outage.
  if (outcome.reason === 'not-sent') return repeat('not sent; send again', false);
  if (outcome.reason === 'invalid-request') return refused(`cannot be sent: ${outcome.message}`);

  const { status } = outcome;
  const errorType = outcome.error?.errorType;
  if (status === 400 && errorType === 'DUPLICATE_RECORD') return delivered('already delivered (DUPLICATE_RECORD on a resend)');
  // "No such record" counts only when the upstream says it in an ErrorDetail: a bare 404 may come
  // from a proxy or a wrong base URL, and settling reversals on it would lose them.
  if ((status === 404 || status === 400) && errorType === 'UNABLE_TO_LOCATE_RECORD') {
    if (operation === 'reverseTokenPurchase') {
      return { final: true, delivered: false, reconcile: false, alert: false, nothingToReverse: true, note: 'the upstream has no record of the purchase: nothing to reverse' };
    }
    return refused(operation === 'confirmKeyChange' ? 'the upstream does not know this key change request; reconcile' : 'the upstream does not know this purchase; reconcile');
  }
  // A true refusal: the upstream read this advice and will never take it (ACCOUNT_ALREADY_SETTLED,
  // FORMAT_ERROR, GENERAL_ERROR…), or does not implement the operation at all (501).
  if (status === 400 && errorType !== undefined && !ADVICE_NOT_NOW.has(errorType)) return refused(`refused: ${outcome.message}`);
  if (status === 501) return refused(`refused: ${outcome.message} (the upstream does not take this advice)`);
  // Everything else says "not now" or "not you": 3xx, 401, 403, 407, 408, 429, 502, 503, a bare 400
  // or 404, any other status. The advice stays queued with its id; the status bar raises an alert.
  return repeat(`${outcome.message}; send again`, true);
}
