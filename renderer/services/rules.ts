// What differs per service, in one place per service. The journal, the sale machine, recovery and
// the outbox are the same for every product; they ask these rules how to send a purchase, how to ask
// again when its outcome is unknown, what an advice looks like and how it is delivered. The answer
// tables behind each rule are in shared/protocol/outcome.ts and docs/protocol.md.
import type { AppInfo, PosBridge } from '../../shared/bridge';
import type { Outcome } from '../../shared/protocol/outcome';
import type { ReversalReason } from '../../shared/sale-machine';
import type { AdviceRecord, Exchange, SaleRecord, ServiceName } from '../db/db';

/**
 * What an answer says about the purchase: the sale machine's event follows from it. 'not-received'
 * (a status query the upstream answers "no such purchase") is reversed at once where the service
 * allows it, so a purchase still on its way cannot be sold later.
 */
export type PurchaseVerdict = 'approved' | 'declined' | 'in-doubt' | 'not-received';

/** A request sent for a sale and its outcome, ready to be journaled. */
export interface PurchaseExchange {
  operation: Exchange['operation'];
  requestId: string;
  outcome: Outcome<unknown>;
  verdict: PurchaseVerdict;
  /** The approved response (validated by the bridge's schema) when the verdict is approved. */
  response?: unknown;
  /** Words for the history when the answer is not final (for example "not received yet"). */
  note?: string;
}

/** What to do when a sale's outcome stays unknown past its window. */
export type PastWindow = 'review' | 'reverse';

export interface ServiceRules<S extends SaleRecord = SaleRecord> {
  readonly service: ServiceName;
  /** How the cashier names the product ("electricity", "airtime"). */
  readonly label: string;
  /** Sends the journaled purchase once, under its own id. */
  sendPurchase(bridge: PosBridge, sale: S): Promise<PurchaseExchange>;
  /** Asks the upstream again about a purchase whose outcome is unknown (retry, or a status query). */
  askAgain(bridge: PosBridge, sale: S): Promise<PurchaseExchange>;
  /** How long after the purchase the till keeps asking. */
  windowMs(info: AppInfo): number;
  /** Electricity: a supervisor decides (a retry past the window may be a new purchase). Airtime: the till reverses. */
  readonly pastWindow: PastWindow;
  /** The confirmation or reversal advice for this sale, with a new id. */
  advice(kind: 'confirmation' | 'reversal', sale: S, at: string, reason?: ReversalReason): AdviceRecord['advice'];
  /** Amount charged to the customer, minor units. */
  amount(sale: S): number;
  currency(sale: S): string;
  paidInCash(sale: S): boolean;
  /** "meter 04004444884", "phone 082 123 4567": how the cashier recognises the sale in a list. */
  describe(sale: S): string;
}

/** A bridge call that did not come back is an unknown outcome, never a decline. */
export function bridgeOutcome<T>(result: { ok: true; data: Outcome<T> } | { ok: false; error: { message: string } }): Outcome<T> {
  return result.ok ? result.data : { kind: 'unknown', reason: 'connection', message: result.error.message };
}
