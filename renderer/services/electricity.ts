// Prepaid electricity (Prepaid Utility v3): an unknown purchase is asked about again with
// retryPurchaseRequest (a new id, the original's in the path) until the retry window passes; past it
// a retry could be taken as a new purchase, so a supervisor decides.
import { buildConfirmationAdvice, buildReversalAdvice, cashTender } from '../../shared/protocol/envelope';
import { purchaseAnswer } from '../../shared/protocol/outcome';
import type { ElectricitySale } from '../db/db';
import { bridgeOutcome, type PurchaseExchange, type ServiceRules } from './rules';

function exchange(operation: 'createTokenPurchaseRequest' | 'retryPurchaseRequest', requestId: string, outcome: PurchaseExchange['outcome']): PurchaseExchange {
  const verdict = purchaseAnswer(outcome, operation);
  return { operation, requestId, outcome, verdict, ...(verdict === 'approved' && outcome.kind === 'successful' ? { response: outcome.body } : {}) };
}

export const electricity: ServiceRules<ElectricitySale> = {
  service: 'electricity',
  label: 'electricity',
  async sendPurchase(bridge, sale) {
    const result = await bridge.invoke('upstream:purchase', { request: sale.request });
    return exchange('createTokenPurchaseRequest', sale.purchaseId, bridgeOutcome(result));
  },
  async askAgain(bridge, sale) {
    const retryId = crypto.randomUUID();
    const result = await bridge.invoke('upstream:retryPurchase', { originalPurchaseId: sale.purchaseId, request: { ...sale.request, id: retryId } });
    return exchange('retryPurchaseRequest', retryId, bridgeOutcome(result));
  },
  windowMs: (info) => info.outbox.retryWindowMs,
  pastWindow: 'review',
  advice(kind, sale, at, reason) {
    const id = crypto.randomUUID();
    const response = sale.response ? { response: sale.response } : {};
    if (kind === 'confirmation') {
      const amount = sale.request.purchaseAmount;
      return {
        kind: 'confirmation',
        body: buildConfirmationAdvice({ id, time: at, purchase: sale.request, ...response, tenders: [cashTender({ amount: amount.amount, currency: amount.currency })] }),
      };
    }
    return { kind: 'reversal', body: buildReversalAdvice({ id, time: at, purchase: sale.request, ...response, reason: reason ?? 'CANCELLED' }) };
  },
  amount: (sale) => sale.request.purchaseAmount.amount,
  currency: (sale) => sale.request.purchaseAmount.currency,
  paidInCash: (sale) => (sale.request.tenders ?? []).some((tender) => tender.tenderType === 'CASH'),
  describe: (sale) => `meter ${sale.meterId}`,
};
