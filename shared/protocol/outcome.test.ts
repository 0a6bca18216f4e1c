import { describe, expect, it } from 'vitest';
import { adviceVerdict, classifyAnswer, isJsonContentType, purchaseAnswer, statusType, type BodyParse, type Outcome } from './outcome';

const accept = (json: unknown): BodyParse<unknown> => ({ ok: true, value: json });
const reject = (): BodyParse<unknown> => ({ ok: false, problem: 'tokens: missing' });
const json = (status: number, body: unknown, contentType = 'application/json') => ({ status, bodyText: JSON.stringify(body), contentType });

describe('statusType (protocol basics table)', () => {
  it.each([200, 201, 202])('%i is successful', (s) => expect(statusType(s)).toBe('successful'));
  it.each([500, 504])('%i is unknown', (s) => expect(statusType(s)).toBe('unknown'));
  it.each([203, 204, 301, 302, 400, 401, 403, 404, 409, 429, 501, 502, 503])('%i is failed', (s) => expect(statusType(s)).toBe('failed'));
});

describe('classifyAnswer', () => {
  it('a valid 2xx JSON body is successful', () => {
    expect(classifyAnswer(json(201, { a: 1 }), accept)).toEqual({ kind: 'successful', status: 201, body: { a: 1 } });
  });
  it('accepts JSON content types with parameters and +json suffixes', () => {
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/problem+json')).toBe(true);
    expect(isJsonContentType('text/html')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
  it('a 2xx whose body fails validation is unknown/invalid-body, never successful', () => {
    const outcome = classifyAnswer(json(201, { a: 1 }), reject);
    expect(outcome).toMatchObject({ kind: 'unknown', status: 201, reason: 'invalid-body' });
    expect(outcome.kind === 'unknown' && outcome.message).toContain('tokens: missing');
  });
  it('a 2xx that is not JSON is unknown/invalid-body', () => {
    expect(classifyAnswer({ status: 201, bodyText: '{"id": "tr', contentType: 'application/json' }, accept)).toMatchObject({ kind: 'unknown', reason: 'invalid-body' });
  });
  it('a 2xx with a non-JSON content type is unknown/invalid-body', () => {
    expect(classifyAnswer({ status: 200, bodyText: '<html></html>', contentType: 'text/html' }, accept)).toMatchObject({ kind: 'unknown', reason: 'invalid-body' });
    expect(classifyAnswer({ status: 200, bodyText: '{}' }, accept)).toMatchObject({ kind: 'unknown', reason: 'invalid-body' });
  });
  it('an empty 2xx is successful only where the operation allows it', () => {
    expect(classifyAnswer({ status: 202, bodyText: '' }, accept, { value: null })).toEqual({ kind: 'successful', status: 202, body: null });
    expect(classifyAnswer({ status: 201, bodyText: '' }, accept)).toMatchObject({ kind: 'unknown', reason: 'invalid-body' });
  });
  it('with an unreadable fallback (advices), a 2xx whose body cannot be read is still successful', () => {
    const fallback = { value: null, unreadable: true };
    expect(classifyAnswer({ status: 202, bodyText: '<html></html>', contentType: 'text/html' }, reject, fallback)).toEqual({ kind: 'successful', status: 202, body: null });
    expect(classifyAnswer({ status: 202, bodyText: '{"id": "tr', contentType: 'application/json' }, reject, fallback)).toEqual({ kind: 'successful', status: 202, body: null });
    expect(classifyAnswer(json(202, { id: 42 }), reject, fallback)).toEqual({ kind: 'successful', status: 202, body: null });
    expect(classifyAnswer(json(202, { id: 'a' }), accept, fallback)).toEqual({ kind: 'successful', status: 202, body: { id: 'a' } });
    expect(classifyAnswer(json(503, {}), reject, fallback)).toMatchObject({ kind: 'failed', status: 503 });
  });
  it('500 is unknown/server-error and 504 unknown/gateway-timeout, with the ErrorDetail in the message', () => {
    expect(classifyAnswer(json(500, { errorType: 'GENERAL_ERROR' }), accept)).toMatchObject({ kind: 'unknown', status: 500, reason: 'server-error' });
    const timeout = classifyAnswer(json(504, { errorType: 'UPSTREAM_UNAVAILABLE', errorMessage: 'Timeout' }), accept);
    expect(timeout).toMatchObject({ kind: 'unknown', status: 504, reason: 'gateway-timeout' });
    expect(timeout.kind === 'unknown' && timeout.message).toContain('UPSTREAM_UNAVAILABLE');
  });
  it('a 400 with an ErrorDetail is failed and carries it', () => {
    const outcome = classifyAnswer(json(400, { errorType: 'UNKNOWN_METER_ID', errorMessage: 'Unknown meter ID' }), accept);
    expect(outcome).toMatchObject({ kind: 'failed', status: 400, reason: 'declined', error: { errorType: 'UNKNOWN_METER_ID' } });
  });
  it('a failed status with an empty, non-JSON or non-ErrorDetail body is still failed, without error', () => {
    for (const bodyText of ['', 'Service Unavailable', '{"message":"nope"}', '[1,2]']) {
      const outcome = classifyAnswer({ status: 503, bodyText, contentType: 'text/plain' }, accept);
      expect(outcome.kind).toBe('failed');
      expect(outcome.kind === 'failed' && outcome.error).toBeUndefined();
    }
  });
  it('redirects are failed (never followed)', () => {
    expect(classifyAnswer({ status: 302, bodyText: '' }, accept)).toMatchObject({ kind: 'failed', status: 302 });
  });
});

const failed = (status: number, errorType?: string): Outcome<unknown> => ({
  kind: 'failed',
  status,
  reason: 'declined',
  message: `HTTP ${status}`,
  ...(errorType ? { error: { errorType } } : {}),
});
const unknownOf = (reason: 'server-error' | 'gateway-timeout' | 'timeout' | 'connection' | 'invalid-body', status?: number): Outcome<unknown> => ({
  kind: 'unknown',
  reason,
  message: '',
  ...(status !== undefined ? { status } : {}),
});

describe('purchaseAnswer: what an answer to a purchase or a retry means for the sale', () => {
  const both = ['createTokenPurchaseRequest', 'retryPurchaseRequest'] as const;
  const businessDeclines = [
    'UNKNOWN_METER_ID', 'METER_ID_BLOCKED', 'UTILITY_INVALID', 'METER_KEY_INVALID', 'INSUFFICIENT_FUNDS', 'DO_NOT_HONOR',
    'TRANSACTION_DECLINED', 'LIMIT_EXCEEDED', 'INVALID_AMOUNT', 'AMOUNT_TOO_LOW', 'AMOUNT_TOO_HIGH', 'NO_FREE_UNITS_DUE',
    'INVALID_MERCHANT', 'INVALID_MSISDN', 'INVALID_AN32_TOKEN', 'INVALID_LOYALTY_CARD',
  ];

  it.each(both)('%s: a valid 2xx is approved', (op) => {
    expect(purchaseAnswer({ kind: 'successful', status: 201, body: {} }, op)).toBe('approved');
  });
  it.each(both)('%s: 500, 504, a timeout, a broken connection or an invalid 2xx body are in doubt', (op) => {
    for (const outcome of [unknownOf('server-error', 500), unknownOf('gateway-timeout', 504), unknownOf('timeout'), unknownOf('connection'), unknownOf('invalid-body', 201)]) {
      expect(purchaseAnswer(outcome, op)).toBe('in-doubt');
    }
  });
  it.each(both)('%s: 400 DUPLICATE_RECORD is in doubt: the upstream has seen that id, it is not a decline', (op) => {
    expect(purchaseAnswer(failed(400, 'DUPLICATE_RECORD'), op)).toBe('in-doubt');
  });
  it.each(both)('%s: OUTCOME_UNKNOWN is in doubt whatever the status', (op) => {
    for (const status of [400, 404, 409, 502, 503]) expect(purchaseAnswer(failed(status, 'OUTCOME_UNKNOWN'), op)).toBe('in-doubt');
  });
  it.each(both)('%s: a 400 naming a business decline is declined', (op) => {
    for (const errorType of businessDeclines) expect(purchaseAnswer(failed(400, errorType), op), errorType).toBe('declined');
  });
  it.each(both)('%s: a 400 that does not say the purchase was refused is in doubt', (op) => {
    for (const errorType of [undefined, 'GENERAL_ERROR', 'SYSTEM_MALFUNCTION', 'UPSTREAM_UNAVAILABLE', 'ROUTING_ERROR', 'UNABLE_TO_LOCATE_RECORD', 'SOMETHING_NEW']) {
      expect(purchaseAnswer(failed(400, errorType), op), String(errorType)).toBe('in-doubt');
    }
  });
  it.each(both)('%s: redirects, 404, 408, 409, 429, 502, 503 and unlisted statuses are in doubt', (op) => {
    for (const status of [301, 302, 303, 307, 404, 405, 408, 409, 413, 422, 429, 502, 503, 505, 599]) {
      expect(purchaseAnswer(failed(status, status === 503 ? 'UPSTREAM_UNAVAILABLE' : undefined), op), String(status)).toBe('in-doubt');
    }
  });
  it('a purchase refused before any processing (not sent, invalid, 401, 403, 501, FORMAT_ERROR) is declined: nothing happened', () => {
    const op = 'createTokenPurchaseRequest';
    expect(purchaseAnswer({ kind: 'failed', status: 0, reason: 'not-sent', message: 'ECONNREFUSED' }, op)).toBe('declined');
    expect(purchaseAnswer({ kind: 'failed', status: 0, reason: 'invalid-request', message: 'bad' }, op)).toBe('declined');
    for (const status of [401, 403, 501]) expect(purchaseAnswer(failed(status, 'GENERAL_ERROR'), op)).toBe('declined');
    for (const errorType of ['FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'TRANSACTION_NOT_SUPPORTED']) expect(purchaseAnswer(failed(400, errorType), op)).toBe('declined');
  });
  it('the same answers to a retry say nothing about the original purchase: in doubt', () => {
    const op = 'retryPurchaseRequest';
    expect(purchaseAnswer({ kind: 'failed', status: 0, reason: 'not-sent', message: 'ECONNREFUSED' }, op)).toBe('in-doubt');
    expect(purchaseAnswer({ kind: 'failed', status: 0, reason: 'invalid-request', message: 'bad' }, op)).toBe('in-doubt');
    for (const status of [401, 403, 501]) expect(purchaseAnswer(failed(status, 'GENERAL_ERROR'), op)).toBe('in-doubt');
    for (const errorType of ['FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'TRANSACTION_NOT_SUPPORTED']) expect(purchaseAnswer(failed(400, errorType), op)).toBe('in-doubt');
  });
});

describe('adviceVerdict', () => {
  const ok: Outcome<unknown> = { kind: 'successful', status: 202, body: null };
  const dup = failed(400, 'DUPLICATE_RECORD');
  const notFound = failed(404, 'UNABLE_TO_LOCATE_RECORD');
  const notSent: Outcome<unknown> = { kind: 'failed', status: 0, reason: 'not-sent', message: 'ECONNREFUSED' };
  const invalid: Outcome<unknown> = { kind: 'failed', status: 0, reason: 'invalid-request', message: 'bad' };
  const ops = ['confirmTokenPurchase', 'reverseTokenPurchase', 'confirmKeyChange'] as const;

  it.each(ops)('%s: successful is final and delivered', (op) => {
    expect(adviceVerdict(ok, op)).toMatchObject({ final: true, delivered: true, reconcile: false, alert: false });
  });
  it.each(ops)('%s: a 202 whose body is not JSON, not a BasicAdvice or too large is still delivered', (op) => {
    expect(adviceVerdict(unknownOf('invalid-body', 202), op)).toMatchObject({ final: true, delivered: true, reconcile: false });
    expect(adviceVerdict(unknownOf('invalid-body', 200), op)).toMatchObject({ final: true, delivered: true });
  });
  it.each(ops)('%s: DUPLICATE_RECORD means already delivered', (op) => {
    expect(adviceVerdict(dup, op)).toMatchObject({ final: true, delivered: true, reconcile: false });
  });
  it('404 UNABLE_TO_LOCATE_RECORD to a reversal: final, and says there was nothing to reverse (the outbox checks the journal)', () => {
    expect(adviceVerdict(notFound, 'reverseTokenPurchase')).toMatchObject({ final: true, delivered: false, nothingToReverse: true });
    expect(adviceVerdict(failed(400, 'UNABLE_TO_LOCATE_RECORD'), 'reverseTokenPurchase')).toMatchObject({ final: true, nothingToReverse: true });
  });
  it.each(['confirmTokenPurchase', 'confirmKeyChange'] as const)('404 to %s: final and flagged for reconciliation', (op) => {
    const verdict = adviceVerdict(notFound, op);
    expect(verdict).toMatchObject({ final: true, delivered: false, reconcile: true });
    expect(verdict.nothingToReverse).toBeUndefined();
  });
  it.each(ops)('%s: a 404 that is not the upstream saying "no such record" (a proxy, a wrong path) is repeated with an alert', (op) => {
    expect(adviceVerdict(failed(404), op)).toMatchObject({ final: false, alert: true });
  });
  it.each(ops)('%s: "not now" and "not you" answers are repeated with an alert, never final', (op) => {
    for (const status of [301, 302, 307, 401, 403, 407, 408, 425, 429, 502, 503, 505]) {
      expect(adviceVerdict(failed(status, 'GENERAL_ERROR'), op), String(status)).toMatchObject({ final: false, delivered: false, alert: true });
    }
    for (const errorType of [undefined, 'UPSTREAM_UNAVAILABLE', 'SYSTEM_MALFUNCTION', 'OUTCOME_UNKNOWN', 'ROUTING_ERROR']) {
      expect(adviceVerdict(failed(400, errorType), op), String(errorType)).toMatchObject({ final: false, alert: true });
    }
  });
  it.each(ops)('%s: true refusals are final and flagged', (op) => {
    for (const errorType of ['ACCOUNT_ALREADY_SETTLED', 'FORMAT_ERROR', 'GENERAL_ERROR', 'INVALID_AMOUNT', 'TRANSACTION_NOT_SUPPORTED']) {
      expect(adviceVerdict(failed(400, errorType), op), errorType).toMatchObject({ final: true, delivered: false, reconcile: true });
    }
    expect(adviceVerdict(failed(501), op)).toMatchObject({ final: true, reconcile: true });
    expect(adviceVerdict(invalid, op)).toMatchObject({ final: true, reconcile: true });
  });
  it.each(ops)('%s: unknown outcomes and unsent requests are repeated without an alert of their own', (op) => {
    for (const reason of ['server-error', 'gateway-timeout', 'timeout', 'connection', 'invalid-body'] as const) {
      expect(adviceVerdict(unknownOf(reason), op)).toMatchObject({ final: false, delivered: false, alert: false });
    }
    expect(adviceVerdict(notSent, op)).toMatchObject({ final: false, delivered: false, alert: false });
  });
});
