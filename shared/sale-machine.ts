// The life of one purchase as an explicit state machine. Pure: the journal applies it inside one
// IndexedDB transaction together with the advice a transition creates.
//
//   sending ──approved──► approved ──printed / print-failed──► printed | print-failed
//      │  └─declined──► declined                                 │ finish ──► confirming ──► confirmed
//      └─unknown──► in-doubt ──(retry) approved / declined         │ cannot-pay ► reversing ──► reversed
//   sending | in-doubt ──window-passed──► review (a person decides)
//   sending | in-doubt | review ──abandon──► reversing
//   a refused advice ends the sale in confirm-failed (sold) or reverse-failed (cancelled), both to reconcile

export const SALE_STATES = [
  'sending',
  'in-doubt',
  'declined',
  'approved',
  'printed',
  'print-failed',
  'confirming',
  'reversing',
  'confirmed',
  'reversed',
  /** The upstream refused the confirmation for good: the tokens were sold; reconcile. */
  'confirm-failed',
  /** The upstream refused the reversal for good: the sale was cancelled and the cash returned; reconcile. */
  'reverse-failed',
  /** No final answer within the retry window: retries stopped, a supervisor resolves it by hand. */
  'review',
] as const;
export type SaleState = (typeof SALE_STATES)[number];

export type ReversalReason = 'TIMEOUT' | 'CANCELLED' | 'RESPONSE_NOT_FINAL';

export type SaleEvent =
  | { type: 'approved' }
  | { type: 'declined' }
  | { type: 'unknown' }
  | { type: 'printed' }
  | { type: 'print-failed' }
  | { type: 'finish' }
  | { type: 'cannot-pay' }
  | { type: 'abandon'; reason: Extract<ReversalReason, 'TIMEOUT' | 'RESPONSE_NOT_FINAL'> }
  | { type: 'window-passed' }
  | { type: 'advice-delivered' }
  | { type: 'advice-failed' };
export type SaleEventType = SaleEvent['type'];

export const SALE_EVENT_TYPES: readonly SaleEventType[] = [
  'approved',
  'declined',
  'unknown',
  'printed',
  'print-failed',
  'finish',
  'cannot-pay',
  'abandon',
  'window-passed',
  'advice-delivered',
  'advice-failed',
];

export type AdviceToCreate = { kind: 'confirmation' } | { kind: 'reversal'; reason: ReversalReason };

export type Transition =
  | { ok: true; state: SaleState; advice?: AdviceToCreate }
  | { ok: false; reason: string };

/** Sales whose purchase outcome is still being asked for: they block a new purchase. */
export const UNRESOLVED_PURCHASE_STATES: readonly SaleState[] = ['sending', 'in-doubt'];
/** Sales whose purchase outcome is not known; 'review' no longer blocks the till but still needs a person. */
export const ABANDONABLE_STATES: readonly SaleState[] = ['sending', 'in-doubt', 'review'];
/** Sales whose tokens the customer holds but whose advice has not been queued yet. */
export const AWAITING_FINISH_STATES: readonly SaleState[] = ['approved', 'printed', 'print-failed'];
export const FINAL_STATES: readonly SaleState[] = ['declined', 'confirmed', 'reversed', 'confirm-failed', 'reverse-failed'];

export function isFinal(state: SaleState): boolean {
  return FINAL_STATES.includes(state);
}

const refuse = (state: SaleState, event: SaleEventType): Transition => ({
  ok: false,
  reason: `a sale that is ${state} cannot take '${event}'`,
});

export function transition(state: SaleState, event: SaleEvent): Transition {
  switch (event.type) {
    case 'approved':
      return state === 'sending' || state === 'in-doubt' ? { ok: true, state: 'approved' } : refuse(state, event.type);
    case 'declined':
      return state === 'sending' || state === 'in-doubt' ? { ok: true, state: 'declined' } : refuse(state, event.type);
    case 'unknown':
      return state === 'sending' || state === 'in-doubt' ? { ok: true, state: 'in-doubt' } : refuse(state, event.type);
    case 'printed':
      // A reprint after a failed print, or another copy, is allowed until the sale is finished.
      return state === 'approved' || state === 'print-failed' || state === 'printed'
        ? { ok: true, state: 'printed' }
        : refuse(state, event.type);
    case 'print-failed':
      return state === 'approved' || state === 'print-failed'
        ? { ok: true, state: 'print-failed' }
        : state === 'printed'
          ? { ok: true, state: 'printed' } // a failed extra copy does not undo the printed slip
          : refuse(state, event.type);
    case 'finish':
      return AWAITING_FINISH_STATES.includes(state)
        ? { ok: true, state: 'confirming', advice: { kind: 'confirmation' } }
        : refuse(state, event.type);
    case 'cannot-pay':
      return AWAITING_FINISH_STATES.includes(state)
        ? { ok: true, state: 'reversing', advice: { kind: 'reversal', reason: 'CANCELLED' } }
        : refuse(state, event.type);
    case 'abandon':
      return ABANDONABLE_STATES.includes(state)
        ? { ok: true, state: 'reversing', advice: { kind: 'reversal', reason: event.reason } }
        : refuse(state, event.type);
    case 'window-passed':
      return UNRESOLVED_PURCHASE_STATES.includes(state) ? { ok: true, state: 'review' } : refuse(state, event.type);
    case 'advice-delivered':
      if (state === 'confirming') return { ok: true, state: 'confirmed' };
      if (state === 'reversing') return { ok: true, state: 'reversed' };
      return refuse(state, event.type);
    case 'advice-failed':
      if (state === 'confirming') return { ok: true, state: 'confirm-failed' };
      if (state === 'reversing') return { ok: true, state: 'reverse-failed' };
      return refuse(state, event.type);
  }
}
