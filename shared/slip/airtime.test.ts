import { describe, expect, it } from 'vitest';
import { PrintRequestSchema } from '../bridge';
import { opensDrawer, slipFor } from '../print';
import { TRAINING_TERMINAL } from '../protocol/envelope';
import { airtimeAmountPaid, buildAirtimeSlip, groupPin, localMsisdn, redeemLines, type AirtimeSlipInput } from './airtime';
import type { SlipModel } from './blocks';
import { airtimeSale, type AirtimeSale } from './fixtures/airtime';
import { fiftyRandSale } from './fixtures/training';
import { layoutSlip } from './layout';

function slipOf(sale: AirtimeSale, extra: Partial<AirtimeSlipInput> = {}): SlipModel {
  const { request, response } = airtimeSale(sale);
  return buildAirtimeSlip({
    request,
    response,
    merchant: { name: 'Corner Cafe', terminalId: '12345678', operatorId: 'thandi' },
    printedAt: '2025-03-14T12:15:30+02:00',
    timeZone: 'Africa/Johannesburg',
    currency: '710',
    marks: {},
    ...extra,
  });
}

const textOf = (slip: SlipModel, columns = 48): string[] =>
  layoutSlip(slip, columns).flatMap((line) => (line.kind === 'text' ? [line.text.trim()] : []));
const valueOf = (slip: SlipModel, label: string): string | undefined => {
  const block = slip.blocks.find((b) => b.kind === 'pair' && b.label === label);
  return block?.kind === 'pair' ? block.value : undefined;
};

describe('groupPin', () => {
  it('reads a 12- or 16-digit PIN in fours', () => {
    expect(groupPin('125805293941')).toBe('1258 0529 3941');
    expect(groupPin('1234567890123456')).toBe('1234 5678 9012 3456');
  });
  it('spreads other lengths evenly so no group is left with one or two digits', () => {
    expect(groupPin('48210937556120')).toBe('4821 0937 556 120');
    expect(groupPin('1234567890')).toBe('1234 567 890');
    expect(groupPin('1234567890123')).toBe('1234 567 890 123');
    expect(groupPin('12345')).toBe('123 45');
  });
  it('leaves short PINs whole and ignores spaces already present', () => {
    expect(groupPin('70')).toBe('70');
    expect(groupPin('1234')).toBe('1234');
    expect(groupPin('1258 0529 3941')).toBe('1258 0529 3941');
    expect(groupPin('')).toBe('');
  });
});

describe('localMsisdn', () => {
  it('shows South African numbers as the customer dials them', () => {
    expect(localMsisdn('27831234567')).toBe('083 123 4567');
    expect(localMsisdn('+27831234567')).toBe('083 123 4567');
    expect(localMsisdn('0831234567')).toBe('083 123 4567');
  });
  it('keeps other countries international', () => {
    expect(localMsisdn('263771234567')).toBe('+263771234567');
  });
});

describe('redeemLines', () => {
  it("fills the operator's <pin> placeholder with the PIN as dialled, without spaces", () => {
    expect(redeemLines({ pin: '125805293941', redeemInstructions: ['Dial', '*100*01*<pin>#'] })).toEqual(['Dial', '*100*01*125805293941#']);
    expect(redeemLines({ pin: '1', redeemInstructions: undefined })).toEqual([]);
  });
});

describe('airtimeAmountPaid', () => {
  it("is a variable product's requested amount, else the tenders taken", () => {
    const variable = airtimeSale('variable-top-up');
    expect(airtimeAmountPaid(variable.request, variable.response, '710')).toEqual({ amount: 3750, currency: '710' });
    const fixed = airtimeSale('voucher');
    expect(airtimeAmountPaid(fixed.request, fixed.response, '710')).toEqual({ amount: 3000, currency: '710' });
    const { tenders: _t, ...untendered } = fixed.request;
    expect(airtimeAmountPaid(untendered, fixed.response, '710')).toEqual({ amount: 3000, currency: '710' });
  });
});

