// The airtime simulator over real HTTP, with requests built by the till's own builders and answers
// read with the till's own schemas.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TRAINING_TERMINAL } from '../../../shared/protocol/envelope';
import { buildAirtimeConfirmation, buildAirtimePurchaseRequest, buildAirtimeReversal } from '../../../shared/protocol/airtime/envelope';
import { airtimePath } from '../../../shared/protocol/airtime/operations';
import {
  AirtimePurchaseResponseSchema,
  MsisdnInfoResponseSchema,
  OutgoingAirtimePurchaseRequestSchema,
  ProductListSchema,
  StrictAirtimeErrorDetailSchema,
  type AirtimePurchaseRequest,
} from '../../../shared/protocol/airtime/schemas';
import { startSimulator, type RunningSimulator, type SimRequestLogEntry } from '../server';
import { AIRTIME_DRILLS } from './drills';

const credentials = { username: 'till', password: 'secret' };
const auth = { authorization: `Basic ${Buffer.from('till:secret').toString('base64')}`, 'content-type': 'application/json' };
const now = () => new Date().toISOString();
const cash = (amount: number) => [{ amount: { amount, currency: '710' }, tenderType: 'CASH' as const }];

function purchaseRequest(productId: string, options: { msisdn?: string; amount?: number; price?: number } = {}): AirtimePurchaseRequest {
  return buildAirtimePurchaseRequest(TRAINING_TERMINAL, {
    id: randomUUID(),
    time: now(),
    product: { productId },
    ...(options.msisdn ? { recipientMsisdn: options.msisdn } : {}),
    ...(options.amount !== undefined ? { requestAmount: options.amount } : {}),
    tenders: cash(options.amount ?? options.price ?? 2900),
  });
}

