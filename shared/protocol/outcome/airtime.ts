// Airtime v5: what an answer to a purchase, a status query or an advice means. Airtime has no
// retry: an unknown purchase is asked about with purchaseStatus and, if still unknown, reversed.
// docs/protocol.md has the same table in words.
import type { Outcome } from './classify';
import {
  adviceVerdictWith,
  ADVICE_NOT_NOW,
  nothingToReverse,
  purchaseAnswerFor,
  refusalOrRepeat,
  refusedAdvice,
  type AdviceVerdict,
  type FailedOutcome,
  type PurchaseAnswer,
} from './rules';

export type AirtimePurchaseOperation = 'purchase';
export type AirtimeAdviceOperation = 'purchaseConfirmation' | 'purchaseReversal';

/**
 * Airtime ErrorTypes by which the upstream (or the network operator behind it) says it looked at
 * this purchase and refused it. Not among them: DUPLICATE_RECORD and OUTCOME_UNKNOWN (it may have
 * been done), UNABLE_TO_LOCATE_RECORD, ACCOUNT_ALREADY_SETTLED, GENERAL_ERROR, SYSTEM_MALFUNCTION,
 * UPSTREAM_UNAVAILABLE and ROUTING_ERROR (they do not say the purchase was refused).
 */
export const AIRTIME_PURCHASE_DECLINES: ReadonlySet<string> = new Set([
  'INVALID_AMOUNT',
  'INVALID_PRODUCT',
  'INVALID_MERCHANT',
  'OUT_OF_STOCK',
  'INVALID_AN32_TOKEN',
  'DO_NOT_HONOR',
  'DECLINED_BY_MNO',
  'INVALID_MSISDN',
  'INVALID_LOYALTY_CARD',
  'INSUFFICIENT_FUNDS',
  'INVALID_CARD_NUMBER',
  'CARD_EXPIRED',
  'INCORRECT_PIN',
  'PIN_ATTEMPTS_EXCEEDED',
  'LIMIT_EXCEEDED',
]);

/** The purchase itself: there is no retry message, so every answer is to the original. */
export function airtimePurchaseAnswer(outcome: Outcome<unknown>): PurchaseAnswer {
  return purchaseAnswerFor(outcome, true, AIRTIME_PURCHASE_DECLINES);
}

/**
 * A 404 is the upstream's own answer when it carries an ErrorDetail, or no body at all (Airtime
 * documents a bodiless 404 to a reversal). A 404 with any other body (an HTML page, plain text) is
 * more likely a proxy or a wrong base URL: it must not settle anything.
 */
function upstreamNotFound(failed: FailedOutcome): boolean {
  if (failed.status === 404) {
    if (failed.error) return !ADVICE_NOT_NOW.has(failed.error.errorType);
    return failed.emptyBody === true;
  }
  return failed.status === 400 && failed.error?.errorType === 'UNABLE_TO_LOCATE_RECORD';
}

export function airtimeAdviceVerdict(outcome: Outcome<unknown>, operation: AirtimeAdviceOperation): AdviceVerdict {
  return adviceVerdictWith(outcome, (failed) => {
    // Airtime's rule: a 404 to a reversal is success (the purchase never arrived, so there is
    // nothing to reverse); to a confirmation it is a failure (the upstream cannot confirm what it
    // does not have). The outbox still checks the journal before it settles a reversal quietly.
    if (upstreamNotFound(failed)) {
      if (operation === 'purchaseReversal') return nothingToReverse('the upstream never received the purchase: nothing to reverse');
      return refusedAdvice('the upstream does not know this purchase: the confirmation failed; reconcile');
    }
    // A confirmation and a reversal of one purchase crossed: the purchase was settled the other way.
    // Nothing more can be sent; which one won is for reconciliation.
    if (failed.status === 400 && failed.error?.errorType === 'ACCOUNT_ALREADY_SETTLED') {
      return refusedAdvice(
        operation === 'purchaseReversal'
          ? 'the purchase was already confirmed: it cannot be reversed; reconcile'
          : 'the purchase was already reversed: it cannot be confirmed; reconcile',
      );
    }
    return refusalOrRepeat(failed);
  });
}

/**
 * What a purchaseStatus answer says about an unknown purchase.
 * - `approved`: the upstream has it and it succeeded (the body is the rebuilt PurchaseResponse).
 * - `declined`: nothing was sold: a business decline, or the purchase was already reversed.
 * - `not-received`: the upstream never received it. The till still reverses it: a reversal of an
 *   unknown purchase is kept by the upstream and refuses the purchase should it arrive late.
 * - `unknown`: pending, not answered, or an answer that does not say; ask again or reverse.
 */
export type StatusAnswer = 'approved' | 'declined' | 'not-received' | 'unknown';

export function statusAnswer(outcome: Outcome<unknown>): StatusAnswer {
  if (outcome.kind === 'successful') return 'approved';
  // 5xx, a timeout, a broken connection, a 2xx whose body is not the purchase: still unknown.
  if (outcome.kind === 'unknown') return 'unknown';
  // The query never left: it says nothing about the purchase.
  if (outcome.reason === 'not-sent' || outcome.reason === 'invalid-request') return 'unknown';
  const errorType = outcome.error?.errorType;
  if (errorType === 'DUPLICATE_RECORD' || errorType === 'OUTCOME_UNKNOWN') return 'unknown';
  if (upstreamNotFound(outcome)) return 'not-received';
  if (outcome.status === 400 && errorType !== undefined) {
    if (AIRTIME_PURCHASE_DECLINES.has(errorType)) return 'declined';
    // Electrum's test server answers a status query for a reversed purchase this way. The till asks
    // only about purchases it never confirmed, so "settled" can only mean reversed.
    if (errorType === 'ACCOUNT_ALREADY_SETTLED') return 'declined';
  }
  // Pending (an ErrorDetail such as UPSTREAM_UNAVAILABLE), a refusal of the query itself
  // (FORMAT_ERROR), 401, 403, 429, 501, 503, a bare 400 or a proxy's 404: nothing learnt.
  return 'unknown';
}
