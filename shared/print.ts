// One recipe from a print request to the slip's inputs, used by the printer (main side) and the
// on-screen preview (renderer), so both show the same slip.
import type {
  AirtimePurchasePrintRequest,
  AppInfo,
  FaultReportPrintRequest,
  KeyChangePrintRequest,
  PrintRequest,
  PurchasePrintRequest,
  ShiftReportPrintRequest,
  TokenReprintPrintRequest,
} from './bridge';
import type { PurchaseRequest } from './protocol/schemas';
import type { SlipModel } from './slip/blocks';
import { toZonedRfc3339 } from './time';
import { airtimeAmountPaid, buildAirtimeSlip, type AirtimeSlipInput } from './slip/airtime';
import { buildFaultReportSlip, type FaultReportSlipInput } from './slip/fault-report';
import { buildKeyChangeSlip, type KeyChangeSlipInput } from './slip/key-change';
import { buildPurchaseSlip, type PurchaseSlipInput } from './slip/model';
import { buildShiftReportSlip, shiftReportLocalTimes, type ShiftReportSlipInput } from './slip/shift-report';
import { amountPaid } from './slip/total';

/** The slip's header: the shop, the terminal and, when known, the cashier. */
function merchantOf(info: SlipInfo, operatorId: string | undefined): { name: string; terminalId: string; operatorId?: string } {
  return {
    name: info.terminal.merchant.merchantName.name,
    terminalId: info.terminal.terminalId,
    ...(operatorId ? { operatorId } : {}),
  };
}

/** The shop's time zone, when known, turns the UTC times of the journal into local slip times. */
export type SlipInfo = Pick<AppInfo, 'mode' | 'terminal'> & { timeZone?: string };

export function purchaseSlipInput(request: PurchasePrintRequest, info: SlipInfo): PurchaseSlipInput {
  const currency = request.request.purchaseAmount.currency;
  const amount = request.request.purchaseAmount.amount;
  const operatorId = request.request.originator.operatorId;
  return {
    request: request.request,
    response: request.response,
    merchant: merchantOf(info, operatorId),
    printedAt: request.printedAt,
    ...(request.tendered !== undefined
      ? {
          tendered: { amount: request.tendered, currency },
          change: { amount: Math.max(0, request.tendered - amount), currency },
        }
      : {}),
    marks: { training: info.mode === 'training', ...request.marks },
  };
}

/**
 * Tokens the upstream sent again for a lost slip. The reprint request has no amount of its own, so
 * the total is what the response says was paid (shared/slip/total.ts); the last reference printed
 * is the original one the cashier gave, else this reprint's id. Always marked REPRINT; no cash lines.
 */
export function tokenReprintSlipInput(request: TokenReprintPrintRequest, info: SlipInfo): PurchaseSlipInput {
  const total = amountPaid(request.response, undefined, info.terminal.currency);
  const operatorId = request.request.originator.operatorId;
  const purchaseLike: PurchaseRequest = {
    ...request.request,
    purchaseAmount: { amount: Math.max(0, total.amount), currency: total.currency },
  };
  return {
    request: purchaseLike,
    response: request.response,
    merchant: merchantOf(info, operatorId),
    printedAt: request.printedAt,
    marks: { training: info.mode === 'training', reprint: true },
    reference: request.request.originalRef
      ? { label: 'Original ref', value: request.request.originalRef }
      : { label: 'Reprint ref', value: request.request.id },
  };
}

export function faultReportSlipInput(request: FaultReportPrintRequest, info: SlipInfo): FaultReportSlipInput {
  const operatorId = request.request.originator.operatorId;
  return {
    request: request.request,
    response: request.response,
    merchant: merchantOf(info, operatorId),
    printedAt: request.printedAt,
    marks: { training: info.mode === 'training' },
  };
}

/** Key change tokens, numbered in the order to enter them; REPRINT when printed again from the journal. */
export function keyChangeSlipInput(request: KeyChangePrintRequest, info: SlipInfo): KeyChangeSlipInput {
  const operatorId = request.request.originator.operatorId;
  return {
    request: request.request,
    response: request.response,
    merchant: merchantOf(info, operatorId),
    currency: info.terminal.currency,
    printedAt: request.printedAt,
    marks: { training: info.mode === 'training', ...request.marks },
  };
}

