// What the airtime simulator sells: the four South African networks' airtime and data vouchers,
// bundles and direct top-ups, the fictional operator of Electrum's Postman pack, and an international
// aggregator (transferTo) for the pack's MSISDN examples. Prices are in cents (ZAR, "710").
import type { AirtimeProduct, AirtimeProductType, ProductContent, ValidityPeriod } from '../../../shared/protocol/airtime/schemas';
import type { Institution, LedgerAmount } from '../../../shared/protocol/schemas';

export const ZAR = '710';
export const CHANNEL = 'POS';

export interface SimOperator extends Institution {
  /** Two digits after the country code (27 82 …) the network's numbers started with. */
  prefixes: readonly string[];
  /** Digits in a voucher PIN. */
  pinLength: number;
  /** USSD recharge code: the PIN goes between the code and the '#'. */
  rechargeCode: string;
  careLine: string;
}

export const SA_OPERATORS: readonly SimOperator[] = [
  { id: 'VODACOM', name: 'Vodacom', prefixes: ['60', '66', '72', '76', '79', '82'], pinLength: 12, rechargeCode: '*100*01*', careLine: '082 111' },
  { id: 'MTN', name: 'MTN', prefixes: ['63', '73', '78', '83'], pinLength: 16, rechargeCode: '*141*', careLine: '083 173' },
  { id: 'CELLC', name: 'Cell C', prefixes: ['61', '62', '65', '74', '84'], pinLength: 12, rechargeCode: '*102*', careLine: '084 140' },
  { id: 'TELKOM', name: 'Telkom', prefixes: ['67', '68', '81'], pinLength: 16, rechargeCode: '*188*', careLine: '081 180' },
];

/** The operator of Electrum's Postman pack (its receiver institution) and its two products. */
export const PACK_OPERATOR: SimOperator = {
  id: '44444444', name: 'MobiTalk', prefixes: [], pinLength: 12, rechargeCode: '*999*', careLine: 'your network operator',
};
export const TRANSFER_TO: Institution = { id: 'transferTo', name: 'transferTo' };

const zar = (cents: number): LedgerAmount => ({ amount: cents, currency: ZAR });
const days = (n: number): ValidityPeriod => ({ duration: n, durationUnit: 'DAYS' });
const MONTHS_36: ValidityPeriod = { duration: 36, durationUnit: 'MONTHS' };

type Category = 'Airtime' | 'Data' | 'SMS' | 'Top-up';

interface Offer {
  code: string;
  name: string;
  type: AirtimeProductType;
  isDirectTopup: boolean;
  category: Category;
  /** A fixed price, or the limits of a variable one. */
  price: number | { min: number; max: number };
  validity: ValidityPeriod;
  contents?: ProductContent[];
}

const OFFERS: readonly Offer[] = [
  ...[500, 1000, 2900, 5500, 10000].map((cents): Offer => ({
    code: `AT${cents / 100}`,
    name: `R${cents / 100} airtime`,
    type: 'AIRTIME_FIXED',
    isDirectTopup: false,
    category: 'Airtime',
    price: cents,
    validity: MONTHS_36,
  })),
  { code: 'DATA100MB', name: '100 MB data', type: 'DATA', isDirectTopup: false, category: 'Data', price: 2900, validity: days(30), contents: [{ amount: 100, unit: 'MB' }] },
  { code: 'DATA1GB', name: '1 GB data', type: 'DATA', isDirectTopup: false, category: 'Data', price: 9900, validity: days(30), contents: [{ amount: 1, unit: 'GB' }] },
  { code: 'BUNDLE2GB', name: '2 GB data bundle', type: 'DATA_FIXED', isDirectTopup: true, category: 'Data', price: 14900, validity: days(30), contents: [{ amount: 2, unit: 'GB' }] },
  { code: 'SMS100', name: '100 SMS bundle', type: 'SMS_BUNDLE', isDirectTopup: true, category: 'SMS', price: 1500, validity: days(30), contents: [{ amount: 100, unit: 'Unit' }] },
  { code: 'TOPUP', name: 'Airtime top-up', type: 'AIRTIME_VARIABLE', isDirectTopup: true, category: 'Top-up', price: { min: 200, max: 100000 }, validity: MONTHS_36 },
];

function prices(price: Offer['price']): Pick<AirtimeProduct, 'wholesalePrice' | 'recipientAmount' | 'productValues'> {
  // A variable product's values are its limits (smallest = minimum, largest = maximum), as the till reads them.
  if (typeof price !== 'number') return { productValues: [zar(price.min), zar(price.max)] };
  return { wholesalePrice: zar(Math.round(price * 0.95)), recipientAmount: zar(price), productValues: [zar(price)] };
}

function productFor(operator: SimOperator, offer: Offer, sortOrder: number): AirtimeProduct {
  const displayName = `${operator.name} ${offer.name}`;
  return {
    productId: `${operator.id.slice(0, 4)}${offer.code}`,
    name: displayName,
    description: { primaryDescription: displayName, shortDescription: offer.name },
    type: offer.type,
    isDirectTopup: offer.isDirectTopup,
    ...prices(offer.price),
    validityPeriod: offer.validity,
    ...(offer.contents ? { productContents: offer.contents } : {}),
    operator: { id: operator.id, name: operator.name },
    channels: [{ channelName: CHANNEL, productDisplayName: displayName.slice(0, 50), productDisplayCategory: offer.category, productDisplaySortOrder: sortOrder }],
  };
}

export const SA_PRODUCTS: readonly AirtimeProduct[] = SA_OPERATORS.flatMap((operator) =>
  OFFERS.map((offer, index) => productFor(operator, offer, index + 1)),
);

