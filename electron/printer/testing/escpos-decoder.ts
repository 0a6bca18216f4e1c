// Test-side ESC/POS reader: turns the bytes we send to a printer back into what lands on paper
// (lines with their size and weight, rules, barcodes, QR codes, cuts, drawer kicks), so tests
// check the slip rather than the byte stream. It knows the commands our renderer emits and
// fails loudly on anything else.
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';

export interface PrintedSegment {
  text: string;
  width: number;
  height: number;
  bold: boolean;
  invert: boolean;
}

export type PrintedItem =
  | { kind: 'line'; segments: PrintedSegment[]; text: string; columns: number }
  | { kind: 'rule'; style: 'single' | 'double'; columns: number }
  | { kind: 'barcode'; symbology: string; data: string }
  | { kind: 'qr'; data: string; size: number; errorLevel: string }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'drawer'; pin: 2 | 5; onMs: number; offMs: number };

export interface DecodedSlip {
  items: PrintedItem[];
  codepage: string;
}

// ESC t n for Epson-compatible printers, for the pages our renderer may choose.
const ESC_T_PAGES: Record<number, Codepage> = {
  0: 'cp437',
  2: 'cp850',
  3: 'cp860',
  5: 'cp865',
  16: 'windows1252',
  18: 'cp852',
  19: 'cp858',
};

const BARCODE_A: Record<number, string> = { 0: 'upca', 1: 'upce', 2: 'ean13', 3: 'ean8', 4: 'code39', 5: 'itf', 6: 'codabar' };
const BARCODE_B: Record<number, string> = {
  65: 'upca', 66: 'upce', 67: 'ean13', 68: 'ean8', 69: 'code39', 70: 'itf', 71: 'codabar',
  72: 'code93', 73: 'code128', 74: 'gs1-128', 75: 'gs1-databar-omni', 76: 'gs1-databar-truncated',
  77: 'gs1-databar-limited', 78: 'gs1-databar-expanded', 79: 'code128-auto',
};

const RULE_SINGLE = new Set(['-', '\u2500']);
const RULE_DOUBLE = new Set(['=', '\u2550']);

function decodeTable(codepage: Codepage): string[] {
  return CodepageEncoder.getCodepoints(codepage, true).map((point) => String.fromCodePoint(point ?? 0x3f));
}

