// Real-time status (DLE EOT n), the ESC/POS status queries most receipt printers answer at once,
// even mid-job. Each answer is one byte of the form 0xx1xx10b.

export type PrinterState = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'unknown';
export interface PrinterStatus {
  state: PrinterState;
  detail?: string;
}

/** DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper sensor), sent together. */
export const STATUS_QUERY = new Uint8Array([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STATUS_ANSWER_LENGTH = 3;

const isStatusByte = (b: number): boolean => (b & 0b1001_0011) === 0b0001_0010;

/** Reads the three answers; anything malformed is "unknown", never a fault. */
export function parseStatus(answer: Uint8Array | null): PrinterStatus {
  if (!answer || answer.length < STATUS_ANSWER_LENGTH) return { state: 'unknown', detail: 'no answer to the status query' };
  const [printer, offline, paper] = [answer[0] ?? 0, answer[1] ?? 0, answer[2] ?? 0];
  if (!isStatusByte(printer) || !isStatusByte(offline) || !isStatusByte(paper)) {
    return { state: 'unknown', detail: 'the printer answered in a form we do not know' };
  }
  if (paper & 0x60) return { state: 'paper-out', detail: 'roll paper end sensor' };
  if (offline & 0x04) return { state: 'cover-open', detail: 'cover open' };
  if (offline & 0x20) return { state: 'paper-out', detail: 'printing stopped at paper end' };
  if (offline & 0x40) return { state: 'offline', detail: 'printer error (cutter jam or overheating)' };
  if (printer & 0x08) return { state: 'offline', detail: 'printer is offline' };
  if (paper & 0x0c) return { state: 'paper-near-end', detail: 'roll paper near end' };
  return { state: 'ready' };
}

/** The answer bytes a printer in the given state sends; used by test printers. */
export function statusAnswer(state: Exclude<PrinterState, 'unknown'>): Uint8Array {
  const base = 0x12;
  const printer = state === 'offline' || state === 'cover-open' || state === 'paper-out' ? base | 0x08 : base;
  const offline = state === 'cover-open' ? base | 0x04 : state === 'paper-out' ? base | 0x20 : state === 'offline' ? base | 0x40 : base;
  const paper = state === 'paper-out' ? base | 0x6c : state === 'paper-near-end' ? base | 0x0c : base;
  return new Uint8Array([printer, offline, paper]);
}
