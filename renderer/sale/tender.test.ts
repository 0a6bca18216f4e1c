import { describe, expect, it } from 'vitest';
import type { MeterLookupResponse } from '../../shared/protocol/schemas';
import { checkTender } from './flow';

const lookup = {
  minAmount: { amount: 1000, currency: '710' },
  maxAmount: { amount: 200000, currency: '710' },
} as Pick<MeterLookupResponse, 'minAmount' | 'maxAmount'> as MeterLookupResponse;

describe('checking the tender before money moves', () => {
  it('accepts an amount within the limits and works out the change', () => {
    expect(checkTender(lookup, '710', { amountText: '100', tenderedText: '150.00' })).toEqual({
      ok: true,
      value: { amount: 10000, tendered: 15000, change: 5000 },
    });
  });

  it('refuses an amount below the minimum or above the maximum, naming the limit', () => {
    expect(checkTender(lookup, '710', { amountText: '5', tenderedText: '5' })).toEqual({ ok: false, message: 'The smallest amount for this meter is R 10.00.' });
    expect(checkTender(lookup, '710', { amountText: '2000.01', tenderedText: '3000' })).toEqual({ ok: false, message: 'The largest amount for this meter is R 2 000.00.' });
  });

  it('refuses cash tendered below the amount', () => {
    const result = checkTender(lookup, '710', { amountText: '100', tenderedText: '99.99' });
    expect(result).toEqual({ ok: false, message: 'Cash tendered is less than the amount (R 100.00).' });
  });

  it('names the field that is not a number', () => {
    const amount = checkTender(lookup, '710', { amountText: 'ten', tenderedText: '10' });
    expect(amount.ok === false && amount.message.startsWith('Amount:')).toBe(true);
    const tendered = checkTender(lookup, '710', { amountText: '10', tenderedText: '' });
    expect(tendered.ok === false && tendered.message.startsWith('Cash tendered:')).toBe(true);
  });
});
