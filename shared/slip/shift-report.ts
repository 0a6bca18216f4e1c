// The supervisor's shift close slip: what this terminal sold, reversed and had declined over the
// shift, and what still needs someone's attention before the shift can be closed with confidence.
import type { SlipBlock, SlipModel, TextBlock } from './blocks';
import { formatMoney, formatSlipTime } from './format';
import { TRAINING_MARK } from './model';

export interface CountAndAmount {
  count: number;
  /** Minor units of the report's currency. */
  amount: number;
}

export interface ShiftReportSlipInput {
  merchant: { name: string; terminalId: string; operatorId?: string };
  /** RFC 3339 times in the shop's local offset; printed as written. */
  printedAt: string;
  from: string;
  to: string;
  currency: string;
  sold: CountAndAmount;
  reversed: CountAndAmount;
  declined: { count: number };
  /** Sales whose outcome is still being asked for (their cash is held). */
  unresolved: { count: number; amount?: number };
  /** Sales past the retry window with no final answer: not sold, cash held, a supervisor resolves them. */
  review?: CountAndAmount;
  /** Sold sales whose confirmation the upstream refused (counted in `sold`), to reconcile. */
  confirmRefused?: CountAndAmount;
  /** Cancelled sales whose reversal the upstream refused (counted in `reversed`), to reconcile. */
  reverseRefused?: CountAndAmount;
  /** Cash from this shift's sales: kept for sales sold, held for sales with no outcome. Minor units. */
  cash?: { kept: number; held: number };
  /** Confirmations and reversals not yet delivered upstream, and those the upstream refused. */
  advicesPending: number;
  advicesRefused: number;
  marks: { training?: boolean };
  /** Shift close with a counted drawer, X and Z reports: the parts below print only when present. */
  report?: 'shift' | 'x' | 'z';
  number?: number;
  products?: ProductTotals[];
  tenders?: { tender: string; sold: CountAndAmount; held: number }[];
  drawer?: { float: number; expected: number; counts?: TenderCount[] };
  shifts?: { openedAt: string; closedAt: string; by?: string; float: number; variance: number }[];
  pendingAdvices?: { kind: string; subject: string; at: string }[];
  unknownOutcomes?: { subject: string; amount: number; at: string; review: boolean }[];
  reversalsRefused?: { subject: string; amount: number; at: string }[];
  reprints?: { subject: string; at: string; by?: string }[];
}

export interface ProductTotals {
  product: string;
  sold: CountAndAmount;
  reversed: CountAndAmount;
  declined: number;
  unresolved: CountAndAmount;
  review: CountAndAmount;
}

/** A tender counted at shift close: variance is counted minus expected (negative: short). */
export interface TenderCount {
  tender: string;
  expected: number;
  counted: number;
  variance: number;
}

/** How a tender is named on the slip and the screen. */
export const TENDER_WORDS: Record<string, string> = {
  CASH: 'Cash',
  CHEQUE: 'Cheque',
  CREDIT_CARD: 'Credit card',
  DEBIT_CARD: 'Debit card',
  WALLET: 'Wallet',
  ROUNDING: 'Rounding',
  GIFT_CARD: 'Gift card',
  LOYALTY_CARD: 'Loyalty card',
  OTHER: 'Other',
};
export const tenderWords = (tender: string): string => TENDER_WORDS[tender] ?? tender;

export const REPORT_TITLES = { shift: 'SHIFT CLOSE', x: 'X REPORT', z: 'Z REPORT' } as const;
/** Said on every X, Z and shift close: the till has no way to open the drawer without a sale. */
export const NO_SALE_DRAWER_WORDS = 'None. This till opens the drawer only with the first slip of a cash sale.';

/** "Over R 5.00", "Short R 5.00", "Exact". */
export function varianceWords(variance: number, currency: string): string {
  if (variance === 0) return 'Exact';
  return `${variance > 0 ? 'Over' : 'Short'} ${formatMoney(Math.abs(variance), currency)}`;
}

/** HH:MM of a local RFC 3339 time, as written. */
const clock = (rfc3339: string): string => formatSlipTime(rfc3339).slice(11, 16);

