// The durable side of the renderer: the sale journal and the advice outbox, in IndexedDB (Dexie),
// every write with strict durability so an acknowledged write survives power loss.
import Dexie, { type Table } from 'dexie';
import { SALE_STATES } from '../../shared/sale-machine';
import { z } from 'zod';
import {
  ConfirmationAdviceSchema,
  KeyChangeConfirmationSchema,
  KeyChangeTokenRequestSchema,
  KeyChangeTokenResponseSchema,
  MeterLookupResponseSchema,
  PurchaseRequestSchema,
  PurchaseResponseSchema,
  ReversalAdviceSchema,
} from '../../shared/protocol/schemas';
import {
  AirtimeConfirmationSchema,
  AirtimeProductSchema,
  AirtimePurchaseRequestSchema,
  AirtimePurchaseResponseSchema,
  AirtimeReversalSchema,
} from '../../shared/protocol/airtime/schemas';
import type { ShiftRecord } from '../journal/shift-record';
import { REF_KEYS_FIELD, refKeysMiddleware, refKeysOf } from '../history/keys';

export const SaleStateSchema = z.enum(SALE_STATES);

/** The product lines this till sells; each has its own rules in renderer/services/. */
export const SERVICE_NAMES = ['electricity', 'airtime'] as const;
export const ServiceNameSchema = z.enum(SERVICE_NAMES);
export type ServiceName = z.infer<typeof ServiceNameSchema>;

/** One request and its outcome, as sent and as answered (outcome kept whole for the record). */
export const ExchangeSchema = z.object({
  at: z.string(),
  /** Electricity: createTokenPurchaseRequest, retryPurchaseRequest; airtime: purchase, purchaseStatus. */
  operation: z.enum(['createTokenPurchaseRequest', 'retryPurchaseRequest', 'purchase', 'purchaseStatus']),
  requestId: z.string(),
  outcome: z.object({ kind: z.enum(['successful', 'failed', 'unknown']), status: z.number().optional(), message: z.string().optional() }).passthrough(),
});
export type Exchange = z.infer<typeof ExchangeSchema>;

/** What every sale has, whatever the product. */
const SaleCommon = {
  purchaseId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the sale was for, as a cashier searches for it: the meter number, or the phone number (international form). */
  subject: z.string(),
  state: SaleStateSchema,
  tendered: z.number().int().nonnegative(),
  printedAt: z.string().optional(),
  printMessage: z.string().optional(),
  declineMessage: z.string().optional(),
  /** Sold deliberately without a slip (the printer could not print): why, in the words the cashier saw. */
  noSlip: z.string().optional(),
  /** Resolved after a restart or by retries: its slip is marked RECOVERED. */
  recovered: z.boolean().optional(),
  exchanges: z.array(ExchangeSchema),
  history: z.array(z.object({ at: z.string(), state: SaleStateSchema, note: z.string().optional() })),
};

export const ElectricitySaleSchema = z.object({
  service: z.literal('electricity'),
  ...SaleCommon,
  meterId: z.string(),
  lookup: MeterLookupResponseSchema.optional(),
  request: PurchaseRequestSchema,
  response: PurchaseResponseSchema.optional(),
});
export type ElectricitySale = z.infer<typeof ElectricitySaleSchema>;

export const AirtimeSaleSchema = z.object({
  service: z.literal('airtime'),
  ...SaleCommon,
  /** The recipient's number, international form (27…). */
  msisdn: z.string(),
  product: AirtimeProductSchema,
  request: AirtimePurchaseRequestSchema,
  response: AirtimePurchaseResponseSchema.optional(),
});
export type AirtimeSale = z.infer<typeof AirtimeSaleSchema>;

export const SaleRecordSchema = z.discriminatedUnion('service', [ElectricitySaleSchema, AirtimeSaleSchema]);
export type SaleRecord = z.infer<typeof SaleRecordSchema>;

export const AdviceRecordSchema = z.object({
  adviceId: z.string(),
  purchaseId: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.number(),
  lastAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
  settledAt: z.string().optional(),
  note: z.string().optional(),
  reconcile: z.boolean().optional(),
  /** Still pending, but the latest answer said "not now" or "not you" (401, 503, a proxy…): the status bar alerts. */
  alert: z.string().optional(),
  advice: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('confirmation'), body: ConfirmationAdviceSchema }),
    z.object({ kind: z.literal('reversal'), body: ReversalAdviceSchema }),
    z.object({ kind: z.literal('keyChangeConfirmation'), body: KeyChangeConfirmationSchema }),
    z.object({ kind: z.literal('airtimeConfirmation'), body: AirtimeConfirmationSchema }),
    z.object({ kind: z.literal('airtimeReversal'), body: AirtimeReversalSchema }),
  ]),
});
export type AdviceRecord = z.infer<typeof AdviceRecordSchema>;

