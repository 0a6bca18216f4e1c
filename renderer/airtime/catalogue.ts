// The airtime and data catalogue as the cashier browses it: by operator, by kind (airtime, data,
// SMS, top-up) and by what they type. Pure: the source of the list (listProducts, the configured
// fallback) lives in catalogue-source.ts.
import type { AirtimeProduct, ProductContent, ValidityPeriod } from '../../shared/protocol/airtime/schemas';
import { formatMoney } from '../../shared/money';

/**
 * The tabs a cashier picks from, by what the customer gets. Airtime recharged straight onto the number
 * (no PIN) is a top-up; data and SMS bundles stay data and SMS however they are delivered.
 */
export const PRODUCT_KINDS = ['airtime', 'data', 'sms', 'top-up', 'other'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const KIND_LABELS: Record<ProductKind, string> = {
  airtime: 'Airtime',
  data: 'Data',
  sms: 'SMS',
  'top-up': 'Top-up',
  other: 'Other',
};

export function productKind(product: AirtimeProduct): ProductKind {
  switch (product.type) {
    case 'AIRTIME_FIXED':
    case 'AIRTIME_VARIABLE':
      return product.isDirectTopup ? 'top-up' : 'airtime';
    case 'DATA':
    case 'DATA_FIXED':
    case 'DATA_VARIABLE':
      return 'data';
    case 'SMS_BUNDLE':
      return 'sms';
    default:
      return 'other';
  }
}

/** Products whose price the cashier types (within limits) rather than reads off the list. */
export function isVariable(product: AirtimeProduct): boolean {
  return product.type === 'AIRTIME_VARIABLE' || product.type === 'DATA_VARIABLE';
}

/** The operator's name as the catalogue gives it (Vodacom, MTN…), or a stand-in so nothing is lost. */
export function operatorName(product: AirtimeProduct): string {
  return product.operator?.name ?? product.operator?.id ?? 'Other';
}

/** The channel entry for this till; with no channel configured, a product sold in one channel only uses that one. */
function channelOf(product: AirtimeProduct, channelName: string | undefined) {
  const channels = product.channels ?? [];
  if (!channelName) return channels.length === 1 ? channels[0] : undefined;
  return channels.find((c) => c.channelName === channelName);
}

export function displayName(product: AirtimeProduct, channelName?: string): string {
  return channelOf(product, channelName)?.productDisplayName ?? product.name ?? product.description?.shortDescription ?? product.productId;
}

/**
 * The price of a fixed-price product in the till's currency, from its values (a product may list
 * several currencies: the recipient's and ours). Undefined for a variable product, or when the
 * catalogue does not say.
 */
export function fixedPrice(product: AirtimeProduct, currency: string): number | undefined {
  if (isVariable(product)) return undefined;
  const own = (product.productValues ?? []).filter((value) => value.currency === currency);
  if (own.length === 1) return own[0]?.amount;
  if (product.recipientAmount?.currency === currency) return product.recipientAmount.amount;
  return undefined;
}

/**
 * Limits of a variable product's amount in the till's currency. The Product model has no min or
 * max: the catalogue gives them as the product's values in our currency (the smallest is the
 * minimum, the largest the maximum; one value is a maximum only).
 */
export function amountLimits(product: AirtimeProduct, currency: string): { min?: number; max?: number } {
  const own = (product.productValues ?? []).filter((value) => value.currency === currency).map((value) => value.amount);
  if (own.length === 0) return {};
  if (own.length === 1) return { max: own[0] as number };
  return { min: Math.min(...own), max: Math.max(...own) };
}

/** What the cashier reads beside the name: R 29.00, or R 5.00 – R 1 000.00 for a variable product. */
export function priceLabel(product: AirtimeProduct, currency: string): string {
  const price = fixedPrice(product, currency);
  if (price !== undefined) return formatMoney(price, currency);
  if (!isVariable(product)) return '';
  const { min, max } = amountLimits(product, currency);
  if (min !== undefined && max !== undefined) return `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
  if (max !== undefined) return `up to ${formatMoney(max, currency)}`;
  return 'any amount';
}

const UNIT_WORDS: Record<ProductContent['unit'], string> = { KB: 'KB', MB: 'MB', GB: 'GB', Unit: 'units', Minutes: 'minutes' };

export function contentsLabel(product: AirtimeProduct): string {
  return (product.productContents ?? []).map((c) => `${c.amount.toLocaleString('en-ZA')} ${c.amount === 1 && c.unit === 'Minutes' ? 'minute' : UNIT_WORDS[c.unit]}`).join(' + ');
}

const PERIOD_WORDS: Partial<Record<ValidityPeriod['durationUnit'], [string, string]>> = {
  HOURS: ['hour', 'hours'],
  DAYS: ['day', 'days'],
  WEEKS: ['week', 'weeks'],
  MONTHS: ['month', 'months'],
  YEARS: ['year', 'years'],
};

export function validityLabel(product: AirtimeProduct): string {
  const period = product.validityPeriod;
  if (!period) return '';
  if (period.durationUnit === 'FOREVER') return 'does not expire';
  const words = PERIOD_WORDS[period.durationUnit];
  if (!words) return `valid ${period.duration} ${period.durationUnit.toLowerCase()}`;
  return `valid ${period.duration} ${period.duration === 1 ? words[0] : words[1]}`;
}

export interface CatalogueFilter {
  /** Operator name (as operatorName gives it); absent = every operator. */
  operator?: string;
  kind?: ProductKind;
  /** What the cashier typed: every word must appear in the name, description, contents or price. */
  query?: string;
  channelName?: string;
  currency: string;
}

function searchText(product: AirtimeProduct, filter: CatalogueFilter): string {
  return [
    displayName(product, filter.channelName),
    product.name,
    product.description?.primaryDescription,
    product.description?.shortDescription,
    operatorName(product),
    KIND_LABELS[productKind(product)],
    contentsLabel(product),
    priceLabel(product, filter.currency),
    product.productId,
    product.barcode,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** The products to show: by operator, by kind, in the catalogue's order for this channel, then by price and name. */
export function filterProducts(products: readonly AirtimeProduct[], filter: CatalogueFilter): AirtimeProduct[] {
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const shown = products.filter(
    (product) =>
      (!filter.operator || operatorName(product) === filter.operator) &&
      (!filter.kind || productKind(product) === filter.kind) &&
      (words.length === 0 || words.every((word) => searchText(product, filter).includes(word))),
  );
  const order = (product: AirtimeProduct) => channelOf(product, filter.channelName)?.productDisplaySortOrder ?? Number.POSITIVE_INFINITY;
  const price = (product: AirtimeProduct) => fixedPrice(product, filter.currency) ?? amountLimits(product, filter.currency).min ?? Number.POSITIVE_INFINITY;
  return [...shown].sort(
    (a, b) =>
      operatorName(a).localeCompare(operatorName(b)) ||
      PRODUCT_KINDS.indexOf(productKind(a)) - PRODUCT_KINDS.indexOf(productKind(b)) ||
      order(a) - order(b) ||
      price(a) - price(b) ||
      displayName(a, filter.channelName).localeCompare(displayName(b, filter.channelName)),
  );
}

/** Operators in the catalogue, in name order. */
export function operatorsOf(products: readonly AirtimeProduct[]): string[] {
  return [...new Set(products.map(operatorName))].sort((a, b) => a.localeCompare(b));
}

/** Kinds present in (a part of) the catalogue, in tab order. */
export function kindsOf(products: readonly AirtimeProduct[]): ProductKind[] {
  const present = new Set(products.map(productKind));
  return PRODUCT_KINDS.filter((kind) => present.has(kind));
}