export const UNRESOLVED_MARK = 'RESOLVE BEFORE CLOSING';
export const ADVICES_PENDING_MARK = 'ADVICES NOT YET SENT';
export const ADVICES_REFUSED_MARK = 'ADVICES REFUSED';
export const REVIEW_MARK = 'NEEDS A SUPERVISOR';
export const RECONCILE_MARK = 'RECONCILE WITH SUPPORT';

const text = (value: string, extra: Omit<TextBlock, 'kind' | 'text'> = {}): TextBlock => ({ kind: 'text', text: value, ...extra });
const pair = (label: string, value: string, bold?: boolean): SlipBlock =>
  bold ? { kind: 'pair', label, value, bold } : { kind: 'pair', label, value };
const rule = (): SlipBlock => ({ kind: 'rule' });
const alarm = (value: string): TextBlock => text(value, { align: 'center', bold: true, invert: true });
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

export function buildShiftReportSlip(input: ShiftReportSlipInput): SlipModel {
  const { merchant, marks, currency } = input;
  const blocks: SlipBlock[] = [];
  const trainingMark = (): TextBlock => text(TRAINING_MARK, { align: 'center', bold: true, invert: true, height: 2 });

  if (marks.training) blocks.push(trainingMark());
  blocks.push(text(merchant.name, { align: 'center', bold: true, height: 2 }));
  blocks.push(text(input.report ? REPORT_TITLES[input.report] : 'SHIFT REPORT', { align: 'center', bold: true }));
  if (input.number !== undefined) blocks.push(pair(input.report === 'z' ? 'Z number' : 'X of this shift', String(input.number), true));
  blocks.push(pair('Printed', formatSlipTime(input.printedAt)));
  blocks.push(pair('Terminal', merchant.terminalId));
  if (merchant.operatorId) blocks.push(pair('Cashier', merchant.operatorId));
  blocks.push(pair('From', formatSlipTime(input.from)));
  blocks.push(pair('To', formatSlipTime(input.to)));

  blocks.push(rule());
  blocks.push(text('SALES', { bold: true }));
  const money = (minor: number): string => formatMoney(minor, currency);
  const confirmRefused = input.confirmRefused?.count ?? 0;
  const reverseRefused = input.reverseRefused?.count ?? 0;
  const review = input.review?.count ?? 0;
  blocks.push(pair('Sold', String(input.sold.count), true));
  blocks.push(pair('  Amount', money(input.sold.amount), true));
  if (input.confirmRefused && confirmRefused > 0) {
    blocks.push(pair('  Confirmation refused', String(confirmRefused)), pair('    Amount', money(input.confirmRefused.amount)));
  }
  blocks.push(pair('Reversed', String(input.reversed.count)));
  blocks.push(pair('  Amount', money(input.reversed.amount)));
  if (input.reverseRefused && reverseRefused > 0) {
    blocks.push(pair('  Reversal refused', String(reverseRefused)), pair('    Amount', money(input.reverseRefused.amount)));
  }
  blocks.push(pair('Declined', String(input.declined.count)));
  if (input.unresolved.amount !== undefined && input.unresolved.count > 0) {
    blocks.push(pair('Unresolved', String(input.unresolved.count)), pair('  Amount', money(input.unresolved.amount)));
  }
  if (input.review && review > 0) {
    blocks.push(pair('Needs a supervisor', String(review)), pair('  Amount', money(input.review.amount)));
  }

  blocks.push(...breakdownBlocks(input, money));

  if (input.cash && input.drawer) {
    blocks.push(...drawerBlocks(input, input.cash, input.drawer, money));
  } else if (input.cash) {
    // Refused reversals handed the cash back and refused confirmations kept it: the drawer follows the sale.
    blocks.push(rule());
    blocks.push(text('CASH IN DRAWER', { bold: true }));
    blocks.push(pair('Cash sales', money(input.cash.kept)));
    if (input.cash.held > 0) blocks.push(pair('Held, no outcome', money(input.cash.held)));
    blocks.push(pair('Expected', money(input.cash.kept + input.cash.held), true));
  }

  blocks.push(rule());
  blocks.push(text('OPEN ITEMS', { bold: true }));
  const unresolved = input.unresolved.count;
  blocks.push(pair('Unresolved sales', String(unresolved), unresolved > 0));
  if (input.review) blocks.push(pair('Needs a supervisor', String(review), review > 0));
  if (input.confirmRefused || input.reverseRefused) {
    blocks.push(pair('Sales to reconcile', String(confirmRefused + reverseRefused), confirmRefused + reverseRefused > 0));
  }
  blocks.push(pair('Advices pending', String(input.advicesPending), input.advicesPending > 0));
  blocks.push(pair('Advices refused', String(input.advicesRefused), input.advicesRefused > 0));
  if (unresolved > 0) {
    // The one open item that can mean a customer without tokens or money unaccounted for: printed tallest.
    blocks.push({ kind: 'feed', lines: 1 }, { ...alarm(UNRESOLVED_MARK), height: 2 });
    blocks.push(
      text(
        `${plural(unresolved, 'sale has', 'sales have')} no known outcome yet. Find out whether ${unresolved === 1 ? 'its' : 'their'} tokens were issued before closing the shift.`,
      ),
    );
  }
  if (input.review && review > 0) {
    blocks.push({ kind: 'feed', lines: 1 }, { ...alarm(REVIEW_MARK), height: 2 });
    blocks.push(
      text(
        `${plural(review, 'sale got', 'sales got')} no final answer in time; ${review === 1 ? 'its' : 'their'} cash is held. A supervisor must ask the upstream whether tokens were issued: if so, reprint them; if not, abandon the sale and return the cash.`,
      ),
    );
  }
  if (confirmRefused + reverseRefused > 0) {
    blocks.push({ kind: 'feed', lines: 1 }, alarm(RECONCILE_MARK));
    // Amounts stand in the SALES lines above; prose would break "R 110.00" across lines.
    if (confirmRefused > 0) {
      blocks.push(text(`${plural(confirmRefused, 'sale was', 'sales were')} sold but the confirmation was refused: counted as sold, cash kept.`));
    }
    if (reverseRefused > 0) {
      blocks.push(text(`${plural(reverseRefused, 'cancelled sale', 'cancelled sales')} had the reversal refused: counted as reversed, cash returned.`));
    }
    blocks.push(text('Report them to support.'));
  }
  if (input.advicesPending > 0) {
    blocks.push({ kind: 'feed', lines: 1 }, alarm(ADVICES_PENDING_MARK));
    blocks.push(
      text(`${plural(input.advicesPending, 'confirmation or reversal is', 'confirmations or reversals are')} still to be sent. Keep the terminal online until they are.`),
    );
  }
  if (input.advicesRefused > 0) {
    blocks.push({ kind: 'feed', lines: 1 }, alarm(ADVICES_REFUSED_MARK));
    blocks.push(
      text(`${plural(input.advicesRefused, 'confirmation or reversal was', 'confirmations or reversals were')} refused upstream. Report to support for reconciliation.`),
    );
  }
  if (unresolved === 0 && review === 0 && confirmRefused + reverseRefused === 0 && input.advicesPending === 0 && input.advicesRefused === 0) {
    blocks.push(text('Nothing left open.', { align: 'center' }));
  }
  blocks.push(...listBlocks(input, money));

  if (marks.training) blocks.push(rule(), trainingMark());
  blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
  return { blocks };
}

