import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BasicAdviceSchema,
  ConfirmationAdviceSchema,
  DebtRecoveryChargeSchema,
  ErrorDetailSchema,
  FaultReportRequestSchema,
  FaultReportResponseSchema,
  KeyChangeConfirmationSchema,
  KeyChangeTokenRequestSchema,
  KeyChangeTokenResponseSchema,
  KeyChangeTokenResponseWithTokensSchema,
  LedgerAmountSchema,
  MeterLookupRequestSchema,
  MeterLookupResponseSchema,
  MeterSchema,
  PaymentMethodSchema,
  PurchaseRequestSchema,
  PurchaseResponseSchema,
  ReversalAdviceSchema,
  ServiceChargeSchema,
  SlipDataSchema,
  StrictErrorDetailSchema,
  TenderSchema,
  TokenReprintRequestSchema,
  TokenSchema,
  TransactionSchema,
  VendedPurchaseResponseSchema,
} from './schemas';

const ID = '3f1c2b7a-9d4e-4c21-8a6b-0e5f7d9c1a2b';
const TIME = '2026-11-22T10:15:30.123Z';
const envelope = {
  id: ID,
  time: TIME,
  originator: {
    institution: { id: '123456', name: 'Training' },
    terminalId: '12345678',
    merchant: { merchantType: '5411', merchantId: '123456789012345', merchantName: { name: 'Shop', city: 'Cape Town', region: 'WC', country: 'ZA' } },
  },
  client: { id: '001', name: 'Prepaid POS' },
  thirdPartyIdentifiers: [{ institutionId: '001', transactionIdentifier: ID }],
};
const amount = { amount: 10000, currency: '710' };
const token = { tokenType: 'STD', units: 73.8, amount: { amount: 8600, currency: '710', tax: 1400, taxType: 'VAT', taxRate: 14 }, receiptNum: 'R1', token: '12345678901234567890' };
const response = { ...envelope, meter: { meterId: 'TST001' }, customer: {}, utility: {} };

function without(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

const cases: Array<{ name: string; schema: z.ZodType; valid: Record<string, unknown>; required: string[] }> = [
  { name: 'Transaction', schema: TransactionSchema, valid: envelope, required: ['id', 'time', 'originator', 'client', 'thirdPartyIdentifiers'] },
  { name: 'MeterLookupRequest', schema: MeterLookupRequestSchema, valid: { ...envelope, meter: { meterId: 'TST001' } }, required: ['meter', 'id', 'time'] },
  { name: 'MeterLookupResponse', schema: MeterLookupResponseSchema, valid: response, required: ['meter', 'customer', 'utility'] },
  { name: 'PurchaseRequest', schema: PurchaseRequestSchema, valid: { ...envelope, meter: { meterId: 'TST001' }, purchaseAmount: amount }, required: ['meter', 'purchaseAmount', 'originator'] },
  { name: 'PurchaseResponse', schema: PurchaseResponseSchema, valid: { ...response, tokens: [token] }, required: ['meter', 'customer', 'utility'] },
  { name: 'TokenReprintRequest', schema: TokenReprintRequestSchema, valid: { ...envelope, meter: { meterId: 'TST001' } }, required: ['meter'] },
  { name: 'KeyChangeTokenRequest', schema: KeyChangeTokenRequestSchema, valid: { ...envelope, meter: { meterId: 'TST006' } }, required: ['meter'] },
  { name: 'KeyChangeTokenResponse', schema: KeyChangeTokenResponseSchema, valid: { ...envelope, tokens: [] }, required: ['id', 'originator'] },
  {
    name: 'FaultReportRequest',
    schema: FaultReportRequestSchema,
    valid: { ...envelope, meter: { meterId: 'TST006' }, contactNumber: '0821234567', faultType: 'KeepsTripping' },
    required: ['meter', 'contactNumber', 'faultType'],
  },
  { name: 'FaultReportResponse', schema: FaultReportResponseSchema, valid: { ...envelope, reference: 'R', description: 'D' }, required: ['reference', 'description'] },
  { name: 'BasicAdvice', schema: BasicAdviceSchema, valid: { id: ID, requestId: ID, time: TIME, thirdPartyIdentifiers: [] }, required: ['id', 'requestId', 'time', 'thirdPartyIdentifiers'] },
  { name: 'ConfirmationAdvice', schema: ConfirmationAdviceSchema, valid: { id: ID, requestId: ID, time: TIME, thirdPartyIdentifiers: [], tenders: [] }, required: ['id', 'requestId', 'time', 'tenders'] },
  { name: 'ReversalAdvice', schema: ReversalAdviceSchema, valid: { id: ID, requestId: ID, time: TIME, thirdPartyIdentifiers: [], reversalReason: 'TIMEOUT' }, required: ['reversalReason', 'requestId'] },
  { name: 'KeyChangeConfirmation', schema: KeyChangeConfirmationSchema, valid: { id: ID, requestId: ID, time: TIME, thirdPartyIdentifiers: [] }, required: ['id', 'requestId'] },
  { name: 'Token', schema: TokenSchema, valid: token, required: ['tokenType', 'units', 'amount', 'token'] },
  { name: 'LedgerAmount', schema: LedgerAmountSchema, valid: amount, required: ['amount', 'currency'] },
  { name: 'Tender', schema: TenderSchema, valid: { amount, tenderType: 'CASH' }, required: ['amount', 'tenderType'] },
  { name: 'DebtRecoveryCharge', schema: DebtRecoveryChargeSchema, valid: { amount: { ...amount, tax: 0 }, description: 'x', balance: amount }, required: ['amount'] },
  { name: 'ServiceCharge', schema: ServiceChargeSchema, valid: { amount, description: 'x' }, required: ['amount'] },
  { name: 'Meter', schema: MeterSchema, valid: { meterId: 'TST001' }, required: ['meterId'] },
  { name: 'ErrorDetail (lenient)', schema: ErrorDetailSchema, valid: { errorType: 'X' }, required: ['errorType'] },
  {
    name: 'ErrorDetail (strict)',
    schema: StrictErrorDetailSchema,
    valid: { id: ID, errorType: 'FORMAT_ERROR', errorMessage: 'Format error', requestType: 'METER_LOOKUP_REQUEST' },
    required: ['id', 'errorType', 'errorMessage', 'requestType'],
  },
];

describe.each(cases)('$name', ({ schema, valid, required }) => {
  it('accepts a valid message', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });
  it.each(required)('requires %s', (key) => {
    expect(schema.safeParse(without(valid, key)).success).toBe(false);
  });
});

