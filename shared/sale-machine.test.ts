import { describe, expect, it } from 'vitest';
import {
  FINAL_STATES,
  SALE_EVENT_TYPES,
  SALE_STATES,
  transition,
  type SaleEvent,
  type SaleEventType,
  type SaleState,
} from './sale-machine';

const event = (type: SaleEventType): SaleEvent => (type === 'abandon' ? { type, reason: 'TIMEOUT' } : { type } as SaleEvent);

// Every allowed (state, event) pair and where it leads; everything else must be refused.
const ALLOWED: Record<string, string> = {
  'sending+approved': 'approved',
  'sending+declined': 'declined',
  'sending+unknown': 'in-doubt',
  'in-doubt+approved': 'approved',
  'in-doubt+declined': 'declined',
  'in-doubt+unknown': 'in-doubt',
  'in-doubt+abandon': 'reversing+reversal:TIMEOUT',
  // Abandon works from every unresolved state: after a restart the purchase may still be 'sending'.
  'sending+abandon': 'reversing+reversal:TIMEOUT',
  'review+abandon': 'reversing+reversal:TIMEOUT',
  // Past the retry window the sale stops retrying and waits for a person.
  'sending+window-passed': 'review',
  'in-doubt+window-passed': 'review',
  'approved+printed': 'printed',
  'approved+print-failed': 'print-failed',
  'approved+finish': 'confirming+confirmation',
  'approved+cannot-pay': 'reversing+reversal:CANCELLED',
  'printed+printed': 'printed',
  'printed+print-failed': 'printed',
  'printed+finish': 'confirming+confirmation',
  'printed+cannot-pay': 'reversing+reversal:CANCELLED',
  'print-failed+printed': 'printed',
  'print-failed+print-failed': 'print-failed',
  'print-failed+finish': 'confirming+confirmation',
  'print-failed+cannot-pay': 'reversing+reversal:CANCELLED',
  'confirming+advice-delivered': 'confirmed',
  'confirming+advice-failed': 'confirm-failed',
  'reversing+advice-delivered': 'reversed',
  'reversing+advice-failed': 'reverse-failed',
};

function describeResult(state: SaleState, type: SaleEventType): string {
  const result = transition(state, event(type));
  if (!result.ok) return 'refused';
  if (!result.advice) return result.state;
  return `${result.state}+${result.advice.kind}${result.advice.kind === 'reversal' ? `:${result.advice.reason}` : ''}`;
}

describe('sale state machine', () => {
  for (const state of SALE_STATES) {
    for (const type of SALE_EVENT_TYPES) {
      const expected = ALLOWED[`${state}+${type}`] ?? 'refused';
      it(`${state} + ${type} → ${expected}`, () => {
        expect(describeResult(state, type)).toBe(expected);
      });
    }
  }

  it('lets nothing move a final sale', () => {
    for (const state of FINAL_STATES) {
      for (const type of SALE_EVENT_TYPES) expect(transition(state, event(type)).ok).toBe(false);
    }
  });

  it('creates an advice exactly when a sale starts confirming or reversing, and never a second one', () => {
    for (const state of SALE_STATES) {
      for (const type of SALE_EVENT_TYPES) {
        const result = transition(state, event(type));
        if (!result.ok) continue;
        const entersAdviceState = (result.state === 'confirming' || result.state === 'reversing') && state !== result.state;
        expect(Boolean(result.advice)).toBe(entersAdviceState);
      }
    }
  });

  it('reaches every state from sending, and every sale can end in a final state', () => {
    const reachable = new Set<SaleState>(['sending']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const state of [...reachable]) {
        for (const type of SALE_EVENT_TYPES) {
          const result = transition(state, event(type));
          if (result.ok && !reachable.has(result.state)) {
            reachable.add(result.state);
            grew = true;
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual([...SALE_STATES].sort());
    for (const state of SALE_STATES) {
      const seen = new Set<SaleState>([state]);
      const queue = [state];
      while (queue.length) {
        const current = queue.shift() as SaleState;
        for (const type of SALE_EVENT_TYPES) {
          const result = transition(current, event(type));
          if (result.ok && !seen.has(result.state)) {
            seen.add(result.state);
            queue.push(result.state);
          }
        }
      }
      expect(FINAL_STATES.some((f) => seen.has(f)), `${state} can end`).toBe(true);
    }
  });

  it('abandons an in-doubt sale with the reason given', () => {
    expect(transition('in-doubt', { type: 'abandon', reason: 'RESPONSE_NOT_FINAL' })).toEqual({
      ok: true,
      state: 'reversing',
      advice: { kind: 'reversal', reason: 'RESPONSE_NOT_FINAL' },
    });
  });
});
