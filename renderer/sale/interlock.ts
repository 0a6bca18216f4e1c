// Token safety interlock: what the printer's state means for a sale about to be bought. A token
// cannot be refunded, so a printer known to be unable to print stops the cashier before the money
// moves; anything not known to be wrong lets the sale go ahead.
import type { PrinterStatusReport } from '../../shared/bridge';

export type PrinterCheck =
  | { kind: 'clear'; warning?: string }
  | { kind: 'blocked'; state: 'paper-out' | 'cover-open' | 'offline'; reason: string; message: string };

const BLOCKED_WORDS = {
  'paper-out': 'The printer is out of paper.',
  'cover-open': 'The printer cover is open.',
  offline: 'The printer cannot be reached (it may be switched off or unplugged).',
} as const;

export const NEAR_END_WARNING = 'The paper roll is nearly finished. Put in a new roll after this sale.';

/** `undefined` means the status could not be read at all: that never blocks a sale by itself. */
export function printerCheck(status: PrinterStatusReport | undefined): PrinterCheck {
  switch (status?.state) {
    case 'paper-out':
    case 'cover-open':
    case 'offline':
      return {
        kind: 'blocked',
        state: status.state,
        reason: BLOCKED_WORDS[status.state],
        message: `${BLOCKED_WORDS[status.state]} No slip can be printed for this sale. Nothing has been bought yet and no money has moved.`,
      };
    case 'paper-near-end':
      return { kind: 'clear', warning: NEAR_END_WARNING };
    default:
      return { kind: 'clear' };
  }
}