describe('buildAirtimeSlip: PIN voucher', () => {
  it('prints the PIN large and grouped, under YOUR PIN, with serial, batch and the network', () => {
    const slip = slipOf('voucher');
    const at = slip.blocks.findIndex((b) => b.kind === 'text' && b.text === 'YOUR PIN');
    expect(slip.blocks[at + 1]).toMatchObject({ kind: 'text', text: '1258 0529 3941', width: 2, height: 2, bold: true, fit: 'shrink' });
    expect(valueOf(slip, 'Serial no.')).toBe('189257261772');
    expect(valueOf(slip, 'Batch no.')).toBe('47644427295');
    expect(valueOf(slip, 'Network')).toBe('Vodacom');
    expect(valueOf(slip, 'Product')).toBe('Vodacom R30 Airtime');
    expect(valueOf(slip, 'TOTAL')).toBe('R 30.00');
    expect(textOf(slip)).toContain('AIRTIME VOUCHER');
  });

  it("prints the expiry in the shop's time zone: 21:59:59 UTC is 23:59:59 in Johannesburg", () => {
    expect(valueOf(slipOf('voucher'), 'Expires')).toBe('2026-03-13 23:59:59');
    expect(valueOf(slipOf('voucher', { timeZone: undefined }), 'Expires')).toBe('2026-03-13 21:59:59 UTC');
  });

  it("prints the operator's redeem instructions with the PIN filled in", () => {
    const lines = textOf(slipOf('voucher'));
    const at = lines.indexOf('HOW TO REDEEM');
    expect(lines.slice(at + 1, at + 4)).toEqual(['To recharge, dial', '*100*01*125805293941#', 'and press call.']);
  });

  it("honours the response's SlipData: scaling, rules, barcodes, and its cut as the slip's last", () => {
    const slip = slipOf('voucher');
    const at = slip.blocks.findIndex((b) => b.kind === 'text' && b.text === 'Vodacom' && b.width === 2);
    expect(at).toBeGreaterThan(0);
    expect(slip.blocks[at]).toMatchObject({ width: 2, height: 2, fit: 'shrink' });
    expect(slip.blocks.slice(at + 1, at + 5)).toEqual([
      { kind: 'text', text: 'Keep this slip safe: the PIN is cash.' },
      { kind: 'rule' },
      { kind: 'text', text: 'Serial' },
      { kind: 'barcode', encoding: 'CODE128', data: '189257261772' },
    ]);
    expect(valueOf(slip, 'Issuer ref')).toBe('VC20250314000123');
    expect(slip.blocks.filter((b) => b.kind === 'cut')).toHaveLength(1);
    expect(slip.blocks.slice(-2)).toEqual([{ kind: 'feed', lines: 1 }, { kind: 'cut' }]);
  });

  it('a data voucher says what it holds and how long it lasts', () => {
    const slip = slipOf('data-voucher');
    expect(textOf(slip)).toContain('DATA VOUCHER');
    expect(valueOf(slip, 'Contents')).toBe('1 GB');
    expect(valueOf(slip, 'Valid for')).toBe('30 days');
    expect(slip.blocks).toContainEqual(expect.objectContaining({ kind: 'text', text: '4821 0937 556 120', width: 2 }));
  });

  it('opens with REPRINT and RECOVERED like the electricity slip, and TRAINING at both ends', () => {
    const lines = textOf(slipOf('voucher', { marks: { training: true, reprint: true, recovered: true } }));
    expect(lines.slice(0, 3)).toEqual(['TRAINING — NOT VALID', '*** REPRINT ***', '*** RECOVERED ***']);
    expect(lines.at(-1)).toBe('TRAINING — NOT VALID');
    expect(textOf(slipOf('voucher'))).not.toContain('*** REPRINT ***');
  });

  it('names the number a voucher was bought for, in local form, when the counter sent one', () => {
    const { request, response } = airtimeSale('voucher');
    expect(valueOf(slipOf('voucher'), 'For')).toBeUndefined();
    const forNumber = buildAirtimeSlip({
      request: { ...request, recipientMsisdn: { msisdn: '27825550101' } },
      response,
      merchant: { name: 'Corner Cafe', terminalId: '12345678' },
      printedAt: '2025-03-14T12:15:30+02:00',
      currency: '710',
      marks: {},
    });
    expect(valueOf(forNumber, 'For')).toBe('082 555 0101');
    expect(textOf(forNumber)).not.toContain('TOP-UP SENT TO');
    expect(textOf(forNumber)).toContain('YOUR PIN');
  });

  it('says NO PIN ISSUED rather than print a voucher without one', () => {
    const { request, response } = airtimeSale('voucher');
    const { voucher: _v, ...noVoucher } = response;
    const slip = buildAirtimeSlip({ request, response: noVoucher, merchant: { name: 'Corner Cafe', terminalId: '12345678' }, printedAt: '2025-03-14T12:15:30+02:00', currency: '710', marks: {} });
    expect(textOf(slip)).toContain('NO PIN ISSUED');
    expect(textOf(slip)).not.toContain('YOUR PIN');
    // Bought for a number, a PIN product without its PIN still never reads as a top-up sent.
    const forNumber = buildAirtimeSlip({ request: { ...request, recipientMsisdn: { msisdn: '27825550101' } }, response: noVoucher, merchant: { name: 'Corner Cafe', terminalId: '12345678' }, printedAt: '2025-03-14T12:15:30+02:00', currency: '710', marks: {} });
    expect(textOf(forNumber)).toContain('NO PIN ISSUED');
    expect(textOf(forNumber)).not.toContain('TOP-UP SENT TO');
  });
});

