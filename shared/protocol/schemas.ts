// Prepaid Utility Service Interface v3 models (see docs/protocol.md for the sources and choices).
// Java @Pattern matches the whole string, so every pattern here is anchored.
// Requests are what this client sends, so they are checked strictly (v4 UUID ids, RFC 3339 times);
// responses are parsed as leniently as safety allows, because upstreams (Electrum's own test server
// included) leave out fields the models call required.
import { z } from 'zod';

export const API_BASE_PATH = '/prepaidutility/v3';

const maxLen = (n: number) => z.string().max(n);
const pattern = (re: string) => z.string().regex(new RegExp(`^(?:${re})$`));

/** RFC 4122 variant-4 UUID, the only kind of message id this client generates. */
export const UuidV4Schema = pattern('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}');
/** RFC 3339 §5.6 date-time; the client always sends UTC with milliseconds (toISOString). */
export const DateTimeSchema = pattern(
  '\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:[Zz]|[+-]\\d{2}:\\d{2})',
);

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

export const AmountsSchema = z.object({
  requestAmount: LedgerAmountSchema.optional(),
  approvedAmount: LedgerAmountSchema.optional(),
  feeAmount: LedgerAmountSchema.optional(),
  balanceAmount: LedgerAmountSchema.optional(),
  additionalAmounts: z.record(z.string(), LedgerAmountSchema).optional(),
});
export type Amounts = z.infer<typeof AmountsSchema>;

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

/** Seed reference (newer than v3.13): labels to find or group transactions, never to decide. */
export const TransactionLabelSchema = z.object({ name: z.string(), value: z.string() });
export type TransactionLabel = z.infer<typeof TransactionLabelSchema>;

export const BarcodeSchema = z.object({ data: z.string(), encoding: z.string().optional() });
export const BARCODE_ENCODING_ITF = 'ITF';

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
export type TranType = z.infer<typeof TranTypeSchema>;

export const AccountTypeSchema = z.enum([
  'DEFAULT', 'SAVINGS', 'CHEQUE', 'CREDIT', 'UNIVERSAL', 'ELECTRONIC_PURSE', 'GIFT_CARD', 'STORED_VALUE',
]);
export type AccountType = z.infer<typeof AccountTypeSchema>;

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

/** The envelope as this client sends it: a v4 UUID id and an RFC 3339 time. */
export const OutgoingTransactionSchema = TransactionSchema.extend({ id: UuidV4Schema, time: DateTimeSchema });

export const KeyChangeDataSchema = z.object({
  newSupplyGroupCode: pattern('[0-9]{6}').optional(),
  newKeyRevisionNumber: pattern('[0-9]{1}').optional(),
  newTariffIndex: pattern('[0-9]{2}').optional(),
});
export type KeyChangeData = z.infer<typeof KeyChangeDataSchema>;

export const MeterSchema = z.object({
  meterId: pattern('[a-zA-Z0-9]{0,20}'),
  track2Data: pattern('[a-zA-Z0-9=]{34}').optional(),
  serviceType: pattern('[a-zA-Z0-9]{0,12}').optional(),
  supplyGroupCode: pattern('[0-9]{6}').optional(),
  keyRevisionNum: pattern('[0-9]{1}').optional(),
  tariffIndex: pattern('[0-9]{2}').optional(),
  tokenTechCode: pattern('[0-9]{2}').optional(),
  algorithmCode: pattern('[0-9]{2}').optional(),
  keyChangeData: KeyChangeDataSchema.optional(),
});
export type Meter = z.infer<typeof MeterSchema>;

/** Address (base ≥3.30; newer than PPU's base, so a PPU server may ignore it). */
export const AddressSchema = z.object({
  addressLine1: pattern('.{1,100}').optional(),
  addressLine2: pattern('.{1,100}').optional(),
  city: pattern('.{1,30}').optional(),
  region: pattern('[A-Z]{2}').optional(),
  country: pattern('[A-Z]{2}').optional(),
  postalCode: pattern('[A-Za-z0-9 -]{1,20}').optional(),
});
export type Address = z.infer<typeof AddressSchema>;

