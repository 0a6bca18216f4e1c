// Every operation and every fault kind, client against the real simulator, over HTTP and over TLS
// with the simulator's generated CA, with Basic auth enforced.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { TRAINING_METERS } from '../sim/meters';
import { createUpstreamClient, type UpstreamClient, type UpstreamLogEntry } from './client';
import { adviceVerdict } from '../../shared/protocol/outcome';
import type { OperationId } from '../../shared/protocol/operations';
import type { PurchaseResponse } from '../../shared/protocol/schemas';
import { confirmation, faultReport, keyChange, keyChangeConfirmation, lookup, purchase, reprint, reversal } from './test-helpers';

const credentials = { username: 'cashier-7', password: 'Tr41ning!' };

async function control(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.origin}${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

function sold(outcome: Awaited<ReturnType<UpstreamClient['createTokenPurchaseRequest']>>): PurchaseResponse {
  if (outcome.kind !== 'successful') throw new Error(`expected a sale, got ${outcome.kind}: ${'message' in outcome ? outcome.message : ''}`);
  return outcome.body;
}

describe.each([
  { transport: 'http', tls: false },
  { transport: 'https', tls: true },
])('over $transport', ({ tls }) => {
  let sim: RunningSimulator;
  let logs: UpstreamLogEntry[] = [];
  let c: UpstreamClient;
  beforeAll(async () => {
    sim = await startSimulator({ tls, credentials, timeoutMeterDelayMs: 100 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    logs = [];
    // Control endpoints are plain fetch; over TLS they need the CA, so reset through a trusted agent.
    if (!tls) await control(sim, 'POST', '/_sim/reset');
    c = createUpstreamClient({
      baseUrl: sim.baseUrl,
      credentials,
      ...(sim.caPem ? { caPem: sim.caPem } : {}),
      training: true,
      timeoutsMs: { createTokenPurchaseRequest: 2_000 },
      log: (e) => logs.push(e),
    });
  });

  it('meter lookup, purchase, confirmation', async () => {
    const found = await c.createMeterLookup(lookup(TRAINING_METERS.standard));
    expect(found).toMatchObject({ kind: 'successful', status: 201, body: { minAmount: { amount: 1000 }, bsstDue: false } });
    const request = purchase(TRAINING_METERS.standard, 25000);
    const sale = sold(await c.createTokenPurchaseRequest(request));
    expect(sale.tokens[0]).toMatchObject({ tokenType: 'STD' });
    expect(sale.tokens[0]?.tariffCalc?.length).toBeGreaterThan(0);
    expect(await c.confirmTokenPurchase(request.id, confirmation(request))).toMatchObject({ kind: 'successful', status: 202 });
  });

  it('retry after a 504 (TST011) returns tokens, and the same tokens every time', async () => {
    const request = purchase('TST011', 10000);
    expect(await c.createTokenPurchaseRequest(request)).toMatchObject({ kind: 'unknown', status: 504, reason: 'gateway-timeout' });
    const retryBody = { ...request, id: randomUUID() };
    const first = sold(await c.retryPurchaseRequest(request.id, retryBody));
    const second = sold(await c.retryPurchaseRequest(request.id, { ...request, id: randomUUID() }));
    expect(first.id).toBe(retryBody.id);
    expect(second.tokens.map((t) => t.token)).toEqual(first.tokens.map((t) => t.token));
    expect(await c.confirmTokenPurchase(request.id, confirmation(request))).toMatchObject({ kind: 'successful' });
  });

  it('reversal of a known purchase is accepted', async () => {
    const request = purchase('TST001', 10000);
    sold(await c.createTokenPurchaseRequest(request));
    const reversed = await c.reverseTokenPurchase(request.id, reversal(request));
    expect(adviceVerdict(reversed, 'reverseTokenPurchase')).toMatchObject({ final: true, delivered: true });
  });

  it('trial shows charges without vending', async () => {
    const trial = await c.trialTokenPurchaseRequest(purchase(TRAINING_METERS.serviceCharges, 20000));
    expect(trial).toMatchObject({ kind: 'successful', status: 200 });
    if (trial.kind !== 'successful') return;
    expect(trial.body.serviceCharges).toHaveLength(2);
    expect(trial.body.tokens.every((t) => t.token === '0'.repeat(20))).toBe(true);
  });

  it('reprint returns the last token of the meter, or the one named by originalRef', async () => {
    const first = sold(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.standard, 5000)));
    const second = sold(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.standard, 7000)));
    const last = await c.requestTokenReprint(reprint(TRAINING_METERS.standard));
    expect(last.kind === 'successful' && last.body.tokens[0]?.token).toBe(second.tokens[0]?.token);
    const named = await c.requestTokenReprint(reprint(TRAINING_METERS.standard, first.tokens[0]?.receiptNum));
    expect(named.kind === 'successful' && named.body.tokens[0]?.token).toBe(first.tokens[0]?.token);
    const none = await c.requestTokenReprint(reprint(TRAINING_METERS.keyChange));
    expect(none).toMatchObject({ kind: 'failed', status: 400, error: { errorType: 'UNABLE_TO_LOCATE_RECORD' } });
  });

  it('key change request and its confirmation', async () => {
    const request = keyChange(TRAINING_METERS.keyChange);
    const kct = await c.createKeyChangeTokenRequest(request);
    expect(kct).toMatchObject({ kind: 'successful', status: 201 });
    if (kct.kind !== 'successful') return;
    expect(kct.body.tokens.map((t) => t.tokenType)).toEqual(['KC', 'KC']);
    expect(kct.body.meter?.keyChangeData?.newSupplyGroupCode).toBe('600124');
    const advice = keyChangeConfirmation(request);
    const confirmed = await c.confirmKeyChange(request.id, advice);
    expect(confirmed).toMatchObject({ kind: 'successful', status: 202, body: { id: advice.id, requestId: request.id } });
    const unknown = keyChangeConfirmation(keyChange(TRAINING_METERS.keyChange));
    const missing = await c.confirmKeyChange(unknown.requestId, unknown);
    expect(adviceVerdict(missing, 'confirmKeyChange')).toMatchObject({ final: true, reconcile: true });
  });

  it('fault report', async () => {
    const request = faultReport('TST006');
    const report = await c.createFaultReport(request);
    expect(report).toMatchObject({ kind: 'successful', status: 201, body: { reference: `${request.time}${request.originator.terminalId}` } });
  });

  it('notification of a purchase', async () => {
    const request = purchase('TST001', 10000);
    const sale = sold(await c.createTokenPurchaseRequest(request));
    expect(await c.notifyTokenPurchase(request.id, sale)).toEqual({ kind: 'successful', status: 202, body: null });
  });

  it('no credentials: 401, failed', async () => {
    const anonymous = createUpstreamClient({ baseUrl: sim.baseUrl, ...(sim.caPem ? { caPem: sim.caPem } : {}), training: true });
    expect(await anonymous.createMeterLookup(lookup('TST001'))).toMatchObject({ kind: 'failed', status: 401 });
  });

  it('card numbers and credentials never reach the log', async () => {
    const request = { ...purchase('TST001', 10000), tenders: [{ amount: { amount: 10000, currency: '710' }, tenderType: 'CREDIT_CARD' as const, cardNumber: '4111111111111111' }] };
    sold(await c.createTokenPurchaseRequest(request));
    const text = JSON.stringify(logs);
    expect(text).toContain('411111******1111');
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain(credentials.password);
    expect(text).not.toContain(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
  });
});

