// Live view of the outbox for the status bar: pending count, oldest age, last error.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { PosDatabase } from '../db/db';

export interface OutboxStatus {
  pending: number;
  oldestCreatedAt?: string;
  lastError?: string;
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
  const withError = head.filter((r) => r.lastError).sort((a, b) => (b.lastAttemptAt ?? '').localeCompare(a.lastAttemptAt ?? ''));
  return {
    pending,
    failed,
    ...(head[0] ? { oldestCreatedAt: head[0].createdAt } : {}),
    ...(withError[0]?.lastError ? { lastError: withError[0].lastError } : {}),
  };
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
