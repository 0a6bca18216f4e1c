// The slip for key change tokens (createKeyChangeTokenRequest): the meter's new keys and the tokens
// in the order the customer must key them in, before any credit token. No money moves, so no totals.
import type { KeyChangeTokenRequest, KeyChangeTokenResponse } from '../protocol/schemas';
import type { SlipBlock, SlipModel, TextBlock } from './blocks';
import { formatSlipTime } from './format';
import { markBlocks, slipDataBlocks, tokenBlocks, TRAINING_MARK } from './model';

export interface KeyChangeSlipInput {
  request: KeyChangeTokenRequest;
  response: KeyChangeTokenResponse;
  merchant: { name: string; terminalId: string; operatorId?: string };
  /** The terminal's currency, for any token that carries an amount without one. */
  currency: string;
  /** The customer's name, when the cashier looked the meter up first; the key change answer carries none. */
  customer?: string;
  /** RFC 3339 in the shop's local offset; printed as written. */
  printedAt: string;
  marks: { training?: boolean; reprint?: boolean; recovered?: boolean };
}

export const KEY_CHANGE_INSTRUCTION =
  'Key in the tokens in the numbered order, each one accepted by the meter before the next. Enter credit tokens only after these.';

const text = (value: string, extra: Omit<TextBlock, 'kind' | 'text'> = {}): TextBlock => ({ kind: 'text', text: value, ...extra });
const pair = (label: string, value: string, bold?: boolean): SlipBlock =>
  bold ? { kind: 'pair', label, value, bold } : { kind: 'pair', label, value };
const rule = (): SlipBlock => ({ kind: 'rule' });

export function buildKeyChangeSlip(input: KeyChangeSlipInput): SlipModel {
  const { request, response, merchant, marks } = input;
  const blocks: SlipBlock[] = [];

  blocks.push(...markBlocks(marks));
  blocks.push(text(merchant.name, { align: 'center', bold: true, height: 2 }));
  blocks.push(text('METER KEY CHANGE', { align: 'center', bold: true }));
  blocks.push(pair('Date', formatSlipTime(input.printedAt)));
  blocks.push(pair('Terminal', merchant.terminalId));
  const cashier = merchant.operatorId ?? request.originator.operatorId;
  if (cashier) blocks.push(pair('Cashier', cashier));

  blocks.push(rule());
  // Electrum's test server leaves the response's meter out; the meter asked for is the one changed.
  const meter = response.meter;
  blocks.push(pair('Meter', meter?.meterId || request.meter.meterId, true));
  if (input.customer) blocks.push(pair('Customer', input.customer));
  const change = meter?.keyChangeData;
  const hasNew = Boolean(change?.newSupplyGroupCode || change?.newKeyRevisionNumber || change?.newTariffIndex);
  if (meter?.supplyGroupCode && meter.keyRevisionNum && meter.tariffIndex) {
    blocks.push(pair(hasNew ? 'Old SGC/KRN/TI' : 'SGC/KRN/TI', `${meter.supplyGroupCode}/${meter.keyRevisionNum}/${meter.tariffIndex}`));
  }
  if (hasNew) {
    blocks.push(text('NEW METER KEYS', { bold: true }));
    if (change?.newSupplyGroupCode) blocks.push(pair('Supply group code', change.newSupplyGroupCode, true));
    if (change?.newKeyRevisionNumber) blocks.push(pair('Key revision no.', change.newKeyRevisionNumber, true));
    if (change?.newTariffIndex) blocks.push(pair('Tariff index', change.newTariffIndex, true));
  }

  blocks.push(rule());
  const tokens = tokenBlocks(response, input.currency);
  if (tokens.length > 0) {
    blocks.push(...tokens, rule(), text(KEY_CHANGE_INSTRUCTION));
  } else {
    blocks.push(text('NO TOKEN ISSUED', { align: 'center', bold: true }));
  }

  blocks.push(rule());
  blocks.push(pair('Key change ref', request.id));

  const slipLines = slipDataBlocks(response.slipData);
  if (slipLines.length > 0) blocks.push(rule(), ...slipLines);

  if (marks.training) blocks.push(rule(), text(TRAINING_MARK, { align: 'center', bold: true, invert: true, height: 2 }));
  if (blocks.at(-1)?.kind === 'cut') blocks.pop();
  blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
  return { blocks };
}
