// The airtime client against the real airtime simulator over HTTP with Basic auth: every operation,
// the answer rules applied to what really came back, and the log of a real exchange.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { createAirtimeClient, type AirtimeClient, type AirtimeLogEntry } from './airtime-client';
import { adviceVerdict, purchaseAnswer, statusAnswer, type Outcome } from '../../shared/protocol/outcome';
import { buildAirtimeConfirmation, buildAirtimePurchaseRequest, buildAirtimeReversal } from '../../shared/protocol/airtime/envelope';
import type { AirtimePurchaseRequest, AirtimePurchaseResponse } from '../../shared/protocol/airtime/schemas';
import { cashTender, TRAINING_TERMINAL } from '../../shared/protocol/envelope';

const credentials = { username: 'till-3', password: 'Air-t1me!' };
const now = () => new Date().toISOString();
const CUSTOMER = '27821234567';

function airtimePurchase(productId: string, recipient: string | undefined, amount: number, variable = false): AirtimePurchaseRequest {
  return buildAirtimePurchaseRequest(TRAINING_TERMINAL, {
    id: randomUUID(),
    time: now(),
    product: { productId },
    ...(recipient ? { recipientMsisdn: recipient } : {}),
    ...(variable ? { requestAmount: amount } : {}),
    tenders: [cashTender({ amount, currency: '710' })],
  });
}
const confirmationOf = (purchase: AirtimePurchaseRequest, response?: AirtimePurchaseResponse) =>
  buildAirtimeConfirmation({ id: randomUUID(), time: now(), purchase, ...(response ? { response } : {}), tenders: purchase.tenders ?? [] });
const reversalOf = (purchase: AirtimePurchaseRequest) => buildAirtimeReversal({ id: randomUUID(), time: now(), purchase, reason: 'CANCELLED' });

function sold<T>(outcome: Outcome<T>): T {
  if (outcome.kind !== 'successful') throw new Error(`expected success, got ${outcome.kind}: ${outcome.message}`);
  return outcome.body;
}

