// Recipient numbers that drill each way an airtime purchase can go wrong (electron/sim/airtime/README.md
// has the same table). The cashier types them in the local form: 082 000 0101 is 27820000101.
import type { AirtimeErrorType } from '../../../shared/protocol/airtime/schemas';

export type AirtimeDrill =
  | { kind: 'decline'; status: number; errorType: AirtimeErrorType; message: string }
  /** The purchase is done, but the answer is a 504: a status query finds it approved. */
  | { kind: 'unknown-approved' }
  /** As unknown-approved, after the simulator's timeout delay (for the client's own timeout). */
  | { kind: 'slow-approved' }
  /** A 504, and every status query answers "pending" until the purchase is reversed. */
  | { kind: 'unknown-pending' };

export interface DrillNumber {
  msisdn: string;
  drill: AirtimeDrill;
  summary: string;
}

const decline = (status: number, errorType: AirtimeErrorType, message: string): AirtimeDrill => ({ kind: 'decline', status, errorType, message });

export const AIRTIME_DRILLS: readonly DrillNumber[] = [
  { msisdn: '27820000101', drill: decline(400, 'DECLINED_BY_MNO', 'Declined by network'), summary: 'the network refuses the recharge' },
  { msisdn: '27820000102', drill: decline(400, 'INVALID_MSISDN', 'Invalid MSISDN'), summary: 'not a live number (also refused by lookupMsisdn)' },
  { msisdn: '27820000103', drill: decline(400, 'OUT_OF_STOCK', 'Out of stock'), summary: 'no vouchers left for the product' },
  { msisdn: '27820000104', drill: decline(400, 'INSUFFICIENT_FUNDS', 'Insufficient funds'), summary: "the merchant's prefunded balance is too low" },
  { msisdn: '27820000105', drill: decline(400, 'LIMIT_EXCEEDED', 'Limit exceeded'), summary: 'a daily or per-number limit is reached' },
  { msisdn: '27820000106', drill: decline(503, 'UPSTREAM_UNAVAILABLE', 'Upstream unavailable'), summary: 'the network is down (503: failed, nothing sold)' },
  { msisdn: '27820000107', drill: decline(400, 'GENERAL_ERROR', 'General error'), summary: 'an unspecified refusal' },
  { msisdn: '27820000108', drill: decline(400, 'DO_NOT_HONOR', 'Do not honor'), summary: 'refused without a reason' },
  { msisdn: '27820000201', drill: { kind: 'unknown-approved' }, summary: 'purchase answers 504 at once but was done: purchaseStatus finds it approved' },
  { msisdn: '27820000202', drill: { kind: 'unknown-pending' }, summary: 'purchase answers 504; purchaseStatus stays pending (500 OUTCOME_UNKNOWN): the till must reverse' },
  { msisdn: '27820000203', drill: { kind: 'slow-approved' }, summary: "purchase answers 504 after the simulator's timeout delay, but was done" },
];

export function drillFor(msisdn: string | undefined): AirtimeDrill | undefined {
  if (msisdn === undefined) return undefined;
  const digits = msisdn.replace(/^\+/, '');
  return AIRTIME_DRILLS.find((d) => d.msisdn === digits)?.drill;
}
