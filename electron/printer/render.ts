// Slip model → printer bytes. The encoder (@point-of-sale/receipt-printer-encoder) writes the
// commands; this file covers its gaps: column counts it refuses, fractional sizes, characters its
// code page lacks (it would print '?' silently), and barcodes that would not fit the paper.
import ReceiptPrinterEncoder, { type BarcodeSymbology } from '@point-of-sale/receipt-printer-encoder';
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
import type { SlipModel } from '../../shared/slip/blocks';
import { layoutSlip, type LaidLine } from '../../shared/slip/layout';
import { EscPosWriter, fastEncodes, NeedsWrapping, type SlipEncoder } from './encode';
import { PrinterProfileSchema, printableDots, profileColumns, type PrinterProfile } from '../../shared/slip/profile';

export type { PrinterProfile } from '../../shared/slip/profile';

export interface RenderOptions {
  /** Kick the cash drawer, if the profile has one. */
  openDrawer?: boolean;
  /** 'library' always encodes through @point-of-sale/receipt-printer-encoder (the reference the fast writer matches). */
  encoder?: 'fast' | 'library';
}

export interface RenderResult {
  bytes: Uint8Array;
  codepage: string;
  /** Things printed differently from the model: replaced characters, barcodes printed as text. */
  warnings: string[];
}

const ENCODER_COLUMNS = [32, 35, 42, 44, 48] as const;

// Code pages tried in order when the profile says `auto` (or nothing): the common Western pages
// that Epson-compatible printers carry. cp858 is cp437's Latin-1 sibling with the euro sign.
const CODEPAGE_CANDIDATES: Codepage[] = ['cp437', 'cp858', 'cp850', 'windows1252', 'cp852', 'cp860', 'cp865'];

// Look-alikes for characters a code page may lack; applied only when the page lacks them.
const TRANSLITERATIONS: Record<string, string> = {
  '\u2014': '-', // em dash
  '\u2013': '-', // en dash
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u20AC': 'EUR',
  '\u00B3': '3',
  '\u00B2': '2',
  '\u2500': '-',
  '\u2550': '=',
};

const printableSets = new Map<string, Set<number>>();

/** Code points a page can print: its table from 0x20 up (the low slots are control codes on paper). */
function printableSet(codepage: Codepage): Set<number> {
  let set = printableSets.get(codepage);
  if (!set) {
    const points = CodepageEncoder.getCodepoints(codepage, true);
    set = new Set(points.filter((point, index) => index >= 0x20 && index !== 0x7f && point !== undefined));
    printableSets.set(codepage, set);
  }
  return set;
}

function canEncode(value: string, codepage: Codepage): boolean {
  const set = printableSet(codepage);
  for (const char of value) {
    const point = char.codePointAt(0);
    if (point === undefined || !set.has(point)) return false;
  }
  return true;
}

/** Replace what the page cannot print with look-alikes, then accent-stripped letters, then '?'. */
function fitToCodepage(value: string, codepage: Codepage, warnings: string[]): string {
  if (canEncode(value, codepage)) return value;
  let out = '';
  for (const char of value) {
    if (canEncode(char, codepage)) {
      out += char;
      continue;
    }
    const lookAlike = TRANSLITERATIONS[char];
    const stripped = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const replacement =
      lookAlike !== undefined && canEncode(lookAlike, codepage)
        ? lookAlike
        : stripped !== char && canEncode(stripped, codepage)
          ? stripped
          : '?';
    warnings.push(`U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} '${char}' printed as '${replacement}' (${codepage})`);
    out += replacement;
  }
  return out;
}

function slipTexts(lines: LaidLine[]): string {
  return lines.map((line) => (line.kind === 'text' ? line.text : '')).join('');
}

function chooseCodepage(profile: PrinterProfile, lines: LaidLine[]): Codepage {
  const wanted = profile.codepage;
  if (wanted && wanted !== 'auto') {
    if (!CodepageEncoder.supports(wanted)) throw new Error(`Unknown code page '${wanted}' in the printer profile`);
    return wanted as Codepage;
  }
  const all = slipTexts(lines);
  return CODEPAGE_CANDIDATES.find((candidate) => canEncode(all, candidate)) ?? 'cp437';
}

type Symbology = { kind: 'linear'; symbology: BarcodeSymbology; modules: number; data: string } | { kind: 'text'; reason: string };