/** By product and by tender, where the report carries them. */
function breakdownBlocks(input: ShiftReportSlipInput, money: (minor: number) => string): SlipBlock[] {
  const blocks: SlipBlock[] = [];
  if (input.products && input.products.length > 0) {
    blocks.push(rule(), text('BY PRODUCT', { bold: true }));
    for (const product of input.products) {
      blocks.push(text(product.product, { bold: true }));
      blocks.push(pair(`  Sold ${product.sold.count}`, money(product.sold.amount)));
      blocks.push(pair(`  Reversed ${product.reversed.count}`, money(product.reversed.amount)));
      blocks.push(pair('  Declined', String(product.declined)));
      const open = product.unresolved.count + product.review.count;
      if (open > 0) blocks.push(pair(`  No outcome ${open}`, money(product.unresolved.amount + product.review.amount)));
    }
  }
  if (input.tenders && input.tenders.length > 0) {
    blocks.push(rule(), text('BY TENDER', { bold: true }));
    for (const tender of input.tenders) {
      blocks.push(pair(`${tenderWords(tender.tender)} ${tender.sold.count}`, money(tender.sold.amount)));
      if (tender.held > 0) blocks.push(pair('  Held, no outcome', money(tender.held)));
    }
  }
  if (input.shifts && input.shifts.length > 0) {
    blocks.push(rule(), text('SHIFTS', { bold: true }));
    for (const shift of input.shifts) {
      blocks.push(text(`${clock(shift.openedAt)}-${clock(shift.closedAt)}${shift.by ? ` ${shift.by}` : ''}`));
      blocks.push(pair('  Float', money(shift.float)), pair('  Cash', varianceWords(shift.variance, input.currency)));
    }
  }
  return blocks;
}

