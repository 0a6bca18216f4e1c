import { describe, expect, it } from 'vitest';
import type { SlipBlock, SlipModel, TextBlock } from './blocks';
import { layoutSlip } from './layout';
import {
  ADVICES_PENDING_MARK,
  ADVICES_REFUSED_MARK,
  buildShiftReportSlip,
  RECONCILE_MARK,
  REVIEW_MARK,
  UNRESOLVED_MARK,
  type ShiftReportSlipInput,
} from './shift-report';

const QUIET: ShiftReportSlipInput = {
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

const textOf = (model: SlipModel, columns = 48): string[] =>
  layoutSlip(model, columns).flatMap((line) => (line.kind === 'text' ? [line.text.trim()] : []));
const pairs = (model: SlipModel): Extract<SlipBlock, { kind: 'pair' }>[] =>
  model.blocks.flatMap((block) => (block.kind === 'pair' ? [block] : []));
const pairValue = (model: SlipModel, label: string): string | undefined => pairs(model).find((p) => p.label === label)?.value;
const mark = (model: SlipModel, value: string): TextBlock | undefined =>
  model.blocks.find((block): block is TextBlock => block.kind === 'text' && block.text === value);

describe('shift report slip', () => {
  it('heads the report with the shop, terminal, cashier and the shift’s times', () => {
    const model = buildShiftReportSlip(QUIET);
    const lines = textOf(model);
    expect(lines.slice(0, 2)).toEqual(['Corner Cafe', 'SHIFT REPORT']);
    expect(pairValue(model, 'Terminal')).toBe('12345678');
    expect(pairValue(model, 'Cashier')).toBe('thandi');
    expect(pairValue(model, 'From')).toBe('2025-03-14 08:00:00');
    expect(pairValue(model, 'To')).toBe('2025-03-14 18:00:00');
    expect(pairValue(model, 'Printed')).toBe('2025-03-14 18:00:05');
    expect(pairValue(buildShiftReportSlip({ ...QUIET, merchant: { name: 'Shop', terminalId: 'T1' } }), 'Cashier')).toBeUndefined();
  });

  it('counts and totals sales sold and reversed, and counts declines, in the shared money format', () => {
    const lines = textOf(buildShiftReportSlip(QUIET));
    const sold = lines.findIndex((l) => l.startsWith('Sold'));
    expect(lines[sold]).toMatch(/^Sold\s+42$/);
    expect(lines[sold + 1]).toMatch(/^Amount\s+R 12 345\.50$/);
    expect(lines[sold + 2]).toMatch(/^Reversed\s+2$/);
    expect(lines[sold + 3]).toMatch(/^Amount\s+R 200\.00$/);
    expect(lines[sold + 4]).toMatch(/^Declined\s+3$/);
  });

  it('a clean shift has no warnings: open items read 0, plain', () => {
    const model = buildShiftReportSlip(QUIET);
    for (const label of ['Unresolved sales', 'Advices pending', 'Advices refused']) {
      const found = pairs(model).find((p) => p.label === label);
      expect(found, label).toEqual({ kind: 'pair', label, value: '0' });
    }
    for (const value of [UNRESOLVED_MARK, ADVICES_PENDING_MARK, ADVICES_REFUSED_MARK]) expect(mark(model, value)).toBeUndefined();
    expect(textOf(model)).toContain('Nothing left open.');
  });

  it('highlights unresolved sales: RESOLVE BEFORE CLOSING, white on black, with what to do', () => {
    const model = buildShiftReportSlip({ ...QUIET, unresolved: { count: 1 } });
    expect(pairs(model).find((p) => p.label === 'Unresolved sales')).toMatchObject({ value: '1', bold: true });
    expect(mark(model, UNRESOLVED_MARK)).toMatchObject({ bold: true, invert: true, height: 2 });
    expect(textOf(model).join(' ')).toContain('1 sale has no known outcome yet. Find out whether its tokens were issued');
    expect(textOf(buildShiftReportSlip({ ...QUIET, unresolved: { count: 3 } })).join(' ')).toContain('3 sales have no known outcome yet. Find out whether their tokens were issued');
    expect(textOf(model)).not.toContain('Nothing left open.');
  });

  it('highlights advices still pending and advices refused, each on its own', () => {
    const pending = buildShiftReportSlip({ ...QUIET, advicesPending: 4 });
    expect(pairs(pending).find((p) => p.label === 'Advices pending')).toMatchObject({ value: '4', bold: true });
    expect(mark(pending, ADVICES_PENDING_MARK)).toMatchObject({ invert: true });
    expect(mark(pending, ADVICES_REFUSED_MARK)).toBeUndefined();

    const refused = buildShiftReportSlip({ ...QUIET, advicesRefused: 1 });
    expect(pairs(refused).find((p) => p.label === 'Advices refused')).toMatchObject({ value: '1', bold: true });
    expect(mark(refused, ADVICES_REFUSED_MARK)).toMatchObject({ invert: true });
    expect(mark(refused, ADVICES_PENDING_MARK)).toBeUndefined();
    expect(mark(refused, UNRESOLVED_MARK)).toBeUndefined();
  });

  it('marks a training shift top and bottom', () => {
    const lines = textOf(buildShiftReportSlip({ ...QUIET, marks: { training: true } }));
    expect(lines[0]).toBe('TRAINING — NOT VALID');
    expect(lines.at(-1)).toBe('TRAINING — NOT VALID');
    expect(textOf(buildShiftReportSlip(QUIET))).not.toContain('TRAINING — NOT VALID');
  });

  it('puts refused confirmations with the sold, refused reversals with the reversed, and says what the drawer should hold', () => {
    const model = buildShiftReportSlip({
      ...QUIET,
      sold: { count: 6, amount: 42000 },
      reversed: { count: 3, amount: 30000 },
      declined: { count: 1 },
      unresolved: { count: 2, amount: 3000 },
      review: { count: 1, amount: 13000 },
      confirmRefused: { count: 1, amount: 11000 },
      reverseRefused: { count: 1, amount: 12000 },
      cash: { kept: 42000, held: 16000 },
    });
    const lines = textOf(model);
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    const sold = at(/^Sold\s+6$/);
    expect(lines.slice(sold, sold + 4)).toEqual([
      expect.stringMatching(/^Sold\s+6$/),
      expect.stringMatching(/^Amount\s+R 420\.00$/),
      expect.stringMatching(/^Confirmation refused\s+1$/),
      expect.stringMatching(/^Amount\s+R 110\.00$/),
    ]);
    const reversed = at(/^Reversed\s+3$/);
    expect(lines.slice(reversed + 2, reversed + 4)).toEqual([expect.stringMatching(/^Reversal refused\s+1$/), expect.stringMatching(/^Amount\s+R 120\.00$/)]);
    expect(lines[at(/^Needs a supervisor\s+1$/) + 1]).toMatch(/^Amount\s+R 130\.00$/);
    expect(lines[at(/^Unresolved\s+2$/) + 1]).toMatch(/^Amount\s+R 30\.00$/);
    const cash = lines.indexOf('CASH IN DRAWER');
    expect(lines.slice(cash + 1, cash + 4)).toEqual([
      expect.stringMatching(/^Cash sales\s+R 420\.00$/),
      expect.stringMatching(/^Held, no outcome\s+R 160\.00$/),
      expect.stringMatching(/^Expected\s+R 580\.00$/),
    ]);
    expect(pairs(model).find((p) => p.label === 'Expected')).toMatchObject({ bold: true });
    expect(mark(model, REVIEW_MARK)).toMatchObject({ invert: true, height: 2 });
    expect(mark(model, RECONCILE_MARK)).toMatchObject({ invert: true });
    const words = lines.join(' ');
    expect(words).toContain('1 sale got no final answer in time; its cash is held.');
    expect(words).toContain('1 sale was sold but the confirmation was refused: counted as sold, cash kept.');
    expect(words).toContain('1 cancelled sale had the reversal refused: counted as reversed, cash returned.');
    expect(lines).not.toContain('Nothing left open.');
  });

  it('a clean shift with the drawer figures: cash sales equal the expected cash, nothing held, nothing flagged', () => {
    const model = buildShiftReportSlip({
      ...QUIET,
      unresolved: { count: 0, amount: 0 },
      review: { count: 0, amount: 0 },
      confirmRefused: { count: 0, amount: 0 },
      reverseRefused: { count: 0, amount: 0 },
      cash: { kept: 1234550, held: 0 },
    });
    expect(pairValue(model, 'Cash sales')).toBe('R 12 345.50');
    expect(pairValue(model, 'Expected')).toBe('R 12 345.50');
    expect(pairValue(model, 'Held, no outcome')).toBeUndefined();
    for (const label of ['Confirmation refused', 'Reversal refused', 'Unresolved']) expect(pairValue(model, label), label).toBeUndefined();
    for (const value of [REVIEW_MARK, RECONCILE_MARK]) expect(mark(model, value)).toBeUndefined();
    expect(textOf(model)).toContain('Nothing left open.');
  });
});
