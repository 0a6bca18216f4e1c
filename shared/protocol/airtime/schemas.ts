// Airtime Service Interface v5 (5.24.0) models: electrum-facts.md §5, on the base models of §2.1,
// which are imported from the Prepaid Utility schemas rather than written twice.
// Every pattern is anchored (Java @Pattern matches the whole string). Messages as they may appear on
// the wire (the Postman pack's ids are not v4 UUIDs) are the plain schemas; what this client sends is
// checked by the Outgoing* schemas (v4 UUID ids). Unknown keys are dropped, never refused, because
// Electrum's mapper ignores unknown fields.
import { z } from 'zod';
import {
  AmountsSchema,
  BasicAdviceSchema,
  DateTimeSchema,
  InstitutionSchema,
  LedgerAmountSchema,
  PaymentMethodSchema,
  ReversalReasonSchema,
  SlipDataSchema,
  TenderSchema,
  TransactionSchema,
  UuidV4Schema,
} from '../schemas';

const pattern = (re: string) => z.string().regex(new RegExp(`^(?:${re})$`));

export const AIRTIME_ERROR_TYPES = [
  'DUPLICATE_RECORD', 'FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'GENERAL_ERROR', 'INVALID_AMOUNT',
  'ROUTING_ERROR', 'TRANSACTION_NOT_SUPPORTED', 'UNABLE_TO_LOCATE_RECORD', 'UPSTREAM_UNAVAILABLE',
  'INVALID_PRODUCT', 'ACCOUNT_ALREADY_SETTLED', 'INVALID_MERCHANT', 'OUT_OF_STOCK', 'INVALID_AN32_TOKEN',
  'DO_NOT_HONOR', 'DECLINED_BY_MNO', 'INVALID_MSISDN', 'INVALID_LOYALTY_CARD', 'INSUFFICIENT_FUNDS',
  'INVALID_CARD_NUMBER', 'CARD_EXPIRED', 'INCORRECT_PIN', 'PIN_ATTEMPTS_EXCEEDED', 'OUTCOME_UNKNOWN',
  'SYSTEM_MALFUNCTION', 'LIMIT_EXCEEDED',
] as const;
export const AirtimeErrorTypeSchema = z.enum(AIRTIME_ERROR_TYPES);
export type AirtimeErrorType = z.infer<typeof AirtimeErrorTypeSchema>;

export const AIRTIME_REQUEST_TYPES = [
  'VOUCHER_REQUEST', 'VOUCHER_REVERSAL', 'VOUCHER_CONFIRMATION', 'VOUCHER_VOID', 'MSISDN_INFO_REQUEST',
  'PURCHASE_REQUEST', 'PURCHASE_CONFIRMATION', 'PURCHASE_STATUS_REQUEST', 'PURCHASE_REVERSAL',
  'TRIAL_PURCHASE_REQUEST', 'LIST_PRODUCTS_REQUEST',
] as const;
export const AirtimeRequestTypeSchema = z.enum(AIRTIME_REQUEST_TYPES);
export type AirtimeRequestType = z.infer<typeof AirtimeRequestTypeSchema>;

/**
 * An ErrorDetail as received. `id` is annotated ≤20 characters yet documented as a UUID (36), and
 * Electrum's servers send longer `errorMessage`s than the ≤20 the model declares, so neither length is
 * enforced here; the required fields and both enums are.
 */
export const AirtimeErrorDetailSchema = z.object({
  id: z.string().min(1),
  originalId: z.string().optional(),
  errorType: AirtimeErrorTypeSchema,
  errorMessage: z.string(),
  requestType: AirtimeRequestTypeSchema,
  detailMessage: z.unknown().optional(),
  providerErrorCode: z.string().optional(),
  providerErrorMsg: z.string().optional(),
  providerRef: z.string().optional(),
});
export type AirtimeErrorDetail = z.infer<typeof AirtimeErrorDetailSchema>;

/** What the simulator sends: the model's own `errorMessage` limit kept. */
export const StrictAirtimeErrorDetailSchema = AirtimeErrorDetailSchema.extend({ errorMessage: z.string().min(1).max(20) });

// ---- Product ----

export const AIRTIME_PRODUCT_TYPES = [
  'AIRTIME_FIXED', 'AIRTIME_VARIABLE', 'SMS_BUNDLE', 'DATA', 'APP_RELATED', 'COMBO', 'DATA_FIXED',
  'DATA_VARIABLE', 'VOICE_BUNDLE',
] as const;
export const AirtimeProductTypeSchema = z.enum(AIRTIME_PRODUCT_TYPES);
export type AirtimeProductType = z.infer<typeof AirtimeProductTypeSchema>;

/** java.time.temporal.ChronoUnit names, the unit of a product's validity period. */
export const DurationUnitSchema = z.enum([
  'NANOS', 'MICROS', 'MILLIS', 'SECONDS', 'MINUTES', 'HOURS', 'HALF_DAYS', 'DAYS', 'WEEKS', 'MONTHS',
  'YEARS', 'DECADES', 'CENTURIES', 'MILLENNIA', 'ERAS', 'FOREVER',
]);
export const ValidityPeriodSchema = z.object({
  duration: z.number().int().nonnegative(),
  durationUnit: DurationUnitSchema,
});
export type ValidityPeriod = z.infer<typeof ValidityPeriodSchema>;

