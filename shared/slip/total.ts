// What the customer paid for a purchase, and what that money bought. One recipe for the purchase
// slip, the upstream's token reprint and the on-screen preview. `purchaseTotal` is only the energy
// (it excludes tax, debt recovery and service charges), so it is a part, never the total.
import { z } from 'zod';
import type { LedgerAmount, PurchaseResponse, Token } from '../protocol/schemas';

// Charges are read leniently on their own: Electrum's test server misspells `description`, and a
// slip must still print when the upstream sends a charge our stricter models would refuse.
const ChargeAmountSchema = z.object({
  amount: z.number(),
  currency: z.union([z.string(), z.number()]).optional(),
  tax: z.number().optional(),
  taxType: z.string().optional(),
  taxRate: z.number().optional(),
});
export type ChargeAmount = z.infer<typeof ChargeAmountSchema>;

const ChargesViewSchema = z.object({
  debtRecoveryCharges: z
    .array(
      z.object({
        amount: ChargeAmountSchema,
        description: z.string().optional(),
        balance: z.object({ amount: z.number(), currency: z.union([z.string(), z.number()]).optional() }).optional(),
        receiptNum: z.string().optional(),
      }),
    )
    .optional()
    .catch(undefined),
  serviceCharges: z
    .array(z.object({ amount: ChargeAmountSchema, description: z.string().optional() }))
    .optional()
    .catch(undefined),
});
export type ChargesView = { [K in keyof z.infer<typeof ChargesViewSchema>]-?: NonNullable<z.infer<typeof ChargesViewSchema>[K]> };

/** The response's debt recovery and service charges, or none when they cannot be read. */
export function chargesOf(response: unknown): ChargesView {
  const parsed = ChargesViewSchema.safeParse(response);
  if (!parsed.success) return { debtRecoveryCharges: [], serviceCharges: [] };
  return { debtRecoveryCharges: parsed.data.debtRecoveryCharges ?? [], serviceCharges: parsed.data.serviceCharges ?? [] };
}

export function currencyOf(amount: { currency?: string | number | undefined }, fallback: string): string {
  if (amount.currency === undefined) return fallback;
  return String(amount.currency).padStart(3, '0');
}

export function taxLabel(amount: ChargeAmount): string {
  const type = amount.taxType ?? 'Tax';
  return amount.taxRate !== undefined ? `${type} ${Number(amount.taxRate.toFixed(2))}%` : type;
}

export interface TotalPart {
  label: string;
  amount: LedgerAmount;
}

export interface SlipTotal {
  /** What the customer paid: the slip's TOTAL. */
  paid: LedgerAmount;
  /** What the payment bought, as the upstream stated it, in the order printed above TOTAL. */
  parts: TotalPart[];
  /** False when the parts do not add up to `paid`; the slip still prints `paid` and no made-up difference. */
  partsAddUp: boolean;
}

// Tokens the customer pays for; free basic tokens are listed on their own, refund and key change
// tokens carry no payment.
const PAID_TOKENS: ReadonlySet<Token['tokenType']> = new Set(['STD', 'PWRLMT']);

