// Plain words for airtime answers, keyed by the protocol's ErrorType. The renderer never parses an
// error string; what is not listed here is said with its status.

const AIRTIME_DECLINES: Record<string, string> = {
  DECLINED_BY_MNO: 'The network operator declined this purchase. The customer can try another product or contact their network.',
  INVALID_MSISDN: 'The network does not know this cell number. Check the number with the customer.',
  OUT_OF_STOCK: 'This product is out of stock. Choose another product.',
  INSUFFICIENT_FUNDS: 'The store’s prepaid balance is too low. Call your supervisor.',
  LIMIT_EXCEEDED: 'A purchase limit was reached. Call your supervisor.',
  UPSTREAM_UNAVAILABLE: 'The network operator’s system is not available right now. Try again later.',
  ROUTING_ERROR: 'The network operator’s system is not available right now. Try again later.',
  SYSTEM_MALFUNCTION: 'The provider’s system reported a fault. Try again later.',
  GENERAL_ERROR: 'The provider could not complete this purchase. Try again later.',
  INVALID_PRODUCT: 'The provider does not offer this product (any more). Choose another product.',
  INVALID_AMOUNT: 'The provider does not accept this amount for this product.',
  DO_NOT_HONOR: 'The purchase was declined by the provider.',
  INVALID_MERCHANT: 'This store is not set up for airtime. Call your supervisor.',
  FORMAT_ERROR: 'The provider refused the request as badly formed. Call support.',
  FUNCTION_NOT_SUPPORTED: 'The provider does not support this service.',
  TRANSACTION_NOT_SUPPORTED: 'The provider does not support this service.',
  DUPLICATE_RECORD: 'The provider has already seen this request.',
  UNABLE_TO_LOCATE_RECORD: 'The provider has no record of this purchase.',
};

type Failed = { status: number; error?: { errorType: string } | undefined; message: string };

export function describeAirtimeFailure(outcome: Failed, operation: 'purchase' | 'lookup' | 'list'): string {
  const type = outcome.error?.errorType;
  const plain = type ? AIRTIME_DECLINES[type] : undefined;
  if (plain) return plain;
  if (outcome.status === 401 || outcome.status === 403) return 'The provider refused this terminal’s credentials. Call your supervisor.';
  const what = operation === 'list' ? 'product list request' : operation === 'lookup' ? 'number lookup' : 'purchase';
  if (outcome.status === 0) return `The ${what} could not be sent: ${outcome.message}`;
  return `The ${what} was refused (${outcome.message}).`;
}

export function describeAirtimeUnknown(outcome: { reason: string; message: string }): string {
  switch (outcome.reason) {
    case 'timeout':
      return 'The provider did not answer in time.';
    case 'connection':
      return 'The connection to the provider was lost.';
    case 'gateway-timeout':
      return 'The network operator did not answer in time.';
    case 'invalid-body':
      return 'The provider sent an answer that cannot be trusted.';
    default:
      return 'The provider had a problem.';
  }
}
