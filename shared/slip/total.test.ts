import { describe, expect, it } from 'vitest';
import { buildTokenReprintRequest, TRAINING_TERMINAL } from '../protocol/envelope';
import { slipFor } from '../print';
import { electrumPurchase } from './fixtures/electrum';
import { fiftyRandSale } from './fixtures/training';
import { layoutSlip } from './layout';
import { buildPurchaseSlip, type SlipModel } from './model';
import { amountPaid, slipTotal } from './total';

const PRINTED_AT = '2025-03-14T12:15:30+02:00';
const MERCHANT = { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' };

const lines = (slip: SlipModel, columns = 48): string[] =>
  layoutSlip(slip, columns).flatMap((line) => (line.kind === 'text' ? [line.text.trim()] : []));
const pairsOf = (slip: SlipModel) => slip.blocks.flatMap((b) => (b.kind === 'pair' ? [b] : []));
const valueOf = (slip: SlipModel, label: string): string | undefined => pairsOf(slip).find((p) => p.label === label)?.value;
/** The pair lines from the last rule before TOTAL down to TOTAL: the money summary. */
function summary(slip: SlipModel): string[] {
  const end = slip.blocks.findIndex((b) => b.kind === 'pair' && b.label === 'TOTAL');
  let start = end;
  while (start > 0 && slip.blocks[start - 1]?.kind !== 'rule') start -= 1;
  return slip.blocks.slice(start, end + 1).flatMap((b) => (b.kind === 'pair' ? [`${b.label} = ${b.value}`] : []));
}

describe('the slip’s TOTAL is what the customer paid', () => {
  it('a R50.00 sale on a meter with tax and charges prints TOTAL R 50.00 beside Tendered R 100.00 and Change R 50.00', () => {
    const { request, response } = fiftyRandSale();
    const slip = buildPurchaseSlip({
      request,
      response,
      merchant: MERCHANT,
      printedAt: PRINTED_AT,
      tendered: { amount: 10000, currency: '710' },
      change: { amount: 5000, currency: '710' },
      marks: {},
    });
    expect(valueOf(slip, 'TOTAL')).toBe('R 50.00');
    expect(valueOf(slip, 'Tendered')).toBe('R 100.00');
    expect(valueOf(slip, 'Change')).toBe('R 50.00');
    const printed = lines(slip);
    expect(printed.findIndex((l) => /^TOTAL\s+R 50\.00$/.test(l))).toBeGreaterThan(0);
    expect(printed.some((l) => l.includes('R 20.87') && l.startsWith('TOTAL'))).toBe(false);
  });

  it('lists the parts above TOTAL — energy, debt recovery, service charges, VAT — and they add up to it', () => {
    const { request, response } = fiftyRandSale();
    const slip = buildPurchaseSlip({ request, response, merchant: MERCHANT, printedAt: PRINTED_AT, marks: {} });
    expect(summary(slip)).toEqual([
      'Electricity = R 20.87',
      'Debt recovery = R 5.22',
      'Service charges = R 17.39',
      'Total VAT 15% = R 6.52',
      'TOTAL = R 50.00',
    ]);
  });

  it('lists free basic electricity as a part worth nothing, and still totals what was paid', () => {
    const { request, response } = electrumPurchase('TST003');
    const slip = buildPurchaseSlip({ request, response, merchant: MERCHANT, printedAt: PRINTED_AT, marks: {} });
    expect(summary(slip)).toEqual([
      'Electricity = R 86.00',
      'Free basic electricity = R 0.00',
      'Total VAT 14% = R 14.00',
      'TOTAL = R 100.00',
    ]);
  });

  it('when the upstream’s parts do not add up, TOTAL is still what was paid and no difference is made up', () => {
    // Electrum's TST005 answers a R50.00 purchase with a R100.00 token (R86.00 + R14.00 VAT) and a refund token.
    const { request, response } = electrumPurchase('TST005');
    const slip = buildPurchaseSlip({
      request,
      response,
      merchant: MERCHANT,
      printedAt: PRINTED_AT,
      tendered: { amount: 5000, currency: '710' },
      change: { amount: 0, currency: '710' },
      marks: {},
    });
    expect(valueOf(slip, 'TOTAL')).toBe('R 50.00');
    expect(summary(slip)).toEqual(['Electricity = R 86.00', 'Total VAT 14% = R 14.00', 'TOTAL = R 50.00']);
    // Every amount on the slip is one the upstream sent or the cashier took: nothing like R -50.00 or R 150.00.
    const amounts = new Set(pairsOf(slip).map((p) => p.value).filter((v) => v.startsWith('R ') || v.startsWith('-R')));
    expect([...amounts].sort()).toEqual(['R 0.00', 'R 100.00', 'R 14.00', 'R 50.00', 'R 86.00'].sort());
    expect(slipTotal(response, request.purchaseAmount).partsAddUp).toBe(false);
  });

  it('the same sale’s upstream token reprint totals the same, from the response alone', () => {
    const { request, response } = fiftyRandSale();
    const reprint = buildTokenReprintRequest(TRAINING_TERMINAL, {
      id: '0b8e4c43-8a0c-4c0e-9d3e-2f0a4c1d5e6f',
      time: '2025-03-15T08:00:00.000Z',
      meterId: request.meter.meterId,
    });
    const info = { mode: 'live', terminal: TRAINING_TERMINAL } as const;
    const reprinted = slipFor({ kind: 'tokenReprint', request: reprint, response, printedAt: PRINTED_AT }, info);
    const first = slipFor({ kind: 'purchase', request, response, printedAt: PRINTED_AT, tendered: 10000, marks: {} }, info);
    expect(valueOf(reprinted, 'TOTAL')).toBe('R 50.00');
    expect(summary(reprinted)).toEqual(summary(first));
    // Without amounts, the reprint adds the upstream's parts: energy + charges + tax.
    const { amounts: _gone, ...withoutAmounts } = response;
    expect(valueOf(slipFor({ kind: 'tokenReprint', request: reprint, response: withoutAmounts, printedAt: PRINTED_AT }, info), 'TOTAL')).toBe('R 50.00');
  });
});

describe('amountPaid', () => {
  it('is the purchase request’s amount whenever there is one', () => {
    const { request, response } = fiftyRandSale();
    expect(amountPaid(response, request.purchaseAmount)).toEqual({ amount: 5000, currency: '710' });
    expect(amountPaid({ ...response, amounts: { approvedAmount: { amount: 4000, currency: '710' } } }, request.purchaseAmount)).toEqual({ amount: 5000, currency: '710' });
  });

  it('without a request amount: the approved amount, else the requested amount, else the parts added up', () => {
    const { response } = fiftyRandSale();
    expect(amountPaid(response)).toEqual({ amount: 5000, currency: '710' });
    expect(amountPaid({ ...response, amounts: { requestAmount: { amount: 5000, currency: '710' } } })).toEqual({ amount: 5000, currency: '710' });
    const { amounts: _a, ...bare } = response;
    expect(amountPaid(bare)).toEqual({ amount: 5000, currency: '710' });
    const { purchaseTotal: _p, taxTotal: _t, ...noTotals } = bare;
    expect(amountPaid(noTotals)).toEqual({ amount: 5000, currency: '710' });
    expect(amountPaid(electrumPurchase('TST001').response)).toEqual({ amount: 10000, currency: '710' });
  });
});
