// The protocol's three status types (protocol basics: successful / unknown / failed), as data.
import type { ErrorDetail } from './schemas';

export type Outcome<T> =
  | { kind: 'successful'; status: number; body: T }
  | { kind: 'failed'; status: number; error?: ErrorDetail; message: string }
  | { kind: 'unknown'; status?: number; reason: UnknownReason; message: string };

export type UnknownReason =
  | 'server-error' // 500
  | 'gateway-timeout' // 504
  | 'timeout' // no answer within the operation's timeout
  | 'connection' // reset or refused after the request may have been sent
  | 'invalid-body'; // a 2xx whose body is not a valid message

export type StatusType = 'successful' | 'unknown' | 'failed';

/** HTTP status → status type, per the protocol's table. */
export function statusType(status: number): StatusType {
  if (status === 200 || status === 201 || status === 202) return 'successful';
  if (status === 500 || status === 504) return 'unknown';
  return 'failed';
}