export const ContentUnitSchema = z.enum(['KB', 'MB', 'GB', 'Unit', 'Minutes']);
export const ProductContentSchema = z.object({
  amount: z.number().int().nonnegative(),
  unit: ContentUnitSchema,
});
export type ProductContent = z.infer<typeof ProductContentSchema>;

export const ProductDescriptionSchema = z.object({
  primaryDescription: z.string().optional(),
  shortDescription: z.string().optional(),
  additionalDescriptions: z.record(z.string(), z.string()).optional(),
});
export type ProductDescription = z.infer<typeof ProductDescriptionSchema>;

/** How a product is shown in one sales channel (a till, an app…). */
export const ProductChannelSchema = z.object({
  channelName: z.string().min(1).max(50),
  productDisplayName: z.string().max(50).optional(),
  productDisplayCategory: z.string().max(50).optional(),
  productDisplaySortOrder: z.number().optional(),
  channelProductIdentifier: z.string().optional(),
});
export type ProductChannel = z.infer<typeof ProductChannelSchema>;

/**
 * A product. Only `productId` is required, so the same schema serves the product a request names
 * (`{productId}`) and the full catalogue entry a response describes.
 */
export const AirtimeProductSchema = z.object({
  productId: pattern('[0-9A-Za-z]{1,20}'),
  barcode: pattern('[0-9A-Za-z]{1,13}').optional(),
  name: z.string().min(1).max(120).optional(),
  description: ProductDescriptionSchema.optional(),
  type: AirtimeProductTypeSchema.optional(),
  /** true: recharged straight onto the recipient's number; false: a voucher PIN is issued. */
  isDirectTopup: z.boolean().optional(),
  wholesalePrice: LedgerAmountSchema.optional(),
  recipientAmount: LedgerAmountSchema.optional(),
  productValues: z.array(LedgerAmountSchema).optional(),
  validityPeriod: ValidityPeriodSchema.optional(),
  productContents: z.array(ProductContentSchema).optional(),
  operator: InstitutionSchema.optional(),
  channels: z.array(ProductChannelSchema).optional(),
});
export type AirtimeProduct = z.infer<typeof AirtimeProductSchema>;

export const ProductListSchema = z.array(AirtimeProductSchema);
export type ProductList = z.infer<typeof ProductListSchema>;

// ---- Voucher and MSISDN ----

/**
 * A voucher. The PIN is required in a purchase response (see IssuedVoucherSchema) but absent where a
 * voucher is only referred to (VoucherConfirmation, an ErrorDetail's detailMessage).
 */
export const VoucherSchema = z.object({
  pin: pattern('[0-9]{1,20}').optional(),
  serialNumber: pattern('[0-9a-zA-Z]{1,20}'),
  batchNumber: pattern('[0-9a-zA-Z]{1,20}').optional(),
  expiryDate: DateTimeSchema.optional(),
  redeemInstructions: z.array(z.string()).optional(),
});
export type Voucher = z.infer<typeof VoucherSchema>;

/** A voucher as handed to the customer: the PIN is there. */
export const IssuedVoucherSchema = VoucherSchema.extend({ pin: pattern('[0-9]{1,20}') });
export type IssuedVoucher = z.infer<typeof IssuedVoucherSchema>;

/** International form only (`27…`, optionally `+27…`): the local `0…` form is not valid here. */
export const MsisdnNumberSchema = pattern('\\+?[1-9]\\d{1,14}');

/**
 * Msisdn model. `country` is declared as exactly two characters, but Electrum's own example sends
 * `"OIU"`, so any string is accepted on receipt.
 */
export const MsisdnSchema = z.object({
  msisdn: MsisdnNumberSchema,
  country: z.string().optional(),
  operator: InstitutionSchema.optional(),
});
export type Msisdn = z.infer<typeof MsisdnSchema>;

export const PromotionSchema = z.object({
  promotion: z.string().optional(),
  startDate: DateTimeSchema.optional(),
  endDate: DateTimeSchema.optional(),
});
export type Promotion = z.infer<typeof PromotionSchema>;

/** Answer to lookupMsisdn; not a Transaction, so no id or time. */
export const MsisdnInfoResponseSchema = z.object({
  msisdn: MsisdnSchema.optional(),
  amounts: AmountsSchema.optional(),
  availableProducts: z.array(AirtimeProductSchema).optional(),
  promotion: PromotionSchema.optional(),
});
export type MsisdnInfoResponse = z.infer<typeof MsisdnInfoResponseSchema>;

// ---- Purchases ----

/** The Transaction envelope as it must appear on a request: an RFC 3339 time. */
const RequestTransactionSchema = TransactionSchema.extend({ time: DateTimeSchema });

