// A purchase slip laid out for keying: who sold it, for which meter, the tokens in the order to
// enter them, what the money paid for, and the upstream's own SlipData lines, in that order.
import type { LedgerAmount, PurchaseRequest, PurchaseResponse, SlipData, Token } from '../protocol/schemas';
import { scaleFactor, type SlipBlock, type SlipModel, type TextBlock } from './blocks';
import { formatMoney, formatRate, formatSlipTime, formatToken, formatUnits, unitFor } from './format';
import { chargesOf, currencyOf, slipTotal, taxLabel, type ChargeAmount } from './total';

export * from './blocks';
export { formatMoney, formatToken } from './format';

export interface PurchaseSlipInput {
  request: PurchaseRequest;
  response: PurchaseResponse;
  merchant: { name: string; terminalId: string; operatorId?: string };
  /** RFC 3339 in the shop's local offset; printed as written. */
  printedAt: string;
  tendered?: LedgerAmount;
  change?: LedgerAmount;
  marks: { training?: boolean; reprint?: boolean; recovered?: boolean };
  /** The reference printed last; a purchase's own id ("Purchase ref") unless given. */
  reference?: { label: string; value: string };
}

export const TRAINING_MARK = 'TRAINING — NOT VALID';
export const REPRINT_MARK = 'REPRINT';
export const RECOVERED_MARK = 'RECOVERED';

const TOKEN_ORDER: Record<Token['tokenType'], number> = { KC: 0, STD: 1, BSST: 2, PWRLMT: 3, REFUND: 4 };

const text = (value: string, extra: Omit<TextBlock, 'kind' | 'text'> = {}): TextBlock => ({
  kind: 'text',
  text: value,
  ...extra,
});
const pair = (label: string, value: string, bold?: boolean): SlipBlock =>
  bold ? { kind: 'pair', label, value, bold } : { kind: 'pair', label, value };
const rule = (): SlipBlock => ({ kind: 'rule' });

function tokenLabel(type: Token['tokenType'], utilityType: string | undefined): string {
  const utility = (utilityType ?? 'Electricity').toUpperCase();
  switch (type) {
    case 'KC':
      return 'KEY CHANGE TOKEN';
    case 'STD':
      return `${utility} TOKEN`;
    case 'BSST':
      return `FREE BASIC ${utility}`;
    case 'REFUND':
      return 'REFUND TOKEN';
    case 'PWRLMT':
      return 'POWER LIMIT TOKEN';
  }
}

/** Taxable amount lines: the net amount, then its tax when the amount excludes it. */
function taxableLines(label: string, amount: ChargeAmount, currency: string): SlipBlock[] {
  const blocks: SlipBlock[] = [pair(label, formatMoney(amount.amount, currency))];
  if (amount.tax !== undefined && amount.tax !== 0) {
    blocks.push(pair(taxLabel(amount), formatMoney(amount.tax, currency)));
  }
  return blocks;
}

/** The marks a slip opens with: TRAINING — NOT VALID, then REPRINT and RECOVERED where they apply. */
export function markBlocks(marks: PurchaseSlipInput['marks']): SlipBlock[] {
  const blocks: SlipBlock[] = [];
  if (marks.training) blocks.push(text(TRAINING_MARK, { align: 'center', bold: true, invert: true, height: 2 }));
  if (marks.reprint) blocks.push(text(`*** ${REPRINT_MARK} ***`, { align: 'center', bold: true, height: 2 }));
  if (marks.recovered) blocks.push(text(`*** ${RECOVERED_MARK} ***`, { align: 'center', bold: true, height: 2 }));
  return blocks;
}

/**
 * Tokens large and grouped in fours, key change tokens first; when there are any, every token is
 * numbered under "ENTER THE TOKENS IN THIS ORDER". Shared by purchase and key change slips.
 */