/** Maps an upstream encoding name to a symbology, checks the data, and estimates the width in modules. */
export function planBarcode(encoding: string, data: string, language: PrinterProfile['language']): Symbology {
  const name = encoding.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const digits = /^[0-9]+$/.test(data);
  const quiet = 20;
  switch (name) {
    case 'CODE128':
    case '128': {
      if (!/^[\x20-\x7e]+$/.test(data)) return { kind: 'text', reason: 'CODE128 data must be printable ASCII' };
      // Code set C packs two digits per symbol: a 20-digit token fits 80 mm only this way.
      const pairs: number[] = [];
      if (digits && data.length % 2 === 0) {
        for (let i = 0; i < data.length; i += 2) pairs.push(Number(data.slice(i, i + 2)));
      }
      if (pairs.length > 0 && (language ?? 'esc-pos') === 'esc-pos' && !hasRealTimeCommand(pairs)) {
        return { kind: 'linear', symbology: 'code128', modules: 11 * (pairs.length + 2) + 13 + quiet, data: `{C${String.fromCharCode(...pairs)}` };
      }
      return { kind: 'linear', symbology: 'code128', modules: 11 * (data.length + 2) + 13 + quiet, data };
    }
    case 'CODE39':
    case '39':
      if (!/^[0-9A-Z \-.$/+%]+$/.test(data)) return { kind: 'text', reason: 'CODE39 takes 0-9, A-Z and -.$/+% only' };
      return { kind: 'linear', symbology: 'code39', modules: 16 * (data.length + 2) + quiet, data };
    case 'ITF':
    case 'I25':
    case 'ITF14':
    case 'INTERLEAVED2OF5':
      if (!digits || data.length % 2 !== 0) return { kind: 'text', reason: 'ITF needs an even number of digits' };
      return { kind: 'linear', symbology: 'itf', modules: 9 * data.length + 9 + quiet, data };
    case 'EAN13':
      if (!digits || (data.length !== 12 && data.length !== 13)) return { kind: 'text', reason: 'EAN13 needs 12 or 13 digits' };
      return { kind: 'linear', symbology: 'ean13', modules: 95 + quiet, data };
    case 'EAN8':
      if (!digits || (data.length !== 7 && data.length !== 8)) return { kind: 'text', reason: 'EAN8 needs 7 or 8 digits' };
      return { kind: 'linear', symbology: 'ean8', modules: 67 + quiet, data };
    case 'UPCA':
      if (!digits || (data.length !== 11 && data.length !== 12)) return { kind: 'text', reason: 'UPC-A needs 11 or 12 digits' };
      return { kind: 'linear', symbology: 'upca', modules: 95 + quiet, data };
    case 'CODE93':
    case '93':
      if (!/^[\x20-\x7e]+$/.test(data)) return { kind: 'text', reason: 'CODE93 data must be printable ASCII' };
      return { kind: 'linear', symbology: 'code93', modules: 9 * (data.length + 4) + 1 + quiet, data };
    case 'CODABAR':
    case 'NW7':
      if (!/^[A-D][0-9\-$:/.+]+[A-D]$/i.test(data)) return { kind: 'text', reason: 'CODABAR needs A-D start and stop characters' };
      return { kind: 'linear', symbology: 'codabar', modules: 12 * data.length + quiet, data };
    default:
      return { kind: 'text', reason: `barcode encoding '${encoding}' is not supported` };
  }
}

/**
 * Set C sends digit pairs as raw bytes, so "16" then "04" is DLE EOT: a printer runs real-time
 * commands (DLE EOT, DLE ENQ, DLE DC4) wherever they appear. Such data goes in code set B.
 */
function hasRealTimeCommand(pairs: number[]): boolean {
  return pairs.some((pair, i) => pair === 0x10 && [0x04, 0x05, 0x14].includes(pairs[i + 1] ?? -1));
}

function encoderColumns(columns: number): number {
  // The encoder refuses other widths; ours never exceed `columns`, so a wider encoder never wraps them.
  return ENCODER_COLUMNS.find((c) => c >= columns) ?? 48;
}

