import { describe, expect, it } from 'vitest';
import { buildPurchaseSlip, formatMoney, formatToken, scaleFactor, type SlipModel, type PurchaseSlipInput } from './model';
import { layoutSlip } from './layout';
import { electrumPurchase, type MeterId } from './fixtures/electrum';

function slipFor(meterId: MeterId, marks: PurchaseSlipInput['marks'] = {}): SlipModel {
  const { request, response } = electrumPurchase(meterId);
  return buildPurchaseSlip({
    request,
    response,
    merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
    printedAt: '2025-03-14T12:15:30+02:00',
    marks,
  });
}

const textOf = (slip: SlipModel, columns = 48): string[] =>
  layoutSlip(slip, columns).flatMap((line) => (line.kind === 'text' ? [line.text] : []));

describe('formatToken', () => {
  it('groups a 20-digit token in fours', () => {
    expect(formatToken('12345678901234567890')).toBe('1234 5678 9012 3456 7890');
  });
  it('ignores spaces already present', () => {
    expect(formatToken('1234 5678 9012 3456 7890')).toBe('1234 5678 9012 3456 7890');
  });
});

describe('formatMoney', () => {
  it('writes rand from cents', () => {
    expect(formatMoney(10000, '710')).toBe('R 100.00');
    expect(formatMoney(5, '710')).toBe('R 0.05');
    expect(formatMoney(-1450, '710')).toBe('-R 14.50');
  });
  it('keeps an unknown currency code visible', () => {
    expect(formatMoney(100, '999')).toBe('999 1.00');
  });
});

describe('scaleFactor', () => {
  it('rounds and clamps SlipData doubles to what printers can do', () => {
    expect([scaleFactor(undefined), scaleFactor(0.4), scaleFactor(1.5), scaleFactor(2.4), scaleFactor(12), scaleFactor(Number.NaN)]).toEqual([1, 1, 2, 2, 8, 1]);
  });
});

describe('buildPurchaseSlip', () => {
  it('prints the TST001 token large and grouped in fours, with its units and receipt number', () => {
    const slip = slipFor('TST001');
    const token = slip.blocks.find((b) => b.kind === 'text' && b.text === '0000 0000 0000 0000 0000');
    expect(token).toMatchObject({ width: 2, height: 2, bold: true, fit: 'shrink' });
    const lines = textOf(slip);
    expect(lines).toContain('0000 0000 0000 0000 0000');
    expect(lines.some((l) => /^Units\s+73\.8 kWh$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Receipt no\.\s+RCT10001$/.test(l))).toBe(true);
    expect(lines.some((l) => /^TOTAL\s+R 100\.00$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Meter\s+TST001$/.test(l))).toBe(true);
    expect(slip.blocks.at(-1)).toEqual({ kind: 'cut' });
  });

  it('keeps the token on one line on 58 mm paper by narrowing it', () => {
    const lines = layoutSlip(slipFor('TST001'), 32).filter((l) => l.kind === 'text' && l.text.startsWith('0000 '));
    expect(lines).toEqual([expect.objectContaining({ text: '0000 0000 0000 0000 0000', width: 1, height: 2 })]);
  });

  it('puts key change tokens first, numbered in the order to enter them', () => {
    const lines = textOf(slipFor('TST006'));
    const first = lines.indexOf('1. KEY CHANGE TOKEN 1 OF 2');
    const second = lines.indexOf('2. KEY CHANGE TOKEN 2 OF 2');
    const third = lines.indexOf('3. ELECTRICITY TOKEN');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    expect(lines[first + 1]).toBe('1111 1111 1111 1111 1111');
    expect(lines[third + 1]).toBe('3333 3333 3333 3333 3333');
  });

  it('marks training, reprint and recovered slips', () => {
    const lines = textOf(slipFor('TST001', { training: true, reprint: true, recovered: true }));
    expect(lines.filter((l) => l === 'TRAINING — NOT VALID')).toHaveLength(2);
    expect(lines).toContain('*** REPRINT ***');
    expect(lines).toContain('*** RECOVERED ***');
  });
});
