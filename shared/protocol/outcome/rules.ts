// What every service's answer rules share: the verdict shapes and the reasoning that does not
// depend on the service. The per-service tables (prepaid-utility.ts, airtime.ts; bill payments
// later) only name their errorTypes and their own exceptions.
import { statusType, type Outcome } from './classify';

/** What an answer to a purchase means for the sale. */
export type PurchaseAnswer = 'approved' | 'declined' | 'in-doubt';

export interface AdviceVerdict {
  /** Stop sending this advice. */
  final: boolean;
  /** The upstream has the advice (now or from an earlier send). */
  delivered: boolean;
  /** A person must look at this transaction (reconciliation report). */
  reconcile: boolean;
  /**
   * Not final, but the answer says "not now" or "not you" (credentials, a proxy, rate limiting, an
   * outage): repeated with backoff, and the status bar says so meanwhile.
   */
  alert: boolean;
  /**
   * A reversal the upstream answers with "no such purchase". That settles quietly only if the
   * journal holds no approved response for it; otherwise the outbox flags it for reconciliation.
   */
  nothingToReverse?: true;
  note: string;
}

/**
 * Refusals of the message rather than of the purchase. To an original purchase they mean nothing
 * was done; to a retry they say nothing about the original, which may still have been vended.
 */
export const MESSAGE_REFUSALS: ReadonlySet<string> = new Set(['FORMAT_ERROR', 'FUNCTION_NOT_SUPPORTED', 'TRANSACTION_NOT_SUPPORTED']);

/** 400 errorTypes that say "not now" rather than "no": the same advice may succeed later. */
export const ADVICE_NOT_NOW: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'SYSTEM_MALFUNCTION', 'OUTCOME_UNKNOWN', 'ROUTING_ERROR']);

export const isSuccessStatus = (status: number | undefined): boolean => status !== undefined && statusType(status) === 'successful';

/**
 * The purchase rule every service shares. `original` is false for a message that repeats an earlier
 * purchase (electricity's retry): a refusal of that message says nothing about the purchase.
 * `declines` are the 400 errorTypes by which the upstream says it looked at the purchase and refused it.
 */
export function purchaseAnswerFor(outcome: Outcome<unknown>, original: boolean, declines: ReadonlySet<string>): PurchaseAnswer {
  if (outcome.kind === 'successful') return 'approved';
  if (outcome.kind === 'unknown') return 'in-doubt';
  // Status 0: the message never left this machine. For a purchase "nothing happened"; a retry that
  // was not sent leaves the original exactly as much in doubt as before.
  if (outcome.reason === 'not-sent' || outcome.reason === 'invalid-request') return original ? 'declined' : 'in-doubt';
  const errorType = outcome.error?.errorType;
  // The upstream has seen this id (a resend, or an answer lost on the way) or says itself it does
  // not know: never a decline, whatever the status.
  if (errorType === 'DUPLICATE_RECORD' || errorType === 'OUTCOME_UNKNOWN') return 'in-doubt';
  const { status } = outcome;
  if (status === 400 && errorType !== undefined) {
    if (declines.has(errorType)) return 'declined';
    if (MESSAGE_REFUSALS.has(errorType)) return original ? 'declined' : 'in-doubt';
    return 'in-doubt';
  }
  // Authentication and authorisation are checked before a request is processed, and 501 means the
  // operation does not exist there: the purchase was never processed. To a retry they say nothing.
  if (status === 401 || status === 403 || status === 501) return original ? 'declined' : 'in-doubt';
  // 3xx (a 303 after a POST means "processed, look elsewhere"), 404, 408, 409, 429, 502, 503 and
  // anything else: something between us and the processor answered, or the processor could not say.
  return 'in-doubt';
}

export const repeatAdvice = (note: string, alert: boolean): AdviceVerdict => ({ final: false, delivered: false, reconcile: false, alert, note });
export const refusedAdvice = (note: string): AdviceVerdict => ({ final: true, delivered: false, reconcile: true, alert: false, note });
export const deliveredAdvice = (note: string): AdviceVerdict => ({ final: true, delivered: true, reconcile: false, alert: false, note });
export const nothingToReverse = (note: string): AdviceVerdict => ({ final: true, delivered: false, reconcile: false, alert: false, nothingToReverse: true, note });

export type FailedOutcome = Extract<Outcome<unknown>, { kind: 'failed' }>;

/**
 * The advice rules every service shares; `decide` gets only a failure the upstream (or something
 * on the way) answered, which is where the services differ.
 */
export function adviceVerdictWith(outcome: Outcome<unknown>, decide: (failed: FailedOutcome) => AdviceVerdict): AdviceVerdict {
  if (outcome.kind === 'successful') return deliveredAdvice('delivered');
  if (outcome.kind === 'unknown') {
    // A 2xx is the answer to an advice; a body we cannot read (or that is too large) changes nothing.
    if (isSuccessStatus(outcome.status)) return deliveredAdvice(`delivered (HTTP ${outcome.status ?? ''}; its body was not read)`);
    return repeatAdvice(`not answered (${outcome.reason}); send again`, false);
  }
  // Never reached the upstream (network down, connection refused): keep it queued; the age alert
  // covers a long outage.
  if (outcome.reason === 'not-sent') return repeatAdvice('not sent; send again', false);
  if (outcome.reason === 'invalid-request') return refusedAdvice(`cannot be sent: ${outcome.message}`);
  if (outcome.status === 400 && outcome.error?.errorType === 'DUPLICATE_RECORD') {
    return deliveredAdvice('already delivered (DUPLICATE_RECORD on a resend)');
  }
  return decide(outcome);
}

/**
 * The end of every service's advice table: a true refusal (the upstream read the advice and will
 * never take it, or does not implement the operation) is final; everything else — 3xx, 401, 403,
 * 407, 408, 429, 502, 503, a bare 400 or 404, any other status — says "not now" or "not you" and
 * is repeated with an alert.
 */
export function refusalOrRepeat(outcome: FailedOutcome): AdviceVerdict {
  const errorType = outcome.error?.errorType;
  if (outcome.status === 400 && errorType !== undefined && !ADVICE_NOT_NOW.has(errorType)) return refusedAdvice(`refused: ${outcome.message}`);
  if (outcome.status === 501) return refusedAdvice(`refused: ${outcome.message} (the upstream does not take this advice)`);
  return repeatAdvice(`${outcome.message}; send again`, true);
}
