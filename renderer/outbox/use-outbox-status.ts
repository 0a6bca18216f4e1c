// Live view of the outbox for the status bar: pending count, oldest age, last error, alerts.
import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import type { PosDatabase } from '../db/db';

export interface OutboxStatus {
  pending: number;
  oldestAdviceId?: string;
  oldestCreatedAt?: string;
  lastError?: string;
  /** The latest "not now / not you" answer among the oldest advices, which are still being repeated. */
  alert?: string;
  failed: number;
}

export async function readOutboxStatus(db: PosDatabase): Promise<OutboxStatus> {
  const range = db.outbox.where('[state+createdAt]').between(['pending', ''], ['pending', '\uffff']);
  const [pending, head, failed] = await Promise.all([
    range.count(),
    // The head of the queue is where errors matter: the latest error among its oldest advices.
    range.clone().limit(50).toArray(),
    db.outbox.where('state').equals('failed').count(),
  ]);
  const latestFirst = [...head].sort((a, b) => (b.lastAttemptAt ?? '').localeCompare(a.lastAttemptAt ?? ''));
  const lastError = latestFirst.find((r) => r.lastError)?.lastError;
  const alert = latestFirst.find((r) => r.alert)?.alert;
  return {
    pending,
    failed,
    ...(head[0] ? { oldestAdviceId: head[0].adviceId, oldestCreatedAt: head[0].createdAt } : {}),
    ...(lastError ? { lastError } : {}),
    ...(alert ? { alert } : {}),
  };
}

/**
 * How long the oldest advice has waited. The wall-clock age (survives restarts) is taken with the
 * monotonic time since this window first saw that advice pending, whichever is larger, so a clock
 * set back cannot hide an advice that has waited too long.
 */
export function pendingAgeMs(input: { createdAt: string; wallNow: number; firstSeenMono: number; monoNow: number }): number {
  const wall = input.wallNow - Date.parse(input.createdAt);
  const seen = input.monoNow - input.firstSeenMono;
  return Math.max(Number.isFinite(wall) ? wall : 0, seen, 0);
}

/** Age of the oldest pending advice (see pendingAgeMs), re-read on every render. */
export function useOldestAge(status: OutboxStatus, wallNow: number): number | undefined {
  const firstSeen = useRef<{ adviceId: string; mono: number } | undefined>(undefined);
  if (!status.oldestAdviceId || !status.oldestCreatedAt) {
    firstSeen.current = undefined;
    return undefined;
  }
  if (firstSeen.current?.adviceId !== status.oldestAdviceId) {
    firstSeen.current = { adviceId: status.oldestAdviceId, mono: performance.now() };
  }
  return pendingAgeMs({ createdAt: status.oldestCreatedAt, wallNow, firstSeenMono: firstSeen.current.mono, monoNow: performance.now() });
}

export function useOutboxStatus(db: PosDatabase): OutboxStatus {
  const [status, setStatus] = useState<OutboxStatus>({ pending: 0, failed: 0 });
  useEffect(() => {
    const subscription = liveQuery(() => readOutboxStatus(db)).subscribe({ next: setStatus, error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db]);
  return status;
}

/** Re-renders every second so ages stay current. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}
