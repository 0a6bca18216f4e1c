// HID keyboard input reports (boot protocol: modifier byte, reserved byte, six key usages) as card
// readers and barcode scanners in keyboard mode send them, turned back into the characters they type.
// Usages are from the HID Usage Tables, Keyboard/Keypad page (0x07), US layout — the layout readers
// and scanners are set up with by default.

const LEFT_SHIFT = 0x02;
const RIGHT_SHIFT = 0x20;
/** Usage 0x01 in every slot: the keyboard reports too many keys at once (phantom state). */
const ROLLOVER_ERROR = 0x01;
export const ENTER = '\n';

const PLAIN: Record<number, string> = {};
const SHIFTED: Record<number, string> = {};
for (let i = 0; i < 26; i++) {
  PLAIN[0x04 + i] = String.fromCharCode(0x61 + i);
  SHIFTED[0x04 + i] = String.fromCharCode(0x41 + i);
}
'1234567890'.split('').forEach((ch, i) => (PLAIN[0x1e + i] = ch));
'!@#$%^&*()'.split('').forEach((ch, i) => (SHIFTED[0x1e + i] = ch));
const PUNCTUATION: Array<[number, string, string]> = [
  [0x28, ENTER, ENTER],
  [0x2b, '\t', '\t'],
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  // Keypad: what a scanner set to "keypad digits" sends.
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x58, ENTER, ENTER],
  [0x62, '0', '0'],
  [0x63, '.', '.'],
];
for (const [usage, plain, shifted] of PUNCTUATION) {
  PLAIN[usage] = plain;
  SHIFTED[usage] = shifted;
}
for (let i = 0; i < 9; i++) {
  PLAIN[0x59 + i] = String(i + 1);
  SHIFTED[0x59 + i] = String(i + 1);
}

export interface KeyboardReportOptions {
  /** Devices with more than one report prefix each report with its id; readers in boot mode have none. */
  reportId?: number;
}

/**
 * Turns a stream of input reports into typed characters. A key counts once, when it first appears in a
 * report; it has to be released (absent from a report) before it counts again, as with a keyboard.
 */
export class KeyboardReportDecoder {
  private held = new Set<number>();
  private readonly reportId: number | undefined;

  constructor(options: KeyboardReportOptions = {}) {
    this.reportId = options.reportId;
  }

  /** The characters this report adds; reports that are not keyboard reports add none. */
  decode(report: Uint8Array): string {
    let bytes = report;
    if (this.reportId !== undefined) {
      if (bytes[0] !== this.reportId) return '';
      bytes = bytes.subarray(1);
    } else if (bytes.length === 9) {
      // A boot keyboard report is 8 bytes; 9 means the device numbers its reports and this is the id.
      bytes = bytes.subarray(1);
    }
    if (bytes.length < 3) return '';
    const modifiers = bytes[0] ?? 0;
    const keys = [...bytes.subarray(2, 8)].filter((usage) => usage !== 0);
    if (keys.length > 0 && keys.every((usage) => usage === ROLLOVER_ERROR)) return '';
    const shift = (modifiers & (LEFT_SHIFT | RIGHT_SHIFT)) !== 0;
    let typed = '';
    for (const usage of keys) {
      if (this.held.has(usage)) continue;
      const ch = (shift ? SHIFTED : PLAIN)[usage];
      if (ch !== undefined) typed += ch;
    }
    this.held = new Set(keys);
    return typed;
  }

  reset(): void {
    this.held.clear();
  }
}

/** The reports a keyboard-mode device sends to type `text` (press, release per character): for recordings and tests. */
export function reportsForText(text: string, options: KeyboardReportOptions = {}): Uint8Array[] {
  const reports: Uint8Array[] = [];
  const prefix = options.reportId !== undefined ? [options.reportId] : [];
  for (const ch of text) {
    const found = usageFor(ch);
    if (!found) throw new Error(`no key types ${JSON.stringify(ch)}`);
    reports.push(Uint8Array.from([...prefix, found.shift ? LEFT_SHIFT : 0, 0, found.usage, 0, 0, 0, 0, 0]));
    reports.push(Uint8Array.from([...prefix, 0, 0, 0, 0, 0, 0, 0, 0]));
  }
  return reports;
}

function usageFor(ch: string): { usage: number; shift: boolean } | undefined {
  for (const [usage, plain] of Object.entries(PLAIN)) if (plain === ch) return { usage: Number(usage), shift: false };
  for (const [usage, shifted] of Object.entries(SHIFTED)) if (shifted === ch) return { usage: Number(usage), shift: true };
  return undefined;
}
