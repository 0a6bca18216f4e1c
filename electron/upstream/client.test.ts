import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { createUpstreamClient, UpstreamConfigError, type UpstreamLogEntry } from './client';
import { adviceVerdict } from '../../shared/protocol/outcome';
import { confirmation, lookup, purchase, reversal } from './test-helpers';

const credentials = { username: 'pos', password: 's3cret-Pa55' };

async function control(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.origin}${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

describe('upstream client against the simulator (plain HTTP, Basic auth)', () => {
  let sim: RunningSimulator;
  const logs: UpstreamLogEntry[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ credentials, timeoutMeterDelayMs: 50 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    logs.length = 0;
    await control(sim, 'POST', '/_sim/reset');
  });
  const client = () => createUpstreamClient({ baseUrl: sim.baseUrl, credentials, training: true, log: (e) => logs.push(e) });

  it('sells a token: lookup → purchase → confirm', async () => {
    const c = client();
    const found = await c.createMeterLookup(lookup('TST001'));
    expect(found.kind).toBe('successful');
    if (found.kind !== 'successful') return;
    expect(found.status).toBe(201);
    expect(found.body.minAmount?.amount).toBe(10000);

    const request = purchase('TST001', 10000);
    const sold = await c.createTokenPurchaseRequest(request);
    expect(sold.kind).toBe('successful');
    if (sold.kind !== 'successful') return;
    expect(sold.body.id).toBe(request.id);
    expect(sold.body.tokens).toHaveLength(1);
    expect(sold.body.tokens[0]?.token).toMatch(/^[0-9]{20}$/);
    expect(sold.body.tokens[0]?.receiptNum).toBe('RCT10001');

    const confirmed = await c.confirmTokenPurchase(request.id, confirmation(request));
    expect(confirmed).toEqual({ kind: 'successful', status: 202, body: null });
    expect(adviceVerdict(confirmed, 'confirmTokenPurchase')).toMatchObject({ final: true, delivered: true });

    const seen = (await control(sim, 'GET', '/_sim/requests')) as Array<{ operation: string; status: number }>;
    expect(seen.map((r) => [r.operation, r.status])).toEqual([
      ['createMeterLookup', 201],
      ['createTokenPurchaseRequest', 201],
      ['confirmTokenPurchase', 202],
    ]);
  });

  it('a dropped purchase answer is unknown, the purchase was vended, and a retry returns the same tokens', async () => {
    const c = client();
    await control(sim, 'POST', '/_sim/faults', { operation: 'createTokenPurchaseRequest', fault: 'drop', times: 1 });
    const request = purchase('TST003', 10000);
    const lost = await c.createTokenPurchaseRequest(request);
    expect(lost.kind).toBe('unknown');
    if (lost.kind !== 'unknown') return;
    expect(lost.reason).toBe('connection');

    const retried = await c.retryPurchaseRequest(request.id, request);
    expect(retried.kind).toBe('successful');
    const again = await c.retryPurchaseRequest(request.id, request);
    if (retried.kind !== 'successful' || again.kind !== 'successful') throw new Error('retry failed');
    expect(retried.body.tokens.map((t) => t.token)).toEqual(again.body.tokens.map((t) => t.token));
    expect(retried.body.tokens).toHaveLength(2);

    const seen = (await control(sim, 'GET', '/_sim/requests')) as Array<{ operation: string; status: number; fault?: string }>;
    expect(seen[0]).toMatchObject({ operation: 'createTokenPurchaseRequest', status: 0, fault: 'drop' });
  });

  it('a reversal of a purchase the upstream never saw is final and not a failure for the cashier', async () => {
    const request = purchase('TST001', 10000);
    const reversed = await client().reverseTokenPurchase(request.id, reversal(request));
    expect(reversed.kind).toBe('failed');
    expect(reversed.status).toBe(404);
    expect(adviceVerdict(reversed, 'reverseTokenPurchase')).toMatchObject({ final: true, delivered: false, reconcile: false });
  });

  it('a 202 to an advice is delivered whatever its body: empty, not JSON, HTML, the wrong shape', async () => {
    const c = client();
    const request = purchase('TST001', 10000);
    expect((await c.createTokenPurchaseRequest(request)).kind).toBe('successful');
    for (const variant of ['not-json', 'html', 'wrong-types', 'no-tokens', 'empty'] as const) {
      await control(sim, 'POST', '/_sim/faults', { operation: 'confirmTokenPurchase', fault: 'malformed', variant, times: 1 });
      const confirmed = await c.confirmTokenPurchase(request.id, confirmation(request));
      expect(confirmed, variant).toEqual({ kind: 'successful', status: 202, body: null });
    }
  });

  it('an advice answered 401 (a rotated password) is repeated with an alert, not ended', async () => {
    const c = createUpstreamClient({ baseUrl: sim.baseUrl, credentials: { username: 'pos', password: 'rotated' }, training: true });
    const request = purchase('TST001', 10000);
    const outcome = await c.confirmTokenPurchase(request.id, confirmation(request));
    expect(outcome).toMatchObject({ kind: 'failed', status: 401 });
    expect(adviceVerdict(outcome, 'confirmTokenPurchase')).toMatchObject({ final: false, alert: true });
  });

  it('wrong credentials get 401 and a failed outcome; the password never reaches the log', async () => {
    const c = createUpstreamClient({ baseUrl: sim.baseUrl, credentials: { username: 'pos', password: 'wrong' }, training: true, log: (e) => logs.push(e) });
    const outcome = await c.createMeterLookup(lookup('TST001'));
    expect(outcome).toMatchObject({ kind: 'failed', status: 401 });
    expect(JSON.stringify(logs)).not.toContain('wrong');
    expect(JSON.stringify(logs)).not.toContain(Buffer.from('pos:wrong').toString('base64'));
  });

  it('refuses to turn certificate checks off outside training', () => {
    expect(() => createUpstreamClient({ baseUrl: 'https://upstream.example/prepaidutility/v3', allowInsecureTls: true })).toThrow(UpstreamConfigError);
    expect(() => createUpstreamClient({ baseUrl: 'http://upstream.example/prepaidutility/v3' })).toThrow(UpstreamConfigError);
  });

  it('refuses plain http with credentials to another machine in every mode, training included', () => {
    const credentials = { username: 'pos', password: 'pw' };
    for (const training of [true, false]) {
      expect(() => createUpstreamClient({ baseUrl: 'http://10.1.2.3:8080/prepaidutility/v3', credentials, training })).toThrow(/only to this machine/);
    }
    // To this machine, or without credentials in training, plain http stays usable (the simulator).
    expect(() => createUpstreamClient({ baseUrl: 'http://127.0.0.1:8080/prepaidutility/v3', credentials })).not.toThrow();
    expect(() => createUpstreamClient({ baseUrl: 'http://10.1.2.3:8080/prepaidutility/v3', training: true })).not.toThrow();
  });
});