describe('airtime simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ credentials, timeoutMeterDelayMs: 100 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await fetch(`${sim.origin}/_sim/reset`, { method: 'POST' });
  });

  async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const res = await fetch(`${sim.airtimeBaseUrl}${path}`, { method, headers: auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
  const purchase = (request: AirtimePurchaseRequest) => call('POST', airtimePath.purchase(), request);
  const status = (originalMsgId: string) => call('GET', airtimePath.purchaseStatus({ originalMsgId }));

  it('serves both services on one port: the airtime base path beside the Prepaid Utility one', () => {
    expect(sim.airtimeBaseUrl).toBe(`${sim.origin}/airtime/v5`);
    expect(sim.baseUrl).toBe(`${sim.origin}/prepaidutility/v3`);
  });

  it('lists the four networks’ products: R5–R100 PIN vouchers, data, SMS bundles and variable top-ups', async () => {
    const res = await call('GET', airtimePath.listProducts({ channelName: 'POS' }));
    expect(res.status).toBe(200);
    const products = ProductListSchema.parse(res.body);
    expect(new Set(products.map((p) => p.operator?.name))).toEqual(new Set(['Vodacom', 'MTN', 'Cell C', 'Telkom']));
    const mtn = products.filter((p) => p.operator?.id === 'MTN');
    expect(mtn.filter((p) => p.type === 'AIRTIME_FIXED').map((p) => p.productValues?.[0]?.amount)).toEqual([500, 1000, 2900, 5500, 10000]);
    expect(mtn.some((p) => p.type === 'DATA' && p.isDirectTopup === false && p.productContents?.[0]?.unit === 'GB')).toBe(true);
    expect(mtn.some((p) => p.type === 'SMS_BUNDLE' && p.isDirectTopup === true)).toBe(true);
    const topUp = mtn.find((p) => p.type === 'AIRTIME_VARIABLE');
    expect(topUp).toMatchObject({ isDirectTopup: true, productValues: [{ amount: 200 }, { amount: 100000 }] });
    expect(products.every((p) => p.channels?.[0]?.productDisplayCategory && p.validityPeriod)).toBe(true);
  });

  it('answers listProducts 501 when a fault says so (an upstream without a catalogue)', async () => {
    await fetch(`${sim.origin}/_sim/faults`, { method: 'POST', body: JSON.stringify({ operation: 'listProducts', fault: 'status', status: 501, errorType: 'FUNCTION_NOT_SUPPORTED' }) });
    const res = await call('GET', airtimePath.listProducts());
    expect(res.status).toBe(501);
    expect(StrictAirtimeErrorDetailSchema.parse(res.body)).toMatchObject({ errorType: 'FUNCTION_NOT_SUPPORTED', requestType: 'LIST_PRODUCTS_REQUEST' });
  });

  it('looks up a number’s network by its prefix; refuses the local 0… form and unknown numbers', async () => {
    const vodacom = await call('GET', airtimePath.lookupMsisdn({ msisdn: '27821234567' }));
    expect(vodacom.status).toBe(202);
    const info = MsisdnInfoResponseSchema.parse(vodacom.body);
    expect(info.msisdn).toEqual({ msisdn: '27821234567', country: 'ZA', operator: { id: 'VODACOM', name: 'Vodacom' } });
    expect(info.availableProducts?.every((p) => p.operator?.id === 'VODACOM')).toBe(true);
    const data = MsisdnInfoResponseSchema.parse((await call('GET', airtimePath.lookupMsisdn({ msisdn: '27831234567', productType: 'DATA' }))).body);
    expect(data.msisdn?.operator?.name).toBe('MTN');
    expect(data.availableProducts?.map((p) => p.type)).toEqual(['DATA', 'DATA']);

    const local = await call('GET', airtimePath.lookupMsisdn({ msisdn: '0821234567' }));
    expect(local.status).toBe(400);
    expect(StrictAirtimeErrorDetailSchema.parse(local.body).errorType).toBe('FORMAT_ERROR');
    expect((await call('GET', airtimePath.lookupMsisdn({ msisdn: '27111234567' }))).status).toBe(404);
    const dead = await call('GET', airtimePath.lookupMsisdn({ msisdn: '27820000102' }));
    expect([dead.status, StrictAirtimeErrorDetailSchema.parse(dead.body).errorType]).toEqual([400, 'INVALID_MSISDN']);
  });

  it('sells a PIN voucher: PIN, serial, batch, expiry and redeem instructions; the log names the service and operation', async () => {
    const request = purchaseRequest('VODAAT29', { msisdn: '27821234567' });
    expect(OutgoingAirtimePurchaseRequestSchema.safeParse(request).success).toBe(true);
    const res = await purchase(request);
    expect(res.status).toBe(201);
    const response = AirtimePurchaseResponseSchema.parse(res.body);
    expect(response.id).toBe(request.id);
    expect(response.voucher?.pin).toMatch(/^\d{12}$/);
    expect(response.voucher).toMatchObject({ serialNumber: expect.stringMatching(/^\d{14}$/), batchNumber: expect.any(String) });
    expect(Date.parse(response.voucher?.expiryDate ?? '')).toBeGreaterThan(Date.now() + 365 * 86_400_000);
    expect(response.voucher?.redeemInstructions?.[0]).toContain('*100*01*');
    expect(response.amounts?.approvedAmount).toEqual({ amount: 2900, currency: '710' });
    expect(response.product).toMatchObject({ productId: 'VODAAT29', name: 'Vodacom R29 airtime' });
    const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as SimRequestLogEntry[];
    expect(log.map((e) => [e.service, e.operation, e.status])).toEqual([['airtime', 'purchase', 201]]);
  });

  it('a direct top-up sends no voucher; a variable amount outside the product’s limits is INVALID_AMOUNT', async () => {
    const ok = await purchase(purchaseRequest('MTNTOPUP', { msisdn: '27831234567', amount: 1500 }));
    expect(ok.status).toBe(201);
    const response = AirtimePurchaseResponseSchema.parse(ok.body);
    expect(response.voucher).toBeUndefined();
    expect(response.amounts?.approvedAmount?.amount).toBe(1500);
    expect(response.msisdn).toMatchObject({ msisdn: '27831234567', operator: { name: 'MTN' } });

    for (const amount of [100, 100001, undefined]) {
      const res = await purchase(purchaseRequest('MTNTOPUP', { msisdn: '27831234567', ...(amount !== undefined ? { amount } : {}) }));
      expect([res.status, StrictAirtimeErrorDetailSchema.parse(res.body).errorType]).toEqual([400, 'INVALID_AMOUNT']);
    }
    const noRecipient = await purchase(purchaseRequest('MTNTOPUP', { amount: 1500 }));
    expect(StrictAirtimeErrorDetailSchema.parse(noRecipient.body).errorType).toBe('INVALID_MSISDN');
    const unknown = await purchase(purchaseRequest('NOSUCH1'));
    expect(StrictAirtimeErrorDetailSchema.parse(unknown.body).errorType).toBe('INVALID_PRODUCT');
  });

  it.each(AIRTIME_DRILLS.filter((d) => d.drill.kind === 'decline').map((d) => [d.msisdn, d.drill] as const))(
    'drill number %s declines the purchase, and its status says so afterwards',
    async (msisdn, drill) => {
      if (drill.kind !== 'decline') throw new Error('not a decline');
      const request = purchaseRequest('VODAAT10', { msisdn, price: 1000 });
      const res = await purchase(request);
      expect(res.status).toBe(drill.status);
      expect(StrictAirtimeErrorDetailSchema.parse(res.body)).toMatchObject({ id: request.id, errorType: drill.errorType, requestType: 'PURCHASE_REQUEST' });
      const later = await status(request.id);
      expect([later.status, StrictAirtimeErrorDetailSchema.parse(later.body).errorType]).toEqual([400, drill.errorType]);
    },
  );

  it('unknown outcome, done: the purchase answers 504 and purchaseStatus finds it approved, by id or by the provider’s reference', async () => {
    const request = purchaseRequest('VODAAT29', { msisdn: '27820000201' });
    expect((await purchase(request)).status).toBe(504);
    const byId = await status(request.id);
    expect(byId.status).toBe(202);
    const response = AirtimePurchaseResponseSchema.parse(byId.body);
    expect(response.voucher?.pin).toMatch(/^\d{12}$/);
    const reference = response.thirdPartyIdentifiers.find((t) => t.institutionId === 'VODACOM')?.transactionIdentifier ?? '';
    const byReference = await call('GET', airtimePath.purchaseStatus({ purchaseReference: reference, provider: 'VODACOM' }));
    expect([byReference.status, (byReference.body as { id: string }).id]).toEqual([202, request.id]);
    const slow = purchaseRequest('VODAAT29', { msisdn: '27820000203' });
    expect((await purchase(slow)).status).toBe(504);
    expect((await status(slow.id)).status).toBe(202);
  });

  it('unknown outcome, pending: status stays 500 OUTCOME_UNKNOWN until the till reverses; then it says reversed', async () => {
    const request = purchaseRequest('VODAAT29', { msisdn: '27820000202' });
    expect((await purchase(request)).status).toBe(504);
    for (let i = 0; i < 2; i += 1) {
      const pending = await status(request.id);
      expect([pending.status, StrictAirtimeErrorDetailSchema.parse(pending.body).errorType]).toEqual([500, 'OUTCOME_UNKNOWN']);
    }
    const reversal = buildAirtimeReversal({ id: randomUUID(), time: now(), purchase: request, reason: 'TIMEOUT' });
    const reversed = await call('POST', airtimePath.purchaseReversal(), reversal);
    expect(reversed.status).toBe(202);
    expect(reversed.body).toMatchObject({ id: reversal.id, requestId: request.id });
    const after = await status(request.id);
    expect([after.status, StrictAirtimeErrorDetailSchema.parse(after.body).errorType]).toEqual([400, 'ACCOUNT_ALREADY_SETTLED']);
  });

  it('a status query for a purchase never received is 404; a trial stores nothing and issues no PIN', async () => {
    expect((await status(randomUUID())).status).toBe(404);
    const trial = purchaseRequest('CELLAT55', { price: 5500 });
    const res = await call('POST', airtimePath.purchaseTrial(), trial);
    expect(res.status).toBe(200);
    expect(AirtimePurchaseResponseSchema.parse(res.body).voucher).toBeUndefined();
    expect((await status(trial.id)).status).toBe(404);
  });

  it('advices: 404 to an unknown purchase (a reversal is kept and refuses the purchase later); confirm and reverse cross as ACCOUNT_ALREADY_SETTLED; resends are harmless', async () => {
    const late = purchaseRequest('TELKAT5', { price: 500 });
    const orphan = buildAirtimeReversal({ id: randomUUID(), time: now(), purchase: late, reason: 'TIMEOUT' });
    expect((await call('POST', airtimePath.purchaseReversal(), orphan)).status).toBe(404);
    const refused = await purchase(late);
    expect([refused.status, StrictAirtimeErrorDetailSchema.parse(refused.body).errorType]).toEqual([400, 'ACCOUNT_ALREADY_SETTLED']);

    const sold = purchaseRequest('TELKAT5', { price: 500 });
    const response = AirtimePurchaseResponseSchema.parse((await purchase(sold)).body);
    const unknownConfirm = buildAirtimeConfirmation({ id: randomUUID(), time: now(), purchase: purchaseRequest('TELKAT5'), tenders: cash(500) });
    expect((await call('POST', airtimePath.purchaseConfirmation(), unknownConfirm)).status).toBe(404);
    const confirmation = buildAirtimeConfirmation({ id: randomUUID(), time: now(), purchase: sold, response, tenders: cash(500) });
    expect((await call('POST', airtimePath.purchaseConfirmation(), confirmation)).status).toBe(202);
    expect((await call('POST', airtimePath.purchaseConfirmation(), confirmation)).status).toBe(202);
    const reversal = buildAirtimeReversal({ id: randomUUID(), time: now(), purchase: sold, response, reason: 'CANCELLED' });
    const crossed = await call('POST', airtimePath.purchaseReversal(), reversal);
    expect([crossed.status, StrictAirtimeErrorDetailSchema.parse(crossed.body).errorType]).toEqual([400, 'ACCOUNT_ALREADY_SETTLED']);
    expect((await purchase(sold)).status).toBe(400);
  });

  it('fault rules name one service’s operation: an airtime fault leaves electricity alone, and errorTypes must be the service’s', async () => {
    const post = (rule: unknown) => fetch(`${sim.origin}/_sim/faults`, { method: 'POST', body: JSON.stringify(rule) });
    expect((await post({ operation: 'purchase', fault: 'status', status: 503 })).status).toBe(201);
    expect((await post({ operation: 'createTokenPurchaseRequest', fault: 'status', status: 400, errorType: 'DECLINED_BY_MNO' })).status).toBe(400);
    expect((await post({ operation: 'purchase', fault: 'status', status: 400, errorType: 'UNKNOWN_METER_ID' })).status).toBe(400);
    const res = await purchase(purchaseRequest('VODAAT29'));
    expect([res.status, StrictAirtimeErrorDetailSchema.parse(res.body).errorType]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
    const lookup = await fetch(`${sim.baseUrl}/meterLookups/${randomUUID()}`, { method: 'POST', headers: auth, body: '{}' });
    expect(lookup.status).toBe(400); // a format error from the Prepaid Utility service, not the airtime fault
  });

  it('without credentials of its own, it refuses a client id that is not the Basic user name (as Electrum’s server)', async () => {
    const open = await startSimulator({ controlApi: false });
    try {
      const request = purchaseRequest('VODAAT29');
      const as = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:pw`).toString('base64')}`, 'content-type': 'application/json' });
      const wrong = await fetch(`${open.airtimeBaseUrl}/purchases`, { method: 'POST', headers: as('someone'), body: JSON.stringify(request) });
      expect([wrong.status, ((await wrong.json()) as { errorType: string }).errorType]).toEqual([400, 'FORMAT_ERROR']);
      const right = await fetch(`${open.airtimeBaseUrl}/purchases`, { method: 'POST', headers: as(TRAINING_TERMINAL.client.id), body: JSON.stringify(request) });
      expect(right.status).toBe(201);
      // The control API is off in this simulator: protocol served, /_sim refused.
      expect((await fetch(`${open.origin}/_sim/requests`)).status).toBe(404);
      expect((await fetch(`${open.origin}/_sim/reset`, { method: 'POST' })).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});
