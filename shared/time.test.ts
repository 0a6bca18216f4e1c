import { describe, expect, it } from 'vitest';
import { isValidTimeZone, toZonedRfc3339 } from './time';

describe('local time for screens and slips', () => {
  it('shows a UTC instant in the shop’s time zone with its offset', () => {
    expect(toZonedRfc3339('2026-11-22T00:10:34.123Z', 'Africa/Johannesburg')).toBe('2026-11-22T02:10:34+02:00');
    expect(toZonedRfc3339('2026-11-21T23:59:59.000Z', 'Africa/Johannesburg')).toBe('2026-11-22T01:59:59+02:00');
    expect(toZonedRfc3339('2026-07-01T12:00:00.000Z', 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(toZonedRfc3339('2026-11-22T00:10:34.000Z', 'UTC')).toBe('2026-11-22T00:10:34+00:00');
  });

  it('leaves what it cannot read unchanged', () => {
    expect(toZonedRfc3339('not a time', 'UTC')).toBe('not a time');
    expect(toZonedRfc3339('2026-11-22T00:10:34.000Z', 'Mars/Olympus')).toBe('2026-11-22T00:10:34.000Z');
    expect(isValidTimeZone('Africa/Johannesburg')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
