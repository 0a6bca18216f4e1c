import { describe, expect, it } from 'vitest';
import { parseStatus, statusAnswer } from './status';

describe('parseStatus (DLE EOT 1, 2, 4)', () => {
  it('reads each state a printer can report', () => {
    for (const state of ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline'] as const) {
      expect(parseStatus(statusAnswer(state)).state).toBe(state);
    }
  });
  it('calls no answer, a short answer or a malformed one "unknown", never a fault', () => {
    expect(parseStatus(null).state).toBe('unknown');
    expect(parseStatus(Uint8Array.of(0x12)).state).toBe('unknown');
    expect(parseStatus(Uint8Array.of(0xff, 0xff, 0xff)).state).toBe('unknown');
  });
});
