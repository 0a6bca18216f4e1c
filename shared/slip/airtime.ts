// Airtime and data slips (Airtime Service Interface v5): a PIN voucher the customer redeems later, or
// the receipt of a direct top-up already sent to their phone. Same slip model, marks and SlipData
// handling as the electricity slip, so the printer and the preview need nothing new.
import type { LedgerAmount } from '../protocol/schemas';
import type { AirtimeProduct, AirtimePurchaseRequest, AirtimePurchaseResponse, Voucher } from '../protocol/airtime/schemas';
import { toZonedRfc3339 } from '../time';
import type { SlipBlock, SlipModel, TextBlock } from './blocks';
import { formatMoney, formatSlipTime } from './format';
import { markBlocks, slipDataBlocks, TRAINING_MARK } from './model';

export interface AirtimeSlipInput {
  request: AirtimePurchaseRequest;
  response: AirtimePurchaseResponse;
  /** The catalogue entry sold, for what the answer leaves out (the till sends only the productId). */
  catalogueProduct?: AirtimeProduct;
  merchant: { name: string; terminalId: string; operatorId?: string };
  /** RFC 3339 in the shop's local offset; printed as written. */
  printedAt: string;
  /** The shop's IANA time zone: the voucher's expiry (UTC on the wire) is printed in it. */
  timeZone?: string;
  /** The terminal's currency, for an amount the messages leave without one. */
  currency: string;
  tendered?: LedgerAmount;
  change?: LedgerAmount;
  marks: { training?: boolean; reprint?: boolean; recovered?: boolean };
}

/** Heading over the PIN on slip and screen. */
export const PIN_LABEL = 'YOUR PIN';
export const TOP_UP_SENT_LABEL = 'TOP-UP SENT TO';

/**
 * A voucher PIN in groups a cashier can read aloud: fours, except that the digits are spread evenly
 * so no group is left with one or two (`12345678901234` → `1234 5678 901 234`).
 */
export function groupPin(pin: string): string {
  const compact = pin.replace(/\s+/g, '');
  const count = Math.ceil(compact.length / 4);
  if (count <= 1) return compact;
  const base = Math.floor(compact.length / count);
  const longer = compact.length % count;
  const groups: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const size = base + (i < longer ? 1 : 0);
    groups.push(compact.slice(at, at + size));
    at += size;
  }
  return groups.join(' ');
}

/**
 * A phone number as the customer knows it: South African numbers in local form
 * (`27821234567` → `082 123 4567`), any other in international form (`+263771234567`).
 */
export function localMsisdn(msisdn: string): string {
  const digits = msisdn.replace(/[\s+]/g, '');
  const national = /^27(\d{9})$/.exec(digits)?.[1] ?? /^0(\d{9})$/.exec(digits)?.[1];
  if (national) return `0${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`;
  return /^\d+$/.test(digits) ? `+${digits}` : msisdn;
}

/** The product as the upstream answered it, else as it was asked for, else as the catalogue has it. */
function productOf(input: Pick<AirtimeSlipInput, 'request' | 'response' | 'catalogueProduct'>): AirtimeProduct {
  return { ...input.catalogueProduct, ...input.request.product, ...input.response.product };
}

/**
 * What the customer paid: the amount the cashier asked for (a variable product's requestAmount, else
 * the tenders taken), else what the upstream approved, else the product's face value.
 */
export function airtimeAmountPaid(request: AirtimePurchaseRequest, response: AirtimePurchaseResponse | undefined, currency: string): LedgerAmount {
  const requested = request.amounts?.requestAmount;
  if (requested) return { amount: requested.amount, currency: requested.currency };
  const tenders = request.tenders ?? [];
  if (tenders.length > 0) {
    return { amount: tenders.reduce((sum, t) => sum + t.amount.amount, 0), currency: tenders[0]?.amount.currency ?? currency };
  }
  const product = { ...request.product, ...response?.product };
  const value = response?.amounts?.approvedAmount ?? product.recipientAmount ?? product.productValues?.[0];
  return value ? { amount: value.amount, currency: value.currency } : { amount: 0, currency };
}

const KIND_WORDS: Record<string, string> = {
  AIRTIME_FIXED: 'AIRTIME',
  AIRTIME_VARIABLE: 'AIRTIME',
  DATA: 'DATA',
  DATA_FIXED: 'DATA',
  DATA_VARIABLE: 'DATA',
  SMS_BUNDLE: 'SMS BUNDLE',
  VOICE_BUNDLE: 'VOICE BUNDLE',
  COMBO: 'BUNDLE',
  APP_RELATED: 'APP BUNDLE',
};

function unitWords(amount: number, unit: string): string {
  if (unit === 'Unit') return `${amount} SMS`;
  if (unit === 'Minutes') return `${amount} min`;
  return `${amount} ${unit}`;
}

/** `{duration: 30, durationUnit: 'DAYS'}` → `30 days`; `1 HOURS` → `1 hour`. */
function validityWords(period: NonNullable<AirtimeProduct['validityPeriod']>): string {
  const unit = period.durationUnit.toLowerCase();
  return `${period.duration} ${period.duration === 1 ? unit.replace(/s$/, '') : unit}`;
}

const text = (value: string, extra: Omit<TextBlock, 'kind' | 'text'> = {}): TextBlock => ({ kind: 'text', text: value, ...extra });
const pair = (label: string, value: string, bold?: boolean): SlipBlock =>
  bold ? { kind: 'pair', label, value, bold } : { kind: 'pair', label, value };