describe('TLS verification', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ tls: true });
  });
  afterAll(async () => {
    await sim.close();
  });
  it('without the CA the certificate is refused and nothing is sent', async () => {
    const c = createUpstreamClient({ baseUrl: sim.baseUrl });
    const outcome = await c.createMeterLookup(lookup('TST001'));
    expect(outcome).toMatchObject({ kind: 'failed', status: 0, reason: 'not-sent' });
  });
  it('training may skip verification explicitly', async () => {
    const c = createUpstreamClient({ baseUrl: sim.baseUrl, training: true, allowInsecureTls: true });
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ kind: 'successful' });
  });
});

describe('faults and hostile answers (plain HTTP)', () => {
  let sim: RunningSimulator;
  let logs: UpstreamLogEntry[] = [];
  let c: UpstreamClient;
  const fault = (body: Record<string, unknown>) => control(sim, 'POST', '/_sim/faults', body);
  beforeAll(async () => {
    sim = await startSimulator({ timeoutMeterDelayMs: 50 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    logs = [];
    await control(sim, 'POST', '/_sim/reset');
    c = createUpstreamClient({ baseUrl: sim.baseUrl, training: true, timeoutsMs: { createMeterLookup: 300 }, maxResponseBytes: 1024 * 1024, log: (e) => logs.push(e) });
  });

  const every: OperationId[] = [
    'createMeterLookup', 'createTokenPurchaseRequest', 'retryPurchaseRequest', 'confirmTokenPurchase', 'reverseTokenPurchase',
    'trialTokenPurchaseRequest', 'requestTokenReprint', 'createKeyChangeTokenRequest', 'confirmKeyChange', 'createFaultReport', 'notifyTokenPurchase',
  ];

  /** Sends one request of the operation, after setting up what it needs (unfaulted). */
  async function callOperation(op: OperationId) {
    const p = purchase('TST001', 10000);
    const k = keyChange('TST006');
    switch (op) {
      case 'createMeterLookup': return c.createMeterLookup(lookup('TST001'));
      case 'createTokenPurchaseRequest': return c.createTokenPurchaseRequest(p);
      case 'retryPurchaseRequest': return c.retryPurchaseRequest(p.id, p);
      case 'confirmTokenPurchase': sold(await c.createTokenPurchaseRequest(p)); return c.confirmTokenPurchase(p.id, confirmation(p));
      case 'reverseTokenPurchase': sold(await c.createTokenPurchaseRequest(p)); return c.reverseTokenPurchase(p.id, reversal(p));
      case 'trialTokenPurchaseRequest': return c.trialTokenPurchaseRequest(p);
      case 'requestTokenReprint': sold(await c.createTokenPurchaseRequest(p)); return c.requestTokenReprint(reprint('TST001'));
      case 'createKeyChangeTokenRequest': return c.createKeyChangeTokenRequest(k);
      case 'confirmKeyChange': await c.createKeyChangeTokenRequest(k); return c.confirmKeyChange(k.id, keyChangeConfirmation(k));
      case 'createFaultReport': return c.createFaultReport(faultReport('TST006'));
      case 'notifyTokenPurchase': return c.notifyTokenPurchase(p.id, sold(await c.createTokenPurchaseRequest(p)));
    }
  }

  it.each(every)('%s: status 503 → failed, 500 → unknown, drop → unknown, malformed → unknown (an advice: delivered), delay → answered', async (op) => {
    await fault({ operation: op, fault: 'status', status: 503, times: 1 });
    expect(await callOperation(op)).toMatchObject({ kind: 'failed', status: 503 });
    await fault({ operation: op, fault: 'status', status: 500, times: 1 });
    expect(await callOperation(op)).toMatchObject({ kind: 'unknown', status: 500, reason: 'server-error' });
    await fault({ operation: op, fault: 'drop', times: 1 });
    expect(await callOperation(op)).toMatchObject({ kind: 'unknown', reason: 'connection' });
    await fault({ operation: op, fault: 'malformed', times: 1 });
    const isAdvice = op === 'confirmTokenPurchase' || op === 'reverseTokenPurchase' || op === 'confirmKeyChange';
    // For an advice the 2xx status is the answer; its body is not needed.
    expect(await callOperation(op)).toMatchObject(isAdvice ? { kind: 'successful', body: null } : { kind: 'unknown', reason: 'invalid-body' });
    await fault({ operation: op, fault: 'delay', delayMs: 50, times: 1 });
    expect(await callOperation(op)).toMatchObject({ kind: 'successful' });
  });

  it.each(['not-json', 'html', 'wrong-types', 'no-tokens', 'empty', 'huge'] as const)(
    'a 201 purchase with a %s body is unknown with a clear message and no token',
    async (variant) => {
      await fault({ operation: 'createTokenPurchaseRequest', fault: 'malformed', variant, times: 1 });
      const outcome = await c.createTokenPurchaseRequest(purchase('TST001', 10000));
      expect(outcome).toMatchObject({ kind: 'unknown', status: 201, reason: 'invalid-body' });
      expect(outcome.kind === 'unknown' && outcome.message).toMatch(/invalid body \(.+\)/);
      expect(outcome).not.toHaveProperty('body');
    },
  );

  it('a request that outlives its timeout is unknown; the late answer is logged and ignored', async () => {
    await fault({ operation: 'createMeterLookup', fault: 'delay', delayMs: 600, times: 1 });
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ kind: 'unknown', reason: 'timeout' });
    await new Promise((r) => setTimeout(r, 500));
    expect(logs.some((e) => e.event === 'late-response' && e.status === 201)).toBe(true);
  });

  it('fault "times" counts down and DELETE clears the rest', async () => {
    await fault({ operation: 'createMeterLookup', fault: 'status', status: 503, times: 2 });
    await fault({ operation: '*', fault: 'status', status: 502 });
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ status: 503 });
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ status: 503 });
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ status: 502 });
    await control(sim, 'DELETE', '/_sim/faults');
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ kind: 'successful' });
  });

  it('an invalid fault is refused', async () => {
    const res = await fetch(`${sim.origin}/_sim/faults`, { method: 'POST', body: JSON.stringify({ operation: 'x', fault: 'status' }) });
    expect(res.status).toBe(400);
  });

  it('an invalid request is never sent', async () => {
    const bad = { ...purchase('TST001', 10000), id: 'not-a-uuid' };
    expect(await c.createTokenPurchaseRequest(bad)).toMatchObject({ kind: 'failed', status: 0, reason: 'invalid-request' });
    const p = purchase('TST001', 10000);
    expect(await c.confirmTokenPurchase(randomUUID(), confirmation(p))).toMatchObject({ kind: 'failed', reason: 'invalid-request' });
    expect(await control(sim, 'GET', '/_sim/requests')).toEqual([]);
  });

  it('a refused connection is failed/not-sent (nothing reached the upstream)', async () => {
    const closed = await startSimulator();
    const url = closed.baseUrl;
    await closed.close();
    const outcome = await createUpstreamClient({ baseUrl: url, training: true }).createMeterLookup(lookup('TST001'));
    expect(outcome).toMatchObject({ kind: 'failed', status: 0, reason: 'not-sent' });
  });

  it('a redirect is not followed', async () => {
    await fault({ operation: 'createMeterLookup', fault: 'status', status: 302, times: 1 });
    expect(await c.createMeterLookup(lookup('TST001'))).toMatchObject({ kind: 'failed', status: 302 });
    expect(((await control(sim, 'GET', '/_sim/requests')) as unknown[]).length).toBe(1);
  });
});

