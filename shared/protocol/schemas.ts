// Prepaid Utility Service Interface v3 models (see docs/protocol.md for the sources and choices).
// Java @Pattern matches the whole string, so every pattern here is anchored.
import { z } from 'zod';

export const API_BASE_PATH = '/prepaidutility/v3';

const maxLen = (n: number) => z.string().max(n);
const pattern = (re: string) => z.string().regex(new RegExp(`^(?:${re})$`));

export const CurrencySchema = pattern('[0-9]{3}');
export const LedgerIndicatorSchema = z.enum(['DEBIT', 'CREDIT']);

export const LedgerAmountSchema = z.object({
  amount: z.number().int(),
  currency: CurrencySchema,
  ledgerIndicator: LedgerIndicatorSchema.optional(),
});
export type LedgerAmount = z.infer<typeof LedgerAmountSchema>;

export const TaxableAmountSchema = LedgerAmountSchema.extend({
  tax: z.number().int().optional(),
  taxType: maxLen(10).optional(),
  taxRate: z.number().optional(),
});
export type TaxableAmount = z.infer<typeof TaxableAmountSchema>;

export const InstitutionSchema = z.object({ id: z.string().min(1), name: maxLen(40) });
export type Institution = z.infer<typeof InstitutionSchema>;

export const MerchantNameSchema = z.object({
  name: maxLen(23),
  city: maxLen(13),
  region: maxLen(2),
  country: maxLen(2),
});

export const MerchantSchema = z.object({
  merchantType: pattern('[0-9]{4}'),
  merchantId: z.string().length(15),
  merchantName: MerchantNameSchema,
});

export const OriginatorSchema = z.object({
  institution: InstitutionSchema,
  terminalId: z.string().length(8),
  merchant: MerchantSchema,
  operatorId: maxLen(30).optional(),
  channelId: maxLen(50).optional(),
});
export type Originator = z.infer<typeof OriginatorSchema>;

export const ThirdPartyIdentifierSchema = z.object({
  institutionId: z.string().min(1),
  transactionIdentifier: z.string().optional(),
});
export type ThirdPartyIdentifier = z.infer<typeof ThirdPartyIdentifierSchema>;

export const BarcodeSchema = z.object({ data: z.string(), encoding: z.string().optional() });

export const SlipLineSchema = z.object({
  text: z.string(),
  barcode: BarcodeSchema.optional(),
  fontWidthScaleFactor: z.number().optional(),
  fontHeightScaleFactor: z.number().optional(),
  line: z.boolean().optional(),
  cut: z.boolean().optional(),
});
export type SlipLine = z.infer<typeof SlipLineSchema>;

export const SlipDataSchema = z.object({
  messageLines: z.array(SlipLineSchema).optional(),
  slipWidth: z.number().int().optional(),
  issuerReference: pattern('[A-Z0-9]{1,40}').optional(),
});
export type SlipData = z.infer<typeof SlipDataSchema>;

export const TranTypeSchema = z.enum([
  'GOODS_AND_SERVICES', 'CASH_WITHDRAWAL', 'DEBIT_ADJUSTMENT', 'GOODS_AND_SERVICES_WITH_CASH_BACK',
  'NON_CASH', 'RETURNS', 'DEPOSIT', 'CREDIT_ADJUSTMENT', 'GENERAL_CREDIT', 'AVAILABLE_FUNDS_INQUIRY',
  'BALANCE_INQUIRY', 'GENERAL_INQUIRY', 'CARD_VERIFICATION_INQUIRY', 'CARDHOLDER_ACCOUNTS_TRANSFER',
  'GENERAL_TRANSFER', 'PAYMENT_FROM_ACCOUNT', 'GENERAL_PAYMENT', 'PAYMENT_TO_ACCOUNT',
  'PAYMENT_FROM_ACCOUNT_TO_ACCOUNT', 'PLACE_HOLD_ON_CARD', 'GENERAL_ADMIN', 'CHANGE_PIN',
  'CARD_HOLDER_INQUIRY', 'POINTS_INQUIRY',
]);

