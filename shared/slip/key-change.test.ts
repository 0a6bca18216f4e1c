import { describe, expect, it } from 'vitest';
import type { KeyChangeTokenResponse } from '../protocol/schemas';
import type { SlipModel, TextBlock } from './blocks';
import { electrumKeyChange } from './fixtures/electrum';
import { formatToken } from './format';
import { buildKeyChangeSlip, KEY_CHANGE_INSTRUCTION, type KeyChangeSlipInput } from './key-change';
import { layoutSlip } from './layout';

function slip(form: 'test-server' | 'simulator', extra: Partial<KeyChangeSlipInput> = {}): SlipModel {
  const { request, response } = electrumKeyChange(form);
  return buildKeyChangeSlip({
    request,
    response,
    merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
    currency: '710',
    printedAt: '2025-03-14T12:15:30+02:00',
    marks: {},
    ...extra,
  });
}

const textOf = (model: SlipModel, columns = 48): string[] =>
  layoutSlip(model, columns).flatMap((line) => (line.kind === 'text' ? [line.text.trim()] : []));
const textBlock = (model: SlipModel, value: string): TextBlock | undefined =>
  model.blocks.find((block): block is TextBlock => block.kind === 'text' && block.text === value);
const pairValue = (model: SlipModel, label: string): string | undefined => {
  const found = model.blocks.find((block) => block.kind === 'pair' && block.label === label);
  return found?.kind === 'pair' ? found.value : undefined;
};

describe('key change slip', () => {
  it('prints every key change token large, grouped in fours, numbered in the order to enter them', () => {
    const model = slip('test-server');
    const lines = textOf(model);
    const heading = lines.indexOf('ENTER THE TOKENS IN THIS ORDER');
    const first = lines.indexOf('1111 1111 1111 1111 1111');
    const second = lines.indexOf('2222 2222 2222 2222 2222');
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(lines[first - 1]).toBe('1. KEY CHANGE TOKEN 1 OF 2');
    expect(lines[second - 1]).toBe('2. KEY CHANGE TOKEN 2 OF 2');
    expect(heading).toBeLessThan(first);
    expect(first).toBeLessThan(second);
    expect(textBlock(model, '1111 1111 1111 1111 1111')).toMatchObject({ bold: true, width: 2, height: 2, fit: 'shrink' });
    expect(textBlock(model, KEY_CHANGE_INSTRUCTION)).toBeDefined();
    // KC tokens carry no units and no money: no Units or Amount lines, no totals.
    expect(lines.some((l) => /^(Units|Amount|TOTAL)\b/.test(l))).toBe(false);
  });

  it('puts key change tokens before any other token the answer carries, keeping their own order', () => {
    const { request, response } = electrumKeyChange('test-server');
    const std = { tokenType: 'STD' as const, units: 10, amount: { amount: 1000, currency: '710' }, token: '33333333333333333333', tariffCalc: [] };
    const mixed: KeyChangeTokenResponse = { ...response, tokens: [std, ...response.tokens] };
    const lines = textOf(buildKeyChangeSlip({ request, response: mixed, merchant: { name: 'Shop', terminalId: 'T1' }, currency: '710', printedAt: '2025-03-14T12:15:30+02:00', marks: {} }));
    const order = ['1111', '2222', '3333'].map((d) => lines.indexOf(formatToken(d.repeat(5))));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(lines).toContain('3. ELECTRICITY TOKEN');
  });

  it('prints the new SGC, KRN and TI when the answer carries keyChangeData, beside the old ones', () => {
    const model = slip('simulator');
    expect(pairValue(model, 'Meter')).toBe('04100000365');
    expect(pairValue(model, 'Old SGC/KRN/TI')).toBe('600123/1/01');
    expect(textOf(model)).toContain('NEW METER KEYS');
    expect(pairValue(model, 'Supply group code')).toBe('600124');
    expect(pairValue(model, 'Key revision no.')).toBe('2');
    expect(pairValue(model, 'Tariff index')).toBe('02');
  });

  it('prints without the meter Electrum’s test server leaves out: the meter asked for, and no new keys', () => {
    const model = slip('test-server');
    expect(pairValue(model, 'Meter')).toBe('TST006');
    expect(textOf(model)).not.toContain('NEW METER KEYS');
    expect(pairValue(model, 'Supply group code')).toBeUndefined();
    expect(pairValue(model, 'Old SGC/KRN/TI')).toBeUndefined();
  });

  it('names the shop, terminal, cashier, customer and the request reference', () => {
    const model = slip('simulator', { customer: 'Anna van Wyk' });
    const lines = textOf(model);
    expect(lines[0]).toBe('Corner Cafe');
    expect(lines[1]).toBe('METER KEY CHANGE');
    expect(pairValue(model, 'Date')).toBe('2025-03-14 12:15:30');
    expect(pairValue(model, 'Terminal')).toBe('12345678');
    expect(pairValue(model, 'Cashier')).toBe('thandi');
    expect(pairValue(model, 'Customer')).toBe('Anna van Wyk');
    expect(pairValue(model, 'Key change ref')).toBe('5f0c7a1e-2b3d-4c5e-8f90-a1b2c3d4e5f6');
    expect(pairValue(slip('simulator', { merchant: { name: 'Shop', terminalId: 'T1' } }), 'Cashier')).toBe('cashier7');
  });

  it('marks training slips top and bottom, and reprints at the top', () => {
    const training = textOf(slip('test-server', { marks: { training: true, reprint: true } }));
    expect(training[0]).toBe('TRAINING — NOT VALID');
    expect(training[1]).toBe('*** REPRINT ***');
    expect(training.at(-1)).toBe('TRAINING — NOT VALID');
    const live = textOf(slip('test-server'));
    expect(live).not.toContain('TRAINING — NOT VALID');
    expect(live).not.toContain('*** REPRINT ***');
  });

  it('prints the upstream’s SlipData lines and ends with one cut', () => {
    const { request, response } = electrumKeyChange('simulator');
    const withSlipData: KeyChangeTokenResponse = {
      ...response,
      slipData: { messageLines: [{ text: 'Call 0800 000 000 if the meter rejects a token', cut: true }] },
    };
    const model = buildKeyChangeSlip({ request, response: withSlipData, merchant: { name: 'Shop', terminalId: 'T1' }, currency: '710', printedAt: '2025-03-14T12:15:30+02:00', marks: {} });
    expect(textOf(model)).toContain('Call 0800 000 000 if the meter rejects a token');
    expect(model.blocks.filter((b) => b.kind === 'cut')).toHaveLength(1);
    expect(model.blocks.at(-1)).toEqual({ kind: 'cut' });
  });

  it('says so when the answer has no token', () => {
    const { request, response } = electrumKeyChange('test-server');
    const lines = textOf(buildKeyChangeSlip({ request, response: { ...response, tokens: [] }, merchant: { name: 'Shop', terminalId: 'T1' }, currency: '710', printedAt: '2025-03-14T12:15:30+02:00', marks: {} }));
    expect(lines).toContain('NO TOKEN ISSUED');
    expect(lines).not.toContain('ENTER THE TOKENS IN THIS ORDER');
  });
});
