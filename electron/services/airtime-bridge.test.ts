// The airtime bridge methods as the page calls them: over the browser host's HTTP bridge, into the
// real main-side services, out to the real airtime simulator.
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bridgeContract, type BridgeMethod } from '../../shared/bridge';
import { buildAirtimeConfirmation, buildAirtimePurchaseRequest, buildAirtimeReversal } from '../../shared/protocol/airtime/envelope';
import type { AirtimePurchaseRequest } from '../../shared/protocol/airtime/schemas';
import { buildMeterLookupRequest, cashTender, TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { startBrowserHost, type RunningBrowserHost } from '../host/browser-host';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { startPosServices, type PosServices } from './pos-services';

const now = () => new Date().toISOString();
const TOKEN = 'airtime-bridge-test-secret';

function airtimePurchase(productId: string, recipient: string, amount: number): AirtimePurchaseRequest {
  return buildAirtimePurchaseRequest(TRAINING_TERMINAL, {
    id: randomUUID(),
    time: now(),
    product: { productId },
    recipientMsisdn: recipient,
    tenders: [cashTender({ amount, currency: '710' })],
  });
}

interface Till {
  services: PosServices;
  host: RunningBrowserHost;
  /** A bridge call as the page makes it; the answer checked against the contract as the page does. */
  call(method: BridgeMethod, request: unknown): Promise<{ ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }>;
}

async function startTill(options: { config?: unknown; airtimeUrl?: string } = {}): Promise<Till> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-airtime-bridge-'));
  if (options.config !== undefined) await writeFile(join(dataDir, 'config.json'), JSON.stringify(options.config));
  const rendererDir = await mkdtemp(join(tmpdir(), 'pos-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>POS</title>');
  const services = await startPosServices({ host: 'browser', dataDir, version: 'test', ...(options.airtimeUrl ? { airtimeUrl: options.airtimeUrl } : {}) });
  const host = await startBrowserHost({ port: 0, rendererDir, handlers: services.handlers, events: services.events, token: TOKEN });
  return {
    services,
    host,
    async call(method, request) {
      const res = await fetch(`${host.origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pos-token': TOKEN },
        body: JSON.stringify(request),
      });
      const body = (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };
      if (!body.ok) return { ok: false, error: body.error ?? { code: '?', message: '' } };
      const parsed = bridgeContract[method].response.safeParse(body.data);
      if (!parsed.success) throw new Error(`${method}: the answer breaks the contract: ${parsed.error.message}`);
      return { ok: true, data: parsed.data };
    },
  };
}

const tills: Till[] = [];
afterEach(async () => {
  for (const till of tills.splice(0)) {
    await till.host.close();
    await till.services.close();
  }
});

describe('airtime over the browser host bridge, training mode (embedded simulator serving both services)', () => {
  it('app:info says which services this till sells; the catalogue, a PIN sale, its status and its confirmation go through', async () => {
    const till = await startTill();
    tills.push(till);
    const info = await till.call('app:info', {});
    expect(info).toMatchObject({
      ok: true,
      data: {
        mode: 'training',
        services: {
          prepaidUtility: { enabled: true, displayName: 'Electricity', upstream: 'Embedded training simulator' },
          airtime: { enabled: true, displayName: 'Airtime & data', upstream: 'Embedded training simulator' },
        },
      },
    });

    const products = await till.call('airtime:listProducts', {});
    expect(products).toMatchObject({ ok: true, data: { kind: 'successful' } });
    const lookup = await till.call('airtime:lookupMsisdn', { msisdn: '27831234567' });
    expect(lookup).toMatchObject({ ok: true, data: { kind: 'successful', body: { msisdn: { operator: { name: 'MTN' } } } } });

    const request = airtimePurchase('MTNAT10', '27831234567', 1000);
    const sale = await till.call('airtime:purchase', { request });
    expect(sale).toMatchObject({ ok: true, data: { kind: 'successful', body: { id: request.id, voucher: { pin: expect.stringMatching(/^[0-9]{16}$/) } } } });
    expect(await till.call('airtime:status', { originalMsgId: request.id })).toMatchObject({ ok: true, data: { kind: 'successful', body: { id: request.id } } });
    const confirmation = buildAirtimeConfirmation({ id: randomUUID(), time: now(), purchase: request, tenders: request.tenders ?? [] });
    expect(await till.call('airtime:confirm', { advice: confirmation })).toMatchObject({ ok: true, data: { kind: 'successful', status: 202 } });
    // A reversal after the confirmation: the upstream's own refusal, carried as data.
    const reversal = buildAirtimeReversal({ id: randomUUID(), time: now(), purchase: request, reason: 'CANCELLED' });
    expect(await till.call('airtime:reverse', { advice: reversal })).toMatchObject({
      ok: true,
      data: { kind: 'failed', status: 400, error: { errorType: 'ACCOUNT_ALREADY_SETTLED' } },
    });
    expect(await till.call('airtime:trial', { request: airtimePurchase('MTNAT10', '27831234567', 1000) })).toMatchObject({ ok: true, data: { kind: 'successful', status: 200 } });
  });

  it('refuses bad input at the bridge: a local-form number, a purchase without a v4 id, a status without an id', async () => {
    const till = await startTill();
    tills.push(till);
    expect(await till.call('airtime:lookupMsisdn', { msisdn: '0831234567' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await till.call('airtime:purchase', { request: { ...airtimePurchase('MTNAT10', '27831234567', 1000), id: 'x' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await till.call('airtime:status', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a till with airtime turned off answers SERVICE_OFF and says so in app:info', async () => {
    const till = await startTill({ config: { services: { airtime: { enabled: false, catalogue: [{ productId: 'X1' }] } } } });
    tills.push(till);
    expect(await till.call('app:info', {})).toMatchObject({ ok: true, data: { services: { airtime: { enabled: false } } } });
    expect(await till.call('airtime:purchase', { request: airtimePurchase('MTNAT10', '27831234567', 1000) })).toMatchObject({ ok: false, error: { code: 'SERVICE_OFF' } });
  });

  it('app:info carries the configured channel and fallback catalogue for the counter', async () => {
    const catalogue = [{ productId: 'VODAAT10', name: 'Vodacom R10', type: 'AIRTIME_FIXED', isDirectTopup: false, productValues: [{ amount: 1000, currency: '710' }] }];
    const till = await startTill({ config: { services: { airtime: { channelName: 'POS', catalogue } } } });
    tills.push(till);
    expect(await till.call('app:info', {})).toMatchObject({ ok: true, data: { services: { airtime: { channelName: 'POS', catalogue } } } });
  });
});

describe('airtime over the bridge against an airtime upstream of its own (--airtime-upstream)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ timeoutMeterDelayMs: 600 });
  });
  afterAll(async () => sim.close());
  beforeEach(async () => {
    await fetch(`${sim.origin}/_sim/reset`, { method: 'POST' });
  });

  it('a live airtime-only till: no embedded simulator, electricity answers SERVICE_OFF, airtime sells through its own upstream', async () => {
    const config = { mode: 'live', services: { prepaidUtility: { enabled: false }, airtime: { baseUrl: sim.airtimeBaseUrl } } };
    const till = await startTill({ config });
    tills.push(till);
    expect(till.services.simulator).toBeUndefined();
    expect(await till.call('app:info', {})).toMatchObject({
      ok: true,
      data: { mode: 'live', services: { prepaidUtility: { enabled: false }, airtime: { enabled: true, upstream: sim.airtimeBaseUrl } } },
    });
    const lookup = buildMeterLookupRequest(TRAINING_TERMINAL, { id: randomUUID(), time: now(), meterId: '04100000100' });
    expect(await till.call('upstream:meterLookup', { request: lookup })).toMatchObject({ ok: false, error: { code: 'SERVICE_OFF' } });
    const request = airtimePurchase('TELKAT10', '27811234567', 1000);
    expect(await till.call('airtime:purchase', { request })).toMatchObject({ ok: true, data: { kind: 'successful', body: { id: request.id } } });
  });

  it('a reversal asked for while its purchase is still at the upstream waits for the purchase\'s answer, so it cannot overtake it', async () => {
    const till = await startTill({ airtimeUrl: sim.airtimeBaseUrl });
    tills.push(till);
    expect(await till.call('app:info', {})).toMatchObject({ ok: true, data: { services: { airtime: { upstream: sim.airtimeBaseUrl } } } });
    // The slow drill: answered 504 after 600 ms, but sold.
    const request = airtimePurchase('VODAAT10', '27820000203', 1000);
    const reversal = buildAirtimeReversal({ id: randomUUID(), time: now(), purchase: request, reason: 'TIMEOUT' });
    const [purchase, reversed] = await Promise.all([
      till.call('airtime:purchase', { request }),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => till.call('airtime:reverse', { advice: reversal })),
    ]);
    expect(purchase).toMatchObject({ ok: true, data: { kind: 'unknown', status: 504 } });
    expect(reversed).toMatchObject({ ok: true, data: { kind: 'successful', status: 202 } });
    const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Array<{ at: string; operation: string; status: number }>;
    expect(log.map((r) => [r.operation, r.status])).toEqual([
      ['purchase', 504],
      ['purchaseReversal', 202],
    ]);
    // The reversal reached the upstream only once the purchase had been answered (600 ms), not when asked (100 ms).
    const [sent, reversalSent] = log.map((r) => Date.parse(r.at));
    expect((reversalSent ?? 0) - (sent ?? 0)).toBeGreaterThanOrEqual(550);
  });
});