export const CustomerSchema = z.object({
  firstName: maxLen(40).optional(),
  lastName: maxLen(40).optional(),
  address: maxLen(80).optional(),
  addressDetails: AddressSchema.optional(),
  dateOfBirth: z.string().optional(),
  status: z.string().optional(),
  msisdn: pattern('\\+?[1-9]\\d{0,14}').optional(),
  emailAddress: z.string().optional(),
  profileId: z.string().optional(),
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
export type TariffBlock = z.infer<typeof TariffBlockSchema>;

/** What a meter accepts: STS tokens are 20 decimal digits. Anything else is never printed. */
export const TokenNumberSchema = pattern('[0-9]{20}');

/**
 * A token as received. Electrum's test server sends key-change tokens with `amount: {amount: 0}`
 * (no currency), so a token's currency is tolerated when absent; every other field is checked.
 */
export const TokenSchema = z.object({
  tokenType: TokenTypeSchema,
  units: z.number().nonnegative(),
  amount: TaxableAmountSchema.extend({ currency: CurrencySchema.optional() }),
  receiptNum: z.string().optional(),
  token: TokenNumberSchema,
  tariffCalc: z.array(TariffBlockSchema).optional(),
});
export type Token = z.infer<typeof TokenSchema>;

/** Electrum's mock data misspells `description` (`descrition`), so it is tolerated when absent. */
export const DebtRecoveryChargeSchema = z.object({
  amount: TaxableAmountSchema,
  description: maxLen(40).optional(),
  balance: LedgerAmountSchema.optional(),
  receiptNum: maxLen(30).optional(),
});
export type DebtRecoveryCharge = z.infer<typeof DebtRecoveryChargeSchema>;

export const ServiceChargeSchema = z.object({
  amount: TaxableAmountSchema,
  description: maxLen(40).optional(),
});
export type ServiceCharge = z.infer<typeof ServiceChargeSchema>;

export const TenderTypeSchema = z.enum([
  'CASH', 'CHEQUE', 'CREDIT_CARD', 'DEBIT_CARD', 'WALLET', 'ROUNDING', 'GIFT_CARD', 'LOYALTY_CARD', 'OTHER',
]);
export type TenderType = z.infer<typeof TenderTypeSchema>;

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

// PaymentMethod: money still to be collected from a third party during the request.
const PinBase = { type: z.literal('CLEAR_PIN') };
export const PinSchema = z.discriminatedUnion('type', [
  z.object({ ...PinBase, pin: pattern('.{0,20}').optional() }),
  z.object({
    type: z.literal('ENCRYPTED_PIN'),
    pinBlock: pattern('[a-fA-F0-9]{16}').optional(),
    encryptionParameters: z
      .object({
        pinBlockFormat: z.enum(['ISO_9564_FORMAT_0', 'ISO_9564_FORMAT_1', 'ISO_9564_FORMAT_3']).optional(),
        accountNumber: pattern('[0-9]{12}'),
        keyIndex: z.string().optional(),
      })
      .optional(),
  }),
  z.object({ type: z.literal('HASHED_PIN'), hash: pattern('[0-9,A-F]{1,512}').optional() }),
]);
export type Pin = z.infer<typeof PinSchema>;

const paymentMethodCommon = {
  name: z.string().optional(),
  amount: LedgerAmountSchema.optional(),
  issuer: InstitutionSchema.optional(),
  pin: PinSchema.optional(),
  proxy: maxLen(40).optional(),
  proxyType: z.enum(['MSISDN', 'EMAIL', 'UNKNOWN']).optional(),
};
export const PaymentMethodSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('AN_32_TOKEN'), ...paymentMethodCommon, token: pattern('[a-zA-Z0-9]{32}') }),
  z.object({ type: z.literal('LOYALTY_CARD'), ...paymentMethodCommon, cardNumber: pattern('[0-9]{16}') }),
  z.object({
    type: z.literal('CARD'),
    ...paymentMethodCommon,
    pan: pattern('[0-9]{1,19}'),
    expiryDate: pattern('[0-9]{4}').optional(),
    posInfo: z.unknown().optional(),
    encryptedPin: z.string().optional(),
  }),
  z.object({
    type: z.literal('ACCOUNT'),
    ...paymentMethodCommon,
    srcAccountId: z.string().optional(),
    srcCustomerId: z.string().optional(),
    destAccountId: z.string().optional(),
    destCustomerId: z.string().optional(),
  }),
  z.object({ type: z.literal('REWARD'), ...paymentMethodCommon, rewardCode: maxLen(40) }),
  z.object({ type: z.literal('WALLET'), ...paymentMethodCommon, walletId: z.string(), walletPocket: z.string().optional() }),
  z.object({ type: z.literal('QR'), ...paymentMethodCommon, tranId: z.string(), partnerPaymentToken: z.string().optional() }),
]);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