/** Renders the slip and reports anything printed differently from the model. */
export function renderSlipDetailed(slip: SlipModel, profileInput: PrinterProfile, options: RenderOptions = {}): RenderResult {
  try {
    return renderWith(slip, profileInput, options);
  } catch (error) {
    if (!(error instanceof NeedsWrapping)) throw error;
    return renderWith(slip, profileInput, { ...options, encoder: 'library' });
  }
}

function renderWith(slip: SlipModel, profileInput: PrinterProfile, options: RenderOptions): RenderResult {
  const profile = PrinterProfileSchema.parse(profileInput);
  const columns = profileColumns(profile);
  const language = profile.language ?? 'esc-pos';
  const warnings: string[] = [];
  const lines = layoutSlip(slip, columns);
  const codepage = chooseCodepage(profile, lines);
  // ESC/POS in the usual code pages goes through the fast writer (same bytes); the rest through the library.
  const encoder: SlipEncoder =
    options.encoder !== 'library' && language === 'esc-pos' && fastEncodes(codepage)
      ? new EscPosWriter(codepage, encoderColumns(columns))
      : new ReceiptPrinterEncoder({
          columns: encoderColumns(columns),
          language,
          feedBeforeCut: 0,
          feedAfterBlock: false,
        });
  encoder.initialize().codepage(codepage);

  if (options.openDrawer && profile.cashDrawer) {
    const drawer = profile.cashDrawer;
    encoder.pulse(drawer.pin === 2 ? 0 : 1, drawer.onMs ?? 100, drawer.offMs ?? 500);
  }

  const ruleChar = (style: 'single' | 'double'): string => {
    const preferred = style === 'double' ? '\u2550' : '\u2500';
    return canEncode(preferred, codepage) ? preferred : style === 'double' ? '=' : '-';
  };
  const dots = printableDots(profile);

  const printText = (value: string): void => {
    encoder.text(fitToCodepage(value, codepage, warnings)).newline();
  };

  for (const line of lines) {
    switch (line.kind) {
      case 'text': {
        if (line.indent > 0) encoder.text(' '.repeat(line.indent));
        if (line.width !== 1 || line.height !== 1) encoder.size(line.width, line.height);
        if (line.bold) encoder.bold(true);
        if (line.invert) encoder.invert(true);
        if (line.text.length > 0) encoder.text(fitToCodepage(line.text, codepage, warnings));
        if (line.invert) encoder.invert(false);
        if (line.bold) encoder.bold(false);
        if (line.width !== 1 || line.height !== 1) encoder.size(1, 1);
        encoder.newline();
        break;
      }
      case 'rule':
        encoder.text(ruleChar(line.style).repeat(columns)).newline();
        break;
      case 'feed':
        encoder.newline(line.lines);
        break;
      case 'cut':
        if (profile.cutter === false) encoder.newline(4);
        else encoder.newline(3).cut(profile.cut ?? 'partial');
        break;
      case 'barcode': {
        const plan = planBarcode(line.encoding, line.data, language);
        if (plan.kind === 'text') {
          // The data may be a voucher PIN: warnings go to the log, so they name its length, never it.
          warnings.push(`${plan.reason}; printed its ${line.data.length} characters as text`);
          printText(line.data);
          break;
        }
        // Widest module (2–4 dots) that still fits the printable width, quiet zones included.
        const width = [3, 2, 1].find((w) => plan.modules * (plan.symbology === 'itf' ? 2 * w : w + 1) <= dots);
        if (width === undefined) {
          warnings.push(`${line.encoding} barcode of ${line.data.length} characters is wider than the paper; printed as text`);
          printText(line.data);
          break;
        }
        encoder.barcode(plan.data, plan.symbology, { height: 64, width, text: 'below' });
        encoder.newline();
        break;
      }
      case 'qr': {
        if (profile.qrcode === false) {
          warnings.push('printer has no QR support; QR data printed as text');
          printText(line.data);
          break;
        }
        encoder.qrcode(line.data, { model: 2, size: profile.paperWidthMm === 58 ? 4 : 6, errorlevel: 'm' });
        encoder.newline();
        break;
      }
    }
  }
  return { bytes: encoder.encode(), codepage, warnings };
}

/** The one entry point the app uses: a slip model in, the bytes for this printer out. */
export function renderSlip(slip: SlipModel, profile: PrinterProfile, options: RenderOptions = {}): Uint8Array {
  return renderSlipDetailed(slip, profile, options).bytes;
}
