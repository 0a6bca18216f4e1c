// The fast ESC/POS writer must send the printer exactly the bytes the library would: every Electrum
// test meter's slip, every SlipData feature, and a hundred random slips, at both paper widths,
// in each code page the writer takes, with and without the cash drawer.
import { describe, expect, it } from 'vitest';
import type { SlipData } from '../../shared/protocol/schemas';
import type { SlipBlock, SlipModel } from '../../shared/slip/blocks';
import { electrumPurchase, METER_IDS } from '../../shared/slip/fixtures/electrum';
import { buildPurchaseSlip, slipDataBlocks } from '../../shared/slip/model';
import type { PrinterProfile } from '../../shared/slip/profile';
import { codepageTable, EscPosWriter, fastEncodes } from './encode';
import { renderSlipDetailed, type RenderOptions } from './render';

const PROFILES: PrinterProfile[] = [
  { paperWidthMm: 80 },
  { paperWidthMm: 58 },
  { paperWidthMm: 80, columns: 42, dpi: 180 },
  { paperWidthMm: 80, columns: 40, codepage: 'cp858' },
  { paperWidthMm: 58, codepage: 'windows1252', cutter: false, qrcode: false },
  { paperWidthMm: 80, codepage: 'cp437', cut: 'full', cashDrawer: { pin: 5, onMs: 50, offMs: 300 } },
  { paperWidthMm: 80, codepage: 'cp852', cashDrawer: { pin: 2 } },
];

function both(slip: SlipModel, profile: PrinterProfile, options: RenderOptions = {}) {
  const fast = renderSlipDetailed(slip, profile, { ...options, encoder: 'fast' });
  const library = renderSlipDetailed(slip, profile, { ...options, encoder: 'library' });
  return { fast, library };
}

function expectSameBytes(slip: SlipModel, label: string): void {
  for (const profile of PROFILES) {
    for (const openDrawer of [false, true]) {
      const { fast, library } = both(slip, profile, { openDrawer });
      expect(fastEncodes(fast.codepage), `${label} ${fast.codepage}`).toBe(true);
      expect(fast.codepage).toBe(library.codepage);
      expect(fast.warnings).toEqual(library.warnings);
      expect(Buffer.from(fast.bytes).toString('hex'), `${label} ${JSON.stringify(profile)} drawer ${openDrawer}`).toBe(
        Buffer.from(library.bytes).toString('hex'),
      );
    }
  }
}

const FEATURES: SlipData = {
  slipWidth: 24,
  messageLines: [
    { text: 'Plain line', fontWidthScaleFactor: 1, fontHeightScaleFactor: 1, line: false, cut: false },
    { text: 'Double', fontWidthScaleFactor: 2, fontHeightScaleFactor: 2, line: false, cut: false },
    { text: 'Rounded 1.5 x 2.4', fontWidthScaleFactor: 1.5, fontHeightScaleFactor: 2.4, line: false, cut: false },
    { text: 'Above a rule', line: true, cut: false },
    { text: '', line: true, cut: false },
    { text: 'This message is longer than the slip width the upstream asked for, so it wraps at spaces.', line: false, cut: false },
    { text: 'Cut after this line', line: false, cut: true },
    { text: 'CODE128 token', barcode: { data: '12345678901234567890', encoding: 'CODE128' } },
    { text: 'CODE128 text', barcode: { data: 'ABC-123', encoding: 'CODE128' } },
    { text: 'CODE39', barcode: { data: 'REF 42', encoding: 'CODE39' } },
    { text: 'EAN13', barcode: { data: '6001234567890', encoding: 'EAN13' } },
    { text: 'EAN8', barcode: { data: '1234567', encoding: 'EAN8' } },
    { text: 'UPCA', barcode: { data: '12345678901', encoding: 'UPCA' } },
    { text: 'CODE93', barcode: { data: 'AB12', encoding: 'CODE93' } },
    { text: 'CODABAR', barcode: { data: 'A1234B', encoding: 'CODABAR' } },
    { text: 'ITF', barcode: { data: '12345678', encoding: 'ITF' } },
    { text: 'QR', barcode: { data: 'https://example.com/t/42?q=ÿ€', encoding: 'QR' } },
    { text: 'Unsupported encoding', barcode: { data: 'PDF-DATA', encoding: 'PDF417' } },
    { text: 'Café – 5 € — naïve ½ 中 😀', line: false, cut: false },
  ],
};

