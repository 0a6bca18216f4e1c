// Prepaid Utility v3 (electricity): what an answer to a purchase, a retry or an advice means.
// docs/protocol.md has the same table in words.
import type { AdviceOperation } from '../operations';
import type { Outcome } from './classify';
import { adviceVerdictWith, nothingToReverse, purchaseAnswerFor, refusalOrRepeat, refusedAdvice, type AdviceVerdict, type PurchaseAnswer } from './rules';

export type PrepaidUtilityPurchaseOperation = 'createTokenPurchaseRequest' | 'retryPurchaseRequest';

/**
 * 400 errorTypes by which the upstream says it looked at this purchase and refused it. Anything
 * else on a 400 (GENERAL_ERROR, SYSTEM_MALFUNCTION, UPSTREAM_UNAVAILABLE, ROUTING_ERROR,
 * UNABLE_TO_LOCATE_RECORD, a type we do not know, no ErrorDetail at all) does not say that.
 */
export const PREPAID_UTILITY_PURCHASE_DECLINES: ReadonlySet<string> = new Set([
  'UNKNOWN_METER_ID',
  'METER_ID_BLOCKED',
  'UTILITY_INVALID',
  'METER_KEY_INVALID',
  'INSUFFICIENT_FUNDS',
  'DO_NOT_HONOR',
  'TRANSACTION_DECLINED',
  'LIMIT_EXCEEDED',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_LOW',
  'AMOUNT_TOO_HIGH',
  'NO_FREE_UNITS_DUE',
  'INVALID_MERCHANT',
  'INVALID_MSISDN',
  'INVALID_AN32_TOKEN',
  'INVALID_LOYALTY_CARD',
]);

/** A retry repeats the original purchase: refusing the retry message says nothing about the purchase. */
export function prepaidUtilityPurchaseAnswer(outcome: Outcome<unknown>, operation: PrepaidUtilityPurchaseOperation): PurchaseAnswer {
  return purchaseAnswerFor(outcome, operation === 'createTokenPurchaseRequest', PREPAID_UTILITY_PURCHASE_DECLINES);
}

export function prepaidUtilityAdviceVerdict(outcome: Outcome<unknown>, operation: AdviceOperation): AdviceVerdict {
  return adviceVerdictWith(outcome, (failed) => {
    // "No such record" counts only when the upstream says it in an ErrorDetail: a bare 404 may come
    // from a proxy or a wrong base URL, and settling reversals on it would lose them.
    if ((failed.status === 404 || failed.status === 400) && failed.error?.errorType === 'UNABLE_TO_LOCATE_RECORD') {
      if (operation === 'reverseTokenPurchase') return nothingToReverse('the upstream has no record of the purchase: nothing to reverse');
      return refusedAdvice(operation === 'confirmKeyChange' ? 'the upstream does not know this key change request; reconcile' : 'the upstream does not know this purchase; reconcile');
    }
    // ACCOUNT_ALREADY_SETTLED, FORMAT_ERROR, GENERAL_ERROR… are final refusals; the rest repeats.
    return refusalOrRepeat(failed);
  });
}
