// The terminal's identity and the builders that fill every message's mandatory envelope from it.
import { z } from 'zod';
import {
  InstitutionSchema,
  MerchantSchema,
  CurrencySchema,
  type ConfirmationAdvice,
  type Customer,
  type FaultReportRequest,
  type FaultType,
  type KeyChangeConfirmation,
  type KeyChangeTokenRequest,
  type KeyChangeTokenResponse,
  type TokenReprintRequest,
  type LedgerAmount,
  type MeterLookupRequest,
  type MeterLookupResponse,
  type PurchaseRequest,
  type PurchaseResponse,
  type ReversalAdvice,
  type Tender,
  type ThirdPartyIdentifier,
  type Transaction,
} from './schemas';

/** Non-secret identity of this terminal, as agreed with the upstream. Credentials are not here. */
export const TerminalConfigSchema = z.object({
  institution: InstitutionSchema,
  terminalId: z.string().length(8),
  merchant: MerchantSchema,
  client: InstitutionSchema,
  settlementEntity: InstitutionSchema.optional(),
  receiver: InstitutionSchema.optional(),
  currency: CurrencySchema,
  channelId: z.string().max(50).optional(),
});
export type TerminalConfig = z.infer<typeof TerminalConfigSchema>;

/** The identity used in training mode; it matches Electrum's public test pack. */
export const TRAINING_TERMINAL: TerminalConfig = {
  institution: { id: '123456', name: 'Training' },
  terminalId: '12345678',
  merchant: {
    merchantType: '5411',
    merchantId: '123456789012345',
    merchantName: { name: 'Training Store', city: 'Cape Town', region: 'WC', country: 'ZA' },
  },
  client: { id: '001', name: 'Prepaid POS' },
  settlementEntity: { id: '000', name: 'None' },
  receiver: { id: '999', name: 'Electrum Test Server' },
  currency: '710',
};

export interface EnvelopeInput {
  /** Random v4 UUID of this message. */
  id: string;
  /** RFC 3339 UTC with milliseconds. */
  time: string;
  /** Cashier id, at most 30 characters. */
  operatorId?: string;
}

function envelope(terminal: TerminalConfig, input: EnvelopeInput): Transaction {
  return {
    id: input.id,
    time: input.time,
    originator: {
      institution: terminal.institution,
      terminalId: terminal.terminalId,
      merchant: terminal.merchant,
      ...(input.operatorId ? { operatorId: input.operatorId.slice(0, 30) } : {}),
    },
    client: terminal.client,
    ...(terminal.settlementEntity ? { settlementEntity: terminal.settlementEntity } : {}),
    ...(terminal.receiver ? { receiver: terminal.receiver } : {}),
    // Our own reference for every message, so the upstream's records can be matched to ours.
    thirdPartyIdentifiers: [{ institutionId: terminal.client.id, transactionIdentifier: input.id }],
  };
}

export function buildMeterLookupRequest(
  terminal: TerminalConfig,
  input: EnvelopeInput & { meterId: string; track2Data?: string },
): MeterLookupRequest {
  return { ...envelope(terminal, input), meter: meterOf(input) };
}

export function buildPurchaseRequest(
  terminal: TerminalConfig,
  input: EnvelopeInput & {
    meterId: string;
    /** A swiped meter card's track 2 (Meter.track2Data). */
    track2Data?: string;
    amount: number;
    tenders: Tender[];
    lookup?: MeterLookupResponse;
    msisdn?: string;
  },
): PurchaseRequest {
  const base = envelope(terminal, input);
  return {
    ...base,
    // Identifiers the lookup returned are carried on unchanged, as the protocol requires.
    thirdPartyIdentifiers: mergeIdentifiers(input.lookup?.thirdPartyIdentifiers ?? [], base.thirdPartyIdentifiers),
    meter: meterOf(input),
    purchaseAmount: { amount: input.amount, currency: terminal.currency },
    tenders: input.tenders,
    ...(input.msisdn ? { msisdn: input.msisdn } : {}),
  };
}

function meterOf(input: { meterId: string; track2Data?: string }): { meterId: string; track2Data?: string } {
  return { meterId: input.meterId, ...(input.track2Data ? { track2Data: input.track2Data } : {}) };
}

function mergeIdentifiers(carried: ThirdPartyIdentifier[], ours: ThirdPartyIdentifier[]): ThirdPartyIdentifier[] {
  const institutions = new Set(ours.map((t) => t.institutionId));
  return [...ours, ...carried.filter((t) => !institutions.has(t.institutionId))];
}

/** Advices send back the response's identifiers, or the request's when no response came. */
function adviceIdentifiers(purchase: PurchaseRequest, response?: PurchaseResponse): ThirdPartyIdentifier[] {
  return response?.thirdPartyIdentifiers ?? purchase.thirdPartyIdentifiers;
}

export function buildConfirmationAdvice(input: {
  id: string;
  time: string;
  purchase: PurchaseRequest;
  response?: PurchaseResponse;
  tenders: Tender[];
}): ConfirmationAdvice {
  return {
    id: input.id,
    requestId: input.purchase.id,
    time: input.time,
    thirdPartyIdentifiers: adviceIdentifiers(input.purchase, input.response),
    tenders: input.tenders,
  };
}

export function buildReversalAdvice(input: {
  id: string;
  time: string;
  purchase: PurchaseRequest;
  response?: PurchaseResponse;
  reason: ReversalAdvice['reversalReason'];
}): ReversalAdvice {
  return {
    id: input.id,
    requestId: input.purchase.id,
    time: input.time,
    thirdPartyIdentifiers: adviceIdentifiers(input.purchase, input.response),
    reversalReason: input.reason,
  };
}

export function cashTender(amount: LedgerAmount): Tender {
  return { amount, tenderType: 'CASH' };
}

/** The body of a retry: the original purchase with an id of its own (Electrum's practice); the time stays the original's. */
export function buildRetryRequest(original: PurchaseRequest, input: { id: string }): PurchaseRequest {
  return { ...original, id: input.id };
}

export function buildTokenReprintRequest(
  terminal: TerminalConfig,
  input: EnvelopeInput & { meterId: string; originalRef?: string },
): TokenReprintRequest {
  return {
    ...envelope(terminal, input),
    meter: { meterId: input.meterId },
    ...(input.originalRef ? { originalRef: input.originalRef } : {}),
  };
}

export function buildKeyChangeTokenRequest(terminal: TerminalConfig, input: EnvelopeInput & { meterId: string }): KeyChangeTokenRequest {
  return { ...envelope(terminal, input), meter: { meterId: input.meterId } };
}

export function buildKeyChangeConfirmation(input: {
  id: string;
  time: string;
  request: KeyChangeTokenRequest;
  response?: KeyChangeTokenResponse;
}): KeyChangeConfirmation {
  return {
    id: input.id,
    requestId: input.request.id,
    time: input.time,
    thirdPartyIdentifiers: input.response?.thirdPartyIdentifiers ?? input.request.thirdPartyIdentifiers,
  };
}

export function buildFaultReportRequest(
  terminal: TerminalConfig,
  input: EnvelopeInput & { meterId: string; contactNumber: string; faultType: FaultType; faultDescription?: string; customer?: Customer },
): FaultReportRequest {
  return {
    ...envelope(terminal, input),
    meter: { meterId: input.meterId },
    contactNumber: input.contactNumber,
    faultType: input.faultType,
    ...(input.faultDescription ? { faultDescription: input.faultDescription } : {}),
    ...(input.customer ? { customer: input.customer } : {}),
  };
}
