// How each kind of advice in the outbox is delivered, and which operation's answer table judges the
// answer (shared/protocol/outcome.ts: adviceVerdict). One entry per advice kind, whatever the service.
import type { PosBridge } from '../../shared/bridge';
import type { adviceVerdict, Outcome } from '../../shared/protocol/outcome';
import type { AdviceRecord } from '../db/db';

export type AdviceVerdictOperation = Parameters<typeof adviceVerdict>[1];

export interface Delivery {
  operation: AdviceVerdictOperation;
  /** The answer, or undefined when the POS service itself did not answer (sent again later). */
  outcome: Outcome<unknown> | undefined;
}

/** True for advices that settle a sale in the journal (a key change confirmation has no sale). */
export function settlesSale(record: AdviceRecord): boolean {
  return record.advice.kind !== 'keyChangeConfirmation';
}

export async function deliverAdvice(bridge: PosBridge, record: AdviceRecord): Promise<Delivery> {
  const { advice, purchaseId } = record;
  const answer = <T>(operation: AdviceVerdictOperation, result: { ok: true; data: Outcome<T> } | { ok: false }): Delivery => ({
    operation,
    outcome: result.ok ? result.data : undefined,
  });
  switch (advice.kind) {
    case 'confirmation':
      return answer('confirmTokenPurchase', await bridge.invoke('upstream:confirm', { purchaseId, advice: advice.body }));
    case 'reversal':
      return answer('reverseTokenPurchase', await bridge.invoke('upstream:reverse', { purchaseId, advice: advice.body }));
    case 'keyChangeConfirmation':
      return answer('confirmKeyChange', await bridge.invoke('upstream:confirmKeyChange', { requestId: purchaseId, advice: advice.body }));
    case 'airtimeConfirmation':
      return answer('purchaseConfirmation', await bridge.invoke('airtime:confirm', { advice: advice.body }));
    case 'airtimeReversal':
      return answer('purchaseReversal', await bridge.invoke('airtime:reverse', { advice: advice.body }));
  }
}