export const AirtimePurchaseRequestSchema = RequestTransactionSchema.extend({
  product: AirtimeProductSchema,
  /** `requestAmount` carries the amount of a variable-price product. */
  amounts: AmountsSchema.optional(),
  recipientMsisdn: MsisdnSchema.optional(),
  senderMsisdn: MsisdnSchema.optional(),
  tenders: z.array(TenderSchema).optional(),
  paymentMethods: z.array(PaymentMethodSchema).optional(),
});
export type AirtimePurchaseRequest = z.infer<typeof AirtimePurchaseRequestSchema>;

/** What this client sends: a v4 UUID id. Also the body of purchaseTrial. */
export const OutgoingAirtimePurchaseRequestSchema = AirtimePurchaseRequestSchema.extend({ id: UuidV4Schema });

export const AirtimePurchaseResponseSchema = TransactionSchema.extend({
  product: AirtimeProductSchema,
  amounts: AmountsSchema.optional(),
  msisdn: MsisdnSchema.optional(),
  /** Present for PIN products only (isDirectTopup false). */
  voucher: IssuedVoucherSchema.optional(),
  slipData: SlipDataSchema.optional(),
});
export type AirtimePurchaseResponse = z.infer<typeof AirtimePurchaseResponseSchema>;

const adviceOnWire = { time: DateTimeSchema };
const outgoingAdvice = { id: UuidV4Schema, requestId: UuidV4Schema, time: DateTimeSchema };

/** PurchaseConfirmation = TenderAdvice; `id` and `requestId` travel in the body (no path ids). */
export const AirtimeConfirmationSchema = BasicAdviceSchema.extend({
  ...adviceOnWire,
  tenders: z.array(TenderSchema).default([]),
});
export type AirtimeConfirmation = z.infer<typeof AirtimeConfirmationSchema>;
export const OutgoingAirtimeConfirmationSchema = AirtimeConfirmationSchema.extend(outgoingAdvice);

/** PurchaseReversal = BasicReversal. */
export const AirtimeReversalSchema = BasicAdviceSchema.extend({ ...adviceOnWire, reversalReason: ReversalReasonSchema });
export type AirtimeReversal = z.infer<typeof AirtimeReversalSchema>;
export const OutgoingAirtimeReversalSchema = AirtimeReversalSchema.extend(outgoingAdvice);

/**
 * What a 202 to an advice may carry: the spec says the advice echoed back (BasicAdvice), servers may
 * send nothing useful. Only what is present is checked.
 */
export const AirtimeAdviceResponseSchema = z.object({
  id: z.string().optional(),
  requestId: z.string().optional(),
  time: z.string().optional(),
  thirdPartyIdentifiers: BasicAdviceSchema.shape.thirdPartyIdentifiers.optional(),
  amounts: AmountsSchema.optional(),
});
export type AirtimeAdviceResponse = z.infer<typeof AirtimeAdviceResponseSchema>;

// ---- Query parameters of the GET operations ----

/** purchaseStatus: by `originalMsgId`, or by `purchaseReference` together with `provider`. */
export const PurchaseStatusQuerySchema = z.union([
  z.object({ originalMsgId: z.string().min(1) }),
  z.object({ purchaseReference: z.string().min(1), provider: z.string().min(1) }),
]);
export type PurchaseStatusQuery = z.infer<typeof PurchaseStatusQuerySchema>;

export const MsisdnLookupQuerySchema = z.object({
  msisdn: MsisdnNumberSchema,
  operator: z.string().optional(),
  productType: AirtimeProductTypeSchema.optional(),
  channelName: z.string().optional(),
  productCategory: z.string().optional(),
});
export type MsisdnLookupQuery = z.infer<typeof MsisdnLookupQuerySchema>;

// ---- Deprecated voucher operations (answered by the simulator; never used by the client) ----

export const VoucherRequestSchema = RequestTransactionSchema.extend({
  product: AirtimeProductSchema,
  amounts: AmountsSchema.optional(),
  tenders: z.array(TenderSchema).optional(),
  paymentMethods: z.array(PaymentMethodSchema).optional(),
});
export type VoucherRequest = z.infer<typeof VoucherRequestSchema>;

/**
 * `responseProduct` absent = the product requested. The model requires `client`, yet Electrum's own
 * VoucherResponse example has none; this answer is deprecated and only parsed, so it is tolerated.
 */
export const VoucherResponseSchema = TransactionSchema.extend({
  client: InstitutionSchema.optional(),
  voucher: IssuedVoucherSchema,
  responseProduct: AirtimeProductSchema.optional(),
  amounts: AmountsSchema.optional(),
});
export type VoucherResponse = z.infer<typeof VoucherResponseSchema>;

/** TenderAdvice plus the voucher being confirmed (at least its serial number). */
export const VoucherConfirmationSchema = AirtimeConfirmationSchema.extend({ voucher: VoucherSchema });
export type VoucherConfirmation = z.infer<typeof VoucherConfirmationSchema>;

export const VoucherReversalSchema = AirtimeReversalSchema;
export type VoucherReversal = AirtimeReversal;
