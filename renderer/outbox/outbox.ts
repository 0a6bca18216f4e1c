// Store-and-forward outbox for must-deliver advices (confirmations, reversals, and any later advice
// type). An advice is written durably before its first send, keeps its id on every repeat, and
// leaves the queue only on a final answer. Exactly one sender runs across all tabs and windows
// (Web Locks). Unlike the common request-replay queue, an entry is never removed before a final
// answer, a 500/504/timeout is never counted as delivered, and every write is strictly durable.
import { ADVICE_BATCH_MAX, type PosBridge } from '../../shared/bridge';
import { adviceVerdict, type AdviceVerdict } from '../../shared/protocol/outcome';
import { nowIso, type AdviceRecord, type PosDatabase } from '../db/db';
import { applySaleEvent } from '../journal/journal';
import { deliverAdvice, settlesSale, type Delivery } from '../services/advices';
import { runBatchSender, type AttemptRecorded, type BatchCore } from './batch';

export interface OutboxOptions {
  db: PosDatabase;
  bridge: PosBridge;
  /** Advices sent in parallel; 1 = strictly the head of the queue. */
  lanes?: number;
  /**
   * Advices carried by one bridge call (advice:batch) and settled in one transaction; 1 (the
   * default) sends each advice on its own call. See batch.ts.
   */
  batchSize?: number;
  /** First repeat delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
  /**
   * Runs `work` while holding the named exclusive lock across windows. Default: Web Locks. Tests
   * (Node has no navigator.locks) pass one that runs the work at once.
   */
  withLock?: (name: string, work: () => Promise<void>) => Promise<unknown>;
  clock?: OutboxClock;
}

/**
 * The wall clock dates records; the monotonic clock times waits, so a clock set back (or forward)
 * never stretches a backoff. Injectable for tests.
 */
export interface OutboxClock {
  wallNow(): number;
  monoNow(): number;
}

const systemClock: OutboxClock = { wallNow: () => Date.now(), monoNow: () => performance.now() };

