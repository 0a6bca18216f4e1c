// The rules of every service this till sells, by name.
import type { SaleRecord, ServiceName } from '../db/db';
import { airtime } from './airtime';
import { electricity } from './electricity';
import type { ServiceRules } from './rules';

const RULES: { [S in ServiceName]: ServiceRules<Extract<SaleRecord, { service: S }>> } = { electricity, airtime };

/** The rules for a sale's service, typed for that sale. */
export function rulesFor<S extends SaleRecord>(sale: S): ServiceRules<S> {
  return RULES[sale.service] as unknown as ServiceRules<S>;
}

export const saleAmount = (sale: SaleRecord): number => rulesFor(sale).amount(sale);
export const saleCurrency = (sale: SaleRecord): string => rulesFor(sale).currency(sale);
export const paidInCash = (sale: SaleRecord): boolean => rulesFor(sale).paidInCash(sale);
/** "meter 04004444884" / "phone 082 123 4567". */
export const describeSale = (sale: SaleRecord): string => rulesFor(sale).describe(sale);

export { airtime, electricity };
export type { ServiceRules } from './rules';
