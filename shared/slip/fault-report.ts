// The slip a customer keeps after reporting a meter fault: what was reported, and the utility's
// reference to quote when they follow it up. No money moves, so no totals.
import type { FaultReportRequest, FaultReportResponse, FaultType } from '../protocol/schemas';
import type { SlipBlock, SlipModel, TextBlock } from './blocks';
import { formatSlipTime } from './format';
import { TRAINING_MARK } from './model';

export interface FaultReportSlipInput {
  request: FaultReportRequest;
  response: FaultReportResponse;
  merchant: { name: string; terminalId: string; operatorId?: string };
  /** RFC 3339 in the shop's local offset; printed as written. */
  printedAt: string;
  marks: { training?: boolean };
}

/** Each fault type in the words a customer used at the counter. */
export const FAULT_TYPE_WORDS: Record<FaultType, string> = {
  SeriousBoxDamage: 'Meter box seriously damaged',
  FireWaterDamage: 'Fire or water damage',
  MeterDead: 'Meter is dead (no display)',
  KeepsTripping: 'Meter keeps tripping',
  NoTrip: 'Meter does not trip',
  DisplayLightsButtons: 'Display, lights or buttons faulty',
  NetworkFaultReport: 'No supply in the area (network fault)',
  IncorrectSGC: 'Wrong supply group code',
  IncorrectTI: 'Wrong tariff index',
  ConvertedFrmConventional: 'Converted from a conventional meter',
  MeterChangedOut: 'Meter was changed',
  NewInstallation: 'New installation',
};

const text = (value: string, extra: Omit<TextBlock, 'kind' | 'text'> = {}): TextBlock => ({ kind: 'text', text: value, ...extra });
const pair = (label: string, value: string, bold?: boolean): SlipBlock =>
  bold ? { kind: 'pair', label, value, bold } : { kind: 'pair', label, value };

export function buildFaultReportSlip(input: FaultReportSlipInput): SlipModel {
  const { request, response, merchant, marks } = input;
  const blocks: SlipBlock[] = [];
  const trainingMark = (): TextBlock => text(TRAINING_MARK, { align: 'center', bold: true, invert: true, height: 2 });
  if (marks.training) blocks.push(trainingMark());
  blocks.push(text(merchant.name, { align: 'center', bold: true, height: 2 }));
  blocks.push(text('METER FAULT REPORT', { align: 'center', bold: true }));
  blocks.push(pair('Date', formatSlipTime(input.printedAt)));
  blocks.push(pair('Terminal', merchant.terminalId));
  const cashier = merchant.operatorId ?? request.originator.operatorId;
  if (cashier) blocks.push(pair('Cashier', cashier));

  blocks.push({ kind: 'rule' });
  blocks.push(pair('Meter', request.meter.meterId, true));
  const customer = [request.customer?.firstName, request.customer?.lastName].filter(Boolean).join(' ');
  if (customer) blocks.push(pair('Customer', customer));
  blocks.push(pair('Contact number', request.contactNumber));
  blocks.push(text('Fault:', { bold: true }));
  blocks.push(text(FAULT_TYPE_WORDS[request.faultType]));
  if (request.faultDescription) blocks.push(text(request.faultDescription));

  blocks.push({ kind: 'rule' });
  blocks.push(text('FAULT REFERENCE', { align: 'center', bold: true }));
  blocks.push(text(response.reference, { align: 'center', bold: true, height: 2 }));
  if (response.description) blocks.push(text(response.description, { align: 'center' }));
  blocks.push({ kind: 'rule' });
  blocks.push(text('Quote this reference when you contact the utility about this fault.'));
  blocks.push(pair('Report ref', request.id));

  if (marks.training) blocks.push({ kind: 'rule' }, trainingMark());
  blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
  return { blocks };
}
