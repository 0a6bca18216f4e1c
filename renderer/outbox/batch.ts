// The outbox's batch sender: many advices in one bridge call (advice:batch) and their attempts
// settled in one strictly durable transaction (a group commit). The guarantees are the single
// sender's: an advice stays pending until a final answer is written, in the same transaction as its
// sale's transition; a batch cut short by a crash is sent again with the same advice ids; an
// advice the main side did not send is not counted as an attempt.
import type { AdviceBatchItem, AdviceBatchResult, PosBridge } from '../../shared/bridge';
import type { Outcome } from '../../shared/protocol/outcome';
import { nowIso, type AdviceRecord, type PosDatabase } from '../db/db';
import type { AdviceVerdictOperation, Delivery } from '../services/advices';
import { pendingAdvices } from './outbox';

/** The operation whose answer table judges each kind's answer (as deliverAdvice in services/advices.ts). */
const OPERATION = {
  confirmation: 'confirmTokenPurchase',
  reversal: 'reverseTokenPurchase',
  keyChangeConfirmation: 'confirmKeyChange',
  airtimeConfirmation: 'purchaseConfirmation',
  airtimeReversal: 'purchaseReversal',
} as const satisfies Record<AdviceRecord['advice']['kind'], AdviceVerdictOperation>;

export interface AttemptRecorded {
  final: boolean;
  note: string;
}

/** What the batch sender uses of its Outbox (Outbox.batchCore()). */
export interface BatchCore {
  db: PosDatabase;
  bridge: PosBridge;
  /** 1: one batch at a time, the due head of the queue in order. More: that many advices at the upstream at once. */
  lanes: number;
  batchSize: number;
  baseDelayMs: number;
  log: (line: string) => void;
  inFlight: Set<string>;
  stopped(): boolean;
  getFloor(): string;
  setFloor(floor: string): void;
  sleep(ms: number): Promise<void>;
  wakeAll(): void;
  msUntilDue(record: AdviceRecord): number;
  /** Writes one attempt; must run inside the caller's transaction over outbox and sales. */
  recordAttempt(record: AdviceRecord, delivery: Delivery, attemptAt: string): Promise<AttemptRecorded>;
  attemptCommitted(record: AdviceRecord, attempt: AttemptRecorded): void;
}

const IDLE_MS = 30_000;

/**
 * One lane: one batch at a time, so the head of the queue goes first and an answer that is not
 * final stops the rest (the main side sends a one-lane batch in order and stops there). More lanes:
 * two batches in turn, so one batch's group commit overlaps the next one's trip to the upstream,
 * each with half the lanes.
 */
const senderCount = (lanes: number): number => (lanes > 1 ? 2 : 1);

export async function runBatchSender(core: BatchCore): Promise<void> {
  const senders = senderCount(core.lanes);
  await Promise.all(Array.from({ length: senders }, (_, sender) => runSender(core, sender)));
}

/** The next batch from the oldest pending advices, or how long to wait for one. */
export function chooseBatch(core: Pick<BatchCore, 'lanes' | 'batchSize' | 'inFlight' | 'msUntilDue'>, pending: AdviceRecord[]): { batch: AdviceRecord[]; waitMs: number } {
  const batch: AdviceRecord[] = [];
  let waitMs = IDLE_MS;
  for (const record of pending) {
    if (batch.length >= core.batchSize) break;
    if (core.inFlight.has(record.adviceId)) continue;
    const wait = core.msUntilDue(record);
    if (wait > 0) {
      waitMs = Math.min(waitMs, wait);
      // One lane: an advice not yet due holds back everything behind it.
      if (core.lanes === 1) break;
      continue;
    }
    batch.push(record);
  }
  return { batch, waitMs };
}

async function runSender(core: BatchCore, sender: number): Promise<void> {
  while (!core.stopped()) {
    let choice: { batch: AdviceRecord[]; waitMs: number };
    try {
      const pending = await pendingAdvices(core.db, core.batchSize + core.inFlight.size + 1, core.getFloor());
      // Advices in flight are still pending, so the oldest pending one is the floor (see Outbox.floor).
      core.setFloor(pending[0]?.createdAt ?? '');
      choice = chooseBatch(core, pending);
    } catch (err) {
      core.log(`outbox lane ${sender}: cannot read the queue: ${String(err)}`);
      await core.sleep(core.baseDelayMs);
      continue;
    }
    if (core.stopped()) break;
    const { batch } = choice;
    if (batch.length === 0) {
      await core.sleep(choice.waitMs);
      continue;
    }
    for (const record of batch) core.inFlight.add(record.adviceId);
    try {
      await sendBatch(core, batch);
    } catch (err) {
      core.log(`outbox lane ${sender}: ${String(err)}`);
      await core.sleep(core.baseDelayMs);
    } finally {
      for (const record of batch) core.inFlight.delete(record.adviceId);
      core.wakeAll();
    }
  }
}

type Answer = { sent: false } | { sent: true; outcome: Outcome<unknown> | undefined };

/** One answer per record: the main side's, or "not answered" for each when the call failed or its answer does not fit. */
function answersFor(batch: AdviceRecord[], result: Awaited<ReturnType<PosBridge['invoke']>>, log: (line: string) => void): Answer[] {
  const unanswered: Answer[] = batch.map(() => ({ sent: true, outcome: undefined }));
  if (!result.ok) return unanswered;
  const { results } = result.data as AdviceBatchResult;
  if (results.length !== batch.length || results.some((item, i) => item.adviceId !== batch[i]?.adviceId)) {
    log(`outbox: the POS service answered a batch of ${batch.length} with ${results.length} answers that do not match it; sending again`);
    return unanswered;
  }
  return results.map((item): Answer => {
    if ('notSent' in item) return { sent: false };
    if ('outcome' in item) return { sent: true, outcome: item.outcome };
    return { sent: true, outcome: undefined };
  });
}

async function sendBatch(core: BatchCore, batch: AdviceRecord[]): Promise<void> {
  const attemptAt = nowIso();
  // Each record's advice goes as its own kind: { kind, purchaseId, advice }. The main side parses
  // every item against the bridge contract before anything is sent.
  const advices = batch.map((record) => ({ kind: record.advice.kind, purchaseId: record.purchaseId, advice: record.advice.body }) as AdviceBatchItem);
  // `lanes` advices at the upstream at most, over all senders.
  const parallel = Math.max(1, Math.min(advices.length, Math.floor(core.lanes / senderCount(core.lanes))));
  const result = await core.bridge.invoke('advice:batch', { ordered: core.lanes === 1, parallel, advices });
  const answers = answersFor(batch, result, core.log);
  // One strictly durable transaction for the whole batch: every attempt and every sale transition
  // it causes commit together, or none does and the batch is sent again with the same advice ids.
  const recorded = await core.db.transaction('rw', core.db.outbox, core.db.sales, async () => {
    const done: Array<[AdviceRecord, AttemptRecorded]> = [];
    for (const [i, record] of batch.entries()) {
      const answer = answers[i];
      if (!answer?.sent) continue;
      done.push([record, await core.recordAttempt(record, { operation: OPERATION[record.advice.kind], outcome: answer.outcome }, attemptAt)]);
    }
    return done;
  });
  for (const [record, attempt] of recorded) core.attemptCommitted(record, attempt);
}
