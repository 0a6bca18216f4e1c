// Outcomes and the answer rules, one entry point. How an HTTP answer becomes an Outcome lives in
// outcome/classify.ts; what an answer means for a sale or an advice lives in one module per
// service (outcome/prepaid-utility.ts, outcome/airtime.ts), chosen here by the operation's name —
// the services' operation names do not overlap. Bill payments (Billpay v4) will add
// outcome/billpay.ts with `createAccountPayment` and `confirmPayment`/`reversePayment` here.
import type { AdviceOperation } from './operations';
import type { Outcome } from './outcome/classify';
import { airtimeAdviceVerdict, airtimePurchaseAnswer, type AirtimeAdviceOperation, type AirtimePurchaseOperation } from './outcome/airtime';
import { prepaidUtilityAdviceVerdict, prepaidUtilityPurchaseAnswer, type PrepaidUtilityPurchaseOperation } from './outcome/prepaid-utility';
import type { AdviceVerdict, PurchaseAnswer } from './outcome/rules';

export * from './outcome/classify';
export type { AdviceVerdict, PurchaseAnswer } from './outcome/rules';
export { statusAnswer, AIRTIME_PURCHASE_DECLINES, type StatusAnswer, type AirtimeAdviceOperation, type AirtimePurchaseOperation } from './outcome/airtime';
export { PREPAID_UTILITY_PURCHASE_DECLINES, type PrepaidUtilityPurchaseOperation } from './outcome/prepaid-utility';

/** Every operation that creates a purchase, across services. */
export type PurchaseOperation = PrepaidUtilityPurchaseOperation | AirtimePurchaseOperation;
/** Every store-and-forward advice, across services. */
export type AnyAdviceOperation = AdviceOperation | AirtimeAdviceOperation;

/**
 * What an answer to a purchase means for the sale. `declined` = nothing was sold and nothing will
 * be: the cash goes back. Only answers that prove that are declines; whatever might have reached a
 * processor without such proof is `in-doubt` (electricity: retried; airtime: status polls; then
 * reversed or reviewed), because a false decline hands back cash for what the upstream may have issued.
 */
export function purchaseAnswer(outcome: Outcome<unknown>, operation: PurchaseOperation): PurchaseAnswer {
  switch (operation) {
    case 'purchase':
      return airtimePurchaseAnswer(outcome);
    case 'createTokenPurchaseRequest':
    case 'retryPurchaseRequest':
      return prepaidUtilityPurchaseAnswer(outcome, operation);
  }
}

/** What the store-and-forward outbox does with an advice after one send. Only a final answer ends it. */
export function adviceVerdict(outcome: Outcome<unknown>, operation: AnyAdviceOperation): AdviceVerdict {
  switch (operation) {
    case 'purchaseConfirmation':
    case 'purchaseReversal':
      return airtimeAdviceVerdict(outcome, operation);
    case 'confirmTokenPurchase':
    case 'reverseTokenPurchase':
    case 'confirmKeyChange':
      return prepaidUtilityAdviceVerdict(outcome, operation);
  }
}
