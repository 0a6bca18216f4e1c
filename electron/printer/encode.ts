// A direct ESC/POS writer for laid-out slips: the bytes @point-of-sale/receipt-printer-encoder
// writes for the commands render.ts uses, without its per-call costs. That encoder deep-copies the
// whole code-page table (structuredClone) and searches it linearly for every character of every
// text, and builds each command as an array of objects; a slip took milliseconds. Here each code
// page becomes a lookup table once, and the bytes go straight into one growing buffer.
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
import type { BarcodeSymbology } from '@point-of-sale/receipt-printer-encoder';

/**
 * `ESC t n` numbers of the code pages render.ts picks from (Epson's table, as the library maps them).
 * A page outside this list is left to the library.
 */
const ESC_T: Partial<Record<Codepage, number>> = {
  cp437: 0,
  cp850: 2,
  cp860: 3,
  cp863: 4,
  cp865: 5,
  windows1252: 16,
  cp866: 17,
  cp852: 18,
  cp858: 19,
};

/** One code page as a lookup from UTF-16 code unit to byte + 1 (0 = not on the page). */
interface CodepageTable {
  escT: number;
  bytes: Uint16Array;
}

const tables = new Map<string, CodepageTable>();

function buildTable(codepage: Codepage, escT: number): CodepageTable {
  const bytes = new Uint16Array(0x10000);
  const points = CodepageEncoder.getEncoding(codepage).codepoints;
  // The first position wins, as the library's own search does.
  for (let position = 255; position >= 0; position -= 1) {
    const point = points[position];
    if (point !== undefined && point < 0x10000) bytes[point] = position + 1;
  }
  return { escT, bytes };
}

/** The cached table of a code page this writer can encode, or undefined (use the library). */
export function codepageTable(codepage: string): CodepageTable | undefined {
  let table = tables.get(codepage);
  if (!table) {
    const escT = ESC_T[codepage as Codepage];
    if (escT === undefined) return undefined;
    table = buildTable(codepage as Codepage, escT);
    tables.set(codepage, table);
  }
  return table;
}

/** Whether fast encoding covers this code page (render.ts falls back to the library otherwise). */
export function fastEncodes(codepage: string): boolean {
  return codepageTable(codepage) !== undefined;
}

const QUESTION = 0x3f;
const BOLD = [0x1b, 0x45] as const;
const INVERT = [0x1d, 0x42] as const;
const SIZE = [0x1d, 0x21] as const;

/**
 * A line longer than the encoder's columns (a look-alike such as '€' → 'EUR' made it longer than
 * the layout planned): the library wraps it by its own rules, so render.ts hands the slip to it.
 */
export class NeedsWrapping extends Error {
  constructor() {
    super('a line is longer than the paper; the library wraps it');
  }
}
let asciiTable: Uint16Array | undefined;
let latin1Table: Uint16Array | undefined;

function plainTable(codepage: 'ascii' | 'iso8859-1'): Uint16Array {
  if (codepage === 'ascii') return (asciiTable ??= buildTable('ascii', -1).bytes);
  return (latin1Table ??= buildTable('iso8859-1', -1).bytes);
}


/**
 * The commands render.ts gives a slip encoder: the subset of ReceiptPrinterEncoder's interface it
 * uses, so either encoder can take the same calls.
 */
export interface SlipEncoder {
  initialize(): SlipEncoder;
  codepage(codepage: Codepage): SlipEncoder;
  pulse(device: number, onMs: number, offMs: number): SlipEncoder;
  text(value: string): SlipEncoder;
  newline(count?: number): SlipEncoder;
  size(width: number, height: number): SlipEncoder;
  bold(on: boolean): SlipEncoder;
  invert(on: boolean): SlipEncoder;
  barcode(data: string, symbology: BarcodeSymbology, options: { height: number; width: number; text: 'below' }): SlipEncoder;
  qrcode(data: string, options: { model: 2; size: number; errorlevel: 'm' }): SlipEncoder;
  cut(kind: 'full' | 'partial'): SlipEncoder;
  encode(): Uint8Array;
}

const SYMBOLOGY_ID: Partial<Record<BarcodeSymbology, number>> = {
  upca: 0x00,
  ean13: 0x02,
  ean8: 0x03,
  code39: 0x04,
  itf: 0x05,
  codabar: 0x06,
  code93: 0x48,
  code128: 0x49,
};

/**
 * Writes ESC/POS into one buffer. Lines end in LF CR as the library's default does; the code page
 * is selected just before the first text, as the library does.
 */
export class EscPosWriter implements SlipEncoder {
  private buffer: Uint8Array;
  private length = 0;
  private codepageSent = false;
  /**
   * Style changes since the last text of this line, and the style the printer has on this line. As
   * the library does: consecutive changes of one property collapse into the last, and a change to
   * the style already in force is not sent (so a bold on/off around no text sends nothing).
   */
  private pendingStyle: Array<{ command: readonly [number, number]; value: number }> = [];
  private readonly lineStyle = new Map<readonly [number, number], number>();
  private lastWasPulse = false;
  private lineColumns = 0;
  private textWidth = 1;
  private readonly table: CodepageTable;
  private readonly name: string;

  /** `columns`: the line length the library would wrap at (render.ts's encoder columns). */
  constructor(codepage: string, private readonly columns = 48, sizeHint = 4096) {
    const table = codepageTable(codepage);
    if (!table) throw new Error(`No fast encoding for code page '${codepage}'`);
    this.table = table;
    this.name = codepage;
    this.buffer = new Uint8Array(sizeHint);
  }