export const AccountTypeSchema = z.enum([
  'DEFAULT', 'SAVINGS', 'CHEQUE', 'CREDIT', 'UNIVERSAL', 'ELECTRONIC_PURSE', 'GIFT_CARD', 'STORED_VALUE',
]);

/** Fields every PPU request and response carries (service-interface-base Transaction). */
export const TransactionSchema = z.object({
  id: z.string().min(1),
  time: z.string().min(1),
  originator: OriginatorSchema,
  client: InstitutionSchema,
  settlementEntity: InstitutionSchema.optional(),
  receiver: InstitutionSchema.optional(),
  thirdPartyIdentifiers: z.array(ThirdPartyIdentifierSchema),
  slipData: SlipDataSchema.optional(),
  basketRef: z.string().optional(),
  tranType: TranTypeSchema.optional(),
  srcAccType: AccountTypeSchema.optional(),
  destAccType: AccountTypeSchema.optional(),
  stan: z.string().optional(),
  rrn: z.string().optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;

export const MeterSchema = z.object({
  meterId: pattern('[a-zA-Z0-9]{0,20}'),
  track2Data: pattern('[a-zA-Z0-9=]{34}').optional(),
  serviceType: pattern('[a-zA-Z0-9]{0,12}').optional(),
  supplyGroupCode: pattern('[0-9]{6}').optional(),
  keyRevisionNum: pattern('[0-9]{1}').optional(),
  tariffIndex: pattern('[0-9]{2}').optional(),
  tokenTechCode: pattern('[0-9]{2}').optional(),
  algorithmCode: pattern('[0-9]{2}').optional(),
  keyChangeData: z
    .object({
      newSupplyGroupCode: pattern('[0-9]{6}').optional(),
      newKeyRevisionNumber: pattern('[0-9]{1}').optional(),
      newTariffIndex: pattern('[0-9]{2}').optional(),
    })
    .optional(),
});
export type Meter = z.infer<typeof MeterSchema>;

export const CustomerSchema = z.object({
  firstName: maxLen(40).optional(),
  lastName: maxLen(40).optional(),
  address: maxLen(80).optional(),
  msisdn: pattern('\\+?[1-9]\\d{0,14}').optional(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const UtilitySchema = z.object({
  name: maxLen(40).optional(),
  address: maxLen(80).optional(),
  vatRegNum: maxLen(10).optional(),
  clientId: maxLen(20).optional(),
  message: maxLen(80).optional(),
});
export type Utility = z.infer<typeof UtilitySchema>;

export const TokenTypeSchema = z.enum(['STD', 'BSST', 'REFUND', 'KC', 'PWRLMT']);
export type TokenType = z.infer<typeof TokenTypeSchema>;

export const TariffBlockSchema = z.object({ units: z.number(), rate: z.number() });

export const TokenSchema = z.object({
  tokenType: TokenTypeSchema,
  units: z.number(),
  amount: TaxableAmountSchema,
  receiptNum: z.string().optional(),
  token: z.string().min(1),
  tariffCalc: z.array(TariffBlockSchema).optional(),
});
export type Token = z.infer<typeof TokenSchema>;

export const TenderTypeSchema = z.enum([
  'CASH', 'CHEQUE', 'CREDIT_CARD', 'DEBIT_CARD', 'WALLET', 'ROUNDING', 'GIFT_CARD', 'LOYALTY_CARD', 'OTHER',
]);

export const TenderSchema = z.object({
  amount: LedgerAmountSchema,
  tenderType: TenderTypeSchema,
  accountType: z
    .enum(['DEFAULT', 'SAVINGS', 'CHEQUE', 'CREDIT', 'UNIVERSAL', 'ELECTRONIC_PURSE', 'STORED_VALUE'])
    .optional(),
  cardNumber: pattern('[0-9]{6}[0-9*]{0,13}').optional(),
  reference: maxLen(40).optional(),
});
export type Tender = z.infer<typeof TenderSchema>;

export const MeterLookupRequestSchema = TransactionSchema.extend({ meter: MeterSchema });
export type MeterLookupRequest = z.infer<typeof MeterLookupRequestSchema>;

export const MeterLookupResponseSchema = TransactionSchema.extend({
  meter: MeterSchema,
  customer: CustomerSchema,
  utility: UtilitySchema,
  minAmount: LedgerAmountSchema.optional(),
  maxAmount: LedgerAmountSchema.optional(),
  arrearsAmount: LedgerAmountSchema.optional(),
  bsstDue: z.boolean().optional(),
});
export type MeterLookupResponse = z.infer<typeof MeterLookupResponseSchema>;

export const PurchaseRequestSchema = TransactionSchema.extend({
  meter: MeterSchema,
  purchaseAmount: LedgerAmountSchema,
  utilityType: z.string().optional(),
  msisdn: z.string().regex(/^(?:(?:\+?[1-9]\d{1,14})|(?:0[0-9]{9}))$/).optional(),
  tenders: z.array(TenderSchema).optional(),
});
export type PurchaseRequest = z.infer<typeof PurchaseRequestSchema>;

export const PurchaseResponseSchema = TransactionSchema.extend({
  meter: MeterSchema,
  customer: CustomerSchema,
  utility: UtilitySchema,
  utilityType: z.string().optional(),
  tokens: z.array(TokenSchema).default([]),
  purchaseTotal: LedgerAmountSchema.optional(),
  taxTotal: LedgerAmountSchema.optional(),
  vatInvoiceNumber: z.string().optional(),
});
export type PurchaseResponse = z.infer<typeof PurchaseResponseSchema>;

export const BasicAdviceSchema = z.object({
  id: z.string().min(1),
  requestId: z.string().min(1),
  time: z.string().min(1),
  thirdPartyIdentifiers: z.array(ThirdPartyIdentifierSchema),
  stan: z.string().optional(),
  rrn: z.string().optional(),
});

export const ConfirmationAdviceSchema = BasicAdviceSchema.extend({ tenders: z.array(TenderSchema) });
export type ConfirmationAdvice = z.infer<typeof ConfirmationAdviceSchema>;

export const ReversalReasonSchema = z.enum(['TIMEOUT', 'CANCELLED', 'RESPONSE_NOT_FINAL']);
export const ReversalAdviceSchema = BasicAdviceSchema.extend({ reversalReason: ReversalReasonSchema });
export type ReversalAdvice = z.infer<typeof ReversalAdviceSchema>;

export const ErrorTypeSchema = z.enum([
  'DUPLICATE_RECORD', 'FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'GENERAL_ERROR', 'INVALID_AMOUNT',
  'ROUTING_ERROR', 'TRANSACTION_NOT_SUPPORTED', 'UNABLE_TO_LOCATE_RECORD', 'UPSTREAM_UNAVAILABLE',
  'UNKNOWN_METER_ID', 'TRANSACTION_DECLINED', 'INVALID_MERCHANT', 'INVALID_AN32_TOKEN', 'DO_NOT_HONOR',
  'INVALID_MSISDN', 'INVALID_LOYALTY_CARD', 'UTILITY_INVALID', 'SYSTEM_MALFUNCTION', 'METER_KEY_INVALID',
  'AMOUNT_TOO_LOW', 'AMOUNT_TOO_HIGH', 'NO_FREE_UNITS_DUE', 'INSUFFICIENT_FUNDS', 'LIMIT_EXCEEDED',
  'METER_ID_BLOCKED', 'OUTCOME_UNKNOWN',
]);
export type ErrorType = z.infer<typeof ErrorTypeSchema>;

/** Parsed leniently: upstreams (Electrum's own test server included) send partial ErrorDetails. */
export const ErrorDetailSchema = z.object({
  id: z.string().optional(),
  originalId: z.string().optional(),
  errorType: z.string(),
  errorMessage: z.string().optional(),
  requestType: z.string().optional(),
  detailMessage: z.unknown().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;
