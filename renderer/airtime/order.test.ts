import { describe, expect, it } from 'vitest';
import { OutgoingAirtimePurchaseRequestSchema, ProductListSchema } from '../../shared/protocol/airtime/schemas';
import { TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { parseMsisdn } from './msisdn';
import { airtimeDraft, checkOrder } from './order';

const [fixed, variable] = ProductListSchema.parse([
  { productId: 'VOD10', name: 'Vodacom R10', type: 'AIRTIME_FIXED', isDirectTopup: false, productValues: [{ amount: 1000, currency: '710' }] },
  {
    productId: 'MTNTOPUP',
    name: 'MTN top-up',
    type: 'AIRTIME_VARIABLE',
    isDirectTopup: true,
    productValues: [{ amount: 500, currency: '710' }, { amount: 100000, currency: '710' }],
  },
]);
if (!fixed || !variable) throw new Error('fixtures');

describe('checkOrder', () => {
  it('charges a fixed product its catalogue price and works out the change', () => {
    expect(checkOrder(fixed, '710', { tenderedText: '20' })).toEqual({ ok: true, value: { price: 1000, tendered: 2000, change: 1000 } });
  });

  it('ignores an amount typed for a fixed product', () => {
    expect(checkOrder(fixed, '710', { amountText: '5', tenderedText: '10' })).toEqual({ ok: true, value: { price: 1000, tendered: 1000, change: 0 } });
  });

  it('charges a variable product the amount typed, carried as the request amount', () => {
    expect(checkOrder(variable, '710', { amountText: '35.50', tenderedText: '40' })).toEqual({
      ok: true,
      value: { price: 3550, tendered: 4000, change: 450, requestAmount: 3550 },
    });
  });

  it.each([
    ['4.99', '10', 'The smallest amount for this product is R 5.00.'],
    ['1000.01', '2000', 'The largest amount for this product is R 1 000.00.'],
    ['', '10', 'Amount: Enter an amount.'],
    ['0', '10', 'Enter an amount greater than zero.'],
    ['12x', '10', 'Amount: "12x" is not an amount. Use digits, e.g. 150.00.'],
    ['50', '49.99', 'Cash tendered is less than the price (R 50.00).'],
    ['50', '', 'Cash tendered: Enter an amount.'],
  ])('refuses amount %j with cash %j before anything is sent: %s', (amountText, tenderedText, message) => {
    expect(checkOrder(variable, '710', { amountText, tenderedText })).toEqual({ ok: false, message });
  });

  it('refuses a fixed product with no price in the till’s currency', () => {
    const step = checkOrder(fixed, '840', { tenderedText: '100' });
    expect(step.ok).toBe(false);
  });
});

describe('airtimeDraft', () => {
  it('builds a purchase request the protocol accepts: international number, request amount, cash tender', () => {
    const msisdn = parseMsisdn('083 555 0101');
    const order = checkOrder(variable, '710', { amountText: '25', tenderedText: '30' });
    if (!msisdn.ok || !order.ok) throw new Error('inputs');
    const draft = airtimeDraft({ terminal: TRAINING_TERMINAL, operatorId: 'cashier1' }, msisdn.value, variable, order.value);
    expect(OutgoingAirtimePurchaseRequestSchema.safeParse(draft.request).success).toBe(true);
    expect(draft).toMatchObject({ service: 'airtime', subject: '27835550101', msisdn: '27835550101', tendered: 3000, product: variable });
    expect(draft.request.recipientMsisdn?.msisdn).toBe('27835550101');
    expect(draft.request.amounts?.requestAmount).toEqual({ amount: 2500, currency: '710' });
    expect(draft.request.tenders).toEqual([{ tenderType: 'CASH', amount: { amount: 2500, currency: '710' } }]);
    expect(draft.request.product.productId).toBe('MTNTOPUP');
    expect(draft.request.originator.operatorId).toBe('cashier1');
  });

  it('gives every draft its own id', () => {
    const msisdn = parseMsisdn('0821234567');
    const order = checkOrder(fixed, '710', { tenderedText: '10' });
    if (!msisdn.ok || !order.ok) throw new Error('inputs');
    const a = airtimeDraft({ terminal: TRAINING_TERMINAL }, msisdn.value, fixed, order.value);
    const b = airtimeDraft({ terminal: TRAINING_TERMINAL }, msisdn.value, fixed, order.value);
    expect(a.request.id).not.toBe(b.request.id);
    expect(a.request.amounts).toBeUndefined();
  });
});
