// Where the catalogue comes from, against the real main-side services and the real simulator over
// HTTP: listProducts once per session, the till's configured catalogue when the upstream answers 501
// (config.json services.airtime.catalogue), and the number's operator from lookupMsisdn.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPosServices, type PosServices } from '../../electron/services/pos-services';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { simRequests } from '../../e2e/support/host';
import { handlersBridge } from '../sale/testing';
import { CatalogueCache, lookupNumber } from './catalogue-source';

const CONFIGURED = [
  { productId: 'OWNVOD10', name: 'Vodacom R10 (own list)', type: 'AIRTIME_FIXED', isDirectTopup: false, productValues: [{ amount: 1000, currency: '710' }], operator: { id: 'VODACOM', name: 'Vodacom' } },
  { productId: 'OWNMTN5', name: 'MTN R5 (own list)', type: 'AIRTIME_FIXED', isDirectTopup: false, productValues: [{ amount: 500, currency: '710' }], operator: { id: 'MTN', name: 'MTN' } },
];

let sim: RunningSimulator;
let services: PosServices;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-catalogue-'));
  await writeFile(join(dataDir, 'config.json'), JSON.stringify({ services: { airtime: { catalogue: CONFIGURED } } }));
  services = await startPosServices({ host: 'browser', dataDir, version: 'test', upstreamUrl: sim.baseUrl, airtimeUrl: sim.airtimeBaseUrl });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});
afterEach(async () => {
  await fetch(`${sim.origin}/_sim/faults`, { method: 'DELETE' });
});

const bridge = handlersBridge(() => services.handlers);
const configured = () => services.info.services?.airtime.catalogue ?? [];
const listCalls = async () => (await simRequests(sim.baseUrl)).filter((r) => r.operation === 'listProducts').length;

describe('the airtime catalogue', () => {
  it('comes from listProducts, asked once per session', async () => {
    const cache = new CatalogueCache(bridge, configured());
    const before = await listCalls();
    const first = await cache.get();
    const second = await cache.get();
    expect(first.ok && first.value.source).toBe('upstream');
    expect(first.ok && first.value.products.some((p) => p.productId === 'VODAAT10')).toBe(true);
    expect(second).toBe(first);
    expect(await listCalls(), 'one listProducts for two customers').toBe(before + 1);
  });

  it('is the configured one when the upstream has no catalogue (501)', async () => {
    expect(configured(), 'config.json services.airtime.catalogue reaches the renderer').toHaveLength(2);
    await fetch(`${sim.origin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'listProducts', fault: 'status', status: 501, errorType: 'FUNCTION_NOT_SUPPORTED' }),
    });
    const step = await new CatalogueCache(bridge, configured()).get();
    expect(step.ok && step.value.source).toBe('configured');
    expect(step.ok && step.value.products.map((p) => p.productId)).toEqual(['OWNVOD10', 'OWNMTN5']);
  });

  it('says so when the upstream has none and the till has none either', async () => {
    await fetch(`${sim.origin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'listProducts', fault: 'status', status: 501 }),
    });
    const step = await new CatalogueCache(bridge, []).get();
    expect(step).toEqual({ ok: false, message: expect.stringContaining('none is configured for this till') });
  });

  it('is not cached when it could not be fetched: the next customer asks again', async () => {
    await fetch(`${sim.origin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'listProducts', fault: 'status', status: 500, times: 1 }),
    });
    const cache = new CatalogueCache(bridge, configured());
    const failed = await cache.get();
    expect(failed.ok).toBe(false);
    const again = await cache.get();
    expect(again.ok && again.value.source).toBe('upstream');
  });
});

describe('the number’s operator', () => {
  it('is the network the upstream knows the number by', async () => {
    const looked = await lookupNumber(bridge, '27835550202');
    expect(looked).toMatchObject({ ok: true, value: { operator: 'MTN' } });
  });

  it('refuses a number the network does not know, so nothing is sold to it', async () => {
    const looked = await lookupNumber(bridge, '27820000102');
    expect(looked).toMatchObject({ ok: false, declined: true });
  });
});