  private room(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private push(...values: number[]): void {
    this.lastWasPulse = false;
    this.room(values.length);
    for (const value of values) this.buffer[this.length++] = value;
  }

  private encodeWith(table: Uint16Array, value: string): void {
    this.room(value.length);
    const out = this.buffer;
    let at = this.length;
    for (let i = 0; i < value.length; i += 1) {
      const unit = value.charCodeAt(i);
      // A surrogate pair is not on any single-byte page: both halves print '?', as the library does.
      const byte = unit >= 0xd800 && unit <= 0xdfff ? 0 : (table[unit] ?? 0);
      out[at++] = byte === 0 ? QUESTION : byte - 1;
    }
    this.length = at;
  }

  initialize(): this {
    this.push(0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x4d, 0x00);
    return this;
  }

  /** The page is fixed at construction (its table is built once); naming another one is a mistake. */
  codepage(codepage: Codepage): this {
    if (codepageTable(codepage) !== this.table) throw new Error(`This writer encodes ${this.name}, not ${codepage}`);
    return this;
  }

  /** Cash drawer kick: device 0 = pin 2, 1 = pin 5; times in ms (sent in 2 ms units). */
  pulse(device: number, onMs: number, offMs: number): this {
    const on = Math.max(0, Math.min(255, Math.round(onMs / 2)));
    const off = Math.max(0, Math.min(255, Math.round(offMs / 2)));
    this.push(0x1b, 0x70, device ? 1 : 0, on, off);
    this.newline();
    // A slip that ends with the kick is not fed.
    this.lastWasPulse = true;
    return this;
  }

  /** Text in the slip's code page; characters not on it print '?' (render.ts replaces them first). */
  text(value: string): this {
    if (value.length === 0) return this;
    this.lineColumns += value.length * this.textWidth;
    if (this.lineColumns > this.columns) throw new NeedsWrapping();
    this.flushStyle();
    if (!this.codepageSent) {
      this.push(0x1b, 0x74, this.table.escT);
      this.codepageSent = true;
    }
    this.encodeWith(this.table.bytes, value);
    return this;
  }

  private flushStyle(): void {
    for (const { command, value } of this.pendingStyle) {
      if ((this.lineStyle.get(command) ?? 0) === value) continue;
      this.lineStyle.set(command, value);
      this.push(command[0], command[1], value);
    }
    this.pendingStyle = [];
  }

  newline(count = 1): this {
    // Style commands on a line with no text are left out, as the library leaves them out.
    if (this.lineColumns > 0) this.flushStyle();
    this.pendingStyle = [];
    this.lineStyle.clear();
    this.lineColumns = 0;
    this.lastWasPulse = false;
    this.room(2 * count);
    for (let i = 0; i < count; i += 1) {
      this.buffer[this.length++] = 0x0a;
      this.buffer[this.length++] = 0x0d;
    }
    return this;
  }

  size(width: number, height: number): this {
    this.textWidth = width;
    return this.style(SIZE, ((width - 1) << 4) | (height - 1));
  }

  bold(on: boolean): this {
    return this.style(BOLD, on ? 1 : 0);
  }

  invert(on: boolean): this {
    return this.style(INVERT, on ? 1 : 0);
  }

  private style(command: readonly [number, number], value: number): this {
    const last = this.pendingStyle[this.pendingStyle.length - 1];
    if (last?.command === command) last.value = value;
    else this.pendingStyle.push({ command, value });
    return this;
  }

  /** A linear barcode with its text below; `width` is the module width option (1–3). */
  barcode(data: string, symbology: BarcodeSymbology, options: { height: number; width: number; text: 'below' }): this {
    const { height, width } = options;
    const value = symbology === 'code128' && !data.startsWith('{') ? `{B${data}` : data;
    const id = SYMBOLOGY_ID[symbology];
    if (id === undefined) throw new Error(`Symbology '${symbology}' is not written by this encoder`);
    const moduleWidth = symbology === 'itf' ? width * 2 : width + 1;
    this.push(0x1d, 0x68, height, 0x1d, 0x77, moduleWidth, 0x1d, 0x48, 0x02);
    if (id > 0x40) {
      this.push(0x1d, 0x6b, id, value.length & 0xff);
      this.encodeWith(plainTable('ascii'), value);
    } else {
      this.push(0x1d, 0x6b, id);
      this.encodeWith(plainTable('ascii'), value);
      this.push(0x00);
    }
    return this;
  }

  /** A model 2 QR code, error level M, module size 1–8. */
  qrcode(data: string, options: { model: 2; size: number; errorlevel: 'm' }): this {
    const { size } = options;
    const stored = data.length + 3;
    this.push(0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.push(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, size);
    this.push(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31);
    this.push(0x1d, 0x28, 0x6b, stored & 0xff, (stored >> 8) & 0xff, 0x31, 0x50, 0x30);
    this.encodeWith(plainTable('iso8859-1'), data);
    this.push(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
    return this;
  }

  /** Cut (the line it ends is fed like any other). */
  cut(kind: 'full' | 'partial'): this {
    this.push(0x1d, 0x56, kind === 'partial' ? 0x01 : 0x00);
    return this.newline();
  }

  /** The bytes written, as a copy the caller owns. */
  encode(): Uint8Array {
    return this.buffer.slice(0, this.lastWasPulse ? this.length - 2 : this.length);
  }
}