describe('patterns and enums', () => {
  const purchase = { ...envelope, meter: { meterId: 'TST001' }, purchaseAmount: amount };
  const ok = (value: unknown) => PurchaseRequestSchema.safeParse(value).success;

  it('outgoing ids are v4 UUIDs and times RFC 3339', () => {
    expect(ok({ ...purchase, id: 'a7d8a676-bdd0-f7cc-62b0-2a5e35792367' })).toBe(false); // Postman's non-v4 ids
    expect(ok({ ...purchase, time: '28/07/2017 12:06' })).toBe(false);
    expect(ok({ ...purchase, time: '2017-07-28T12:06:18+02:00' })).toBe(true);
  });
  it('currency is three digits and amounts are whole minor units, never negative in a purchase', () => {
    expect(ok({ ...purchase, purchaseAmount: { amount: 10000, currency: 'ZAR' } })).toBe(false);
    expect(ok({ ...purchase, purchaseAmount: { amount: 100.5, currency: '710' } })).toBe(false);
    expect(ok({ ...purchase, purchaseAmount: { amount: '10000', currency: '710' } })).toBe(false);
    expect(ok({ ...purchase, purchaseAmount: { amount: -1, currency: '710' } })).toBe(false);
    expect(ok({ ...purchase, purchaseAmount: { amount: 0, currency: '710' } })).toBe(true);
  });
  it('msisdn is E.164 or ten digits starting with 0', () => {
    expect(ok({ ...purchase, msisdn: '+27821234567' })).toBe(true);
    expect(ok({ ...purchase, msisdn: '0821234567' })).toBe(true);
    expect(ok({ ...purchase, msisdn: '082123456' })).toBe(false);
    expect(ok({ ...purchase, msisdn: '+0821234567' })).toBe(false);
  });
  it('originator: terminalId exactly 8, merchantId exactly 15, merchantType four digits', () => {
    const o = envelope.originator;
    expect(ok({ ...purchase, originator: { ...o, terminalId: '1234567' } })).toBe(false);
    expect(ok({ ...purchase, originator: { ...o, merchant: { ...o.merchant, merchantId: '12345' } } })).toBe(false);
    expect(ok({ ...purchase, originator: { ...o, merchant: { ...o.merchant, merchantType: '54X1' } } })).toBe(false);
    expect(ok({ ...purchase, originator: { ...o, merchant: { ...o.merchant, merchantName: { ...o.merchant.merchantName, region: 'WCP' } } } })).toBe(false);
  });
  it('meter fields follow their patterns', () => {
    expect(MeterSchema.safeParse({ meterId: 'TST-001' }).success).toBe(false);
    expect(MeterSchema.safeParse({ meterId: '1'.repeat(21) }).success).toBe(false);
    expect(MeterSchema.safeParse({ meterId: 'X', supplyGroupCode: '12345' }).success).toBe(false);
    expect(MeterSchema.safeParse({ meterId: 'X', keyRevisionNum: '12' }).success).toBe(false);
    expect(MeterSchema.safeParse({ meterId: 'X', tariffIndex: '1' }).success).toBe(false);
    expect(MeterSchema.safeParse({ meterId: 'X', track2Data: 'A'.repeat(34) }).success).toBe(true);
  });
  it('tender card numbers are PCI-masked and token types, tender types and reasons are closed enums', () => {
    expect(TenderSchema.safeParse({ amount, tenderType: 'CASH', cardNumber: '000000******0000' }).success).toBe(true);
    expect(TenderSchema.safeParse({ amount, tenderType: 'CASH', cardNumber: '00000******0000' }).success).toBe(false);
    expect(TenderSchema.safeParse({ amount, tenderType: 'BITCOIN' }).success).toBe(false);
    expect(TokenSchema.safeParse({ ...token, tokenType: 'FREE' }).success).toBe(false);
    expect(ReversalAdviceSchema.safeParse({ id: ID, requestId: ID, time: TIME, thirdPartyIdentifiers: [], reversalReason: 'OOPS' }).success).toBe(false);
  });
  it('a token is 20 digits; anything else is never accepted for printing', () => {
    expect(TokenSchema.safeParse({ ...token, token: '1234 5678 9012 3456 7890' }).success).toBe(false);
    expect(TokenSchema.safeParse({ ...token, token: 12345678901234567890 }).success).toBe(false);
    expect(TokenSchema.safeParse({ ...token, units: -1 }).success).toBe(false);
  });
  it("tolerates Electrum's key-change tokens without a currency", () => {
    expect(TokenSchema.safeParse({ tokenType: 'KC', units: 0, amount: { amount: 0 }, token: '11111111111111111111' }).success).toBe(true);
  });
  it('a vended purchase (and key change) needs at least one token', () => {
    expect(VendedPurchaseResponseSchema.safeParse({ ...response, tokens: [] }).success).toBe(false);
    expect(VendedPurchaseResponseSchema.safeParse(response).success).toBe(false);
    expect(VendedPurchaseResponseSchema.safeParse({ ...response, tokens: [token] }).success).toBe(true);
    expect(KeyChangeTokenResponseWithTokensSchema.safeParse({ ...envelope, tokens: [] }).success).toBe(false);
  });
  it('slip data: issuerReference pattern; payment methods discriminate on type', () => {
    expect(SlipDataSchema.safeParse({ issuerReference: 'ABC123' }).success).toBe(true);
    expect(SlipDataSchema.safeParse({ issuerReference: 'abc' }).success).toBe(false);
    expect(PaymentMethodSchema.safeParse({ type: 'AN_32_TOKEN', token: 'a'.repeat(32) }).success).toBe(true);
    expect(PaymentMethodSchema.safeParse({ type: 'AN_32_TOKEN', token: 'a'.repeat(31) }).success).toBe(false);
    expect(PaymentMethodSchema.safeParse({ type: 'CARD', pan: '4111111111111111', pin: { type: 'ENCRYPTED_PIN', pinBlock: 'zz' } }).success).toBe(false);
  });
  it('seed reference fields: transactionLabels, amounts, addressDetails, tariffCalc, charges', () => {
    const full = {
      ...response,
      transactionLabels: [{ name: 'basket', value: '42' }],
      customer: { addressDetails: { city: 'Cape Town', country: 'ZA', postalCode: '8001' } },
      amounts: { approvedAmount: amount, additionalAmounts: { fee: amount } },
      tokens: [{ ...token, tariffCalc: [{ units: 50, rate: 117.3 }] }],
      debtRecoveryCharges: [{ amount: { ...amount, tax: 700 }, description: 'Arrears', balance: amount, receiptNum: 'R2' }],
      serviceCharges: [{ amount, description: 'Fee' }],
      purchaseTotal: amount,
      taxTotal: amount,
      vatInvoiceNumber: 'INV1',
    };
    expect(PurchaseResponseSchema.safeParse(full).success).toBe(true);
    expect(PurchaseResponseSchema.safeParse({ ...full, customer: { addressDetails: { country: 'za' } } }).success).toBe(false);
  });
});
