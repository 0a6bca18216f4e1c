// Store-and-forward outbox for must-deliver advices (confirmations, reversals). An advice is written
// durably before its first send, keeps its id on every repeat, and leaves the queue only on a final
// answer. Exactly one sender runs across all tabs and windows (Web Locks).
import type { PosBridge } from '../../shared/bridge';
import { adviceVerdict, type Outcome } from '../../shared/protocol/outcome';
import { nowIso, type AdviceRecord, type PosDatabase } from '../db/db';

export interface OutboxOptions {
  db: PosDatabase;
  bridge: PosBridge;
  /** First repeat delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}

const LOCK_NAME = 'prepaid-pos.outbox-sender';
const WAKE_CHANNEL = 'prepaid-pos.outbox-wake';

export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export class Outbox {
  private readonly db: PosDatabase;
  private readonly bridge: PosBridge;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: (line: string) => void;
  private readonly wakeChannel = new BroadcastChannel(WAKE_CHANNEL);
  private wake: (() => void) | undefined;
  private stopped = false;

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.bridge = options.bridge;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
    this.wakeChannel.onmessage = () => this.wake?.();
  }

  /** A new advice record, ready to be written inside the caller's transaction. */
  static newRecord(purchaseId: string, advice: AdviceRecord['advice']): AdviceRecord {
    return {
      adviceId: advice.body.id,
      purchaseId,
      createdAt: nowIso(),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
    advice,
    };
  }

  /** Tell the sender (in whichever tab holds the lock) that there is work. */
  notify(): void {
    this.wake?.();
    this.wakeChannel.postMessage('wake');
  }

  /** Runs the sender while this tab holds the lock; other tabs wait their turn. */
  start(): void {
    void navigator.locks.request(LOCK_NAME, async () => {
      this.log('outbox: this window is the sender');
      while (!this.stopped) {
        const waitMs = await this.sendDue();
        if (this.stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.wakeChannel.close();
  }

  /** Sends every advice that is due, oldest first; returns how long to sleep before the next one. */
  async sendDue(): Promise<number> {
    for (;;) {
      const now = Date.now();
      const pending = await this.db.outbox.where('[state+createdAt]').between(['pending', ''], ['pending', '\uffff']).toArray();
      if (pending.length === 0) return 60_000;
      const due = pending.find((record) => record.nextAttemptAt <= now);
      if (!due) return Math.max(50, Math.min(...pending.map((r) => r.nextAttemptAt)) - now);
      await this.sendOne(due);
    }
  }

  private async sendOne(record: AdviceRecord): Promise<void> {
    const attemptAt = nowIso();
    const outcome = await this.deliver(record);
    const operation = record.advice.kind === 'confirmation' ? 'confirmTokenPurchase' : 'reverseTokenPurchase';
    const verdict = outcome
      ? adviceVerdict(outcome, operation)
      : { final: false, delivered: false, reconcile: false, note: 'POS service unreachable' };
    await this.db.transaction('rw', this.db.outbox, this.db.sales, async () => {
      const current = await this.db.outbox.get(record.adviceId);
      if (!current || current.state !== 'pending') return;
      const attempts = current.attempts + 1;
      if (verdict.final) {
        await this.db.outbox.put({
          ...current,
          attempts,
          lastAttemptAt: attemptAt,
          state: verdict.delivered ? 'delivered' : 'failed',
          settledAt: nowIso(),
          note: verdict.note,
          reconcile: verdict.reconcile,
          ...(verdict.delivered ? {} : { lastError: verdict.note }),
        });
        const sale = await this.db.sales.get(record.purchaseId);
        if (sale && (sale.state === 'confirming' || sale.state === 'reversing')) {
          const at = nowIso();
          await this.db.sales.put({ ...sale, state: 'done', updatedAt: at, history: [...sale.history, { at, state: 'done', note: verdict.note }] });
        }
      } else {
        await this.db.outbox.put({
          ...current,
          attempts,
          lastAttemptAt: attemptAt,
          lastError: verdict.note,
          nextAttemptAt: Date.now() + backoffMs(attempts, this.baseDelayMs, this.maxDelayMs),
        });
      }
    });
    this.log(`outbox: ${record.advice.kind} ${record.adviceId} → ${verdict.note}`);
  }

  private async deliver(record: AdviceRecord): Promise<Outcome<unknown> | undefined> {
    const result =
      record.advice.kind === 'confirmation'
        ? await this.bridge.invoke('upstream:confirm', { purchaseId: record.purchaseId, advice: record.advice.body })
        : await this.bridge.invoke('upstream:reverse', { purchaseId: record.purchaseId, advice: record.advice.body });
    return result.ok ? (result.data as Outcome<unknown>) : undefined;
  }
}