/** setTimeout treats anything above this as 1 ms (a silent busy loop), so no wait asks for more. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const LOCK_NAME = 'prepaid-pos.outbox-sender';
const WAKE_CHANNEL = 'prepaid-pos.outbox-wake';
const IDLE_MS = 30_000;

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
  private readonly batchSize: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: (line: string) => void;
  private readonly withLock: (name: string, work: () => Promise<void>) => Promise<unknown>;
  private readonly clock: OutboxClock;
  /** When each advice is next due, on the monotonic clock, for the attempt count it was set at. */
  private readonly due = new Map<string, { attempts: number; at: number }>();
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
    this.batchSize = Math.max(1, Math.min(ADVICE_BATCH_MAX, Math.trunc(options.batchSize ?? 1)));
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
    this.withLock = options.withLock ?? ((name, work) => navigator.locks.request(name, work));
    this.clock = options.clock ?? systemClock;
    this.wakeChannel.onmessage = () => this.wakeAll();
  }

  /** Tell the sender (in whichever tab holds the lock) that there is work. */
  notify(): void {
    this.wakeAll();
    this.wakeChannel.postMessage('wake');
  }

  /** Runs the sender while this tab holds the lock; other tabs wait their turn. */
  start(): void {
    void this.withLock(LOCK_NAME, async () => {
      this.log('outbox: this window is the sender');
      if (this.batchSize > 1) await runBatchSender(this.batchCore());
      else await Promise.all(Array.from({ length: this.lanes }, (_, lane) => this.runLane(lane)));
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
      const timer = setTimeout(wake, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
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
      const wait = this.msUntilDue(next);
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

  /**
   * Milliseconds until the advice is due. The stored wall-clock `nextAttemptAt` is read once per
   * attempt and believed only up to the longest backoff (it may have been written by a clock that
   * has since been set back); from then on the monotonic clock decides.
   */
  private msUntilDue(record: AdviceRecord): number {
    let due = this.due.get(record.adviceId);
    if (!due || due.attempts !== record.attempts) {
      const stored = Math.max(0, Math.min(record.nextAttemptAt - this.clock.wallNow(), this.maxDelayMs));
      due = { attempts: record.attempts, at: this.clock.monoNow() + stored };
      this.due.set(record.adviceId, due);
    }
    return due.at - this.clock.monoNow();
  }

  private async sendOne(record: AdviceRecord): Promise<void> {
    const attemptAt = nowIso();
    const delivery = await deliverAdvice(this.bridge, record);
    const attempt = await this.db.transaction('rw', this.db.outbox, this.db.sales, () => this.recordAttempt(record, delivery, attemptAt));
    this.attemptCommitted(record, attempt);
  }

  /**
   * Writes one attempt's outcome, and the sale's transition when it is final. Called inside the
   * caller's transaction: one advice's (sendOne) or a whole batch's (batch.ts, one group commit).
   */
  private async recordAttempt(record: AdviceRecord, delivery: Delivery, attemptAt: string): Promise<AttemptRecorded> {
    const { outcome, operation } = delivery;
    const verdict: AdviceVerdict = outcome
      ? adviceVerdict(outcome, operation)
      : { final: false, delivered: false, reconcile: false, alert: false, note: 'the POS service did not answer; send again' };
    let note = verdict.note;
    await this.db.transaction('rw', this.db.outbox, this.db.sales, async () => {
      const current = await this.db.outbox.get(record.adviceId);
      if (!current || current.state !== 'pending') return;
      const attempts = current.attempts + 1;
      // The alert belongs to the latest answer only: a 401 followed by a 500 is no longer "not you".
      const { alert: _previousAlert, ...rest } = current;
      if (!verdict.final) {
        const delay = backoffMs(attempts, this.baseDelayMs, this.maxDelayMs);
        this.due.set(record.adviceId, { attempts, at: this.clock.monoNow() + delay });
        await this.db.outbox.put({
          ...rest,
          attempts,
          lastAttemptAt: attemptAt,
          lastError: verdict.note,
          nextAttemptAt: this.clock.wallNow() + delay,
          ...(verdict.alert ? { alert: verdict.note } : {}),
        });
        return;
      }
      let flagged = !verdict.delivered && verdict.reconcile;
      if (verdict.nothingToReverse) {
        // "No such purchase" settles a reversal only if we never held an approval for it: if the
        // journal has one, the upstream and this terminal disagree about a sale and a person must look.
        const sale = await this.db.sales.get(record.purchaseId);
        const approved = !sale || sale.response !== undefined || sale.exchanges.some((e) => e.outcome.kind === 'successful');
        if (approved) {
          flagged = true;
          note = 'the upstream has no record of a purchase the journal holds as approved; reconcile';
        }
      }
      await this.db.outbox.put({
        ...rest,
        attempts,
        lastAttemptAt: attemptAt,
        state: flagged ? 'failed' : 'delivered',
        settledAt: nowIso(),
        note,
        reconcile: flagged,
        ...(flagged ? { lastError: note } : {}),
      });
      if (settlesSale(record)) {
        await applySaleEvent(this.db, record.purchaseId, { type: flagged ? 'advice-failed' : 'advice-delivered' }, { note });
      }
    });
    return { final: verdict.final, note };
  }

  /** After the attempt's transaction has committed. */
  private attemptCommitted(record: AdviceRecord, attempt: AttemptRecorded): void {
    if (attempt.final) this.due.delete(record.adviceId);
    this.log(`outbox: ${record.advice.kind} ${record.adviceId} attempt → ${attempt.note}`);
  }

  /** What the batch sender (batch.ts) needs of this outbox, without opening its fields to everyone. */
  private batchCore(): BatchCore {
    return {
      db: this.db,
      bridge: this.bridge,
      lanes: this.lanes,
      batchSize: this.batchSize,
      baseDelayMs: this.baseDelayMs,
      log: this.log,
      inFlight: this.inFlight,
      stopped: () => this.stopped,
      getFloor: () => this.floor,
      setFloor: (floor) => (this.floor = floor),
      sleep: (ms) => this.sleep(ms),
      wakeAll: () => this.wakeAll(),
      msUntilDue: (record) => this.msUntilDue(record),
      recordAttempt: (record, delivery, attemptAt) => this.recordAttempt(record, delivery, attemptAt),
      attemptCommitted: (record, attempt) => this.attemptCommitted(record, attempt),
    };
  }
}
