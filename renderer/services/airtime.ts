// Airtime and data (Airtime v5): there is no retry operation. An unknown purchase is asked about with
// purchaseStatus (by the original message id) until the status window passes, then reversed; a status
// that says the provider never received it is reversed at once, so a late arrival cannot be sold.
// Confirmations and reversals carry their ids in the body.
import { buildAirtimeConfirmation, buildAirtimeReversal } from '../../shared/protocol/airtime/envelope';
import { purchaseAnswer, statusAnswer } from '../../shared/protocol/outcome';
import { localMsisdn } from '../../shared/slip/airtime';
import type { AirtimeSale } from '../db/db';
import { bridgeOutcome, type PurchaseExchange, type ServiceRules } from './rules';

export const airtime: ServiceRules<AirtimeSale> = {
  service: 'airtime',
  label: 'airtime',
  async sendPurchase(bridge, sale) {
    const outcome = bridgeOutcome(await bridge.invoke('airtime:purchase', { request: sale.request }));
    const verdict = purchaseAnswer(outcome, 'purchase');
    return {
      operation: 'purchase',
      requestId: sale.purchaseId,
      outcome,
      verdict,
      ...(verdict === 'approved' && outcome.kind === 'successful' ? { response: outcome.body } : {}),
    };
  },
  async askAgain(bridge, sale) {
    const outcome = bridgeOutcome(await bridge.invoke('airtime:status', { originalMsgId: sale.purchaseId }));
    const answer = statusAnswer(outcome);
    const base: Omit<PurchaseExchange, 'verdict'> = { operation: 'purchaseStatus', requestId: sale.purchaseId, outcome };
    switch (answer) {
      case 'approved':
        return outcome.kind === 'successful' ? { ...base, verdict: 'approved', response: outcome.body } : { ...base, verdict: 'in-doubt' };
      case 'declined':
        return { ...base, verdict: 'declined' };
      case 'not-received':
        return { ...base, verdict: 'not-received', note: 'the provider has no record of this purchase' };
      default:
        return { ...base, verdict: 'in-doubt', note: 'the provider could not say yet' };
    }
  },
  windowMs: (info) => info.outbox.statusWindowMs,
  pastWindow: 'reverse',
  advice(kind, sale, at, reason) {
    const id = crypto.randomUUID();
    const response = sale.response ? { response: sale.response } : {};
    if (kind === 'confirmation') {
      const tenders = sale.request.tenders ?? [];
      return { kind: 'airtimeConfirmation', body: buildAirtimeConfirmation({ id, time: at, purchase: sale.request, ...response, tenders }) };
    }
    return { kind: 'airtimeReversal', body: buildAirtimeReversal({ id, time: at, purchase: sale.request, ...response, reason: reason ?? 'CANCELLED' }) };
  },
  amount(sale) {
    const tendered = (sale.request.tenders ?? []).reduce((sum, tender) => sum + tender.amount.amount, 0);
    return tendered > 0 ? tendered : (sale.request.amounts?.requestAmount?.amount ?? 0);
  },
  currency: (sale) => sale.request.tenders?.[0]?.amount.currency ?? sale.request.amounts?.requestAmount?.currency ?? 'ZAR',
  paidInCash: (sale) => (sale.request.tenders ?? []).some((tender) => tender.tenderType === 'CASH'),
  describe: (sale) => `phone ${localMsisdn(sale.msisdn)}`,
};
