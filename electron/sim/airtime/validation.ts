// What Electrum's airtime test server accepts, as zod schemas (Bean Validation on the v5 models, with
// Jackson's coercions and no UUID-format check), and its FORMAT_ERROR shape: detailMessage.formatErrors,
// each `{field, msg: "<field> may not be null", value}` as the Postman pack checks.
import { z } from 'zod';
import { ReversalReasonSchema } from '../../../shared/protocol/schemas';
import type { Answer } from '../http/answer';
import { errorAnswer } from '../http/answer';

const re = (source: string) => new RegExp(`^(?:${source})$`);
const str = () => z.string();
/** Jackson reads "10000" and 10000 alike into a Java Long. */
const long = () => z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
/** Jackson reads 710 and "710" alike into a Java String. */
const looseString = () => z.union([z.string(), z.number().transform(String)]);
const dateTime = () => str().refine((t) => !Number.isNaN(Date.parse(t)), 'must be a date-time');

const institution = z.object({ id: str(), name: str().max(40) });
const originator = z.object({
  institution,
  terminalId: str().length(8),
  merchant: z.object({
    merchantType: str().regex(re('[0-9]{4}')),
    merchantId: str().length(15),
    merchantName: z.object({ name: str().max(23), city: str().max(13), region: str().max(2), country: str().max(2) }),
  }),
  operatorId: str().max(30).optional(),
  channelId: str().max(50).optional(),
});
const thirdPartyIdentifiers = z.array(z.object({ institutionId: str(), transactionIdentifier: str().optional() })).nullish();
const ledgerAmount = z.object({
  amount: long(),
  currency: looseString().pipe(str().regex(re('[0-9]{3}'))),
  ledgerIndicator: z.enum(['DEBIT', 'CREDIT']).optional(),
});
const amounts = z.object({
  requestAmount: ledgerAmount.optional(),
  approvedAmount: ledgerAmount.optional(),
  feeAmount: ledgerAmount.optional(),
  balanceAmount: ledgerAmount.optional(),
});
const msisdn = z.object({ msisdn: str().regex(re('\\+?[1-9]\\d{1,14}')), country: str().optional(), operator: institution.optional() });
const product = z.object({ productId: str().regex(re('[0-9A-Za-z]{1,20}')) });

const transaction = {
  id: str(),
  time: dateTime(),
  originator,
  client: institution,
  settlementEntity: institution.optional(),
  receiver: institution.optional(),
  thirdPartyIdentifiers,
};

export const SimAirtimePurchaseRequest = z.object({
  ...transaction,
  product,
  amounts: amounts.optional(),
  recipientMsisdn: msisdn.optional(),
  senderMsisdn: msisdn.optional(),
  tenders: z.array(z.unknown()).nullish(),
  paymentMethods: z.array(z.unknown()).nullish(),
});
export type SimAirtimePurchaseRequest = z.infer<typeof SimAirtimePurchaseRequest>;

export const SimVoucherRequest = z.object({ ...transaction, product, amounts: amounts.optional(), tenders: z.array(z.unknown()).nullish() });
export type SimVoucherRequest = z.infer<typeof SimVoucherRequest>;

const advice = {
  id: str(),
  requestId: str(),
  time: dateTime(),
  thirdPartyIdentifiers,
  amounts: amounts.optional(),
};
export const SimAirtimeConfirmation = z.object({ ...advice, tenders: z.array(z.unknown()).nullish() });
export const SimAirtimeReversal = z.object({ ...advice, reversalReason: ReversalReasonSchema });
export const SimVoucherConfirmation = SimAirtimeConfirmation.extend({
  voucher: z.object({ serialNumber: str(), batchNumber: str().optional() }),
});
export type SimAdvice = z.infer<typeof SimAirtimeConfirmation> | z.infer<typeof SimAirtimeReversal>;

export interface FormatError {
  field: string;
  msg: string;
  value: unknown;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** zod issues as Electrum's airtime server words them. */
export function formatErrors(error: z.ZodError, input: unknown, prefix = ''): FormatError[] {
  return error.issues.map((issue) => {
    const field = `${prefix}${issue.path.map(String).join('.')}` || 'message';
    const value = valueAt(input, issue.path);
    return { field, msg: value === undefined || value === null ? `${field} may not be null` : `${field} ${issue.message}`, value: value ?? null };
  });
}

export function formatErrorAnswer(errors: FormatError[], requestType: string, id: string, originalId?: string): Answer {
  return errorAnswer(400, 'FORMAT_ERROR', 'Format error', requestType, id, {
    ...(originalId ? { originalId } : {}),
    detailMessage: { formatErrors: errors },
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: Answer };

/** Parses a body, or answers FORMAT_ERROR carrying whatever ids the body has. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, requestType: string, originalIdKey?: 'requestId'): Parsed<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const id = typeof record.id === 'string' ? record.id : '';
  const originalId = originalIdKey && typeof record[originalIdKey] === 'string' ? (record[originalIdKey] as string) : undefined;
  const errors = body === null || typeof body !== 'object' ? [{ field: 'message', msg: 'message may not be null', value: null }] : formatErrors(result.error, body);
  return { ok: false, answer: formatErrorAnswer(errors, requestType, id, originalId) };
}

/**
 * Electrum's airtime server takes the HTTP Basic user name as the client's institution id. Only when
 * the simulator checks no credentials of its own (as the test server); with credentials, they decide.
 */
export function clientMismatch(
  request: { id: string; client: { id: string } },
  auth: { username?: string; credentialsChecked: boolean },
  requestType: string,
): Answer | undefined {
  if (auth.credentialsChecked || auth.username === undefined || auth.username === request.client.id) return undefined;
  return formatErrorAnswer(
    [{ field: 'client.id', msg: 'client.id does not match the HTTP Basic user name', value: request.client.id }],
    requestType,
    request.id,
  );
}
