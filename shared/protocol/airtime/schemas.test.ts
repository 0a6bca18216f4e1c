import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { TRAINING_TERMINAL } from '../envelope';
import { BasicAdviceSchema } from '../schemas';
import { buildAirtimeConfirmation, buildAirtimePurchaseRequest, buildAirtimeReversal } from './envelope';
import { AIRTIME_BASE_PATH, AIRTIME_OPERATIONS, AIRTIME_OPERATION_IDS, airtimePath, isAirtimeOperationId } from './operations';
import {
  AirtimeAdviceResponseSchema,
  AirtimeConfirmationSchema,
  AirtimeErrorDetailSchema,
  AirtimeProductSchema,
  AirtimePurchaseRequestSchema,
  AirtimePurchaseResponseSchema,
  AirtimeReversalSchema,
  MsisdnInfoResponseSchema,
  MsisdnSchema,
  OutgoingAirtimeConfirmationSchema,
  OutgoingAirtimePurchaseRequestSchema,
  OutgoingAirtimeReversalSchema,
  ProductListSchema,
  PurchaseStatusQuerySchema,
  StrictAirtimeErrorDetailSchema,
  VoucherConfirmationSchema,
  VoucherRequestSchema,
  VoucherResponseSchema,
  VoucherReversalSchema,
  VoucherSchema,
} from './schemas';

const PACK = '/work/shared/electrum/airtime-test-pack';
const EXAMPLES = join(PACK, 'message-examples');

/** The pack's environment, which fills the `{{…}}` placeholders some examples are written with. */
const environment = new Map<string, string>(
  (JSON.parse(readFileSync(join(PACK, 'localhost.postman_environment.json'), 'utf8')) as { values: { key: string; value: string }[] }).values.map(
    (v) => [v.key, v.value],
  ),
);

function example(name: string): unknown {
  const raw = readFileSync(join(EXAMPLES, name), 'utf8')
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => environment.get(key) ?? `{{${key}}}`)
    // VoucherConfirmation.json ends its last array with a trailing comma, which JSON does not allow.
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(raw);
}

const SCHEMA_FOR_EXAMPLE: Record<string, z.ZodType> = {
  'BasicAdviceResponse.json': AirtimeAdviceResponseSchema,
  'ErrorDetail.json': AirtimeErrorDetailSchema,
  'MsisdnInfoResponse.json': MsisdnInfoResponseSchema,
  'PurchaseConfirmation.json': AirtimeConfirmationSchema,
  'PurchaseRequest.json': AirtimePurchaseRequestSchema,
  'PurchaseResponse.json': AirtimePurchaseResponseSchema,
  'PurchaseReversal.json': AirtimeReversalSchema,
  'VoucherConfirmation.json': VoucherConfirmationSchema,
  'VoucherRequest.json': VoucherRequestSchema,
  'VoucherResponse.json': VoucherResponseSchema,
  'VoucherReversal.json': VoucherReversalSchema,
};

describe("Electrum's Airtime message examples", () => {
  it('every example in the pack has a schema here', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(Object.keys(SCHEMA_FOR_EXAMPLE).sort());
  });

  for (const [name, schema] of Object.entries(SCHEMA_FOR_EXAMPLE)) {
    it(`${name} parses`, () => {
      const result = schema.safeParse(example(name));
      expect(result.error?.issues ?? []).toEqual([]);
    });
  }

  it('keeps what a till needs from the PurchaseResponse example: product, PIN, serial, redeem lines, slip', () => {
    const r = AirtimePurchaseResponseSchema.parse(example('PurchaseResponse.json'));
    expect(r.product).toMatchObject({ productId: 'productId123', type: 'AIRTIME_FIXED' });
    expect(r.voucher).toMatchObject({ pin: '125805293941', serialNumber: '189257261772' });
    expect(r.voucher?.redeemInstructions).toContain('*999*<pin>#');
    expect(r.slipData?.messageLines).toHaveLength(3);
    expect(r.amounts?.approvedAmount).toEqual({ amount: 33, currency: '710' });
  });

  it('reads the ErrorDetail example as ACCOUNT_ALREADY_SETTLED on a voucher reversal, its voucher without a PIN', () => {
    const e = AirtimeErrorDetailSchema.parse(example('ErrorDetail.json'));
    expect([e.errorType, e.requestType]).toEqual(['ACCOUNT_ALREADY_SETTLED', 'VOUCHER_REVERSAL']);
    const detail = e.detailMessage as { voucher: unknown };
    expect(VoucherSchema.parse(detail.voucher).pin).toBeUndefined();
  });

  it('the advice examples are also valid base BasicAdvices', () => {
    for (const name of ['PurchaseConfirmation.json', 'PurchaseReversal.json', 'BasicAdviceResponse.json']) {
      expect(BasicAdviceSchema.safeParse(example(name)).success).toBe(true);
    }
  });
});