export function tokenBlocks(response: Pick<PurchaseResponse, 'tokens' | 'utilityType'>, currency: string): SlipBlock[] {
  const tokens = response.tokens
    .map((token, index) => ({ token, index }))
    .sort((a, b) => TOKEN_ORDER[a.token.tokenType] - TOKEN_ORDER[b.token.tokenType] || a.index - b.index)
    .map(({ token }) => token);
  if (tokens.length === 0) return [];
  const unit = unitFor(response.utilityType);
  const keyChanges = tokens.filter((t) => t.tokenType === 'KC').length;
  const numbered = keyChanges > 0;
  const blocks: SlipBlock[] = [];
  if (numbered) {
    blocks.push(text('ENTER THE TOKENS IN THIS ORDER', { align: 'center', bold: true }));
  }
  let keyChangeIndex = 0;
  tokens.forEach((token, index) => {
    let label = tokenLabel(token.tokenType, response.utilityType);
    if (token.tokenType === 'KC') {
      keyChangeIndex += 1;
      label = `${label} ${keyChangeIndex} OF ${keyChanges}`;
    }
    if (numbered) label = `${index + 1}. ${label}`;
    blocks.push(text(label, { bold: true }));
    blocks.push(text(formatToken(token.token), { align: 'center', bold: true, width: 2, height: 2, fit: 'shrink' }));
    const tokenCurrency = currencyOf(token.amount, currency);
    if (token.tokenType !== 'KC' || token.units !== 0) {
      blocks.push(pair('Units', `${formatUnits(token.units)} ${unit}`));
    }
    if (token.tokenType !== 'KC' || token.amount.amount !== 0) {
      blocks.push(...taxableLines('Amount', token.amount, tokenCurrency));
    }
    for (const block of token.tariffCalc ?? []) {
      const cost = Math.round(block.units * block.rate);
      blocks.push(pair(`  ${formatUnits(block.units)} ${unit} @ ${formatRate(block.rate)}`, formatMoney(cost, tokenCurrency)));
    }
    if (token.receiptNum) blocks.push(pair('Receipt no.', token.receiptNum));
    if (index < tokens.length - 1) blocks.push({ kind: 'feed', lines: 1 });
  });
  return blocks;
}

function chargeBlocks(response: PurchaseResponse, currency: string): SlipBlock[] {
  const charges = chargesOf(response);
  const blocks: SlipBlock[] = [];
  const debts = charges.debtRecoveryCharges;
  if (debts.length > 0) {
    blocks.push(rule(), text('DEBT RECOVERY', { bold: true }));
    for (const debt of debts) {
      const debtCurrency = currencyOf(debt.amount, currency);
      blocks.push(text(debt.description ?? 'Debt recovery'));
      blocks.push(...taxableLines('Amount', debt.amount, debtCurrency));
      if (debt.balance) blocks.push(pair('Balance owing', formatMoney(debt.balance.amount, currencyOf(debt.balance, currency))));
      if (debt.receiptNum) blocks.push(pair('Receipt no.', debt.receiptNum));
    }
  }
  const services = charges.serviceCharges;
  if (services.length > 0) {
    blocks.push(rule(), text('SERVICE CHARGES', { bold: true }));
    for (const service of services) {
      blocks.push(text(service.description ?? 'Service charge'));
      blocks.push(...taxableLines('Amount', service.amount, currencyOf(service.amount, currency)));
    }
  }
  return blocks;
}

/** SlipData lines, one block (or more) per line, in the order the upstream sent them. */
export function slipDataBlocks(slipData: SlipData | undefined): SlipBlock[] {
  const lines = slipData?.messageLines ?? [];
  const maxColumns = slipData?.slipWidth && slipData.slipWidth > 0 ? slipData.slipWidth : undefined;
  const blocks: SlipBlock[] = [];
  for (const line of lines) {
    const width = scaleFactor(line.fontWidthScaleFactor);
    const height = scaleFactor(line.fontHeightScaleFactor);
    if (line.text.length > 0 || (!line.line && !line.barcode)) {
      // A scaled line keeps its height and gives up width before it would wrap: upstream lines
      // are usually laid out as units ("---  Slip Line 1  ---") and read better whole.
      blocks.push(
        text(line.text, {
          ...(width > 1 ? { width, fit: 'shrink' as const } : {}),
          ...(height > 1 ? { height } : {}),
          ...(maxColumns ? { maxColumns } : {}),
        }),
      );
    }
    if (line.barcode && line.barcode.data.length > 0) {
      const encoding = line.barcode.encoding ?? '';
      blocks.push(
        /^qr/i.test(encoding)
          ? { kind: 'qr', data: line.barcode.data }
          : { kind: 'barcode', encoding, data: line.barcode.data },
      );
    }
    if (line.line) blocks.push(rule());
    if (line.cut) blocks.push({ kind: 'cut' });
  }
  return blocks;
}