export const MsisdnSchema = z.string().regex(/^(?:(?:\+?[1-9]\d{1,14})|(?:0[0-9]{9}))$/);

// ---- Requests (as sent) and responses (as received) ----

export const MeterLookupRequestSchema = OutgoingTransactionSchema.extend({ meter: MeterSchema });
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

export const PurchaseRequestSchema = OutgoingTransactionSchema.extend({
  transactionLabels: z.array(TransactionLabelSchema).optional(),
  meter: MeterSchema,
  purchaseAmount: LedgerAmountSchema.extend({ amount: z.number().int().nonnegative() }),
  utilityType: z.string().optional(),
  msisdn: MsisdnSchema.optional(),
  tenders: z.array(TenderSchema).optional(),
  paymentMethods: z.array(PaymentMethodSchema).optional(),
});
export type PurchaseRequest = z.infer<typeof PurchaseRequestSchema>;

export const PurchaseResponseSchema = TransactionSchema.extend({
  transactionLabels: z.array(TransactionLabelSchema).optional(),
  meter: MeterSchema,
  customer: CustomerSchema,
  utility: UtilitySchema,
  utilityType: z.string().optional(),
  tokens: z.array(TokenSchema).default([]),
  purchaseTotal: LedgerAmountSchema.optional(),
  taxTotal: LedgerAmountSchema.optional(),
  amounts: AmountsSchema.optional(),
  debtRecoveryCharges: z.array(DebtRecoveryChargeSchema).default([]),
  serviceCharges: z.array(ServiceChargeSchema).default([]),
  vatInvoiceNumber: z.string().optional(),
});
export type PurchaseResponse = z.infer<typeof PurchaseResponseSchema>;

/**
 * A purchase, retry or reprint answer the POS may hand over: at least one token. A 2xx without
 * tokens is not a sale (it is classified unknown, never printed).
 */
export const VendedPurchaseResponseSchema = PurchaseResponseSchema.refine((r) => r.tokens.length > 0, {
  message: 'a successful purchase response must carry at least one token',
  path: ['tokens'],
});

export const TokenReprintRequestSchema = OutgoingTransactionSchema.extend({
  meter: MeterSchema,
  originalRef: z.string().min(1).optional(),
});
export type TokenReprintRequest = z.infer<typeof TokenReprintRequestSchema>;

export const KeyChangeTokenRequestSchema = OutgoingTransactionSchema.extend({ meter: MeterSchema });
export type KeyChangeTokenRequest = z.infer<typeof KeyChangeTokenRequestSchema>;

/** Electrum's test server omits the required `meter` here, so it is tolerated when absent. */
export const KeyChangeTokenResponseSchema = TransactionSchema.extend({
  meter: MeterSchema.optional(),
  utilityType: z.string().optional(),
  tokens: z.array(TokenSchema).default([]),
});
export type KeyChangeTokenResponse = z.infer<typeof KeyChangeTokenResponseSchema>;

export const KeyChangeTokenResponseWithTokensSchema = KeyChangeTokenResponseSchema.refine((r) => r.tokens.length > 0, {
  message: 'a key change response must carry at least one token',
  path: ['tokens'],
});

/** Wire values (the enum's value strings, as Electrum's server and test pack use them). */
export const FaultTypeSchema = z.enum([
  'SeriousBoxDamage', 'FireWaterDamage', 'MeterDead', 'KeepsTripping', 'NoTrip', 'DisplayLightsButtons',
  'NetworkFaultReport', 'IncorrectSGC', 'IncorrectTI', 'ConvertedFrmConventional', 'MeterChangedOut',
  'NewInstallation',
]);
export type FaultType = z.infer<typeof FaultTypeSchema>;

export const FaultReportRequestSchema = OutgoingTransactionSchema.extend({
  meter: MeterSchema,
  customer: CustomerSchema.optional(),
  contactNumber: z.string().min(1).max(20),
  faultType: FaultTypeSchema,
  faultDescription: maxLen(160).optional(),
});
export type FaultReportRequest = z.infer<typeof FaultReportRequestSchema>;