/** An airtime sale: the voucher PIN slip or the top-up receipt; change is given from what the customer paid. */
export function airtimeSlipInput(request: AirtimePurchasePrintRequest, info: SlipInfo): AirtimeSlipInput {
  const currency = info.terminal.currency;
  const paid = airtimeAmountPaid(request.request, request.response, currency);
  const operatorId = request.request.originator.operatorId;
  return {
    request: request.request,
    response: request.response,
    ...(request.product ? { catalogueProduct: request.product } : {}),
    merchant: merchantOf(info, operatorId),
    printedAt: request.printedAt,
    ...(info.timeZone ? { timeZone: info.timeZone } : {}),
    currency,
    ...(request.tendered !== undefined
      ? {
          tendered: { amount: request.tendered, currency: paid.currency },
          change: { amount: Math.max(0, request.tendered - paid.amount), currency: paid.currency },
        }
      : {}),
    marks: { training: info.mode === 'training', ...request.marks },
  };
}

export function shiftReportSlipInput(request: ShiftReportPrintRequest, info: SlipInfo): ShiftReportSlipInput {
  return {
    merchant: merchantOf(info, request.operatorId),
    printedAt: request.printedAt,
    from: request.from,
    to: request.to,
    currency: request.currency,
    sold: request.sold,
    reversed: request.reversed,
    declined: request.declined,
    unresolved: request.unresolved,
    advicesPending: request.advicesPending,
    advicesRefused: request.advicesRefused,
    ...(request.review ? { review: request.review } : {}),
    ...(request.confirmRefused ? { confirmRefused: request.confirmRefused } : {}),
    ...(request.reverseRefused ? { reverseRefused: request.reverseRefused } : {}),
    ...(request.cash ? { cash: request.cash } : {}),
    ...shiftTotalsOf(request),
    marks: { training: info.mode === 'training' },
  };
}

/** The shift close, X and Z parts of a shift report (shared/slip/shift-report.ts), where present. */
function shiftTotalsOf(request: ShiftReportPrintRequest): Partial<ShiftReportSlipInput> {
  const { report, number, products, tenders, drawer, shifts, pendingAdvices, unknownOutcomes, reversalsRefused, reprints } = request;
  const present = { report, number, products, tenders, drawer, shifts, pendingAdvices, unknownOutcomes, reversalsRefused, reprints };
  return Object.fromEntries(Object.entries(present).filter(([, value]) => value !== undefined));
}

/** The cash drawer opens on the first print of a sale that asked for it (a cash sale), never on a reprint. */
export function opensDrawer(request: PrintRequest): boolean {
  if (request.kind !== 'purchase' && request.kind !== 'airtimePurchase') return false;
  return request.openDrawer === true && request.marks.reprint !== true;
}

/** Any print request to its slip model: what the printer prints and the preview shows. */
export function slipFor(request: PrintRequest, info: SlipInfo): SlipModel {
  request = localTimes(request, info.timeZone);
  switch (request.kind) {
    case 'purchase':
      return buildPurchaseSlip(purchaseSlipInput(request, info));
    case 'tokenReprint':
      return buildPurchaseSlip(tokenReprintSlipInput(request, info));
    case 'faultReport':
      return buildFaultReportSlip(faultReportSlipInput(request, info));
    case 'keyChange':
      return buildKeyChangeSlip(keyChangeSlipInput(request, info));
    case 'shiftReport':
      return buildShiftReportSlip(shiftReportSlipInput(request, info));
    case 'airtimePurchase':
      return buildAirtimeSlip(airtimeSlipInput(request, info));
  }
}

function localTimes(request: PrintRequest, timeZone: string | undefined): PrintRequest {
  if (!timeZone) return request;
  const local = (time: string) => toZonedRfc3339(time, timeZone);
  if (request.kind === 'shiftReport') {
    return shiftReportLocalTimes({ ...request, printedAt: local(request.printedAt), from: local(request.from), to: local(request.to) }, local);
  }
  return { ...request, printedAt: local(request.printedAt) };
}