export function buildPurchaseSlip(input: PurchaseSlipInput): SlipModel {
  const { request, response, merchant, marks } = input;
  const currency = request.purchaseAmount.currency;
  const blocks: SlipBlock[] = [];

  blocks.push(...markBlocks(marks));
  blocks.push(text(merchant.name, { align: 'center', bold: true, height: 2 }));
  blocks.push(text(`PREPAID ${(response.utilityType ?? 'Electricity').toUpperCase()}`, { align: 'center' }));
  if (response.vatInvoiceNumber) blocks.push(text('TAX INVOICE', { align: 'center', bold: true }));
  blocks.push(pair('Date', formatSlipTime(input.printedAt)));
  blocks.push(pair('Terminal', merchant.terminalId));
  const cashier = merchant.operatorId ?? request.originator.operatorId;
  if (cashier) blocks.push(pair('Cashier', cashier));

  blocks.push(rule());
  blocks.push(pair('Meter', response.meter.meterId || request.meter.meterId, true));
  const { supplyGroupCode, keyRevisionNum, tariffIndex } = response.meter;
  if (supplyGroupCode && keyRevisionNum && tariffIndex) {
    blocks.push(pair('SGC/KRN/TI', `${supplyGroupCode}/${keyRevisionNum}/${tariffIndex}`));
  }
  const customerName = [response.customer.firstName, response.customer.lastName].filter(Boolean).join(' ');
  if (customerName) blocks.push(pair('Customer', customerName));
  if (response.customer.address) blocks.push(text(response.customer.address));

  const utility = response.utility;
  if (utility.name || utility.address || utility.vatRegNum) {
    blocks.push(rule());
    if (utility.name) blocks.push(text(utility.name, { bold: true }));
    if (utility.address) blocks.push(text(utility.address));
    if (utility.vatRegNum) blocks.push(pair('VAT no.', utility.vatRegNum));
    if (utility.message) blocks.push(text(utility.message));
  }

  blocks.push(rule());
  const tokens = tokenBlocks(response, currency);
  if (tokens.length > 0) blocks.push(...tokens);
  else blocks.push(text('NO TOKEN ISSUED', { align: 'center', bold: true }));

  blocks.push(...chargeBlocks(response, currency));

  blocks.push(rule());
  // The parts as the upstream stated them, then what the customer paid; never a made-up difference.
  const total = slipTotal(response, request.purchaseAmount);
  for (const part of total.parts) blocks.push(pair(part.label, formatMoney(part.amount.amount, part.amount.currency)));
  blocks.push(pair('TOTAL', formatMoney(total.paid.amount, total.paid.currency), true));
  if (input.tendered) blocks.push(pair('Tendered', formatMoney(input.tendered.amount, input.tendered.currency)));
  if (input.change) blocks.push(pair('Change', formatMoney(input.change.amount, input.change.currency)));

  blocks.push(rule());
  if (response.vatInvoiceNumber) blocks.push(pair('VAT invoice no.', response.vatInvoiceNumber));
  if (response.slipData?.issuerReference) blocks.push(pair('Issuer ref', response.slipData.issuerReference));
  blocks.push(pair(input.reference?.label ?? 'Purchase ref', input.reference?.value ?? request.id));

  const slipLines = slipDataBlocks(response.slipData);
  if (slipLines.length > 0) {
    blocks.push(rule());
    blocks.push(...slipLines);
  }

  if (marks.training) blocks.push(rule(), text(TRAINING_MARK, { align: 'center', bold: true, invert: true, height: 2 }));
  // One final cut after a feed, so the last lines clear the cutter; SlipData's own last cut is that cut.
  if (blocks.at(-1)?.kind === 'cut') blocks.pop();
  blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
  return { blocks };
}

/**
 * The same slip marked as a reprint, for printing again from the journal's stored model. Marking
 * twice changes nothing.
 */
export function markReprint(slip: SlipModel): SlipModel {
  const mark = `*** ${REPRINT_MARK} ***`;
  if (slip.blocks.some((block) => block.kind === 'text' && block.text === mark)) return slip;
  return { ...slip, blocks: [text(mark, { align: 'center', bold: true, height: 2 }), ...slip.blocks] };
}
