// What Electrum's test server accepts, as zod schemas: Java Bean Validation on the same models, with
// Jackson's coercions (numbers sent as strings, currency sent as a number) and no UUID-format check.
// Deliberately more lenient than the client's own request schemas in shared/protocol/schemas.ts.
import { z } from 'zod';
import { FaultTypeSchema, ReversalReasonSchema, TenderTypeSchema } from '../../shared/protocol/schemas';

const re = (source: string) => new RegExp(`^(?:${source})$`);
const str = () => z.string({ error: 'may not be null' });
/** Jackson reads "10000" and 10000 alike into a Java Long. */
const long = () =>
  z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)], { error: 'must be an integer' });
/** Jackson reads 710 and "710" alike into a Java String. */
const looseString = () => z.union([z.string(), z.number().transform(String)], { error: 'may not be null' });

const institution = z.object({ id: str(), name: str().max(40) });
const merchantName = z.object({ name: str().max(23), city: str().max(13), region: str().max(2), country: str().max(2) });
const merchant = z.object({
  merchantType: str().regex(re('[0-9]{4}')),
  merchantId: str().length(15),
  merchantName,
});
const originator = z.object({
  institution,
  terminalId: str().length(8),
  merchant,
  operatorId: z.string().max(30).optional(),
  channelId: z.string().max(50).optional(),
});
const thirdPartyIdentifier = z.object({ institutionId: str(), transactionIdentifier: z.string().optional() });

const transaction = {
  id: str(),
  time: str().refine((t) => !Number.isNaN(Date.parse(t)), 'must be a date-time'),
  originator,
  client: institution,
  settlementEntity: institution.optional(),
  receiver: institution.optional(),
  thirdPartyIdentifiers: z.array(thirdPartyIdentifier).nullish(),
};

const meter = z.object({
  meterId: looseString().pipe(z.string().regex(re('[a-zA-Z0-9]{0,20}'))),
  track2Data: z.string().regex(re('[a-zA-Z0-9=]{34}')).optional(),
  serviceType: z.string().regex(re('[a-zA-Z0-9]{0,12}')).optional(),
  supplyGroupCode: z.string().regex(re('[0-9]{6}')).optional(),
  keyRevisionNum: looseString().pipe(z.string().regex(re('[0-9]{1}'))).optional(),
  tariffIndex: z.string().regex(re('[0-9]{2}')).optional(),
  tokenTechCode: z.string().regex(re('[0-9]{2}')).optional(),
  algorithmCode: z.string().regex(re('[0-9]{2}')).optional(),
});

const ledgerAmount = z.object({
  amount: long(),
  currency: looseString().pipe(z.string().regex(re('[0-9]{3}'))),
  ledgerIndicator: z.enum(['DEBIT', 'CREDIT']).optional(),
});

const tender = z.object({
  amount: ledgerAmount,
  tenderType: TenderTypeSchema,
  accountType: z.string().optional(),
  cardNumber: z.string().regex(re('[0-9]{6}[0-9*]{0,13}')).optional(),
  reference: z.string().max(40).optional(),
});

export const SimMeterLookupRequest = z.object({ ...transaction, meter });
// Electrum's server crashes (500) on a purchase without meter or amount; the simulator says 400.
export const SimPurchaseRequest = z.object({
  ...transaction,
  meter,
  purchaseAmount: ledgerAmount,
  utilityType: z.string().optional(),
  msisdn: z.string().optional(),
  tenders: z.array(z.unknown()).nullish(),
});
export type SimPurchaseRequest = z.infer<typeof SimPurchaseRequest>;
export const SimTokenReprintRequest = z.object({ ...transaction, meter, originalRef: z.string().optional() });
export const SimKeyChangeTokenRequest = z.object({ ...transaction, meter });
export const SimFaultReportRequest = z.object({
  ...transaction,
  meter,
  contactNumber: str().max(20),
  // The value strings are the wire form; the constant names are accepted too (see docs/protocol.md).
  faultType: z.union([FaultTypeSchema, z.string().regex(/^[A-Z_]+$/)]),
  faultDescription: z.string().max(160).optional(),
});
const advice = {
  id: str(),
  requestId: str(),
  time: str().refine((t) => !Number.isNaN(Date.parse(t)), 'must be a date-time'),
  thirdPartyIdentifiers: z.array(thirdPartyIdentifier).nullish(),
};
export const SimConfirmationAdvice = z.object({ ...advice, tenders: z.array(tender).nullish() });
export const SimReversalAdvice = z.object({ ...advice, reversalReason: ReversalReasonSchema });
export const SimKeyChangeConfirmation = z.object(advice);
export const SimTokenPurchaseNotification = z.object({ ...transaction, meter });

export interface FormatViolation {
  messageProperty: string;
  field: string;
  error: string;
  invalidValue: unknown;
}

/** zod issues in the shape Electrum's test server reports them (`detailMessage` of FORMAT_ERROR). */
export function formatViolations(error: z.ZodError, input: unknown): FormatViolation[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return { messageProperty: field || 'message', field: field || 'message', error: issue.message, invalidValue: valueAt(input, issue.path) ?? null };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
