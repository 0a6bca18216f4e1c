// Golden slips: every Electrum test meter, every SlipData feature, key change and shift report
// slips, at 58 mm and 80 mm, rendered
// to bytes and read back by the ESC/POS decoder. Review changes to goldens/ as carefully as code.
// Set UPDATE_GOLDENS=1 to rewrite them after a deliberate layout change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SlipData } from '../../shared/protocol/schemas';
import { buildPurchaseSlip, slipDataBlocks, type SlipModel } from '../../shared/slip/model';
import { electrumKeyChange, electrumPurchase, METER_IDS, type MeterId } from '../../shared/slip/fixtures/electrum';
import { buildKeyChangeSlip } from '../../shared/slip/key-change';
import { buildShiftReportSlip, type ShiftReportSlipInput } from '../../shared/slip/shift-report';
import { profileColumns, type PrinterProfile } from '../../shared/slip/profile';
import { renderSlipDetailed } from './render';
import { decodeEscPos, formatDecoded, type PrintedItem } from './testing/escpos-decoder';

const GOLDENS = join(dirname(fileURLToPath(import.meta.url)), 'goldens');
const PROFILES: PrinterProfile[] = [{ paperWidthMm: 58 }, { paperWidthMm: 80 }];

function purchaseSlip(meterId: MeterId): SlipModel {
  const { request, response } = electrumPurchase(meterId);
  return buildPurchaseSlip({
    request,
    response,
    merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
    printedAt: '2025-03-14T12:15:30+02:00',
    tendered: { amount: request.purchaseAmount.amount + 5000, currency: '710' },
    change: { amount: 5000, currency: '710' },
    // TST011's token arrives on the retry after a timeout: the slip says it was recovered.
    marks: meterId === 'TST011' ? { recovered: true } : {},
  });
}

// Every SlipData feature: plain, scaled (fractional and out of range), rules, cuts, each barcode
// encoding including an unsupported one, QR, a long line, and slipWidth wrapping.
const FEATURES: SlipData = {
  slipWidth: 24,
  issuerReference: 'ISSUER123',
  messageLines: [
    { text: 'Plain line', fontWidthScaleFactor: 1, fontHeightScaleFactor: 1, line: false, cut: false },
    { text: 'Double', fontWidthScaleFactor: 2, fontHeightScaleFactor: 2, line: false, cut: false },
    { text: 'Rounded 1.5 x 2.4', fontWidthScaleFactor: 1.5, fontHeightScaleFactor: 2.4, line: false, cut: false },
    { text: 'Clamped', fontWidthScaleFactor: 0.2, fontHeightScaleFactor: 12, line: false, cut: false },
    { text: 'Tall only', fontWidthScaleFactor: 1, fontHeightScaleFactor: 3, line: false, cut: false },
    { text: 'Above a rule', line: true, cut: false },
    { text: '', line: true, cut: false },
    { text: 'This message is longer than the slip width the upstream asked for, so it wraps at spaces.', line: false, cut: false },
    { text: 'Cut after this line', line: false, cut: true },
    { text: 'CODE128 token', barcode: { data: '12345678901234567890', encoding: 'CODE128' } },
    { text: 'CODE128 text', barcode: { data: 'ABC-123', encoding: 'CODE128' } },
    { text: 'CODE39', barcode: { data: 'REF 42', encoding: 'CODE39' } },
    { text: 'EAN13', barcode: { data: '6001234567890', encoding: 'EAN13' } },
    { text: 'ITF', barcode: { data: '12345678', encoding: 'ITF' } },
    { text: 'ITF too wide for 58 mm', barcode: { data: '12345678901234567890', encoding: 'ITF' } },
    { text: 'QR', barcode: { data: 'https://example.com/t/42', encoding: 'QR' } },
    { text: 'Unsupported encoding', barcode: { data: 'PDF-DATA', encoding: 'PDF417' } },
    { text: 'Café – 5 € — naïve', line: false, cut: false },
  ],
};

function featuresSlip(): SlipModel {
  return { blocks: [...slipDataBlocks(FEATURES), { kind: 'feed', lines: 2 }, { kind: 'cut' }] };
}

// The simulator's key change (training meter 04100000365, new SGC/KRN/TI) as first printed, and
// Electrum's test server's (no meter in the answer) printed again on a training terminal.
const KEY_CHANGES = [
  { name: 'key-change', form: 'simulator', marks: {} },
  { name: 'key-change-test-server-training-reprint', form: 'test-server', marks: { training: true, reprint: true } },
] as const;

function keyChangeSlip(form: 'simulator' | 'test-server', marks: { training?: boolean; reprint?: boolean }): SlipModel {
  const { request, response } = electrumKeyChange(form);
  return buildKeyChangeSlip({
    request,
    response,
    merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
    ...(form === 'simulator' ? { customer: 'Anna van Wyk' } : {}),
    currency: '710',
    printedAt: '2025-03-14T12:15:30+02:00',
    marks,
  });
}

