// What the bench page offers the runner (page.evaluate calls these on window.outboxBench).
import type { ConfirmationAdvice, PurchaseRequest } from '../../shared/protocol/schemas';

/** One confirmation to queue: the purchase it confirms (already known to the simulator) and its body. */
export interface BenchAdvice {
  purchaseId: string;
  advice: ConfirmationAdvice;
}

export interface EnqueueResult {
  /** Per-enqueue latency in ms, in order (empty when not timed). */
  latenciesMs: number[];
  totalMs: number;
  /** Entries the queue(s) hold afterwards, read back from IndexedDB. */
  queued: number;
}

/** fetch() calls made during a drain and the time spent waiting for them (summed over lanes). */
export interface HttpTally {
  count: number;
  totalMs: number;
}

export interface OursDrainResult {
  http: HttpTally;
  ms: number;
  delivered: number;
  failed: number;
  pending: number;
  /** Sum of attempts over all records (1 per advice when nothing was repeated). */
  attempts: number;
  /** Lines the lanes logged for a problem (queue read failures, thrown sends). */
  laneErrors: string[];
}

export interface WorkboxDrainResult {
  http: HttpTally;
  ms: number;
  /** Entries left in the queues afterwards (0 = workbox believes all were delivered). */
  remaining: number;
  /** replayRequests() rejections (a fetch that threw puts its entry back and stops that queue). */
  replayErrors: string[];
}

export interface OutboxBenchApi {
  init(token: string): void;
  /**
   * Writes each advice with Outbox's record and the app's strict durability: timed = one transaction
   * per advice, awaited one after another; otherwise a quick fill (bulkAdd, 500 a transaction).
   */
  oursEnqueue(db: string, advices: BenchAdvice[], timed: boolean): Promise<EnqueueResult>;
  oursDrain(db: string, options: { lanes: number; batchSize: number; baseDelayMs: number; maxDelayMs: number; expected: number; timeoutMs: number }): Promise<OursDrainResult>;
  /**
   * The journal's enqueue: journals each purchase as a printed sale (untimed), then finishes each
   * one (timed): the sale's new state and its confirmation written in one strict transaction.
   */
  journalEnqueue(db: string, sales: PurchaseRequest[]): Promise<EnqueueResult>;
  /** Deletes the database (and closes its connection). */
  oursDrop(db: string): Promise<void>;
  /** Round-robin split over `queues` new Queue instances; timed = pushRequest one after another, else 50 at once. */
  workboxEnqueue(prefix: string, queues: number, advices: BenchAdvice[], timed: boolean): Promise<EnqueueResult>;
  workboxDrain(prefix: string): Promise<WorkboxDrainResult>;
}

declare global {
  interface Window {
    outboxBench?: OutboxBenchApi;
  }
}