/** The drawer with its float; once counted, each tender's count against what the journal expects. */
function drawerBlocks(
  input: ShiftReportSlipInput,
  cash: { kept: number; held: number },
  drawer: NonNullable<ShiftReportSlipInput['drawer']>,
  money: (minor: number) => string,
): SlipBlock[] {
  const blocks: SlipBlock[] = [rule(), text('CASH IN DRAWER', { bold: true })];
  blocks.push(pair('Float', money(drawer.float)));
  blocks.push(pair('Cash sales', money(cash.kept)));
  if (cash.held > 0) blocks.push(pair('Held, no outcome', money(cash.held)));
  blocks.push(pair('Expected', money(drawer.expected), true));
  for (const count of drawer.counts ?? []) {
    blocks.push(text(`${tenderWords(count.tender)} counted`, { bold: true }));
    blocks.push(pair('  Expected', money(count.expected)), pair('  Counted', money(count.counted)));
    blocks.push(pair('  Variance', varianceWords(count.variance, input.currency), count.variance !== 0));
  }
  return blocks;
}

/** Each open item by name, so the supervisor can find it; and the drawer opens without a sale. */
function listBlocks(input: ShiftReportSlipInput, money: (minor: number) => string): SlipBlock[] {
  const blocks: SlipBlock[] = [];
  const section = (title: string, lines: SlipBlock[]) => {
    if (lines.length > 0) blocks.push(rule(), text(title, { bold: true }), ...lines);
  };
  section(
    'PENDING ADVICES',
    (input.pendingAdvices ?? []).map((advice) => text(`${clock(advice.at)} ${advice.kind}, ${advice.subject}`)),
  );
  section(
    'UNKNOWN OUTCOMES',
    (input.unknownOutcomes ?? []).flatMap((sale) => [
      pair(`${clock(sale.at)} ${sale.subject}`, money(sale.amount)),
      ...(sale.review ? [text('  needs a supervisor')] : []),
    ]),
  );
  section(
    'REVERSALS REFUSED',
    (input.reversalsRefused ?? []).map((sale) => pair(`${clock(sale.at)} ${sale.subject}`, money(sale.amount))),
  );
  if (input.report) {
    const reprints = input.reprints ?? [];
    blocks.push(rule(), text('REPRINTS', { bold: true }));
    if (reprints.length === 0) blocks.push(text('None.'));
    for (const reprint of reprints) blocks.push(text(`${clock(reprint.at)} ${reprint.subject}${reprint.by ? ` by ${reprint.by}` : ''}`));
    blocks.push(rule(), text('DRAWER OPENED WITHOUT A SALE', { bold: true }), text(NO_SALE_DRAWER_WORDS));
  }
  return blocks;
}

/** Every time in a report's lists in the shop's time zone (the header's times are the caller's). */
export function shiftReportLocalTimes<R extends Pick<ShiftReportSlipInput, 'shifts' | 'pendingAdvices' | 'unknownOutcomes' | 'reversalsRefused' | 'reprints'>>(
  request: R,
  local: (time: string) => string,
): R {
  const at = <T extends { at: string }>(items: T[] | undefined): T[] | undefined => items?.map((item) => ({ ...item, at: local(item.at) }));
  const copy = { ...request };
  if (request.shifts) copy.shifts = request.shifts.map((shift) => ({ ...shift, openedAt: local(shift.openedAt), closedAt: local(shift.closedAt) }));
  if (request.pendingAdvices) copy.pendingAdvices = at(request.pendingAdvices);
  if (request.unknownOutcomes) copy.unknownOutcomes = at(request.unknownOutcomes);
  if (request.reversalsRefused) copy.reversalsRefused = at(request.reversalsRefused);
  if (request.reprints) copy.reprints = at(request.reprints);
  return copy;
}
