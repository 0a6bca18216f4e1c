// The simulator on its own, over raw HTTP: Electrum's leniency, error shapes, control endpoints.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimRequestLogEntry } from './server';
import { SIM_METERS, TRAINING_METERS } from './meters';
import { unitsForAmount, splitVat } from './tariff';
import { isValidStsMeterNumber } from '../../shared/protocol/meter-number';
import { StrictErrorDetailSchema } from '../../shared/protocol/schemas';

const postmanId = () => 'a7d8a676-bdd0-f7cc-62b0-2a5e35792367'.replace(/^a7d8a676/, Math.random().toString(16).slice(2, 10).padEnd(8, '0'));
const env = (id: string) => ({
  id,
  time: '2017-07-28T12:06:18.303Z',
  originator: {
    institution: { id: '123456', name: 'Test' },
    terminalId: '12345678',
    merchant: { merchantType: '0000', merchantId: '123456789012345', merchantName: { name: 'Test', city: 'Cape Town', region: 'WC', country: 'ZA' } },
  },
  client: { id: '001', name: 'PostmanTest' },
  receiver: { id: '999', name: 'Electrum Test Server' },
  settlementEntity: { id: '000', name: 'None' },
  thirdPartyIdentifiers: [{ institutionId: '123456', transactionIdentifier: 'aa' }, { institutionId: '001', transactionIdentifier: 'bb' }],
});

describe('simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ credentials: { username: 'test', password: 'test' }, timeoutMeterDelayMs: 150 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await fetch(`${sim.origin}/_sim/reset`, { method: 'POST' });
  });
  const auth = { authorization: `Basic ${Buffer.from('test:test').toString('base64')}`, 'content-type': 'application/json' };
  async function post(path: string, body: unknown, headers: Record<string, string> = auth) {
    const res = await fetch(`${sim.baseUrl}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  it('accepts what Electrum accepts: amounts as strings, currency as a number, non-v4 UUIDs', async () => {
    const id = postmanId();
    const res = await post(`/tokenPurchases/${id}`, { ...env(id), meter: { meterId: 'TST001' }, purchaseAmount: { amount: '10000', currency: 710 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id, time: '2017-07-28T12:06:18.303Z', meter: { meterId: 'TST001', supplyGroupCode: '000001' } });
  });

  it('echoes time re-serialized as UTC with milliseconds', async () => {
    const id = postmanId();
    const res = await post(`/meterLookups/${id}`, { ...env(id), time: '2017-07-28T14:06:18.3+02:00', meter: { meterId: 'TST001' } });
    expect(res.body?.time).toBe('2017-07-28T12:06:18.300Z');
  });

  it('a validation failure is 400 FORMAT_ERROR listing the violations', async () => {
    const id = postmanId();
    const { originator: _o, ...rest } = env(id);
    const res = await post(`/meterLookups/${id}`, { ...rest, meter: { meterId: 'TST-1' } });
    expect(res.status).toBe(400);
    expect(StrictErrorDetailSchema.safeParse(res.body).success).toBe(true);
    const fields = (res.body?.detailMessage as Array<{ field: string; messageProperty: string; error: string }>).map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['originator', 'meter.meterId']));
  });

  it('an empty or non-JSON body is 400 FORMAT_ERROR', async () => {
    expect((await post(`/meterLookups/${postmanId()}`, '')).body).toMatchObject({ errorType: 'FORMAT_ERROR' });
    expect((await post(`/meterLookups/${postmanId()}`, '{oops')).status).toBe(400);
  });

  it('path id and body id must match', async () => {
    const res = await post(`/meterLookups/${postmanId()}`, { ...env(postmanId()), meter: { meterId: 'TST001' } });
    expect(res).toMatchObject({ status: 400, body: { errorType: 'FORMAT_ERROR', detailMessage: 'Message ID (UUID) is not the same as ID path parameter.' } });
  });

  it('TST011 answers 504 UPSTREAM_UNAVAILABLE after its delay', async () => {
    const id = postmanId();
    const started = Date.now();
    const res = await post(`/tokenPurchases/${id}`, { ...env(id), meter: { meterId: 'TST011' }, purchaseAmount: { amount: 10000, currency: '710' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res).toMatchObject({ status: 504, body: { errorType: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('a retry for an original it never saw is processed (Electrum never answers a retry 404), with status 201', async () => {
    const original = postmanId();
    const retryId = postmanId();
    const res = await post(`/tokenPurchases/${original}/retry`, { ...env(retryId), meter: { meterId: 'TST001' }, purchaseAmount: { amount: 10000, currency: '710' } });
    expect(res).toMatchObject({ status: 201, body: { id: retryId } });
    const advice = await post(`/tokenPurchases/${original}/confirmations/${retryId}`, { id: retryId, requestId: original, time: '2017-07-28T12:06:18.303Z', tenders: [] });
    expect(advice.status).toBe(202);
  });

  it('Basic auth is enforced for protocol requests, not for control endpoints', async () => {
    const id = postmanId();
    const res = await post(`/meterLookups/${id}`, { ...env(id), meter: { meterId: 'TST001' } }, { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect((await fetch(`${sim.origin}/_sim/requests`)).status).toBe(200);
  });

  it('unknown paths are 404 and other methods 405', async () => {
    expect((await post('/nothing/here', {})).status).toBe(404);
    expect((await fetch(`${sim.baseUrl}/meterLookups/x`, { headers: auth })).status).toBe(405);
  });

  it('records every protocol request in order with the documented fields', async () => {
    const id = postmanId();
    await post(`/meterLookups/${id}`, { ...env(id), meter: { meterId: 'TST001' } });
    await post(`/meterLookups/${id}`, { ...env(id), meter: { meterId: 'TST001' } });
    const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as SimRequestLogEntry[];
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ operation: 'createMeterLookup', method: 'POST', path: `/prepaidutility/v3/meterLookups/${id}`, status: 201, body: { id } });
    expect(log[1]?.status).toBe(400);
    expect(Date.parse(log[0]?.at ?? '')).not.toBeNaN();
  });

  it('lists its meters', async () => {
    const meters = (await (await fetch(`${sim.origin}/_sim/meters`)).json()) as unknown[];
    expect(meters).toHaveLength(SIM_METERS.length);
  });
});

describe('training meters and tariff', () => {
  it('every training meter number is 11 digits with a valid check digit', () => {
    for (const meter of SIM_METERS.filter((m) => m.group !== 'electrum')) expect(isValidStsMeterNumber(meter.meterId)).toBe(true);
    expect(Object.values(TRAINING_METERS).every(isValidStsMeterNumber)).toBe(true);
  });
  it("reproduces Electrum's TST004 block split for R100.00", () => {
    expect(unitsForAmount(10000)).toEqual({ units: 73.8, tariffCalc: [{ units: 50, rate: 117.3 }, { units: 23.8, rate: 173.74 }] });
  });
  it('splits VAT-inclusive amounts without losing a cent', () => {
    expect(splitVat(11500)).toEqual({ net: 10000, tax: 1500 });
    const { net, tax } = splitVat(9999);
    expect(net + tax).toBe(9999);
  });
});
