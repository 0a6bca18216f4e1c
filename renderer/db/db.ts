// The durable side of the renderer: the sale journal and the advice outbox, in IndexedDB (Dexie),
// every write with strict durability so an acknowledged write survives power loss.
import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import {
  ConfirmationAdviceSchema,
  MeterLookupResponseSchema,
  PurchaseRequestSchema,
  PurchaseResponseSchema,
  ReversalAdviceSchema,
} from '../../shared/protocol/schemas';

export const SaleStateSchema = z.enum([
  'sending', // written before the purchase request leaves
  'approved',
  'declined',
  'in-doubt',
  'printed',
  'print-failed',
  'confirming',
  'reversing',
  'done',
]);
export type SaleState = z.infer<typeof SaleStateSchema>;

export const SaleRecordSchema = z.object({
  purchaseId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  meterId: z.string(),
  state: SaleStateSchema,
  lookup: MeterLookupResponseSchema.optional(),
  request: PurchaseRequestSchema,
  response: PurchaseResponseSchema.optional(),
  tendered: z.number().int().nonnegative(),
  printedAt: z.string().optional(),
  declineMessage: z.string().optional(),
  history: z.array(z.object({ at: z.string(), state: SaleStateSchema, note: z.string().optional() })),
});
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
  advice: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('confirmation'), body: ConfirmationAdviceSchema }),
    z.object({ kind: z.literal('reversal'), body: ReversalAdviceSchema }),
  ]),
});
export type AdviceRecord = z.infer<typeof AdviceRecordSchema>;

export class PosDatabase extends Dexie {
  sales!: Table<SaleRecord, string>;
  outbox!: Table<AdviceRecord, string>;

  constructor(name = 'prepaid-pos') {
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      sales: 'purchaseId, createdAt, meterId, state',
      outbox: 'adviceId, purchaseId, createdAt, state, [state+createdAt]',
    });
  }
}

export const nowIso = (): string => new Date().toISOString();
