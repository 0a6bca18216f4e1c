// Builders shared by the upstream and simulator tests: envelopes from the training terminal.
import { randomUUID } from 'node:crypto';
import {
  buildConfirmationAdvice,
  buildFaultReportRequest,
  buildKeyChangeConfirmation,
  buildKeyChangeTokenRequest,
  buildTokenReprintRequest,
  buildMeterLookupRequest,
  buildPurchaseRequest,
  buildReversalAdvice,
  cashTender,
  TRAINING_TERMINAL,
} from '../../shared/protocol/envelope';
import type {
  KeyChangeConfirmation,
  KeyChangeTokenRequest,
  FaultReportRequest,
  PurchaseRequest,
  TokenReprintRequest,
} from '../../shared/protocol/schemas';

export const now = () => new Date().toISOString();

export function lookup(meterId: string) {
  return buildMeterLookupRequest(TRAINING_TERMINAL, { id: randomUUID(), time: now(), meterId });
}

export function purchase(meterId: string, amount: number): PurchaseRequest {
  return buildPurchaseRequest(TRAINING_TERMINAL, {
    id: randomUUID(),
    time: now(),
    meterId,
    amount,
    tenders: [cashTender({ amount, currency: '710' })],
  });
}

export function confirmation(request: PurchaseRequest) {
  return buildConfirmationAdvice({ id: randomUUID(), time: now(), purchase: request, tenders: request.tenders ?? [] });
}

export function reversal(request: PurchaseRequest) {
  return buildReversalAdvice({ id: randomUUID(), time: now(), purchase: request, reason: 'TIMEOUT' });
}

export function reprint(meterId: string, originalRef?: string): TokenReprintRequest {
  return buildTokenReprintRequest(TRAINING_TERMINAL, { id: randomUUID(), time: now(), meterId, ...(originalRef ? { originalRef } : {}) });
}

export function keyChange(meterId: string): KeyChangeTokenRequest {
  return buildKeyChangeTokenRequest(TRAINING_TERMINAL, { id: randomUUID(), time: now(), meterId });
}

export function keyChangeConfirmation(request: KeyChangeTokenRequest): KeyChangeConfirmation {
  return buildKeyChangeConfirmation({ id: randomUUID(), time: now(), request });
}

export function faultReport(meterId: string): FaultReportRequest {
  return buildFaultReportRequest(TRAINING_TERMINAL, {
    id: randomUUID(), time: now(), meterId, contactNumber: '0821234567', faultType: 'KeepsTripping', faultDescription: 'Trips every evening',
  });
}
