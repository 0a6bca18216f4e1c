import { describe, expect, it } from 'vitest';
import { adviceVerdict, classifyAnswer, purchaseAnswer, statusAnswer, type Outcome } from '../outcome';

const accept = (json: unknown) => ({ ok: true as const, value: json });
/** An answer as the client receives it, classified the one way the client does. */
const answer = (status: number, body?: unknown, contentType = 'application/json'): Outcome<unknown> =>
  classifyAnswer({ status, bodyText: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body), contentType }, accept);
const detail = (errorType: string) => ({ id: 'c0ffee', errorType, errorMessage: 'x', requestType: 'PURCHASE_REQUEST' });
const unknownOf = (reason: 'server-error' | 'gateway-timeout' | 'timeout' | 'connection' | 'invalid-body', status?: number): Outcome<unknown> => ({
  kind: 'unknown',
  reason,
  message: '',
  ...(status !== undefined ? { status } : {}),
});
const notSent: Outcome<unknown> = { kind: 'failed', status: 0, reason: 'not-sent', message: 'ECONNREFUSED' };
const invalid: Outcome<unknown> = { kind: 'failed', status: 0, reason: 'invalid-request', message: 'bad' };
const proxyPage = answer(404, '<html><body>Not Found</body></html>', 'text/html');

const airtimeDeclines = [
  'INVALID_AMOUNT', 'INVALID_PRODUCT', 'INVALID_MERCHANT', 'OUT_OF_STOCK', 'INVALID_AN32_TOKEN', 'DO_NOT_HONOR', 'DECLINED_BY_MNO',
  'INVALID_MSISDN', 'INVALID_LOYALTY_CARD', 'INSUFFICIENT_FUNDS', 'INVALID_CARD_NUMBER', 'CARD_EXPIRED', 'INCORRECT_PIN',
  'PIN_ATTEMPTS_EXCEEDED', 'LIMIT_EXCEEDED',
];

describe('classifyAnswer marks a failure that had no body at all', () => {
  it('an empty 404 is marked, a 404 page or an ErrorDetail is not', () => {
    expect(answer(404)).toMatchObject({ kind: 'failed', status: 404, emptyBody: true });
    expect(proxyPage).not.toHaveProperty('emptyBody');
    expect(answer(404, detail('UNABLE_TO_LOCATE_RECORD'))).not.toHaveProperty('emptyBody');
  });
  it('a failure whose body was too large to read is not "empty"', () => {
    expect(classifyAnswer({ status: 404, bodyText: '', truncated: true }, accept)).not.toHaveProperty('emptyBody');
  });
});