const PACK_PRODUCTS: readonly AirtimeProduct[] = [
  {
    productId: 'productId123',
    name: 'TalkALot',
    type: 'AIRTIME_FIXED',
    isDirectTopup: false,
    ...prices(2900),
    validityPeriod: MONTHS_36,
    operator: { id: PACK_OPERATOR.id, name: PACK_OPERATOR.name },
  },
  {
    productId: 'productId321',
    name: 'TalkALot Flexi',
    type: 'AIRTIME_VARIABLE',
    isDirectTopup: false,
    ...prices({ min: 500, max: 50000 }),
    validityPeriod: MONTHS_36,
    operator: { id: PACK_OPERATOR.id, name: PACK_OPERATOR.name },
  },
];

interface Country {
  callingCode: string;
  iso: string;
  currency: string;
  /** Local currency units per rand, for the recipient's amount. */
  perRand: number;
  offers: ReadonlyArray<{ code: string; name: string; type: AirtimeProductType; cents: number }>;
  promotion?: string;
}

/** transferTo's catalogue by the recipient's country: the pack asks for ZA, IR and PL numbers. */
const TRANSFER_TO_COUNTRIES: readonly Country[] = [
  {
    callingCode: '27', iso: 'ZA', currency: '840', perRand: 0.055, promotion: 'Double data weekend',
    offers: [
      { code: 'TTZADATA100', name: 'Data 100mb', type: 'DATA', cents: 3000 },
      { code: 'TTZAAT29', name: 'Airtime R29', type: 'AIRTIME_FIXED', cents: 2900 },
    ],
  },
  {
    callingCode: '98', iso: 'IR', currency: '364', perRand: 2300,
    offers: [
      { code: 'TTIRAT50', name: 'Airtime 50', type: 'AIRTIME_FIXED', cents: 5000 },
      { code: 'TTIRAT100', name: 'Airtime 100', type: 'AIRTIME_FIXED', cents: 10000 },
      { code: 'TTIRDATA1GB', name: 'Data 1GB', type: 'DATA', cents: 8000 },
    ],
  },
  { callingCode: '48', iso: 'PL', currency: '985', perRand: 0.21, offers: [] },
];

function transferToProduct(country: Country, offer: Country['offers'][number]): AirtimeProduct {
  const local = { amount: Math.round(offer.cents * country.perRand), currency: country.currency };
  return {
    productId: offer.code,
    name: offer.name,
    type: offer.type,
    isDirectTopup: true,
    wholesalePrice: zar(Math.round(offer.cents * 0.9)),
    recipientAmount: local,
    productValues: [zar(offer.cents), local],
    validityPeriod: days(30),
    operator: TRANSFER_TO,
  };
}

export function transferToCountry(msisdn: string): { iso: string; products: AirtimeProduct[]; promotion?: string } | undefined {
  const digits = msisdn.replace(/^\+/, '');
  const country = TRANSFER_TO_COUNTRIES.find((c) => digits.startsWith(c.callingCode));
  if (!country) return undefined;
  return {
    iso: country.iso,
    products: country.offers.map((offer) => transferToProduct(country, offer)),
    ...(country.promotion ? { promotion: country.promotion } : {}),
  };
}

const ALL_PRODUCTS: readonly AirtimeProduct[] = [
  ...SA_PRODUCTS,
  ...PACK_PRODUCTS,
  ...TRANSFER_TO_COUNTRIES.flatMap((country) => country.offers.map((offer) => transferToProduct(country, offer))),
];

export function findProduct(productId: string): AirtimeProduct | undefined {
  return ALL_PRODUCTS.find((p) => p.productId === productId);
}

/** The operator behind a product, with its PIN and recharge rules. */
export function operatorOf(product: AirtimeProduct): SimOperator {
  return SA_OPERATORS.find((o) => o.id === product.operator?.id) ?? { ...PACK_OPERATOR, ...(product.operator ?? {}) };
}

/** The network a South African number (27 + 9 digits) was issued by; numbers can be ported, so a guess. */
export function operatorForMsisdn(msisdn: string): SimOperator | undefined {
  const match = /^\+?27(\d{2})\d{7}$/.exec(msisdn);
  return match ? SA_OPERATORS.find((o) => o.prefixes.includes(match[1] ?? '')) : undefined;
}

export function findOperator(idOrName: string): SimOperator | undefined {
  const key = idOrName.toLowerCase();
  return SA_OPERATORS.find((o) => o.id.toLowerCase() === key || o.name.toLowerCase() === key);
}

/** The fixed price of a product, or the limits of a variable one, in cents. */
export function priceOf(product: AirtimeProduct): { fixed: number } | { min: number; max: number } {
  const own = (product.productValues ?? []).filter((v) => v.currency === ZAR).map((v) => v.amount);
  if (product.type === 'AIRTIME_VARIABLE' || product.type === 'DATA_VARIABLE') {
    return { min: Math.min(...own), max: Math.max(...own) };
  }
  return { fixed: own[0] ?? product.recipientAmount?.amount ?? 0 };
}

/** Products on sale in a channel: those listed in it, or with no channel restriction. */
export function productsFor(filter: { channelName?: string; productType?: string; productCategory?: string; operatorId?: string }): AirtimeProduct[] {
  return SA_PRODUCTS.filter((p) => {
    if (filter.operatorId && p.operator?.id !== filter.operatorId) return false;
    if (filter.productType && p.type !== filter.productType) return false;
    const channels = p.channels ?? [];
    if (filter.channelName && channels.length > 0 && !channels.some((c) => c.channelName === filter.channelName)) return false;
    if (filter.productCategory && !channels.some((c) => c.productDisplayCategory?.toLowerCase() === filter.productCategory?.toLowerCase())) return false;
    return true;
  });
}