describe('protocol rules of the simulator, through the client', () => {
  let sim: RunningSimulator;
  let accepting: RunningSimulator;
  beforeAll(async () => {
    [sim, accepting] = await Promise.all([startSimulator(), startSimulator({ resendAdvice: 'accept' })]);
  });
  afterAll(async () => {
    await Promise.all([sim.close(), accepting.close()]);
  });
  const clientFor = (s: RunningSimulator) => createUpstreamClient({ baseUrl: s.baseUrl, training: true });

  it('a reused purchase id gets 400 DUPLICATE_RECORD', async () => {
    const c = clientFor(sim);
    const p = purchase('TST001', 10000);
    sold(await c.createTokenPurchaseRequest(p));
    expect(await c.createTokenPurchaseRequest(p)).toMatchObject({ kind: 'failed', status: 400, error: { errorType: 'DUPLICATE_RECORD' } });
  });

  it('a resent advice: 400 DUPLICATE_RECORD by default (already delivered), 202 when the switch says accept', async () => {
    for (const [s, status] of [[sim, 400], [accepting, 202]] as const) {
      const c = clientFor(s);
      const p = purchase('TST001', 10000);
      sold(await c.createTokenPurchaseRequest(p));
      const advice = confirmation(p);
      expect(await c.confirmTokenPurchase(p.id, advice)).toMatchObject({ status: 202 });
      const again = await c.confirmTokenPurchase(p.id, advice);
      expect(again.status).toBe(status);
      expect(adviceVerdict(again, 'confirmTokenPurchase')).toMatchObject({ final: true, delivered: true });
    }
  });

  it('an advice for an unknown purchase gets 404 UNABLE_TO_LOCATE_RECORD', async () => {
    const p = purchase('TST001', 10000);
    const outcome = await clientFor(sim).confirmTokenPurchase(p.id, confirmation(p));
    expect(outcome).toMatchObject({ kind: 'failed', status: 404, error: { errorType: 'UNABLE_TO_LOCATE_RECORD' } });
    expect(adviceVerdict(outcome, 'confirmTokenPurchase')).toMatchObject({ final: true, reconcile: true });
  });

  it('every purchase gets unique 20-digit tokens; Electrum meters keep their structure', async () => {
    const c = clientFor(sim);
    const a = sold(await c.createTokenPurchaseRequest(purchase('TST006', 10000)));
    const b = sold(await c.createTokenPurchaseRequest(purchase('TST006', 10000)));
    expect(a.tokens.map((t) => t.tokenType)).toEqual(['KC', 'KC', 'STD']);
    const all = [...a.tokens, ...b.tokens].map((t) => t.token);
    expect(new Set(all).size).toBe(6);
    expect(all.every((t) => /^[0-9]{20}$/.test(t))).toBe(true);
  });

  it.each([
    ['TST001', 10000, ['STD'], 0, 0],
    ['TST002', 0, ['BSST'], 0, 0],
    ['TST003', 10000, ['STD', 'BSST'], 0, 0],
    ['TST004', 10000, ['STD'], 0, 0],
    ['TST005', 5000, ['STD', 'REFUND'], 0, 0],
    ['TST006', 10000, ['KC', 'KC', 'STD'], 0, 0],
    ['TST007', 20000, ['STD'], 1, 1],
    ['TST008', 20000, ['STD'], 2, 0],
    ['TST009', 20000, ['STD'], 0, 2],
    ['TST010', 10000, ['STD'], 0, 0],
  ] as const)('%s: the client accepts the scenario and it keeps its structure', async (meterId, amount, types, debts, services) => {
    const c = clientFor(sim);
    expect(await c.createMeterLookup(lookup(meterId))).toMatchObject({ kind: 'successful', body: { minAmount: { amount }, maxAmount: { amount } } });
    const sale = sold(await c.createTokenPurchaseRequest(purchase(meterId, amount)));
    expect(sale.tokens.map((t) => t.tokenType)).toEqual(types);
    expect(sale.debtRecoveryCharges).toHaveLength(debts);
    expect(sale.serviceCharges).toHaveLength(services);
    expect(sale.utility).toMatchObject({ name: 'Electrum Test Server', message: 'This is a message to the customer' });
  });

  it("TST010's slip is served as v3 slipData.messageLines, with a token", async () => {
    const sale = sold(await clientFor(sim).createTokenPurchaseRequest(purchase('TST010', 10000)));
    expect(sale.slipData?.messageLines?.[0]).toMatchObject({ text: '---    Slip Line 1    ---', fontWidthScaleFactor: 2 });
    expect(sale.tokens).toHaveLength(1);
  });

  it('Electrum meters need the exact amount; unknown meters get UNKNOWN_METER_ID', async () => {
    const c = clientFor(sim);
    expect(await c.createTokenPurchaseRequest(purchase('TST001', 9999))).toMatchObject({ status: 400, error: { errorType: 'INVALID_AMOUNT' } });
    expect(await c.createMeterLookup(lookup('9999'))).toMatchObject({ status: 400, error: { errorType: 'UNKNOWN_METER_ID' } });
  });

  it.each([
    ['blocked', 'METER_ID_BLOCKED', 400, 'lookup'],
    ['utilityInvalid', 'UTILITY_INVALID', 400, 'lookup'],
    ['meterKeyInvalid', 'METER_KEY_INVALID', 400, 'purchase'],
    ['insufficientFunds', 'INSUFFICIENT_FUNDS', 400, 'purchase'],
    ['doNotHonor', 'DO_NOT_HONOR', 400, 'purchase'],
    ['transactionDeclined', 'TRANSACTION_DECLINED', 400, 'purchase'],
    ['limitExceeded', 'LIMIT_EXCEEDED', 400, 'purchase'],
    ['upstreamUnavailable', 'UPSTREAM_UNAVAILABLE', 503, 'purchase'],
  ] as const)('decline meter %s → %s', async (name, errorType, status, stage) => {
    const c = clientFor(sim);
    const meterId = TRAINING_METERS[name];
    const found = await c.createMeterLookup(lookup(meterId));
    if (stage === 'lookup') expect(found).toMatchObject({ kind: 'failed', status, error: { errorType } });
    else expect(found.kind).toBe('successful');
    expect(await c.createTokenPurchaseRequest(purchase(meterId, 5000))).toMatchObject({ kind: 'failed', status, error: { errorType } });
  });

  it('amount limits and free units on the standard meter', async () => {
    const c = clientFor(sim);
    expect(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.standard, 999))).toMatchObject({ error: { errorType: 'AMOUNT_TOO_LOW' } });
    expect(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.standard, 300001))).toMatchObject({ error: { errorType: 'AMOUNT_TOO_HIGH' } });
    expect(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.standard, 0))).toMatchObject({ error: { errorType: 'NO_FREE_UNITS_DUE' } });
  });

  it('free basic electricity is collected once', async () => {
    const c = clientFor(sim);
    expect(await c.createMeterLookup(lookup(TRAINING_METERS.freeBasic))).toMatchObject({ body: { bsstDue: true } });
    const free = sold(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.freeBasic, 0)));
    expect(free.tokens.map((t) => [t.tokenType, t.units])).toEqual([['BSST', 50]]);
    expect(await c.createMeterLookup(lookup(TRAINING_METERS.freeBasic))).toMatchObject({ body: { bsstDue: false } });
    expect(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.freeBasic, 0))).toMatchObject({ error: { errorType: 'NO_FREE_UNITS_DUE' } });
  });

  it('arrears are recovered from each purchase and the balance falls', async () => {
    const c = clientFor(sim);
    expect(await c.createMeterLookup(lookup(TRAINING_METERS.arrears))).toMatchObject({ body: { arrearsAmount: { amount: 150000 } } });
    const sale = sold(await c.createTokenPurchaseRequest(purchase(TRAINING_METERS.arrears, 20000)));
    const charge = sale.debtRecoveryCharges[0];
    expect((charge?.amount.amount ?? 0) + (charge?.amount.tax ?? 0)).toBe(5000);
    expect(charge?.balance?.amount).toBe(145000);
    const token = sale.tokens[0];
    expect((token?.amount.amount ?? 0) + (token?.amount.tax ?? 0)).toBe(15000);
  });

  it('the unknown-outcome meter vends, answers 504, and a retry returns the tokens', async () => {
    const c = clientFor(sim);
    const p = purchase(TRAINING_METERS.outcomeUnknown, 5000);
    expect(await c.createTokenPurchaseRequest(p)).toMatchObject({ kind: 'unknown', status: 504 });
    expect(sold(await c.retryPurchaseRequest(p.id, p)).tokens).toHaveLength(1);
  });
});
