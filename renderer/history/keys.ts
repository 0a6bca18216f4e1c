// The derived search keys of a sale, kept on the record by a Dexie middleware so that every write
// (the journal's put, a modify, an update) refreshes them whatever its author knew about history.
// Only references live here: everything else history searches is indexed straight from the record.
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { z } from 'zod';

/** Field on a stored sale: one key per reference, `<reference in lower case>\0<purchase id>`, indexed multiEntry. */
export const REF_KEYS_FIELD = 'refKeys';
/** Separates a reference from the purchase id in a ref key; sorts below every printable character. */
export const REF_KEY_SEPARATOR = '\u0000';

const Ref = z.string().trim().min(1).max(100).optional().catch(undefined);
const Refs = z.array(z.object({ receiptNum: Ref }).passthrough().catch({})).optional().catch(undefined);

/**
 * The parts of a stored sale that are references a customer or the upstream may quote: never a token
 * or a voucher PIN. Read leniently: a field of an unexpected shape is skipped, never thrown on.
 */
const SaleRefsSchema = z.object({
  purchaseId: z.string().min(1),
  response: z
    .object({
      rrn: Ref,
      vatInvoiceNumber: Ref,
      slipData: z.object({ issuerReference: Ref }).passthrough().optional().catch(undefined),
      thirdPartyIdentifiers: z.array(z.object({ transactionIdentifier: Ref }).passthrough().catch({})).optional().catch(undefined),
      tokens: Refs,
      debtRecoveryCharges: Refs,
      voucher: z.object({ serialNumber: Ref }).passthrough().optional().catch(undefined),
    })
    .passthrough()
    .optional()
    .catch(undefined),
});

/** The references of a sale (purchase id first), as typed by a person: distinct, original case. */
export function referencesOf(value: unknown): string[] {
  const parsed = SaleRefsSchema.safeParse(value);
  if (!parsed.success) return [];
  const { purchaseId, response } = parsed.data;
  const refs = [
    purchaseId,
    response?.vatInvoiceNumber,
    response?.slipData?.issuerReference,
    response?.rrn,
    response?.voucher?.serialNumber,
    ...(response?.tokens ?? []).map((token) => token.receiptNum),
    ...(response?.debtRecoveryCharges ?? []).map((charge) => charge.receiptNum),
    ...(response?.thirdPartyIdentifiers ?? []).map((id) => id.transactionIdentifier),
  ];
  return [...new Set(refs.filter((ref): ref is string => ref !== undefined))];
}

/** How a reference is searched: case and surrounding spaces do not matter. */
export const normalRef = (text: string): string => text.trim().toLowerCase();

export function refKeysOf(value: unknown): string[] {
  const parsed = SaleRefsSchema.safeParse(value);
  if (!parsed.success) return [];
  return [...new Set(referencesOf(value).map((ref) => `${normalRef(ref)}${REF_KEY_SEPARATOR}${parsed.data.purchaseId}`))];
}

/** A copy of the sale with its ref keys; anything that is not an object goes through unchanged. */
export function withRefKeys<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return { ...value, [REF_KEYS_FIELD]: refKeysOf(value) };
}

function refKeysTable(table: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(request: DBCoreMutateRequest) {
      if (request.type === 'add' || request.type === 'put') return table.mutate({ ...request, values: request.values.map(withRefKeys) });
      return table.mutate(request);
    },
  };
}

/** Keeps `refKeys` of every sale written to the `sales` table current. */
export const refKeysMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'historyRefKeys',
  create: (down) => ({
    ...down,
    table: (name) => (name === 'sales' ? refKeysTable(down.table(name)) : down.table(name)),
  }),
};
