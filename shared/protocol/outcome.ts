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
 * Classify a complete HTTP answer. `parseBody` validates a 2xx body; `emptyBody`, when given, is the
 * value a 2xx with no body means (advices and notifications may be answered with an empty 202).
 */
export function classifyAnswer<T>(
  answer: HttpAnswer,
  parseBody: (json: unknown) => BodyParse<T>,
  emptyBody?: { value: T },
): Outcome<T> {
  const { status } = answer;
  const type = statusType(status);
  if (type === 'successful') {
    if (answer.bodyText.trim() === '') {
      if (emptyBody) return { kind: 'successful', status, body: emptyBody.value };
      return invalidBody(status, 'the body is empty');
    }
    if (!isJsonContentType(answer.contentType)) {
      return invalidBody(status, `content type is ${answer.contentType ? `"${answer.contentType.slice(0, 80)}"` : 'missing'}, not JSON`);
    }
    const json = parseJson(answer.bodyText);
    if (!json.ok) return invalidBody(status, 'the body is not JSON');
    const parsed = parseBody(json.value);
    if (!parsed.ok) return invalidBody(status, parsed.problem);
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

export interface AdviceVerdict {
  /** Stop sending this advice. */
  final: boolean;
  /** The upstream has the advice (now or from an earlier send). */
  delivered: boolean;
  /** A person must look at this transaction (reconciliation report). */
  reconcile: boolean;
  note: string;
}

/** What the store-and-forward outbox does with an advice after one send. */
export function adviceVerdict(outcome: Outcome<unknown>, operation: AdviceOperation): AdviceVerdict {
  if (outcome.kind === 'successful') {
    return { final: true, delivered: true, reconcile: false, note: 'delivered' };
  }
  if (outcome.kind === 'unknown') {
    return { final: false, delivered: false, reconcile: false, note: `not answered (${outcome.reason}); send again` };
  }
  // Never reached the upstream (network down, connection refused): keep it queued.
  if (outcome.reason === 'not-sent') {
    return { final: false, delivered: false, reconcile: false, note: 'not sent; send again' };
  }
  if (outcome.reason === 'invalid-request') {
    return { final: true, delivered: false, reconcile: true, note: `cannot be sent: ${outcome.message}` };
  }
  if (outcome.status === 400 && outcome.error?.errorType === 'DUPLICATE_RECORD') {
    return { final: true, delivered: true, reconcile: false, note: 'already delivered (DUPLICATE_RECORD on a resend)' };
  }
  if (outcome.status === 404) {
    if (operation === 'reverseTokenPurchase') {
      return { final: true, delivered: false, reconcile: false, note: 'the upstream never saw the purchase: nothing to reverse' };
    }
    return {
      final: true,
      delivered: false,
      reconcile: true,
      note: operation === 'confirmKeyChange'
        ? 'the upstream does not know this key change request; reconcile'
        : 'the upstream does not know this purchase; reconcile',
    };
  }
  return { final: true, delivered: false, reconcile: true, note: `refused: ${outcome.message}` };
}