function utilityWord(utilityType: string | undefined): string {
  const word = (utilityType ?? '').trim() || 'Electricity';
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function parts(response: PurchaseResponse, currency: string): TotalPart[] {
  const result: TotalPart[] = [];
  const utility = utilityWord(response.utilityType);
  const paidTokens = response.tokens.filter((t) => PAID_TOKENS.has(t.tokenType));
  if (response.purchaseTotal) {
    result.push({ label: utility, amount: response.purchaseTotal });
  } else if (paidTokens.length > 0) {
    const tokenCurrency = currencyOf(paidTokens[0]?.amount ?? {}, currency);
    result.push({ label: utility, amount: { amount: paidTokens.reduce((sum, t) => sum + t.amount.amount, 0), currency: tokenCurrency } });
  }
  const free = response.tokens.filter((t) => t.tokenType === 'BSST');
  if (free.length > 0) {
    result.push({
      label: `Free basic ${utility.toLowerCase()}`,
      amount: { amount: free.reduce((sum, t) => sum + t.amount.amount, 0), currency: currencyOf(free[0]?.amount ?? {}, currency) },
    });
  }
  const charges = chargesOf(response);
  const sumOf = (label: string, items: { amount: ChargeAmount }[]): void => {
    if (items.length === 0) return;
    const itemCurrency = currencyOf(items[0]?.amount ?? {}, currency);
    result.push({ label, amount: { amount: items.reduce((sum, item) => sum + item.amount.amount, 0), currency: itemCurrency } });
  };
  sumOf('Debt recovery', charges.debtRecoveryCharges);
  sumOf('Service charges', charges.serviceCharges);
  const fee = response.amounts?.feeAmount;
  if (fee && fee.amount !== 0) result.push({ label: 'Fee', amount: fee });
  result.push(...taxParts(response, currency, charges));
  return result;
}

/** Tax by type and rate over tokens and charges; the upstream's own taxTotal when it sent one. */
function taxParts(response: PurchaseResponse, currency: string, charges: ChargesView): TotalPart[] {
  const groups = new Map<string, TotalPart>();
  const add = (amount: ChargeAmount): void => {
    if (amount.tax === undefined || amount.tax === 0) return;
    const label = `Total ${taxLabel(amount)}`;
    const itemCurrency = currencyOf(amount, currency);
    const key = `${label}|${itemCurrency}`;
    const entry = groups.get(key) ?? { label, amount: { amount: 0, currency: itemCurrency } };
    entry.amount = { ...entry.amount, amount: entry.amount.amount + amount.tax };
    groups.set(key, entry);
  };
  for (const token of response.tokens) add(token.amount);
  for (const debt of charges.debtRecoveryCharges) add(debt.amount);
  for (const service of charges.serviceCharges) add(service.amount);
  if (response.taxTotal) {
    const only = groups.size === 1 ? [...groups.values()][0] : undefined;
    return [{ label: only?.label ?? 'Total tax', amount: response.taxTotal }];
  }
  return [...groups.values()];
}

function fallbackCurrency(response: PurchaseResponse, given: LedgerAmount | undefined, terminalCurrency: string): string {
  return (
    given?.currency ??
    response.amounts?.approvedAmount?.currency ??
    response.amounts?.requestAmount?.currency ??
    response.purchaseTotal?.currency ??
    response.tokens.find((t) => t.amount.currency !== undefined)?.amount.currency ??
    terminalCurrency
  );
}

/**
 * What the customer paid: the purchase request's amount (the cashier took it and gave change from
 * it). A token reprint has no request amount, so it is the upstream's approved amount, else its
 * requested amount, else the upstream's parts added up.
 */
export function amountPaid(response: PurchaseResponse, requestAmount?: LedgerAmount, terminalCurrency = '710'): LedgerAmount {
  return slipTotal(response, requestAmount, terminalCurrency).paid;
}

/** `terminalCurrency` only names the currency when neither the request nor the response does. */
export function slipTotal(response: PurchaseResponse, requestAmount?: LedgerAmount, terminalCurrency = '710'): SlipTotal {
  const currency = fallbackCurrency(response, requestAmount, terminalCurrency);
  const listed = parts(response, currency);
  const sameCurrency = listed.every((part) => part.amount.currency === currency);
  const sum = listed.reduce((total, part) => total + (part.amount.currency === currency ? part.amount.amount : 0), 0);
  const paid = requestAmount ?? response.amounts?.approvedAmount ?? response.amounts?.requestAmount ?? { amount: Math.max(0, sum), currency };
  const partsAddUp = sameCurrency && paid.currency === currency && sum === paid.amount;
  return { paid: { amount: paid.amount, currency: paid.currency }, parts: listed, partsAddUp };
}