describe('buildAirtimeSlip: direct top-up', () => {
  it('says where the top-up went, in local form, with no PIN', () => {
    const slip = slipOf('direct-top-up', { tendered: { amount: 10000, currency: '710' }, change: { amount: 5000, currency: '710' } });
    const lines = textOf(slip);
    expect(lines).toContain('AIRTIME TOP-UP');
    const at = lines.indexOf('TOP-UP SENT TO');
    expect(lines[at + 1]).toBe('083 123 4567');
    expect(lines).not.toContain('YOUR PIN');
    expect(valueOf(slip, 'Network')).toBe('MTN');
    expect(valueOf(slip, 'Product')).toBe('MTN Airtime Direct R50');
    expect(valueOf(slip, 'TOTAL')).toBe('R 50.00');
    expect(valueOf(slip, 'Tendered')).toBe('R 100.00');
    expect(valueOf(slip, 'Change')).toBe('R 50.00');
    expect(valueOf(slip, 'Purchase ref')).toBe('3f6c2a10-8d4e-4b7a-9c21-000000000003');
  });

  it('a variable-amount top-up totals the amount the cashier asked for', () => {
    const slip = slipOf('variable-top-up');
    expect(valueOf(slip, 'TOTAL')).toBe('R 37.50');
    expect(textOf(slip)).toContain('084 123 4567');
  });
});

describe('an airtimePurchase print request', () => {
  const info = { mode: 'training' as const, terminal: TRAINING_TERMINAL, timeZone: 'Africa/Johannesburg' };

  it('crosses the bridge and prints in shop time, with change from what the customer paid and the training marks', () => {
    const { request, response } = airtimeSale('direct-top-up');
    const print = PrintRequestSchema.parse({ kind: 'airtimePurchase', request, response, printedAt: '2025-03-14T10:15:30.000Z', tendered: 6000, marks: {} });
    const slip = slipFor(print, info);
    expect(valueOf(slip, 'Date')).toBe('2025-03-14 12:15:30');
    expect(valueOf(slip, 'TOTAL')).toBe('R 50.00');
    expect(valueOf(slip, 'Tendered')).toBe('R 60.00');
    expect(valueOf(slip, 'Change')).toBe('R 10.00');
    expect(textOf(slip)[0]).toBe('TRAINING — NOT VALID');
  });

  it('a reprint from the journal is marked REPRINT and keeps the same PIN', () => {
    const { request, response } = airtimeSale('voucher');
    const slip = slipFor({ kind: 'airtimePurchase', request, response, printedAt: '2025-03-14T10:15:30.000Z', marks: { reprint: true } }, { ...info, mode: 'live' });
    expect(textOf(slip).slice(0, 1)).toEqual(['*** REPRINT ***']);
    expect(textOf(slip)).toContain('1258 0529 3941');
    expect(valueOf(slip, 'Tendered')).toBeUndefined();
  });

  it('opens the cash drawer on the first print of a cash sale only, never on a reprint', () => {
    const { request, response } = airtimeSale('voucher');
    const first = { kind: 'airtimePurchase' as const, request, response, printedAt: '2025-03-14T10:15:30.000Z', marks: {} };
    expect(opensDrawer({ ...first, openDrawer: true })).toBe(true);
    expect(opensDrawer(first)).toBe(false);
    expect(opensDrawer({ ...first, openDrawer: true, marks: { reprint: true } })).toBe(false);
    expect(opensDrawer({ ...first, openDrawer: true, marks: { recovered: true } })).toBe(true);
    // Electricity keeps its rule: a purchase's first print, never a token reprint.
    const sale = fiftyRandSale();
    expect(opensDrawer({ kind: 'purchase', ...sale, printedAt: first.printedAt, marks: {}, openDrawer: true })).toBe(true);
    expect(opensDrawer({ kind: 'purchase', ...sale, printedAt: first.printedAt, marks: { reprint: true }, openDrawer: true })).toBe(false);
  });

  it("names the product from the catalogue entry sold when the answer echoes only its productId", () => {
    const { request, response } = airtimeSale('data-voucher');
    const bare = { ...response, product: { productId: response.product.productId } };
    const print = { kind: 'airtimePurchase' as const, request, response: bare, printedAt: '2025-03-14T10:15:30.000Z', marks: {} };
    const without = slipFor(print, info);
    expect(valueOf(without, 'Product')).toBe('MTN1GB30');
    expect(valueOf(without, 'Network')).toBeUndefined();
    const withCatalogue = slipFor(PrintRequestSchema.parse({ ...print, product: response.product }), info);
    expect(valueOf(withCatalogue, 'Product')).toBe('MTN 1GB Data (30 days)');
    expect(valueOf(withCatalogue, 'Network')).toBe('MTN');
    expect(valueOf(withCatalogue, 'Valid for')).toBe('30 days');
    expect(textOf(withCatalogue)).toContain('DATA VOUCHER');
  });

  it('is refused at the bridge when the answer is not an airtime answer', () => {
    const { request, response } = airtimeSale('voucher');
    const { product: _p, ...noProduct } = response;
    expect(PrintRequestSchema.safeParse({ kind: 'airtimePurchase', request, response: noProduct, printedAt: 'x', marks: {} }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ kind: 'airtimePurchase', request: { ...request, id: 'not-a-uuid' }, response, printedAt: 'x', marks: {} }).success).toBe(false);
  });
});