/** CODE128 as our renderer sends it: `{C` + one byte per digit pair, or `{B` + ASCII. */
function code128Data(bytes: number[]): string {
  let set = 'B';
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] ?? 0;
    if (b === 0x7b && i + 1 < bytes.length) {
      const next = String.fromCharCode(bytes[i + 1] ?? 0);
      if ('ABC'.includes(next)) {
        set = next;
        i += 1;
        continue;
      }
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

export function decodeEscPos(input: Uint8Array): DecodedSlip {
  const bytes = Array.from(input);
  const items: PrintedItem[] = [];
  let codepage: Codepage = 'cp437';
  let table = decodeTable(codepage);
  let width = 1;
  let height = 1;
  let bold = false;
  let invert = false;
  let segments: PrintedSegment[] = [];
  let qrSize = 3;
  let qrLevel = 'm';
  let qrData = '';
  let i = 0;

  const at = (index: number): number => {
    const value = bytes[index];
    if (value === undefined) throw new Error(`command truncated at byte ${index}`);
    return value;
  };
  const addText = (char: string): void => {
    const last = segments.at(-1);
    if (last && last.width === width && last.height === height && last.bold === bold && last.invert === invert) last.text += char;
    else segments.push({ text: char, width, height, bold, invert });
  };
  const endLine = (): void => {
    const text = segments.map((s) => s.text).join('');
    const columns = segments.reduce((sum, s) => sum + s.text.length * s.width, 0);
    const chars = new Set(text);
    const plain = segments.every((s) => s.width === 1 && s.height === 1);
    if (plain && text.length >= 16 && [...chars].every((c) => RULE_SINGLE.has(c)) && chars.size === 1) {
      items.push({ kind: 'rule', style: 'single', columns });
    } else if (plain && text.length >= 16 && [...chars].every((c) => RULE_DOUBLE.has(c)) && chars.size === 1) {
      items.push({ kind: 'rule', style: 'double', columns });
    } else {
      items.push({ kind: 'line', segments, text, columns });
    }
    segments = [];
  };

  while (i < bytes.length) {
    const b = at(i);
    if (b === 0x0a) {
      endLine();
      i += 1;
    } else if (b === 0x0d) {
      i += 1;
    } else if (b === 0x1b) {
      const cmd = at(i + 1);
      switch (cmd) {
        case 0x40: // ESC @ initialise
          width = 1;
          height = 1;
          bold = false;
          invert = false;
          i += 2;
          break;
        case 0x4d: // ESC M font
        case 0x2d: // ESC - underline
        case 0x34: // ESC 4 italic
        case 0x61: // ESC a alignment
        case 0x33: // ESC 3 line spacing
          i += 3;
          break;
        case 0x32: // ESC 2 default line spacing
          i += 2;
          break;
        case 0x74: {
          const page = ESC_T_PAGES[at(i + 2)];
          if (!page) throw new Error(`code page ESC t ${at(i + 2)} is not known to the decoder`);
          codepage = page;
          table = decodeTable(page);
          i += 3;
          break;
        }
        case 0x45: // ESC E bold
          bold = at(i + 2) === 1;
          i += 3;
          break;
        case 0x64: // ESC d n: print and feed n lines
          if (segments.length > 0) endLine();
          for (let n = 0; n < at(i + 2); n += 1) endLine();
          i += 3;
          break;
        case 0x70: // ESC p m t1 t2: drawer kick
          items.push({ kind: 'drawer', pin: at(i + 2) === 0 || at(i + 2) === 0x30 ? 2 : 5, onMs: at(i + 3) * 2, offMs: at(i + 4) * 2 });
          i += 5;
          break;
        default:
          throw new Error(`unknown command ESC 0x${cmd.toString(16)} at byte ${i}`);
      }
    } else if (b === 0x1c) {
      const cmd = at(i + 1);
      if (cmd === 0x2e || cmd === 0x26) i += 2; // FS . / FS & (kanji off/on)
      else throw new Error(`unknown command FS 0x${cmd.toString(16)} at byte ${i}`);
    } else if (b === 0x1d) {
      const cmd = at(i + 1);
      switch (cmd) {
        case 0x21: {
          const n = at(i + 2);
          width = ((n >> 4) & 0x07) + 1;
          height = (n & 0x07) + 1;
          i += 3;
          break;
        }
        case 0x42:
          invert = at(i + 2) === 1;
          i += 3;
          break;
        case 0x68: // GS h, GS w, GS H, GS f: barcode settings
        case 0x77:
        case 0x48:
        case 0x66:
          i += 3;
          break;
        case 0x56: {
          const m = at(i + 2);
          if (segments.length > 0) endLine();
          items.push({ kind: 'cut', partial: m === 1 || m === 0x31 || m === 66 });
          i += m >= 65 ? 4 : 3;
          break;
        }
        case 0x6b: {
          const m = at(i + 2);
          if (m <= 6) {
            const end = bytes.indexOf(0, i + 3);
            if (end < 0) throw new Error('barcode without its NUL terminator');
            items.push({ kind: 'barcode', symbology: BARCODE_A[m] ?? `#${m}`, data: String.fromCharCode(...bytes.slice(i + 3, end)) });
            i = end + 1;
          } else {
            const n = at(i + 3);
            const data = bytes.slice(i + 4, i + 4 + n);
            const symbology = BARCODE_B[m] ?? `#${m}`;
            items.push({ kind: 'barcode', symbology, data: symbology === 'code128' ? code128Data(data) : String.fromCharCode(...data) });
            i += 4 + n;
          }
          break;
        }
        case 0x28: {
          const kind = at(i + 2);
          const length = at(i + 3) + at(i + 4) * 256;
          const body = bytes.slice(i + 5, i + 5 + length);
          if (kind === 0x6b && body[0] === 0x31) {
            const fn = body[1];
            if (fn === 0x43) qrSize = body[2] ?? qrSize;
            if (fn === 0x45) qrLevel = ({ 0x30: 'l', 0x31: 'm', 0x32: 'q', 0x33: 'h' } as Record<number, string>)[body[2] ?? 0x31] ?? 'm';
            if (fn === 0x50) qrData = new TextDecoder().decode(Uint8Array.from(body.slice(3)));
            if (fn === 0x51) items.push({ kind: 'qr', data: qrData, size: qrSize, errorLevel: qrLevel });
          } else if (kind !== 0x6b) {
            throw new Error(`unknown command GS ( 0x${kind.toString(16)} at byte ${i}`);
          }
          i += 5 + length;
          break;
        }
        default:
          throw new Error(`unknown command GS 0x${cmd.toString(16)} at byte ${i}`);
      }
    } else if (b === 0x10) {
      i += 3; // DLE EOT n: a status query, prints nothing
    } else if (b < 0x20) {
      throw new Error(`unexpected control byte 0x${b.toString(16)} at byte ${i}`);
    } else {
      addText(table[b] ?? '?');
      i += 1;
    }
  }
  if (segments.length > 0) endLine();
  return { items, codepage };
}

/** One readable line per printed item; golden files hold this text. */
export function formatDecoded(slip: DecodedSlip, columns: number): string {
  const out: string[] = [`# code page ${slip.codepage}, ${columns} columns`];
  for (const item of slip.items) {
    switch (item.kind) {
      case 'line': {
        const styled = item.segments.filter((s) => s.text.trim().length > 0);
        const first = styled[0];
        const attrs = first
          ? [
              first.width !== 1 || first.height !== 1 ? `x${first.width}/${first.height}` : '',
              first.bold ? 'bold' : '',
              first.invert ? 'invert' : '',
              styled.some((s) => s.width !== first.width || s.height !== first.height || s.bold !== first.bold) ? 'mixed' : '',
            ].filter(Boolean)
          : [];
        // Scaled text is drawn stretched, so the golden shows where it really sits on the paper.
        const drawn = item.segments.map((s) => (s.width === 1 ? s.text : [...s.text].map((c) => c + ' '.repeat(s.width - 1)).join(''))).join('');
        out.push(`|${drawn.padEnd(columns)}|${attrs.length ? ` ${attrs.join(' ')}` : ''}${item.columns > columns ? ' OVERFLOW' : ''}`);
        break;
      }
      case 'rule':
        out.push(`|${(item.style === 'double' ? '=' : '-').repeat(item.columns).padEnd(columns)}| rule`);
        break;
      case 'barcode':
        out.push(`[barcode ${item.symbology} ${item.data}]`);
        break;
      case 'qr':
        out.push(`[qr size ${item.size} level ${item.errorLevel} ${item.data}]`);
        break;
      case 'cut':
        out.push(`[cut ${item.partial ? 'partial' : 'full'}]`);
        break;
      case 'drawer':
        out.push(`[drawer pin ${item.pin} on ${item.onMs} ms off ${item.offMs} ms]`);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}