export const FaultReportResponseSchema = TransactionSchema.extend({
  reference: z.string().min(1),
  description: z.string().max(160),
});
export type FaultReportResponse = z.infer<typeof FaultReportResponseSchema>;

/** An advice as received (lenient); see the Outgoing* schemas for what the client sends. */
export const BasicAdviceSchema = z.object({
  id: z.string().min(1),
  requestId: z.string().min(1),
  time: z.string().min(1),
  thirdPartyIdentifiers: z.array(ThirdPartyIdentifierSchema),
  stan: z.string().optional(),
  rrn: z.string().optional(),
  amounts: AmountsSchema.optional(),
});
export type BasicAdvice = z.infer<typeof BasicAdviceSchema>;

const outgoingAdvice = { id: UuidV4Schema, requestId: UuidV4Schema, time: DateTimeSchema };

export const ConfirmationAdviceSchema = BasicAdviceSchema.extend({ ...outgoingAdvice, tenders: z.array(TenderSchema) });
export type ConfirmationAdvice = z.infer<typeof ConfirmationAdviceSchema>;

export const ReversalReasonSchema = z.enum(['TIMEOUT', 'CANCELLED', 'RESPONSE_NOT_FINAL']);
export type ReversalReason = z.infer<typeof ReversalReasonSchema>;
export const ReversalAdviceSchema = BasicAdviceSchema.extend({ ...outgoingAdvice, reversalReason: ReversalReasonSchema });
export type ReversalAdvice = z.infer<typeof ReversalAdviceSchema>;

export const KeyChangeConfirmationSchema = BasicAdviceSchema.extend(outgoingAdvice);
export type KeyChangeConfirmation = z.infer<typeof KeyChangeConfirmationSchema>;

/** notifyTokenPurchase carries a PurchaseResponse as its request body. */
export const TokenPurchaseNotificationSchema = PurchaseResponseSchema;

export const ErrorTypeSchema = z.enum([
  'DUPLICATE_RECORD', 'FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'GENERAL_ERROR', 'INVALID_AMOUNT',
  'ROUTING_ERROR', 'TRANSACTION_NOT_SUPPORTED', 'UNABLE_TO_LOCATE_RECORD', 'UPSTREAM_UNAVAILABLE',
  'UNKNOWN_METER_ID', 'TRANSACTION_DECLINED', 'INVALID_MERCHANT', 'INVALID_AN32_TOKEN', 'DO_NOT_HONOR',
  'INVALID_MSISDN', 'INVALID_LOYALTY_CARD', 'UTILITY_INVALID', 'SYSTEM_MALFUNCTION', 'METER_KEY_INVALID',
  'AMOUNT_TOO_LOW', 'AMOUNT_TOO_HIGH', 'NO_FREE_UNITS_DUE', 'INSUFFICIENT_FUNDS', 'LIMIT_EXCEEDED',
  'METER_ID_BLOCKED', 'OUTCOME_UNKNOWN',
]);
export type ErrorType = z.infer<typeof ErrorTypeSchema>;

export const RequestTypeSchema = z.enum([
  'METER_LOOKUP_REQUEST', 'TOKEN_PURCHASE_REQUEST', 'TOKEN_PURCHASE_RETRY_REQUEST', 'TOKEN_REPRINT_REQUEST',
  'FAULT_REPORT_REQUEST', 'KEY_CHANGE_TOKEN_REQUEST', 'CONFIRMATION_ADVICE', 'REVERSAL_ADVICE',
  'NOTIFY_TOKEN_PURCHASE', 'TOKEN_PURCHASE_TRIAL_REQUEST',
]);
export type RequestType = z.infer<typeof RequestTypeSchema>;

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

/** An ErrorDetail as the model requires it (what the simulator sends). */
export const StrictErrorDetailSchema = z.object({
  id: z.string().min(1),
  originalId: z.string().optional(),
  errorType: ErrorTypeSchema,
  errorMessage: maxLen(20),
  requestType: RequestTypeSchema,
  detailMessage: z.unknown().optional(),
});
export type StrictErrorDetail = z.infer<typeof StrictErrorDetailSchema>;
