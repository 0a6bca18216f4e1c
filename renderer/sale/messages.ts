// Plain words for the cashier, from the protocol's outcomes. The renderer never parses error strings.
import type { ErrorDetail } from '../../shared/protocol/schemas';

const DECLINES: Record<string, string> = {
  UNKNOWN_METER_ID: 'The utility does not know this meter number. Check the number on the meter or card.',
  METER_ID_BLOCKED: 'This meter is blocked by the utility. The customer must contact the utility.',
  METER_KEY_INVALID: 'The meter’s key is not valid. The customer must contact the utility.',
  UTILITY_INVALID: 'The utility for this meter is not available here.',
  INVALID_AMOUNT: 'The utility does not accept this amount for this meter.',
  AMOUNT_TOO_LOW: 'The amount is below the utility’s minimum for this meter.',
  AMOUNT_TOO_HIGH: 'The amount is above the utility’s maximum for this meter.',
  NO_FREE_UNITS_DUE: 'No free units are due on this meter this month.',
  INSUFFICIENT_FUNDS: 'The store’s prepaid balance is too low. Call your supervisor.',
  LIMIT_EXCEEDED: 'A purchase limit was reached. Call your supervisor.',
  DO_NOT_HONOR: 'The purchase was declined by the utility.',
  TRANSACTION_DECLINED: 'The purchase was declined by the utility.',
  INVALID_MERCHANT: 'This store is not set up for prepaid electricity. Call your supervisor.',
  UPSTREAM_UNAVAILABLE: 'The utility’s system is not available right now. Try again later.',
  ROUTING_ERROR: 'The utility’s system is not available right now. Try again later.',
  SYSTEM_MALFUNCTION: 'The utility’s system reported a fault. Try again later.',
  FORMAT_ERROR: 'The server refused the request as badly formed. Call support.',
  DUPLICATE_RECORD: 'The server has already seen this request.',
  FUNCTION_NOT_SUPPORTED: 'The server does not support this service.',
  TRANSACTION_NOT_SUPPORTED: 'The server does not support this service.',
};

/** Airtime's own refusals (Airtime v5 ErrorTypes): the network operator, not a utility, is the one declining. */
const AIRTIME_DECLINES: Record<string, string> = {
  DECLINED_BY_MNO: 'The mobile network declined this purchase. Nothing was sold.',
  INVALID_MSISDN: 'The network does not accept this phone number. Check the number with the customer.',
  INVALID_PRODUCT: 'This product is not available for this number. Choose another product.',
  OUT_OF_STOCK: 'This product is out of stock with the provider. Choose another product.',
  INVALID_AMOUNT: 'The provider does not accept this amount for this product.',
  INSUFFICIENT_FUNDS: 'The store’s prepaid balance is too low. Call your supervisor.',
  LIMIT_EXCEEDED: 'A purchase limit was reached. Call your supervisor.',
  DO_NOT_HONOR: 'The purchase was declined by the provider. Nothing was sold.',
  INVALID_MERCHANT: 'This store is not set up for airtime. Call your supervisor.',
  UPSTREAM_UNAVAILABLE: 'The provider’s system is not available right now. Try again later.',
  ROUTING_ERROR: 'The provider’s system is not available right now. Try again later.',
  SYSTEM_MALFUNCTION: 'The provider’s system reported a fault. Try again later.',
  GENERAL_ERROR: 'The provider refused the purchase. Nothing was sold; try again later.',
};

export function describeFailure(
  outcome: { status: number; error?: { errorType: string } | ErrorDetail | undefined; message: string },
  operation: 'lookup' | 'purchase' | 'reprint' | 'fault report' | 'key change request' | 'number check' | 'product list',
  service: 'electricity' | 'airtime' = 'electricity',
): string {
  const type = outcome.error?.errorType;
  const plain = type ? ((service === 'airtime' ? AIRTIME_DECLINES[type] : undefined) ?? DECLINES[type]) : undefined;
  if (plain) return plain;
  if (outcome.status === 401 || outcome.status === 403) return 'The server refused this terminal’s credentials. Call your supervisor.';
  if (outcome.status === 0) return `The ${operation} could not be sent: ${outcome.message}`;
  return `The ${operation} was refused (${outcome.message}).`;
}

export function describeUnknown(outcome: { reason: string; message: string }): string {
  switch (outcome.reason) {
    case 'timeout':
      return 'The server did not answer in time.';
    case 'connection':
      return 'The connection to the server was lost.';
    case 'gateway-timeout':
      return 'The utility did not answer in time.';
    case 'invalid-body':
      return 'The server sent an answer that cannot be trusted.';
    default:
      return 'The server had a problem.';
  }
}