const product = {
  productId: 'VODA29',
  barcode: '6009876543210',
  name: 'Vodacom R29 airtime',
  description: { primaryDescription: 'R29 airtime', shortDescription: 'R29', additionalDescriptions: { en: 'Airtime' } },
  type: 'AIRTIME_FIXED',
  isDirectTopup: false,
  wholesalePrice: { amount: 2755, currency: '710' },
  recipientAmount: { amount: 2900, currency: '710' },
  productValues: [{ amount: 2900, currency: '710' }],
  validityPeriod: { duration: 36, durationUnit: 'MONTHS' },
  productContents: [{ amount: 29, unit: 'Unit' }],
  operator: { id: 'VODACOM', name: 'Vodacom' },
  channels: [{ channelName: 'POS', productDisplayName: 'R29 Airtime', productDisplayCategory: 'Airtime', productDisplaySortOrder: 3 }],
};

describe('Product', () => {
  it('accepts a full catalogue entry and a bare {productId}', () => {
    expect(AirtimeProductSchema.parse(product)).toEqual(product);
    expect(ProductListSchema.parse([product, { productId: 'X1' }])).toHaveLength(2);
  });

  it.each([
    ['a productId with a dash', { productId: 'VODA-29' }],
    ['a productId over 20 characters', { productId: 'A'.repeat(21) }],
    ['a 14-character barcode', { productId: 'A', barcode: '12345678901234' }],
    ['an unknown product type', { productId: 'A', type: 'FREE_LUNCH' }],
    ['a negative validity', { productId: 'A', validityPeriod: { duration: -1, durationUnit: 'DAYS' } }],
    ['a content unit outside the enum', { productId: 'A', productContents: [{ amount: 1, unit: 'TB' }] }],
    ['a channel without a name', { productId: 'A', channels: [{ productDisplayName: 'x' }] }],
    ['a display name over 50 characters', { productId: 'A', channels: [{ channelName: 'POS', productDisplayName: 'x'.repeat(51) }] }],
    ['a price in a non-numeric currency', { productId: 'A', wholesalePrice: { amount: 1, currency: 'ZAR' } }],
  ])('refuses %s', (_, value) => {
    expect(AirtimeProductSchema.safeParse(value).success).toBe(false);
  });
});

describe('Msisdn and Voucher', () => {
  it('takes the international form and refuses the local 0… form', () => {
    expect(MsisdnSchema.safeParse({ msisdn: '27821234567' }).success).toBe(true);
    expect(MsisdnSchema.safeParse({ msisdn: '+27821234567' }).success).toBe(true);
    expect(MsisdnSchema.safeParse({ msisdn: '0821234567' }).success).toBe(false);
    expect(MsisdnSchema.safeParse({ msisdn: '2782123456789012' }).success).toBe(false);
  });

  it('a PIN is digits only, 1 to 20 of them; a serial number is required', () => {
    expect(VoucherSchema.safeParse({ serialNumber: 'SN1', pin: '1234 5678' }).success).toBe(false);
    expect(VoucherSchema.safeParse({ serialNumber: 'SN1', pin: '1'.repeat(21) }).success).toBe(false);
    expect(VoucherSchema.safeParse({ pin: '1234' }).success).toBe(false);
  });
});

const ENVELOPE_INPUT = { id: '3f1c2b7a-9d4e-4c21-8a6b-0e5f7d9c1a2b', time: '2026-11-22T10:15:30.123Z' };

describe('purchase messages', () => {
  const request = buildAirtimePurchaseRequest(TRAINING_TERMINAL, {
    ...ENVELOPE_INPUT,
    product: { productId: 'VODAFLEX' },
    recipientMsisdn: '27821234567',
    requestAmount: 1500,
    tenders: [{ amount: { amount: 1500, currency: '710' }, tenderType: 'CASH' }],
  });

  it('builds a request the client may send: v4 id, product id only, requestAmount in the terminal currency', () => {
    expect(OutgoingAirtimePurchaseRequestSchema.parse(request)).toEqual(request);
    expect(request.product).toEqual({ productId: 'VODAFLEX' });
    expect(request.amounts).toEqual({ requestAmount: { amount: 1500, currency: '710' } });
    expect(request.recipientMsisdn).toEqual({ msisdn: '27821234567' });
    expect(request.originator.terminalId).toBe(TRAINING_TERMINAL.terminalId);
  });

  it('a request without a product, or with a time that is not RFC 3339, is refused', () => {
    const { product: _p, ...withoutProduct } = request;
    expect(AirtimePurchaseRequestSchema.safeParse(withoutProduct).success).toBe(false);
    expect(AirtimePurchaseRequestSchema.safeParse({ ...request, time: '22/11/2026 10:15' }).success).toBe(false);
    expect(OutgoingAirtimePurchaseRequestSchema.safeParse({ ...request, id: '833f5081-4976-de36-6218-c3c8da467883' }).success).toBe(false);
  });

  it('a response with a voucher but no PIN is refused; a direct top-up without a voucher is fine', () => {
    const response = AirtimePurchaseResponseSchema.parse(example('PurchaseResponse.json'));
    const { pin: _pin, ...noPin } = response.voucher ?? { serialNumber: 'x' };
    expect(AirtimePurchaseResponseSchema.safeParse({ ...response, voucher: noPin }).success).toBe(false);
    const { voucher: _v, ...topUp } = response;
    expect(AirtimePurchaseResponseSchema.safeParse(topUp).success).toBe(true);
  });

  it('advices carry the purchase id as requestId and the response identifiers, or the request ones when no answer came', () => {
    const response = AirtimePurchaseResponseSchema.parse({
      ...request,
      thirdPartyIdentifiers: [...request.thirdPartyIdentifiers, { institutionId: '44444444', transactionIdentifier: 'MNO1' }],
    });
    const confirmation = buildAirtimeConfirmation({
      id: 'a2b1c3d4-1111-4222-8333-444455556666',
      time: '2026-11-22T10:15:31.000Z',
      purchase: request,
      response,
      tenders: request.tenders ?? [],
    });
    expect(OutgoingAirtimeConfirmationSchema.parse(confirmation)).toEqual(confirmation);
    expect(confirmation.requestId).toBe(request.id);
    expect(confirmation.thirdPartyIdentifiers).toEqual(response.thirdPartyIdentifiers);

    const reversal = buildAirtimeReversal({
      id: 'b2b1c3d4-1111-4222-8333-444455556666',
      time: '2026-11-22T10:16:31.000Z',
      purchase: request,
      reason: 'TIMEOUT',
    });
    expect(OutgoingAirtimeReversalSchema.parse(reversal)).toEqual(reversal);
    expect(reversal.thirdPartyIdentifiers).toEqual(request.thirdPartyIdentifiers);
    expect(AirtimeReversalSchema.safeParse({ ...reversal, reversalReason: 'OOPS' }).success).toBe(false);
  });
});

