import { describe, expect, it } from 'vitest';
import { ProductListSchema, type AirtimeProduct } from '../../shared/protocol/airtime/schemas';
import { amountLimits, contentsLabel, filterProducts, fixedPrice, kindsOf, operatorsOf, priceLabel, productKind, validityLabel } from './catalogue';

// A catalogue as an upstream sends it, parsed with the protocol's own schema.
const PRODUCTS: AirtimeProduct[] = ProductListSchema.parse([
  {
    productId: 'VOD10',
    name: 'Vodacom R10 Airtime',
    type: 'AIRTIME_FIXED',
    isDirectTopup: false,
    productValues: [{ amount: 1000, currency: '710' }],
    operator: { id: 'VOD', name: 'Vodacom' },
    channels: [{ channelName: 'POS', productDisplayName: 'R10 airtime', productDisplaySortOrder: 2 }],
  },
  {
    productId: 'VOD5',
    name: 'Vodacom R5 Airtime',
    type: 'AIRTIME_FIXED',
    isDirectTopup: false,
    productValues: [{ amount: 500, currency: '710' }],
    operator: { id: 'VOD', name: 'Vodacom' },
    channels: [{ channelName: 'POS', productDisplayName: 'R5 airtime', productDisplaySortOrder: 1 }],
  },
  {
    productId: 'VOD1GB',
    name: 'Vodacom 1GB Data',
    type: 'DATA_FIXED',
    isDirectTopup: false,
    productValues: [{ amount: 9900, currency: '710' }],
    productContents: [{ amount: 1, unit: 'GB' }],
    validityPeriod: { duration: 30, durationUnit: 'DAYS' },
    operator: { id: 'VOD', name: 'Vodacom' },
  },
  {
    productId: 'MTNTOPUP',
    name: 'MTN Direct Top-up',
    type: 'AIRTIME_VARIABLE',
    isDirectTopup: true,
    productValues: [{ amount: 500, currency: '710' }, { amount: 100000, currency: '710' }],
    operator: { id: 'MTN', name: 'MTN' },
  },
  {
    productId: 'MTNSMS100',
    name: 'MTN 100 SMS',
    type: 'SMS_BUNDLE',
    isDirectTopup: true,
    productValues: [{ amount: 1500, currency: '710' }, { amount: 200, currency: '840' }],
    productContents: [{ amount: 100, unit: 'Unit' }],
    validityPeriod: { duration: 1, durationUnit: 'MONTHS' },
    operator: { id: 'MTN', name: 'MTN' },
  },
  {
    productId: 'CELLCVAR',
    name: 'Cell C Airtime',
    type: 'AIRTIME_VARIABLE',
    isDirectTopup: false,
    productValues: [{ amount: 200, currency: '710' }, { amount: 50000, currency: '710' }],
    operator: { id: 'CELLC', name: 'Cell C' },
  },
]);

const byId = (id: string): AirtimeProduct => {
  const product = PRODUCTS.find((p) => p.productId === id);
  if (!product) throw new Error(id);
  return product;
};
const ids = (products: AirtimeProduct[]) => products.map((p) => p.productId);

describe('the catalogue as the cashier browses it', () => {
  it('sorts a product into airtime, data, SMS or top-up: airtime straight onto the number is a top-up, a bundle stays SMS however it is delivered', () => {
    expect(PRODUCTS.map(productKind)).toEqual(['airtime', 'airtime', 'data', 'top-up', 'sms', 'airtime']);
    expect(kindsOf(PRODUCTS)).toEqual(['airtime', 'data', 'sms', 'top-up']);
  });

  it('lists the operators once each, in name order', () => {
    expect(operatorsOf(PRODUCTS)).toEqual(['Cell C', 'MTN', 'Vodacom']);
  });

  it('narrows by operator and kind, in the channel’s order and then by price', () => {
    expect(ids(filterProducts(PRODUCTS, { operator: 'Vodacom', kind: 'airtime', currency: '710', channelName: 'POS' }))).toEqual(['VOD5', 'VOD10']);
    expect(ids(filterProducts(PRODUCTS, { operator: 'MTN', currency: '710' }))).toEqual(['MTNSMS100', 'MTNTOPUP']);
    expect(ids(filterProducts(PRODUCTS, { operator: 'Vodacom', currency: '710' })), 'airtime before data').toEqual(['VOD5', 'VOD10', 'VOD1GB']);
    expect(ids(filterProducts(PRODUCTS, { kind: 'top-up', currency: '710' }))).toEqual(['MTNTOPUP']);
  });

  it('finds products by every word typed, in any field the cashier sees', () => {
    expect(ids(filterProducts(PRODUCTS, { query: '1gb', currency: '710' }))).toEqual(['VOD1GB']);
    expect(ids(filterProducts(PRODUCTS, { query: 'mtn sms', currency: '710' }))).toEqual(['MTNSMS100']);
    expect(ids(filterProducts(PRODUCTS, { query: 'R 5.00', currency: '710' })).includes('VOD5')).toBe(true);
    expect(ids(filterProducts(PRODUCTS, { query: 'telkom', currency: '710' }))).toEqual([]);
  });

  it('reads a fixed price in the till’s currency only', () => {
    expect(fixedPrice(byId('VOD10'), '710')).toBe(1000);
    expect(fixedPrice(byId('MTNSMS100'), '710')).toBe(1500);
    expect(fixedPrice(byId('VOD10'), '840')).toBeUndefined();
    expect(fixedPrice(byId('MTNTOPUP'), '710')).toBeUndefined();
  });

  it('reads a variable product’s limits from its values', () => {
    expect(amountLimits(byId('MTNTOPUP'), '710')).toEqual({ min: 500, max: 100000 });
    expect(priceLabel(byId('MTNTOPUP'), '710')).toBe('R 5.00 – R 1 000.00');
    expect(priceLabel(byId('VOD10'), '710')).toBe('R 10.00');
  });

  it('says what a bundle holds and how long it lasts', () => {
    expect(contentsLabel(byId('VOD1GB'))).toBe('1 GB');
    expect(contentsLabel(byId('MTNSMS100'))).toBe('100 units');
    expect(validityLabel(byId('VOD1GB'))).toBe('valid 30 days');
    expect(validityLabel(byId('MTNSMS100'))).toBe('valid 1 month');
    expect(validityLabel(byId('VOD10'))).toBe('');
  });
});