describe('airtime purchase: purchaseAnswer(outcome, "purchase")', () => {
  it('a valid 201 is approved', () => {
    expect(purchaseAnswer({ kind: 'successful', status: 201, body: {} }, 'purchase')).toBe('approved');
  });
  it('500, 504, a timeout, a broken connection or an invalid 2xx body are in doubt', () => {
    for (const outcome of [answer(500, detail('GENERAL_ERROR')), answer(504), unknownOf('timeout'), unknownOf('connection'), unknownOf('invalid-body', 201)]) {
      expect(purchaseAnswer(outcome, 'purchase')).toBe('in-doubt');
    }
  });
  it('DUPLICATE_RECORD and OUTCOME_UNKNOWN are in doubt: the upstream has seen the id, or does not know', () => {
    expect(purchaseAnswer(answer(400, detail('DUPLICATE_RECORD')), 'purchase')).toBe('in-doubt');
    for (const status of [400, 404, 502, 503]) expect(purchaseAnswer(answer(status, detail('OUTCOME_UNKNOWN')), 'purchase')).toBe('in-doubt');
  });
  it('a 400 naming an airtime business decline is declined', () => {
    for (const errorType of airtimeDeclines) expect(purchaseAnswer(answer(400, detail(errorType)), 'purchase'), errorType).toBe('declined');
  });
  it('electricity-only declines are not airtime declines', () => {
    for (const errorType of ['UNKNOWN_METER_ID', 'NO_FREE_UNITS_DUE', 'AMOUNT_TOO_LOW']) {
      expect(purchaseAnswer(answer(400, detail(errorType)), 'purchase'), errorType).toBe('in-doubt');
    }
  });
  it('the message refused before processing is declined: FORMAT_ERROR, not sent, invalid, 401, 403, 501', () => {
    for (const errorType of ['FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'TRANSACTION_NOT_SUPPORTED']) expect(purchaseAnswer(answer(400, detail(errorType)), 'purchase')).toBe('declined');
    expect(purchaseAnswer(notSent, 'purchase')).toBe('declined');
    expect(purchaseAnswer(invalid, 'purchase')).toBe('declined');
    for (const status of [401, 403, 501]) expect(purchaseAnswer(answer(status), 'purchase')).toBe('declined');
  });
  it('anything that does not prove a refusal is in doubt: 503, 404, 429, a bare 400, GENERAL_ERROR, ACCOUNT_ALREADY_SETTLED', () => {
    for (const outcome of [answer(503, detail('UPSTREAM_UNAVAILABLE')), answer(404), proxyPage, answer(429), answer(400), answer(400, detail('GENERAL_ERROR')), answer(400, detail('SYSTEM_MALFUNCTION')), answer(400, detail('ACCOUNT_ALREADY_SETTLED')), answer(302)]) {
      expect(purchaseAnswer(outcome, 'purchase'), JSON.stringify(outcome)).toBe('in-doubt');
    }
  });
});

describe('airtime advices: adviceVerdict(outcome, "purchaseConfirmation" | "purchaseReversal")', () => {
  const ops = ['purchaseConfirmation', 'purchaseReversal'] as const;
  it.each(ops)('%s: a 202, with or without a readable body, is delivered', (op) => {
    expect(adviceVerdict({ kind: 'successful', status: 202, body: null }, op)).toMatchObject({ final: true, delivered: true, reconcile: false });
    expect(adviceVerdict(unknownOf('invalid-body', 202), op)).toMatchObject({ final: true, delivered: true });
  });
  it.each(ops)('%s: DUPLICATE_RECORD on a resend means already delivered', (op) => {
    expect(adviceVerdict(answer(400, detail('DUPLICATE_RECORD')), op)).toMatchObject({ final: true, delivered: true });
  });
  it('404 to a reversal: nothing to reverse, final — with an ErrorDetail or with no body, as Airtime documents', () => {
    for (const outcome of [answer(404, detail('UNABLE_TO_LOCATE_RECORD')), answer(404), answer(400, detail('UNABLE_TO_LOCATE_RECORD'))]) {
      expect(adviceVerdict(outcome, 'purchaseReversal')).toMatchObject({ final: true, delivered: false, reconcile: false, nothingToReverse: true });
    }
  });
  it('404 to a confirmation: failed, final, and flagged for reconciliation', () => {
    for (const outcome of [answer(404, detail('UNABLE_TO_LOCATE_RECORD')), answer(404)]) {
      const verdict = adviceVerdict(outcome, 'purchaseConfirmation');
      expect(verdict).toMatchObject({ final: true, delivered: false, reconcile: true });
      expect(verdict.nothingToReverse).toBeUndefined();
    }
  });
  it.each(ops)('%s: a 404 page from something in between (HTML, not the upstream) settles nothing: repeated with an alert', (op) => {
    expect(adviceVerdict(proxyPage, op)).toMatchObject({ final: false, alert: true });
    expect(adviceVerdict(answer(404, detail('UPSTREAM_UNAVAILABLE')), op)).toMatchObject({ final: false, alert: true });
  });
  it('ACCOUNT_ALREADY_SETTLED when a confirmation and a reversal cross: final, reconcile', () => {
    expect(adviceVerdict(answer(400, detail('ACCOUNT_ALREADY_SETTLED')), 'purchaseReversal')).toMatchObject({ final: true, delivered: false, reconcile: true, note: expect.stringContaining('already confirmed') });
    expect(adviceVerdict(answer(400, detail('ACCOUNT_ALREADY_SETTLED')), 'purchaseConfirmation')).toMatchObject({ final: true, delivered: false, reconcile: true, note: expect.stringContaining('already reversed') });
  });
  it.each(ops)('%s: not now / not you (401, 403, 429, 502, 503, a bare 400, UPSTREAM_UNAVAILABLE) repeats with an alert', (op) => {
    for (const outcome of [answer(401), answer(403), answer(429), answer(502), answer(503, detail('UPSTREAM_UNAVAILABLE')), answer(400), answer(400, detail('SYSTEM_MALFUNCTION'))]) {
      expect(adviceVerdict(outcome, op), JSON.stringify(outcome)).toMatchObject({ final: false, delivered: false, alert: true });
    }
  });
  it.each(ops)('%s: 500, 504, timeouts and unsent advices repeat quietly; an advice failing its own schema is refused', (op) => {
    for (const outcome of [answer(500), answer(504), unknownOf('timeout'), unknownOf('connection'), notSent]) {
      expect(adviceVerdict(outcome, op)).toMatchObject({ final: false, alert: false });
    }
    expect(adviceVerdict(invalid, op)).toMatchObject({ final: true, reconcile: true });
  });
  it.each(ops)('%s: a true refusal (FORMAT_ERROR, GENERAL_ERROR, 501) is final and flagged', (op) => {
    for (const outcome of [answer(400, detail('FORMAT_ERROR')), answer(400, detail('GENERAL_ERROR')), answer(501)]) {
      expect(adviceVerdict(outcome, op)).toMatchObject({ final: true, delivered: false, reconcile: true });
    }
  });
});

describe('statusAnswer: what purchaseStatus says about an unknown purchase', () => {
  it('200 (or 202, as Electrum\'s pack expects) with the rebuilt purchase: approved', () => {
    expect(statusAnswer({ kind: 'successful', status: 200, body: {} })).toBe('approved');
    expect(statusAnswer({ kind: 'successful', status: 202, body: {} })).toBe('approved');
  });
  it('an ErrorDetail with a business decline: declined', () => {
    for (const errorType of airtimeDeclines) expect(statusAnswer(answer(400, detail(errorType))), errorType).toBe('declined');
  });
  it('ACCOUNT_ALREADY_SETTLED (the purchase was reversed): declined, nothing was sold', () => {
    expect(statusAnswer(answer(400, detail('ACCOUNT_ALREADY_SETTLED')))).toBe('declined');
  });
  it('404 from the upstream: it never received the purchase', () => {
    expect(statusAnswer(answer(404, detail('UNABLE_TO_LOCATE_RECORD')))).toBe('not-received');
    expect(statusAnswer(answer(404))).toBe('not-received');
    expect(statusAnswer(answer(400, detail('UNABLE_TO_LOCATE_RECORD')))).toBe('not-received');
  });
  it('pending, 5xx, timeouts, a proxy\'s 404 page and refusals of the query itself: still unknown', () => {
    for (const outcome of [
      answer(400, detail('OUTCOME_UNKNOWN')), answer(404, detail('OUTCOME_UNKNOWN')), answer(400, detail('UPSTREAM_UNAVAILABLE')), answer(500), answer(504),
      answer(503, detail('UPSTREAM_UNAVAILABLE')), unknownOf('timeout'), unknownOf('connection'), unknownOf('invalid-body', 200), proxyPage,
      answer(400, detail('FORMAT_ERROR')), answer(400, detail('DUPLICATE_RECORD')), answer(401), answer(429), answer(501), answer(400), notSent, invalid,
    ]) {
      expect(statusAnswer(outcome), JSON.stringify(outcome)).toBe('unknown');
    }
  });
});