describe('ErrorDetail', () => {
  it('requires id, errorType, errorMessage and requestType from the airtime enums', () => {
    const ok = { id: 'e1', errorType: 'DECLINED_BY_MNO', errorMessage: 'Declined', requestType: 'PURCHASE_REQUEST' };
    expect(AirtimeErrorDetailSchema.safeParse(ok).success).toBe(true);
    expect(AirtimeErrorDetailSchema.safeParse({ ...ok, errorType: 'UNKNOWN_METER_ID' }).success).toBe(false);
    expect(AirtimeErrorDetailSchema.safeParse({ ...ok, requestType: 'TOKEN_PURCHASE_REQUEST' }).success).toBe(false);
    const { requestType: _r, ...noRequestType } = ok;
    expect(AirtimeErrorDetailSchema.safeParse(noRequestType).success).toBe(false);
    expect(StrictAirtimeErrorDetailSchema.safeParse({ ...ok, errorMessage: 'x'.repeat(21) }).success).toBe(false);
  });
});

describe('operations', () => {
  it('has a method, request type and success status for each of the seven client operations', () => {
    expect(AIRTIME_OPERATION_IDS).toHaveLength(7);
    expect(isAirtimeOperationId('purchaseStatus')).toBe(true);
    expect(isAirtimeOperationId('provisionVoucher')).toBe(false);
    expect(isAirtimeOperationId('createTokenPurchaseRequest')).toBe(false);
    expect(AIRTIME_OPERATIONS.purchase).toEqual({ requestType: 'PURCHASE_REQUEST', method: 'POST', successStatus: 201, emptySuccessBody: false });
    expect(AIRTIME_OPERATIONS.purchaseStatus.method).toBe('GET');
    expect(AIRTIME_OPERATIONS.purchaseReversal.successStatus).toBe(202);
  });

  it('builds paths under /airtime/v5 with encoded query parameters and no path ids', () => {
    expect(AIRTIME_BASE_PATH).toBe('/airtime/v5');
    expect(airtimePath.purchase()).toBe('/purchases');
    expect(airtimePath.purchaseConfirmation()).toBe('/purchases/confirmations');
    expect(airtimePath.purchaseReversal()).toBe('/purchases/reversals');
    expect(airtimePath.purchaseTrial()).toBe('/purchases/trials');
    expect(airtimePath.listProducts()).toBe('/products');
    expect(airtimePath.listProducts({ channelName: 'POS till' })).toBe('/products?channelName=POS%20till');
    expect(airtimePath.lookupMsisdn({ msisdn: '+27821234567', productType: 'DATA' })).toBe('/msisdn?msisdn=%2B27821234567&productType=DATA');
    expect(airtimePath.purchaseStatus({ originalMsgId: 'abc' })).toBe('/purchases/status?originalMsgId=abc');
    expect(airtimePath.purchaseStatus({ purchaseReference: '0259719', provider: 'P[CBBPIO' })).toBe(
      '/purchases/status?purchaseReference=0259719&provider=P%5BCBBPIO',
    );
  });

  it('a status query needs an originalMsgId, or a purchaseReference with its provider', () => {
    expect(PurchaseStatusQuerySchema.safeParse({ originalMsgId: 'x' }).success).toBe(true);
    expect(PurchaseStatusQuerySchema.safeParse({ purchaseReference: 'r', provider: 'p' }).success).toBe(true);
    expect(PurchaseStatusQuerySchema.safeParse({ purchaseReference: 'r' }).success).toBe(false);
    expect(PurchaseStatusQuerySchema.safeParse({ provider: 'p' }).success).toBe(false);
  });
});
