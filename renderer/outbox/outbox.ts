// Store-and-forward outbox for must-deliver advices (confirmations, reversals, and any later advice
// type). An advice is written durably before its first send, keeps its id on every repeat, and
// leaves the queue only on a final answer. Exactly one sender runs across all tabs and windows
// (Web Locks). Unlike the common request-replay queue, an entry is never removed before a final
// answer, a 500/504/timeout is never counted as delivered, and every write is strictly durable.
import type { PosBridge } from '../../shared/bridge';
import type { AdviceOperation } from '../../shared/protocol/operations';
import { adviceVerdict, type Outcome } from '../../shared/protocol/outcome';
import { nowIso, type AdviceRecord, type PosDatabase } from '../db/db';
import { applySaleEvent } from '../journal/journal';

export interface OutboxOptions {
  db: PosDatabase;
  bridge: PosBridge;
  /** Advices sent in parallel; 1 = strictly the head of the queue. */
  lanes?: number;
  /** First repeat delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}

const LOCK_NAME = 'prepaid-pos.outbox-sender';
const WAKE_CHANNEL = 'prepaid-pos.outbox-wake';
const IDLE_MS = 30_000;

const ADVICE_OPERATION = {
  confirmation: 'confirmTokenPurchase',
  reversal: 'reverseTokenPurchase',
  keyChangeConfirmation: 'confirmKeyChange',
} as const satisfies Record<AdviceRecord['advice']['kind'], AdviceOperation>;

export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** Pending advices created at or after `from`, oldest first (at most `limit`). */
export function pendingAdvices(db: PosDatabase, limit = Infinity, from = ''): Promise<AdviceRecord[]> {
  const query = db.outbox.where('[state+createdAt]').between(['pending', from], ['pending', '\uffff']);
  return (Number.isFinite(limit) ? query.limit(limit) : query).toArray();
}

export class Outbox {
  private readonly db: PosDatabase;
  private readonly bridge: PosBridge;
  private readonly lanes: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: (line: string) => void;
  private readonly wakeChannel = new BroadcastChannel(WAKE_CHANNEL);
  private readonly inFlight = new Set<string>();
  private sleepers = new Set<() => void>();
  private stopped = false;
  /**
   * createdAt of the oldest advice known to be pending. Queries start there rather than at the
   * start of the index: Chromium's IndexedDB keeps the entries of settled advices as deletion
   * markers until its storage compacts, and walking over thousands of them made every query of a
   * long backlog slower than the last. Reset to '' whenever the queue is seen empty.
   */
  private floor = '';

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.bridge = options.bridge;
    this.lanes = Math.max(1, Math.min(64, Math.trunc(options.lanes ?? 1)));
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
    this.wakeChannel.onmessage = () => this.wakeAll();
  }

  /** Tell the sender (in whichever tab holds the lock) that there is work. */
  notify(): void {
    this.wakeAll();
    this.wakeChannel.postMessage('wake');
  }

  /** Runs the sender while this tab holds the lock; other tabs wait their turn. */
  start(): void {
    void navigator.locks.request(LOCK_NAME, async () => {
      this.log('outbox: this window is the sender');
      await Promise.all(Array.from({ length: this.lanes }, (_, lane) => this.runLane(lane)));
    });
  }

  stop(): void {
    this.stopped = true;
    this.wakeAll();
    this.wakeChannel.close();
  }

  private wakeAll(): void {
    const sleepers = this.sleepers;
    this.sleepers = new Set();
    for (const wake of sleepers) wake();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /**
   * A lane takes the oldest pending advice no other lane holds. If it is not due yet the lane waits
   * for it: with one lane the head of the queue blocks the rest, as store-and-forward requires.
   */
  private async runLane(lane: number): Promise<void> {
    while (!this.stopped) {
      let next: AdviceRecord | undefined;
      try {
        const batch = await pendingAdvices(this.db, this.lanes + 1, this.floor);
        this.floor = batch[0]?.createdAt ?? '';
        next = batch.find((record) => !this.inFlight.has(record.adviceId));
      } catch (err) {
        this.log(`outbox lane ${lane}: cannot read the queue: ${String(err)}`);
        await this.sleep(this.baseDelayMs);
        continue;
      }
      if (this.stopped) break;
      if (!next) {
        await this.sleep(IDLE_MS);
        continue;
      }
      const wait = next.nextAttemptAt - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      this.inFlight.add(next.adviceId);
      try {
        await this.sendOne(next);
      } catch (err) {
        this.log(`outbox lane ${lane}: ${String(err)}`);
        await this.sleep(this.baseDelayMs);
      } finally {
        this.inFlight.delete(next.adviceId);
        // Other lanes may be waiting behind this advice.
        this.wakeAll();
      }
    }
  }

  private async sendOne(record: AdviceRecord): Promise<void> {
    const attemptAt = nowIso();
    const outcome = await this.deliver(record);
    const operation = ADVICE_OPERATION[record.advice.kind];
    const verdict = outcome
      ? adviceVerdict(outcome, operation)
      : { final: false, delivered: false, reconcile: false, note: 'the POS service did not answer; send again' };
    await this.db.transaction('rw', this.db.outbox, this.db.sales, async () => {
      const current = await this.db.outbox.get(record.adviceId);
      if (!current || current.state !== 'pending') return;
      const attempts = current.attempts + 1;
      if (!verdict.final) {
        await this.db.outbox.put({
          ...current,
          attempts,
          lastAttemptAt: attemptAt,
          lastError: verdict.note,
          nextAttemptAt: Date.now() + backoffMs(attempts, this.baseDelayMs, this.maxDelayMs),
        });
        return;
      }
      // A reversal the upstream never needed (it never saw the purchase) settles the sale too: only
      // a refusal that needs reconciling counts as failed and raises the alert.
      const settled = verdict.delivered || !verdict.reconcile;
      await this.db.outbox.put({
        ...current,
        attempts,
        lastAttemptAt: attemptAt,
        state: settled ? 'delivered' : 'failed',
        settledAt: nowIso(),
        note: verdict.note,
        reconcile: verdict.reconcile,
        ...(settled ? {} : { lastError: verdict.note }),
      });
      if (record.advice.kind !== 'keyChangeConfirmation') {
        await applySaleEvent(this.db, record.purchaseId, { type: settled ? 'advice-delivered' : 'advice-failed' }, { note: verdict.note });
      }
    });
    this.log(`outbox: ${record.advice.kind} ${record.adviceId} attempt → ${verdict.note}`);
  }

  private async deliver(record: AdviceRecord): Promise<Outcome<unknown> | undefined> {
    const { advice, purchaseId } = record;
    const result =
      advice.kind === 'confirmation'
        ? await this.bridge.invoke('upstream:confirm', { purchaseId, advice: advice.body })
        : advice.kind === 'reversal'
          ? await this.bridge.invoke('upstream:reverse', { purchaseId, advice: advice.body })
          : await this.bridge.invoke('upstream:confirmKeyChange', { requestId: purchaseId, advice: advice.body });
    return result.ok ? result.data : undefined;
  }
}
