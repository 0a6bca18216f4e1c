import { describe, expect, it } from 'vitest';
import { pendingAgeMs } from './use-outbox-status';

const MIN = 60_000;

describe('pendingAgeMs: the age behind the "advice has waited too long" alert', () => {
  const createdAt = '2026-11-29T10:00:00.000Z';
  const created = Date.parse(createdAt);

  it('is the wall-clock age when the clock behaves', () => {
    expect(pendingAgeMs({ createdAt, wallNow: created + 11 * MIN, firstSeenMono: 1000, monoNow: 1000 + 11 * MIN })).toBe(11 * MIN);
  });
  it('still grows when the clock was set back an hour after the advice was written', () => {
    const age = pendingAgeMs({ createdAt, wallNow: created - 60 * MIN + 11 * MIN, firstSeenMono: 5000, monoNow: 5000 + 11 * MIN });
    expect(age).toBe(11 * MIN);
    expect(age).toBeGreaterThan(10 * MIN);
  });
  it('keeps the wall-clock age after a restart (the monotonic clock starts again at zero)', () => {
    expect(pendingAgeMs({ createdAt, wallNow: created + 90 * MIN, firstSeenMono: 0, monoNow: 2000 })).toBe(90 * MIN);
  });
  it('is never negative', () => {
    expect(pendingAgeMs({ createdAt, wallNow: created - 60 * MIN, firstSeenMono: 100, monoNow: 100 })).toBe(0);
    expect(pendingAgeMs({ createdAt: 'not a time', wallNow: created, firstSeenMono: 100, monoNow: 100 })).toBe(0);
  });
});
