// The protocol's three status types (protocol basics: successful / unknown / failed), as data.
// Every HTTP answer and every transport failure is classified here and nowhere else; what an
// answer means for a sale or an advice is decided per service next to this file.
import { ErrorDetailSchema, type ErrorDetail } from '../schemas';

export type Outcome<T> =
  | { kind: 'successful'; status: number; body: T }
  | {
      kind: 'failed';
      status: number;
      error?: ErrorDetail;
      message: string;
      reason?: FailedReason;
      /**
       * The answer had no body at all. Airtime documents a bodiless 404 to a reversal; a 404 with
       * some other body (an HTML page) is more likely a proxy or a wrong path than the upstream.
       */
      emptyBody?: true;
    }
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
  /** The body was larger than the client reads: `bodyText` is not all of it (empty, even). */
  truncated?: boolean;
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
    ...(answer.bodyText.trim() === '' && !answer.truncated ? { emptyBody: true as const } : {}),
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