const SHIFT: ShiftReportSlipInput = {
  merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
  printedAt: '2025-03-14T18:00:05+02:00',
  from: '2025-03-14T08:00:00+02:00',
  to: '2025-03-14T18:00:00+02:00',
  currency: '710',
  sold: { count: 42, amount: 1234550 },
  reversed: { count: 2, amount: 20000 },
  declined: { count: 3 },
  unresolved: { count: 0 },
  advicesPending: 0,
  advicesRefused: 0,
  marks: {},
};
// A clean close, and a training close with every open item the supervisor must act on.
const SHIFTS: { name: string; input: ShiftReportSlipInput }[] = [
  { name: 'shift-report', input: SHIFT },
  {
    name: 'shift-report-open-items-training',
    input: { ...SHIFT, unresolved: { count: 1 }, advicesPending: 4, advicesRefused: 2, marks: { training: true } },
  },
];

function golden(name: string, actual: string): void {
  const path = join(GOLDENS, `${name}.txt`);
  if (process.env.UPDATE_GOLDENS === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDENS !== '1') throw new Error(`golden ${name}.txt missing; run with UPDATE_GOLDENS=1 and review it`);
    mkdirSync(GOLDENS, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function lines(items: PrintedItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'line' ? [item.text.trim()] : []));
}

describe.each(PROFILES)('slips on $paperWidthMm mm paper', (profile) => {
  const columns = profileColumns(profile);

  it.each(METER_IDS)('%s matches its golden and fits the paper', (meterId) => {
    const rendered = renderSlipDetailed(purchaseSlip(meterId), profile);
    const decoded = decodeEscPos(rendered.bytes);
    for (const item of decoded.items) {
      if (item.kind === 'line' || item.kind === 'rule') expect(item.columns, JSON.stringify(item)).toBeLessThanOrEqual(columns);
    }
    const printedItems = decoded.items.filter((item) => item.kind !== 'line' || item.text.length > 0);
    expect(printedItems.at(-1)).toEqual({ kind: 'cut', partial: true });
    golden(`${meterId}-${profile.paperWidthMm}mm`, formatDecoded(decoded, columns));
    const printed = lines(decoded.items);
    const { response } = electrumPurchase(meterId);
    for (const token of response.tokens) {
      expect(printed).toContain(token.token.replace(/(\d{4})(?=\d)/g, '$1 '));
    }
  });

  it('SlipData features match their golden', () => {
    const rendered = renderSlipDetailed(featuresSlip(), profile);
    const decoded = decodeEscPos(rendered.bytes);
    for (const item of decoded.items) {
      if (item.kind === 'line' || item.kind === 'rule') expect(item.columns).toBeLessThanOrEqual(columns);
    }
    golden(`slipdata-features-${profile.paperWidthMm}mm`, `${formatDecoded(decoded, columns)}# warnings\n${rendered.warnings.map((w) => `# ${w}\n`).join('')}`);
  });

  it.each(KEY_CHANGES)('$name matches its golden, fits the paper and prints every token', ({ name, form, marks }) => {
    const decoded = decodeEscPos(renderSlipDetailed(keyChangeSlip(form, marks), profile).bytes);
    for (const item of decoded.items) {
      if (item.kind === 'line' || item.kind === 'rule') expect(item.columns, JSON.stringify(item)).toBeLessThanOrEqual(columns);
    }
    const printedItems = decoded.items.filter((item) => item.kind !== 'line' || item.text.length > 0);
    expect(printedItems.at(-1)).toEqual({ kind: 'cut', partial: true });
    golden(`${name}-${profile.paperWidthMm}mm`, formatDecoded(decoded, columns));
    const printed = lines(decoded.items);
    const { response } = electrumKeyChange(form);
    response.tokens.forEach((token, index) => {
      const at = printed.indexOf(token.token.replace(/(\d{4})(?=\d)/g, '$1 '));
      expect(at, token.token).toBeGreaterThan(0);
      expect(printed[at - 1]).toBe(`${index + 1}. KEY CHANGE TOKEN ${index + 1} OF ${response.tokens.length}`);
    });
  });

  it.each(SHIFTS)('$name matches its golden and fits the paper', ({ name, input }) => {
    const decoded = decodeEscPos(renderSlipDetailed(buildShiftReportSlip(input), profile).bytes);
    for (const item of decoded.items) {
      if (item.kind === 'line' || item.kind === 'rule') expect(item.columns, JSON.stringify(item)).toBeLessThanOrEqual(columns);
    }
    const printedItems = decoded.items.filter((item) => item.kind !== 'line' || item.text.length > 0);
    expect(printedItems.at(-1)).toEqual({ kind: 'cut', partial: true });
    golden(`${name}-${profile.paperWidthMm}mm`, formatDecoded(decoded, columns));
  });
});
