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
}

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
  blocks.push(text('SHIFT REPORT', { align: 'center', bold: true }));
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

  if (input.cash) {
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

  if (marks.training) blocks.push(rule(), trainingMark());
  blocks.push({ kind: 'feed', lines: 1 }, { kind: 'cut' });
  return { blocks };
}
