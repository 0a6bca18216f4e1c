import { describe, expect, it } from 'vitest';
import { adviceVerdict, classifyAnswer, isJsonContentType, statusType, type BodyParse, type Outcome } from './outcome';

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

describe('adviceVerdict', () => {
  const ok: Outcome<unknown> = { kind: 'successful', status: 202, body: null };
  const dup: Outcome<unknown> = { kind: 'failed', status: 400, reason: 'declined', message: 'dup', error: { errorType: 'DUPLICATE_RECORD' } };
  const notFound: Outcome<unknown> = { kind: 'failed', status: 404, reason: 'declined', message: 'nf', error: { errorType: 'UNABLE_TO_LOCATE_RECORD' } };
  const settled: Outcome<unknown> = { kind: 'failed', status: 400, reason: 'declined', message: 'x', error: { errorType: 'ACCOUNT_ALREADY_SETTLED' } };
  const unavailable: Outcome<unknown> = { kind: 'failed', status: 503, reason: 'declined', message: '503' };
  const notSent: Outcome<unknown> = { kind: 'failed', status: 0, reason: 'not-sent', message: 'ECONNREFUSED' };
  const invalid: Outcome<unknown> = { kind: 'failed', status: 0, reason: 'invalid-request', message: 'bad' };
  const ops = ['confirmTokenPurchase', 'reverseTokenPurchase', 'confirmKeyChange'] as const;

  it.each(ops)('%s: successful is final and delivered', (op) => {
    expect(adviceVerdict(ok, op)).toMatchObject({ final: true, delivered: true, reconcile: false });
  });
  it.each(ops)('%s: DUPLICATE_RECORD means already delivered', (op) => {
    expect(adviceVerdict(dup, op)).toMatchObject({ final: true, delivered: true, reconcile: false });
  });
  it('404 to a reversal: final, nothing to reverse, not flagged', () => {
    expect(adviceVerdict(notFound, 'reverseTokenPurchase')).toMatchObject({ final: true, delivered: false, reconcile: false });
  });
  it.each(['confirmTokenPurchase', 'confirmKeyChange'] as const)('404 to %s: final and flagged for reconciliation', (op) => {
    expect(adviceVerdict(notFound, op)).toMatchObject({ final: true, delivered: false, reconcile: true });
  });
  it.each(ops)('%s: other failures are final and flagged', (op) => {
    expect(adviceVerdict(settled, op)).toMatchObject({ final: true, reconcile: true });
    expect(adviceVerdict(unavailable, op)).toMatchObject({ final: true, reconcile: true });
    expect(adviceVerdict(invalid, op)).toMatchObject({ final: true, reconcile: true });
  });
  it.each(ops)('%s: unknown outcomes and unsent requests are repeated', (op) => {
    for (const reason of ['server-error', 'gateway-timeout', 'timeout', 'connection', 'invalid-body'] as const) {
      expect(adviceVerdict({ kind: 'unknown', reason, message: '' }, op)).toMatchObject({ final: false, delivered: false });
    }
    expect(adviceVerdict(notSent, op)).toMatchObject({ final: false, delivered: false });
  });
});