const rule = (): SlipBlock => ({ kind: 'rule' });

function productBlocks(product: AirtimeProduct, operator: string | undefined): SlipBlock[] {
  const blocks: SlipBlock[] = [];
  if (operator) blocks.push(pair('Network', operator, true));
  blocks.push(pair('Product', product.name ?? product.productId));
  const contents = product.productContents ?? [];
  if (contents.length > 0) blocks.push(pair('Contents', contents.map((c) => unitWords(c.amount, c.unit)).join(' + ')));
  if (product.validityPeriod) blocks.push(pair('Valid for', validityWords(product.validityPeriod)));
  return blocks;
}

/**
 * The redeem lines as the operator wrote them; a `<pin>` placeholder (the operator's USSD template,
 * e.g. `*999*<pin>#`) is filled in so the customer dials the line as printed.
 */
export function redeemLines(voucher: Pick<Voucher, 'pin' | 'redeemInstructions'>): string[] {
  return (voucher.redeemInstructions ?? []).map((line) => line.replace(/<pin>/gi, voucher.pin ?? ''));
}

/** When the voucher stops working, in the shop's time. */
export function voucherExpiry(expiryDate: string, timeZone: string | undefined): string {
  return formatSlipTime(timeZone ? toZonedRfc3339(expiryDate, timeZone) : expiryDate);
}

function voucherBlocks(voucher: Voucher, timeZone: string | undefined): SlipBlock[] {
  const blocks: SlipBlock[] = [];
  if (voucher.pin) {
    blocks.push(text(PIN_LABEL, { align: 'center', bold: true }));
    blocks.push(text(groupPin(voucher.pin), { align: 'center', bold: true, width: 2, height: 2, fit: 'shrink' }));
  } else {
    blocks.push(text('NO PIN ISSUED', { align: 'center', bold: true }));
  }
  blocks.push(pair('Serial no.', voucher.serialNumber));
  if (voucher.batchNumber) blocks.push(pair('Batch no.', voucher.batchNumber));
  if (voucher.expiryDate) blocks.push(pair('Expires', voucherExpiry(voucher.expiryDate, timeZone)));
  const redeem = redeemLines(voucher);
  if (redeem.length > 0) {
    blocks.push(rule(), text('HOW TO REDEEM', { bold: true }));
    for (const line of redeem) blocks.push(text(line));
  }
  return blocks;
}

/** The voucher (PIN) slip, or the direct top-up slip when the answer carries no voucher. */
export function buildAirtimeSlip(input: AirtimeSlipInput): SlipModel {
  const { request, response, merchant, marks } = input;
  const product = productOf(input);
  const voucher = response.voucher;
  const recipient = request.recipientMsisdn ?? response.msisdn;
  // A PIN product answered without a PIN is not a top-up, whatever number it was bought for.
  const topUp = !voucher && (product.isDirectTopup ?? recipient !== undefined);
  const operator = product.operator?.name ?? recipient?.operator?.name;
  const kind = KIND_WORDS[product.type ?? ''] ?? 'AIRTIME';
  const blocks: SlipBlock[] = [];

  blocks.push(...markBlocks(marks));
  blocks.push(text(merchant.name, { align: 'center', bold: true, height: 2 }));
  blocks.push(text(`${kind} ${topUp ? 'TOP-UP' : 'VOUCHER'}`, { align: 'center' }));
  blocks.push(pair('Date', formatSlipTime(input.printedAt)));
  blocks.push(pair('Terminal', merchant.terminalId));
  const cashier = merchant.operatorId ?? request.originator.operatorId;
  if (cashier) blocks.push(pair('Cashier', cashier));

  blocks.push(rule());
  if (topUp && recipient) {
    blocks.push(text(TOP_UP_SENT_LABEL, { align: 'center', bold: true }));
    blocks.push(text(localMsisdn(recipient.msisdn), { align: 'center', bold: true, width: 2, height: 2, fit: 'shrink' }));
  }
  blocks.push(...productBlocks(product, operator));
  // A voucher bought for a number (the counter asks for it first) says whose it is, as the screen does.
  if (!topUp && recipient) blocks.push(pair('For', localMsisdn(recipient.msisdn)));

  blocks.push(rule());
  if (voucher) blocks.push(...voucherBlocks(voucher, input.timeZone), rule());
  else if (!topUp) blocks.push(text('NO PIN ISSUED', { align: 'center', bold: true }), rule());

  const paid = airtimeAmountPaid(request, response, input.currency);
  blocks.push(pair('TOTAL', formatMoney(paid.amount, paid.currency), true));
  if (input.tendered) blocks.push(pair('Tendered', formatMoney(input.tendered.amount, input.tendered.currency)));
  if (input.change) blocks.push(pair('Change', formatMoney(input.change.amount, input.change.currency)));

  blocks.push(rule());
  if (response.slipData?.issuerReference) blocks.push(pair('Issuer ref', response.slipData.issuerReference));
  blocks.push(pair('Purchase ref', request.id));

  const slipLines = slipDataBlocks(response.slipData);
  if (slipLines.length > 0) blocks.push(rule(), ...slipLines);

  if (marks.training) blocks.push(rule(), text(TRAINING_MARK, { align: 'center', bold: true, invert: true, height: 2 }));
  // One final cut after a feed, so the last lines clear the cutter; SlipData's own last cut is that cut.
  if (blocks.at(-1)?.kind === 'cut') blocks.pop();
  blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
  return { blocks };
}
