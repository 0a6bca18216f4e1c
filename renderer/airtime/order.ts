// What the cashier chose, checked before any network call, and the purchase request built from it.
import type { AppInfo } from '../../shared/bridge';
import { formatMoney, parseMoneyInput } from '../../shared/money';
import { buildAirtimePurchaseRequest } from '../../shared/protocol/airtime/envelope';
import type { AirtimeProduct, AirtimePurchaseRequest } from '../../shared/protocol/airtime/schemas';
import { cashTender } from '../../shared/protocol/envelope';
import { amountLimits, fixedPrice, isVariable } from './catalogue';
import type { ParsedMsisdn } from './msisdn';

export interface OrderInput {
  /** What the cashier typed as the amount; only read for a variable-price product. */
  amountText?: string;
  tenderedText: string;
}

export interface AirtimeOrder {
  /** What the customer pays, minor units. */
  price: number;
  tendered: number;
  change: number;
  /** Set for a variable-price product: the amount the customer asked for (amounts.requestAmount). */
  requestAmount?: number;
}

export type OrderStep = { ok: true; value: AirtimeOrder } | { ok: false; message: string };

/** The price (typed within the product's limits, or the catalogue's) and the cash, before anything is sent. */
export function checkOrder(product: AirtimeProduct, currency: string, input: OrderInput): OrderStep {
  let price: number;
  let requestAmount: number | undefined;
  if (isVariable(product)) {
    const amount = parseMoneyInput(input.amountText ?? '', currency);
    if (!amount.ok) return { ok: false, message: `Amount: ${amount.message}` };
    const { min, max } = amountLimits(product, currency);
    if (amount.minor <= 0) return { ok: false, message: 'Enter an amount greater than zero.' };
    if (min !== undefined && amount.minor < min) return { ok: false, message: `The smallest amount for this product is ${formatMoney(min, currency)}.` };
    if (max !== undefined && amount.minor > max) return { ok: false, message: `The largest amount for this product is ${formatMoney(max, currency)}.` };
    price = amount.minor;
    requestAmount = amount.minor;
  } else {
    const fixed = fixedPrice(product, currency);
    if (fixed === undefined) return { ok: false, message: 'The catalogue gives no price for this product in this till’s currency. Choose another product.' };
    price = fixed;
  }
  const tendered = parseMoneyInput(input.tenderedText, currency);
  if (!tendered.ok) return { ok: false, message: `Cash tendered: ${tendered.message}` };
  if (tendered.minor < price) return { ok: false, message: `Cash tendered is less than the price (${formatMoney(price, currency)}).` };
  return { ok: true, value: { price, tendered: tendered.minor, change: tendered.minor - price, ...(requestAmount !== undefined ? { requestAmount } : {}) } };
}

/** The airtime sale as the core journals it (renderer/sale/purchase.ts SaleDraft, airtime branch). */
export interface AirtimeDraft {
  service: 'airtime';
  subject: string;
  msisdn: string;
  product: AirtimeProduct;
  request: AirtimePurchaseRequest;
  tendered: number;
}

/** A new purchase request with its own id; the recipient number goes with every product (a PIN's customer too). */
export function airtimeDraft(info: Pick<AppInfo, 'terminal' | 'operatorId'>, msisdn: ParsedMsisdn, product: AirtimeProduct, order: AirtimeOrder): AirtimeDraft {
  const currency = info.terminal.currency;
  const request = buildAirtimePurchaseRequest(info.terminal, {
    id: crypto.randomUUID(),
    time: new Date().toISOString(),
    ...(info.operatorId ? { operatorId: info.operatorId } : {}),
    product,
    recipientMsisdn: msisdn.international,
    ...(order.requestAmount !== undefined ? { requestAmount: order.requestAmount } : {}),
    tenders: [cashTender({ amount: order.price, currency })],
  });
  return { service: 'airtime', subject: msisdn.international, msisdn: msisdn.international, product, request, tendered: order.tendered };
}