/** A small seeded generator so a failing random slip can be found again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['Units', 'R 10.00', 'kWh', 'TOKEN', '1234', 'Café', '€', '—', 'naïve', '', ' ', 'x'.repeat(50), 'Łódź', 'ß', '½', '\u00a0'];

function randomSlip(next: () => number): SlipModel {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const text = () => Array.from({ length: Math.floor(next() * 6) }, () => pick(WORDS)).join(pick([' ', '', '-']));
  const blocks: SlipBlock[] = Array.from({ length: 5 + Math.floor(next() * 25) }, (): SlipBlock => {
    const kind = next();
    if (kind < 0.45) {
      return {
        kind: 'text',
        text: text(),
        align: pick(['left', 'center', 'right', undefined] as const),
        bold: pick([true, false, undefined]),
        invert: pick([true, false, undefined]),
        width: pick([1, 2, 3, undefined] as const),
        height: pick([1, 2, 4, undefined] as const),
        fit: pick(['wrap', 'shrink', undefined] as const),
      };
    }
    if (kind < 0.75) return { kind: 'pair', label: text(), value: text(), bold: pick([true, undefined]) };
    if (kind < 0.82) return { kind: 'rule', style: pick(['single', 'double', undefined] as const) };
    if (kind < 0.87) return { kind: 'feed', lines: 1 + Math.floor(next() * 3) };
    if (kind < 0.93) return { kind: 'barcode', encoding: pick(['CODE128', 'CODE39', 'ITF', 'EAN13']), data: pick(['12345678901234567890', '1610041604', 'AB-12', '6001234567890']) };
    if (kind < 0.97) return { kind: 'qr', data: pick(['https://example.com/a', 'ÿ€中']) };
    return { kind: 'cut' };
  });
  return { blocks };
}

describe('fast slip encoding gives the library’s bytes', () => {
  it('for every Electrum test meter’s purchase slip', { timeout: 60_000 }, () => {
    for (const meterId of METER_IDS) {
      const { request, response } = electrumPurchase(meterId);
      const slip = buildPurchaseSlip({
        request,
        response,
        merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
        printedAt: '2025-03-14T12:15:30+02:00',
        tendered: { amount: request.purchaseAmount.amount + 5000, currency: '710' },
        change: { amount: 5000, currency: '710' },
        marks: meterId === 'TST011' ? { recovered: true } : { reprint: true },
      });
      expectSameBytes(slip, meterId);
    }
  });

  it('for every SlipData feature, including characters no page has', () => {
    expectSameBytes({ blocks: [...slipDataBlocks(FEATURES), { kind: 'feed', lines: 2 }, { kind: 'cut' }] }, 'features');
  });

  it('for 100 random slips', { timeout: 120_000 }, () => {
    const next = random(20261129);
    for (let i = 0; i < 100; i += 1) expectSameBytes(randomSlip(next), `random slip ${i}`);
  });

  it('an empty slip is only the printer reset', () => {
    expectSameBytes({ blocks: [] }, 'empty');
    expect(Array.from(new EscPosWriter('cp437').initialize().encode())).toEqual([0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x4d, 0x00]);
  });
});

describe('code page tables', () => {
  it('are built once per page and shared by every slip', () => {
    expect(codepageTable('cp858')).toBe(codepageTable('cp858'));
  });

  it('leave pages the writer has no ESC t number for to the library', () => {
    expect(fastEncodes('cp437')).toBe(true);
    expect(fastEncodes('cp1125')).toBe(false);
    const slip: SlipModel = { blocks: [{ kind: 'text', text: 'Привіт' }] };
    const { fast, library } = both(slip, { paperWidthMm: 80, codepage: 'cp1125' });
    expect(Buffer.from(fast.bytes)).toEqual(Buffer.from(library.bytes));
  });

  it('refuse a second page on one writer', () => {
    expect(() => new EscPosWriter('cp437').codepage('cp858')).toThrow(/encodes cp437/);
  });
});