/** A key change token request: non-financial, but its tokens are printed and its confirmation is an advice. */
export const KeyChangeRecordSchema = z.object({
  requestId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  meterId: z.string(),
  state: z.enum(['sending', 'issued', 'refused', 'unknown']),
  request: KeyChangeTokenRequestSchema,
  response: KeyChangeTokenResponseSchema.optional(),
  message: z.string().optional(),
  printedAt: z.string().optional(),
});
export type KeyChangeRecord = z.infer<typeof KeyChangeRecordSchema>;

export class PosDatabase extends Dexie {
  sales!: Table<SaleRecord, string>;
  outbox!: Table<AdviceRecord, string>;
  meta!: Table<{ key: string; value: string }, string>;
  keyChanges!: Table<KeyChangeRecord, string>;
  shifts!: Table<ShiftRecord, string>;

  /**
   * `autoOpen: false` is for the app: a journal the browser closed (a disk error, storage cleared)
   * stays closed, so every write fails and says so, until the cashier deliberately opens it again;
   * Dexie would otherwise reopen it behind the sale's back.
   */
  constructor(name = 'prepaid-pos', options: { autoOpen?: boolean } = {}) {
    super(name, { chromeTransactionDurability: 'strict', autoOpen: options.autoOpen ?? true });
    this.version(1).stores({
      sales: 'purchaseId, createdAt, meterId, state',
      outbox: 'adviceId, purchaseId, createdAt, state, [state+createdAt]',
      meta: 'key',
    });
    // Key change requests joined the journal after the first release of the schema.
    this.version(2).stores({ keyChanges: 'requestId, createdAt, meterId, state' });
    // 'advice-failed' was split: a refused confirmation (sold) and a refused reversal (cancelled)
    // count differently in the drawer, so each old record goes where its history says it was.
    this.version(3).stores({}).upgrade((tx) =>
      tx.table('sales').where('state').equals('advice-failed').modify((sale: { state: string; history: Array<{ state: string }> }) => {
        const before = [...sale.history].reverse().find((line) => line.state === 'confirming' || line.state === 'reversing');
        sale.state = before?.state === 'reversing' ? 'reverse-failed' : 'confirm-failed';
      }),
    );
    // Airtime joined electricity: every sale names its service and its subject (meter or phone
    // number), indexed for the till's searches. Every sale before this version was electricity.
    this.version(4)
      .stores({ sales: 'purchaseId, createdAt, meterId, state, service, subject' })
      .upgrade((tx) =>
        tx.table('sales').toCollection().modify((sale: { service?: string; subject?: string; meterId?: string }) => {
          sale.service ??= 'electricity';
          sale.subject ??= sale.meterId ?? '';
        }),
      );
    // History search (renderer/history): each search walks one of these ranges, newest first, paged
    // by key (purchaseId last makes every key unique). refKeys are derived from the record on every
    // write by the middleware, so receipts inside token arrays can be indexed; older sales get theirs here.
    this.version(5)
      .stores({
        sales: 'purchaseId, createdAt, meterId, state, service, subject, [createdAt+purchaseId], [subject+createdAt+purchaseId], ' +
          '[state+createdAt+purchaseId], [request.originator.operatorId+createdAt+purchaseId], *refKeys',
      })
      .upgrade((tx) => tx.table('sales').toCollection().modify((sale: Record<string, unknown>) => {
        sale[REF_KEYS_FIELD] = refKeysOf(sale);
      }));
    // Shifts (float, counted drawer) and the numbered Z reports; a Z alone has zDay and zNumber,
    // unique, so a second Z for the same day is refused by the journal itself.
    this.version(6).stores({ shifts: 'id, kind, openedAt, &zDay, &zNumber' });
    this.use(refKeysMiddleware);
  }
}

export const nowIso = (): string => new Date().toISOString();

/** A new advice record, to be written inside the transaction of the transition that creates it. */
export function newAdviceRecord(purchaseId: string, advice: AdviceRecord['advice']): AdviceRecord {
  return {
    adviceId: advice.body.id,
    purchaseId,
    createdAt: nowIso(),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    advice,
  };
}
