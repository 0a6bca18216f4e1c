// advice:batch — many advices in one bridge call. Each item goes to the upstream through the sender
// its kind names in one table; a new kind of advice is one line in that table.
import type { AdviceBatchItem, AdviceBatchResult, BridgeHandlers, BridgeResult } from '../../shared/bridge';
import { adviceVerdict, type Outcome } from '../../shared/protocol/outcome';

export type AdviceSender<K extends AdviceBatchItem['kind']> = {
  /** The upstream operation, to tell a final answer from one that must be repeated. */
  operation: Parameters<typeof adviceVerdict>[1];
  /** As the advice's own bridge method answers: the upstream's outcome, or why it was not sent (SERVICE_OFF…). */
  send(item: Extract<AdviceBatchItem, { kind: K }>): Promise<BridgeResult<Outcome<unknown>>>;
};

/** One sender per advice kind. */
export type AdviceSenders = { [K in AdviceBatchItem['kind']]: AdviceSender<K> };

type ItemResult = AdviceBatchResult['results'][number];

/**
 * `ordered`: the items go in order, each after the previous one's answer, and none after an answer
 * that is not final: one lane keeps the head of the queue in front. Otherwise up to `parallel` are
 * at the upstream at once; each still waits its turn behind any other request for the same
 * purchase (the senders' per-purchase queue).
 */
export function adviceBatchHandler(senders: AdviceSenders): BridgeHandlers['advice:batch'] {
  const sendItem = async (item: AdviceBatchItem): Promise<{ result: ItemResult; final: boolean }> => {
    const adviceId = item.advice.id;
    const sender = senders[item.kind] as AdviceSender<typeof item.kind>;
    try {
      const answer = await sender.send(item as never);
      if (!answer.ok) return { result: { adviceId, error: answer.error }, final: false };
      return { result: { adviceId, outcome: answer.data }, final: adviceVerdict(answer.data, sender.operation).final };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { result: { adviceId, error: { code: 'INTERNAL', message } }, final: false };
    }
  };

  return async ({ ordered, parallel, advices }) => {
    const results: ItemResult[] = new Array<ItemResult>(advices.length);
    if (ordered) {
      let blocked = false;
      for (const [index, item] of advices.entries()) {
        if (blocked) {
          results[index] = { adviceId: item.advice.id, notSent: true };
          continue;
        }
        const { result, final } = await sendItem(item);
        results[index] = result;
        blocked = !final;
      }
      return { ok: true, data: { results } };
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < advices.length) {
        const index = next++;
        const item = advices[index];
        if (!item) return;
        results[index] = (await sendItem(item)).result;
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, advices.length) }, worker));
    return { ok: true, data: { results } };
  };
}