describe('airtime client against the airtime simulator', () => {
  let sim: RunningSimulator;
  let logs: AirtimeLogEntry[] = [];
  let client: AirtimeClient;

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${sim.origin}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.text();
    return text ? (JSON.parse(text) as unknown) : null;
  }
  const seen = async () =>
    ((await control('GET', '/_sim/requests')) as Array<{ service?: string; operation: string; method: string; path: string; status: number }>).filter((r) => r.service === 'airtime');

  beforeAll(async () => {
    sim = await startSimulator({ credentials, timeoutMeterDelayMs: 400 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    logs = [];
    await control('POST', '/_sim/reset');
    client = createAirtimeClient({ baseUrl: sim.airtimeBaseUrl, credentials, training: true, log: (e) => logs.push(e) });
  });

  it('lists the products for a channel, with operator, type, price, validity and channels', async () => {
    const products = sold(await client.listProducts('POS'));
    const r10 = products.find((p) => p.productId === 'VODAAT10');
    expect(r10).toMatchObject({ type: 'AIRTIME_FIXED', isDirectTopup: false, operator: { name: 'Vodacom' }, productValues: [{ amount: 1000, currency: '710' }] });
    expect(r10?.channels?.[0]?.channelName).toBe('POS');
    expect(products.find((p) => p.productId === 'MTNTOPUP')).toMatchObject({ type: 'AIRTIME_VARIABLE', isDirectTopup: true });
    expect((await seen()).map((r) => [r.operation, r.method, r.path])).toEqual([['listProducts', 'GET', '/airtime/v5/products?channelName=POS']]);
  });

  it('an upstream without a catalogue answers listProducts with 501: failed, for the till to fall back on its own list', async () => {
    await control('POST', '/_sim/faults', { operation: 'listProducts', fault: 'status', status: 501, errorType: 'FUNCTION_NOT_SUPPORTED' });
    expect(await client.listProducts()).toMatchObject({ kind: 'failed', status: 501, error: { errorType: 'FUNCTION_NOT_SUPPORTED' } });
  });

  it('looks up a number\'s network; a number in the local 0… form is refused before anything is sent', async () => {
    const info = sold(await client.lookupMsisdn({ msisdn: CUSTOMER }));
    expect(info.msisdn?.operator?.name).toBe('Vodacom');
    expect(await client.lookupMsisdn({ msisdn: '0821234567' })).toMatchObject({ kind: 'failed', status: 0, reason: 'invalid-request' });
    expect(await client.lookupMsisdn({ msisdn: '27820000102' })).toMatchObject({ kind: 'failed', status: 400, error: { errorType: 'INVALID_MSISDN' } });
    expect((await seen()).map((r) => r.operation)).toEqual(['lookupMsisdn', 'lookupMsisdn']);
  });

  it('sells a PIN voucher, confirms it, and the status query finds it approved with the same PIN', async () => {
    const request = airtimePurchase('VODAAT10', CUSTOMER, 1000);
    const outcome = await client.purchase(request);
    expect(purchaseAnswer(outcome, 'purchase')).toBe('approved');
    const response = sold(outcome);
    expect(response.id).toBe(request.id);
    expect(response.voucher?.pin).toMatch(/^[0-9]{12}$/);
    expect(response.voucher?.serialNumber).toBeTruthy();

    const confirmed = await client.purchaseConfirmation(confirmationOf(request, response));
    expect(confirmed).toMatchObject({ kind: 'successful', status: 202 });
    expect(adviceVerdict(confirmed, 'purchaseConfirmation')).toMatchObject({ final: true, delivered: true });

    const status = await client.purchaseStatus({ originalMsgId: request.id });
    expect(statusAnswer(status)).toBe('approved');
    expect(sold(status).voucher?.pin).toBe(response.voucher?.pin);

    // No path ids: the advice names the purchase in its body.
    expect((await seen()).map((r) => [r.operation, r.method, r.path, r.status])).toEqual([
      ['purchase', 'POST', '/airtime/v5/purchases', 201],
      ['purchaseConfirmation', 'POST', '/airtime/v5/purchases/confirmations', 202],
      ['purchaseStatus', 'GET', `/airtime/v5/purchases/status?originalMsgId=${request.id}`, 202],
    ]);
  });

  it('the log of a real exchange never shows the PIN, the whole phone number or the password', async () => {
    const request = airtimePurchase('MTNAT29', '27831234567', 2900);
    const response = sold(await client.purchase(request));
    await client.purchaseStatus({ originalMsgId: request.id });
    await client.lookupMsisdn({ msisdn: '27831234567' });
    const pin = response.voucher?.pin ?? '';
    expect(pin).toMatch(/^[0-9]{16}$/);
    const text = JSON.stringify(logs);
    expect(logs.some((e) => e.event === 'response' && e.operation === 'purchase')).toBe(true);
    for (const secret of [pin, '27831234567', credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(response.voucher?.serialNumber ?? 'serial');
    expect(text).toContain('2783*****67');
  });

  it('a variable-price direct top-up sends requestAmount and comes back without a voucher', async () => {
    const request = airtimePurchase('VODATOPUP', CUSTOMER, 2500, true);
    expect(request.amounts?.requestAmount).toEqual({ amount: 2500, currency: '710' });
    const response = sold(await client.purchase(request));
    expect(response.voucher).toBeUndefined();
    expect(response.product.isDirectTopup).toBe(true);
    const tooMuch = await client.purchase(airtimePurchase('VODATOPUP', CUSTOMER, 999_999_00, true));
    expect(tooMuch).toMatchObject({ kind: 'failed', status: 400, error: { errorType: 'INVALID_AMOUNT' } });
    expect(purchaseAnswer(tooMuch, 'purchase')).toBe('declined');
  });

  it('each drill number\'s answer means what the rules say: business declines are declines; 503 and GENERAL_ERROR stay in doubt', async () => {
    const expected: Record<string, 'declined' | 'in-doubt'> = {
      '27820000101': 'declined', // DECLINED_BY_MNO
      '27820000102': 'declined', // INVALID_MSISDN
      '27820000103': 'declined', // OUT_OF_STOCK
      '27820000104': 'declined', // INSUFFICIENT_FUNDS
      '27820000105': 'declined', // LIMIT_EXCEEDED
      '27820000106': 'in-doubt', // 503 UPSTREAM_UNAVAILABLE: a gateway cannot prove nothing was done
      '27820000107': 'in-doubt', // GENERAL_ERROR does not say the purchase was refused
      '27820000108': 'declined', // DO_NOT_HONOR
    };
    for (const [msisdn, answer] of Object.entries(expected)) {
      const request = airtimePurchase('VODAAT10', msisdn, 1000);
      expect(purchaseAnswer(await client.purchase(request), 'purchase'), msisdn).toBe(answer);
      if (answer === 'declined') expect(statusAnswer(await client.purchaseStatus({ originalMsgId: request.id })), msisdn).toBe('declined');
    }
  });

  it('an unknown outcome (504) that was sold: in doubt, then the status query finds the voucher', async () => {
    const request = airtimePurchase('VODAAT5', '27820000201', 500);
    const outcome = await client.purchase(request);
    expect(outcome).toMatchObject({ kind: 'unknown', status: 504 });
    expect(purchaseAnswer(outcome, 'purchase')).toBe('in-doubt');
    const status = await client.purchaseStatus({ originalMsgId: request.id });
    expect(statusAnswer(status)).toBe('approved');
    expect(sold(status).voucher?.pin).toMatch(/^[0-9]{12}$/);
  });

  it('an unknown outcome that stays pending: status unknown, the reversal is delivered, then status says it is settled (nothing sold)', async () => {
    const request = airtimePurchase('VODAAT5', '27820000202', 500);
    expect(purchaseAnswer(await client.purchase(request), 'purchase')).toBe('in-doubt');
    expect(statusAnswer(await client.purchaseStatus({ originalMsgId: request.id }))).toBe('unknown');
    const reversed = await client.purchaseReversal(reversalOf(request));
    expect(adviceVerdict(reversed, 'purchaseReversal')).toMatchObject({ final: true, delivered: true });
    expect(statusAnswer(await client.purchaseStatus({ originalMsgId: request.id }))).toBe('declined');
  });

  it('a purchase that never arrived: status not-received, the reversal has nothing to reverse and blocks the purchase should it arrive late', async () => {
    const request = airtimePurchase('VODAAT10', CUSTOMER, 1000);
    expect(statusAnswer(await client.purchaseStatus({ originalMsgId: request.id }))).toBe('not-received');
    const reversed = await client.purchaseReversal(reversalOf(request));
    expect(reversed).toMatchObject({ kind: 'failed', status: 404 });
    expect(adviceVerdict(reversed, 'purchaseReversal')).toMatchObject({ final: true, delivered: false, reconcile: false, nothingToReverse: true });
    const late = await client.purchase(request);
    expect(late).toMatchObject({ kind: 'failed', status: 400 });
    expect(purchaseAnswer(late, 'purchase')).not.toBe('approved');
  });

  it('a confirmation of a purchase the upstream does not know fails for good and is flagged', async () => {
    const request = airtimePurchase('VODAAT10', CUSTOMER, 1000);
    const confirmed = await client.purchaseConfirmation(confirmationOf(request));
    expect(confirmed).toMatchObject({ kind: 'failed', status: 404 });
    expect(adviceVerdict(confirmed, 'purchaseConfirmation')).toMatchObject({ final: true, delivered: false, reconcile: true });
  });

  it('a confirmation and a reversal that cross: ACCOUNT_ALREADY_SETTLED, final, reconcile', async () => {
    const request = airtimePurchase('CELLAT10', '27841234567', 1000);
    const response = sold(await client.purchase(request));
    expect(adviceVerdict(await client.purchaseReversal(reversalOf(request)), 'purchaseReversal')).toMatchObject({ final: true, delivered: true });
    const late = await client.purchaseConfirmation(confirmationOf(request, response));
    expect(late).toMatchObject({ kind: 'failed', status: 400, error: { errorType: 'ACCOUNT_ALREADY_SETTLED' } });
    expect(adviceVerdict(late, 'purchaseConfirmation')).toMatchObject({ final: true, delivered: false, reconcile: true });
  });

  it('a trial answers what a purchase would, issues nothing, and stores nothing', async () => {
    const request = airtimePurchase('TELKAT10', '27811234567', 1000);
    const trial = sold(await client.purchaseTrial(request));
    expect(trial.id).toBe(request.id);
    expect(trial.voucher).toBeUndefined();
    expect(statusAnswer(await client.purchaseStatus({ originalMsgId: request.id }))).toBe('not-received');
  });

  it('a request that fails its own schema is never sent', async () => {
    const bad = { ...airtimePurchase('VODAAT10', CUSTOMER, 1000), id: 'not-a-uuid' };
    expect(await client.purchase(bad)).toMatchObject({ kind: 'failed', status: 0, reason: 'invalid-request' });
    expect(await client.purchaseStatus({ originalMsgId: 'not-a-uuid' })).toMatchObject({ kind: 'failed', status: 0, reason: 'invalid-request' });
    expect(purchaseAnswer(await client.purchase(bad), 'purchase')).toBe('declined');
    expect(await seen()).toEqual([]);
  });

  it('no answer within the purchase\'s timeout is unknown; the status query then finds it sold', async () => {
    const slow = createAirtimeClient({ baseUrl: sim.airtimeBaseUrl, credentials, training: true, timeoutsMs: { purchase: 150 } });
    const request = airtimePurchase('VODAAT10', '27820000203', 1000);
    const outcome = await slow.purchase(request);
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'timeout' });
    expect(purchaseAnswer(outcome, 'purchase')).toBe('in-doubt');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(statusAnswer(await slow.purchaseStatus({ originalMsgId: request.id }))).toBe('approved');
  });

  it('wrong credentials: 401, and a purchase refused at the door is declined (nothing processed)', async () => {
    const wrong = createAirtimeClient({ baseUrl: sim.airtimeBaseUrl, credentials: { username: 'till-3', password: 'nope' }, training: true });
    const outcome = await wrong.purchase(airtimePurchase('VODAAT10', CUSTOMER, 1000));
    expect(outcome).toMatchObject({ kind: 'failed', status: 401 });
    expect(purchaseAnswer(outcome, 'purchase')).toBe('declined');
    expect(adviceVerdict(await wrong.purchaseReversal(reversalOf(airtimePurchase('VODAAT10', CUSTOMER, 1000))), 'purchaseReversal')).toMatchObject({ final: false, alert: true });
  });
});
