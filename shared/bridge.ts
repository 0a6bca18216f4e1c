// The one bridge contract between the renderer and the main side. Both hosts (Electron IPC and the
// browser host's HTTP) serve exactly this map; nothing is callable that is not in it.
import { z } from 'zod';
import { DeviceInputSchema, DeviceRoleStatusSchema, DeviceSelectRequestSchema, DevicesStateSchema, DEVICE_ROLES } from './input/devices';
import { TerminalConfigSchema } from './protocol/envelope';
import type { Outcome } from './protocol/outcome';
import {
  ConfirmationAdviceSchema,
  CurrencySchema,
  KeyChangeConfirmationSchema,
  KeyChangeTokenRequestSchema,
  KeyChangeTokenResponseSchema,
  ErrorDetailSchema,
  FaultReportRequestSchema,
  FaultReportResponseSchema,
  MeterLookupRequestSchema,
  MeterLookupResponseSchema,
  PurchaseRequestSchema,
  PurchaseResponseSchema,
  ReversalAdviceSchema,
  TenderTypeSchema,
  TokenReprintRequestSchema,
} from './protocol/schemas';
import {
  AirtimeAdviceResponseSchema,
  AirtimePurchaseResponseSchema,
  MsisdnInfoResponseSchema,
  MsisdnLookupQuerySchema,
  OutgoingAirtimeConfirmationSchema,
  OutgoingAirtimePurchaseRequestSchema,
  OutgoingAirtimeReversalSchema,
  ProductListSchema,
} from './protocol/airtime/schemas';

export const BRIDGE_ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'UPSTREAM_UNKNOWN',
  'UPSTREAM_DECLINED',
  'PAPER_OUT',
  'PRINTER_OFFLINE',
  'PRINT_FAILED',
  'INTERNAL',
  /** A request body over the browser host's limit (HTTP 413): the caller must send smaller pieces. */
  'TOO_LARGE',
  /** A backup could not be written (disk, permissions, a broken or abandoned backup session). */
  'BACKUP_FAILED',
  /** The service asked for is not offered on this till (config.json `services`). */
  'SERVICE_OFF',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export const BridgeErrorSchema = z.object({ code: z.enum(BRIDGE_ERROR_CODES), message: z.string() });
export type BridgeError = z.infer<typeof BridgeErrorSchema>;

export type BridgeResult<T> = { ok: true; data: T } | { ok: false; error: BridgeError };

/** An upstream outcome as it crosses the bridge (mirrors shared/protocol/outcome.ts). */
export function outcomeSchema<T extends z.ZodType>(body: T) {
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('successful'), status: z.number().int(), body }),
    z.object({
      kind: z.literal('failed'),
      status: z.number().int(),
      error: ErrorDetailSchema.optional(),
      message: z.string(),
      reason: z.enum(['declined', 'invalid-request', 'not-sent']).optional(),
      emptyBody: z.literal(true).optional(),
    }),
    z.object({
      kind: z.literal('unknown'),
      status: z.number().int().optional(),
      reason: z.enum(['server-error', 'gateway-timeout', 'timeout', 'connection', 'invalid-body']),
      message: z.string(),
    }),
  ]);
}

/** The most advices one advice:batch call may carry (ADVICE_BATCH_MAX). */
const ADVICE_BATCH_MAX_SETTING = 64;

export const OutboxSettingsSchema = z.object({
  /** Advices sent in parallel. */
  lanes: z.number().int().min(1).max(64).default(1),
  /** Advices carried by one bridge call and settled in one transaction (1 = one call per advice). */
  batchSize: z.number().int().min(1).max(ADVICE_BATCH_MAX_SETTING).default(32),
  /** An advice pending longer than this raises an alert. */
  alertAfterMs: z.number().int().positive().default(10 * 60_000),
  baseDelayMs: z.number().int().positive().default(1_000),
  maxDelayMs: z.number().int().positive().default(60_000),
  /** Repeats of retryPurchaseRequest for an in-doubt purchase: first delay, doubling to the cap. */
  retryBaseDelayMs: z.number().int().positive().default(1_000),
  retryMaxDelayMs: z.number().int().positive().default(15_000),
  /**
   * How long after the purchase an in-doubt sale is retried. The upstream keeps a purchase for a
   * limited time (Electrum's test server: 30 minutes); past that a retry could be taken as a new
   * purchase, so the sale stops and waits for a supervisor. Default 25 minutes, inside that margin.
   */
  retryWindowMs: z.number().int().positive().max(24 * 60 * 60_000).default(25 * 60_000),
  /**
   * Airtime: how long an unknown purchase is asked about with purchaseStatus before the till reverses
   * it. Airtime has no retry operation, and a customer at the counter cannot wait half an hour: past
   * this window the reversal is queued and the cash goes back. Default 3 minutes.
   */
  statusWindowMs: z.number().int().positive().max(60 * 60_000).default(3 * 60_000),
});
export type OutboxSettings = z.infer<typeof OutboxSettingsSchema>;

/** One service as the counter sees it: offered or not, under which name, against which upstream. */
export const ServiceInfoSchema = z.object({
  enabled: z.boolean(),
  displayName: z.string(),
  /** 'Embedded training simulator' or the upstream's base URL. */
  upstream: z.string(),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;

export const AppInfoSchema = z.object({
  host: z.enum(['electron', 'browser']),
  mode: z.enum(['training', 'live']),
  version: z.string(),
  terminal: TerminalConfigSchema,
  operatorId: z.string().max(30).optional(),
  upstream: z.string(),
  printer: z.string(),
  /** A cash drawer is wired to the printer (config.json printer.cashDrawer): cash sales open it. */
  cashDrawer: z.boolean().optional(),
  outbox: OutboxSettingsSchema,
  /** IANA time zone of the shop: times on screen and slip are local to it. */
  timeZone: z.string().optional(),
  /** config.json journal.retentionDays: finished, backed-up sales older than this may leave the journal. */
  journalRetentionDays: z.number().int().positive().optional(),
  /** The services this till sells (config.json `services`); absent from hosts that predate them: electricity only. */
  services: z
    .object({
      prepaidUtility: ServiceInfoSchema,
      airtime: ServiceInfoSchema.extend({
        /** The sales channel to ask listProducts and lookupMsisdn for. */
        channelName: z.string().optional(),
        /** The till's own products, for an upstream whose listProducts answers 501. */
        catalogue: ProductListSchema.optional(),
      }),
    })
    .optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

// A backup travels in pieces (begin, append…, commit) so a year of sales never has to fit in one
// request or in memory: the renderer reads the journal in pages, the main side appends to a temporary
// file and gives it its name only when the commit finds every piece in place.
export const BACKUP_REASONS = ['shift-close', 'daily', 'export'] as const;
/** Sections of a backup file, written in this order. */
export const BACKUP_SECTIONS = ['sales', 'outbox', 'keyChanges'] as const;
export type BackupSection = (typeof BACKUP_SECTIONS)[number];
/** Largest JSON a backup:append should carry: far below the browser host's 1 MiB request limit. */
export const BACKUP_CHUNK_BYTES = 256 * 1024;
/** Journal retention in days (docs/decisions/0006): the default keeps over a year; shorter settings are refused. */
export const JOURNAL_RETENTION_DAYS = { default: 400, min: 90, max: 3650 } as const;

export const BackupBeginRequestSchema = z.object({ reason: z.enum(BACKUP_REASONS) }).strict();
export const BackupBeginResultSchema = z.object({ backupId: z.string().uuid(), startedAt: z.string() });
export const BackupAppendRequestSchema = z
  .object({
    backupId: z.string().uuid(),
    /** 0, 1, 2… per backup: a repeated or lost piece is refused instead of silently duplicated or skipped. */
    seq: z.number().int().nonnegative(),
    section: z.enum(BACKUP_SECTIONS),
    records: z.array(z.record(z.string(), z.unknown())).max(10_000),
  })
  .strict();
export const BackupAppendResultSchema = z.object({ records: z.number().int().nonnegative() });
const BackupCountsSchema = z.object({
  sales: z.number().int().nonnegative(),
  outbox: z.number().int().nonnegative(),
  keyChanges: z.number().int().nonnegative(),
});
export const BackupCommitRequestSchema = z.object({ backupId: z.string().uuid(), counts: BackupCountsSchema }).strict();
export const BackupAbortRequestSchema = z.object({ backupId: z.string().uuid() }).strict();
export const BackupResultSchema = z.object({
  backupId: z.string().uuid(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  startedAt: z.string(),
  counts: BackupCountsSchema,
});
export type BackupResult = z.infer<typeof BackupResultSchema>;

/** Supervisor → Export logs: the last days' log files of every process joined into one (docs/decisions/0010). */
export const LogExportRequestSchema = z.object({ days: z.number().int().min(1).max(31) }).strict();
export const LogExportResultSchema = z.object({
  path: z.string(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
/** Kiosk mode is left only with a supervisor's PIN; the PIN check itself arrives with issue 11. */
export const LeaveKioskRequestSchema = z.object({ pin: z.string().regex(/^[0-9]{4,12}$/) }).strict();
export const LeaveKioskResultSchema = z.object({ left: z.boolean(), message: z.string() });

const PrintMarksSchema = z.object({
  reprint: z.boolean().optional(),
  recovered: z.boolean().optional(),
});

/** A slip as the renderer hands it over: validated structurally here, laid out main-side. */
export const PurchasePrintRequestSchema = z.object({
  kind: z.literal('purchase'),
  request: PurchaseRequestSchema,
  response: PurchaseResponseSchema,
  printedAt: z.string(),
  tendered: z.number().int().nonnegative().optional(),
  marks: PrintMarksSchema,
  /** Kick the cash drawer (only where one is configured): the first print of a cash sale, never a reprint. */
  openDrawer: z.boolean().optional(),
});

/** Tokens the upstream sent again (requestTokenReprint) for a slip lost after the fact: always marked REPRINT. */
export const TokenReprintPrintRequestSchema = z.object({
  kind: z.literal('tokenReprint'),
  request: TokenReprintRequestSchema,
  response: PurchaseResponseSchema,
  printedAt: z.string(),
});

/** A meter fault reported for a customer: the slip carries the utility's reference. */
export const FaultReportPrintRequestSchema = z.object({
  kind: z.literal('faultReport'),
  request: FaultReportRequestSchema,
  response: FaultReportResponseSchema,
  printedAt: z.string(),
});

/** Key change tokens from createKeyChangeTokenRequest: to be entered in order, before any credit token. */
export const KeyChangePrintRequestSchema = z.object({
  kind: z.literal('keyChange'),
  request: KeyChangeTokenRequestSchema,
  response: KeyChangeTokenResponseSchema,
  printedAt: z.string(),
  marks: PrintMarksSchema,
});

/**
 * An airtime or data sale (Airtime v5): the voucher PIN slip, or the receipt of a direct top-up. Like a
 * purchase: REPRINT/RECOVERED marks, and the drawer only on the first print of a cash sale.
 */
export const AirtimePurchasePrintRequestSchema = z.object({
  kind: z.literal('airtimePurchase'),
  request: OutgoingAirtimePurchaseRequestSchema,
  response: AirtimePurchaseResponseSchema,
  /** The catalogue entry the cashier picked: names and contents an answer that echoes only the productId leaves out. */
  product: AirtimePurchaseResponseSchema.shape.product.optional(),
  printedAt: z.string(),
  tendered: z.number().int().nonnegative().optional(),
  marks: PrintMarksSchema,
  openDrawer: z.boolean().optional(),
});

const CountAndAmount = z.object({ count: z.number().int().nonnegative(), amount: z.number().int().nonnegative() });

// Shifts, X and Z reports (renderer/journal/shift.ts): a shift close with its counted drawer, the
// mid-shift X and the numbered end-of-day Z add these to the shift report; all optional, so a
// report without them prints as before.
const Minor = z.number().int().nonnegative();
const ReportTime = z.string().max(40);
const ReportSubject = z.string().max(60);
const ShiftTotalsFields = {
  /** Absent: the plain shift report. */
  report: z.enum(['shift', 'x', 'z']).optional(),
  /** The Z's number, or the X's count within its shift. */
  number: z.number().int().positive().optional(),
  products: z
    .array(
      z.object({
        product: z.string().max(40),
        sold: CountAndAmount,
        reversed: CountAndAmount,
        declined: z.number().int().nonnegative(),
        unresolved: CountAndAmount,
        review: CountAndAmount,
      }),
    )
    .max(10)
    .optional(),
  /** Sold and held (no outcome yet) by how the customer paid. */
  tenders: z.array(z.object({ tender: TenderTypeSchema, sold: CountAndAmount, held: Minor })).max(12).optional(),
  /** The drawer: the float, cash expected (float + cash sales + cash held), and the count per tender once closed. */
  drawer: z
    .object({
      float: Minor,
      expected: Minor,
      counts: z.array(z.object({ tender: TenderTypeSchema, expected: Minor, counted: Minor, variance: z.number().int() })).max(12).optional(),
    })
    .optional(),
  /** A Z: every shift closed in its period. */
  shifts: z
    .array(z.object({ openedAt: ReportTime, closedAt: ReportTime, by: z.string().max(30).optional(), float: Minor, variance: z.number().int() }))
    .max(1000)
    .optional(),
  pendingAdvices: z.array(z.object({ kind: z.string().max(40), subject: ReportSubject, at: ReportTime })).max(500).optional(),
  unknownOutcomes: z.array(z.object({ subject: ReportSubject, amount: Minor, at: ReportTime, review: z.boolean() })).max(500).optional(),
  reversalsRefused: z.array(z.object({ subject: ReportSubject, amount: Minor, at: ReportTime })).max(500).optional(),
  reprints: z.array(z.object({ subject: ReportSubject, at: ReportTime, by: z.string().max(30).optional() })).max(500).optional(),
};

/** The shift report printed at shift close, from this terminal's journal. */
export const ShiftReportPrintRequestSchema = z.object({
  kind: z.literal('shiftReport'),
  printedAt: z.string(),
  /** The shift: from the previous close (or the first sale) to now, RFC 3339. */
  from: z.string(),
  to: z.string(),
  operatorId: z.string().max(30).optional(),
  currency: CurrencySchema,
  /** Sales confirmed, or finished and waiting for their confirmation to be delivered. */
  sold: CountAndAmount,
  /** Sales cancelled with a reversal (customer could not pay, or abandoned while in doubt). */
  reversed: CountAndAmount,
  declined: z.object({ count: z.number().int().nonnegative() }),
  /** Sales whose outcome is still unknown at close. */
  unresolved: z.object({ count: z.number().int().nonnegative(), amount: z.number().int().nonnegative().optional() }),
  advicesPending: z.number().int().nonnegative(),
  advicesRefused: z.number().int().nonnegative(),
  /** Sales past the retry window with no final answer: not sold, cash held, a supervisor resolves them. */
  review: CountAndAmount.optional(),
  /** Refused confirmations (counted in `sold`) and refused reversals (counted in `reversed`), to reconcile. */
  confirmRefused: CountAndAmount.optional(),
  reverseRefused: CountAndAmount.optional(),
  /** Cash the drawer should hold: kept for cash sales sold, held for cash sales with no outcome yet. */
  cash: z.object({ kept: z.number().int().nonnegative(), held: z.number().int().nonnegative() }).optional(),
  ...ShiftTotalsFields,
});

export const PrintRequestSchema = z.discriminatedUnion('kind', [
  PurchasePrintRequestSchema,
  TokenReprintPrintRequestSchema,
  FaultReportPrintRequestSchema,
  KeyChangePrintRequestSchema,
  ShiftReportPrintRequestSchema,
  AirtimePurchasePrintRequestSchema,
]);
export type PrintRequest = z.infer<typeof PrintRequestSchema>;
export type PurchasePrintRequest = z.infer<typeof PurchasePrintRequestSchema>;
export type TokenReprintPrintRequest = z.infer<typeof TokenReprintPrintRequestSchema>;
export type FaultReportPrintRequest = z.infer<typeof FaultReportPrintRequestSchema>;
export type KeyChangePrintRequest = z.infer<typeof KeyChangePrintRequestSchema>;
export type ShiftReportPrintRequest = z.infer<typeof ShiftReportPrintRequestSchema>;
export type AirtimePurchasePrintRequest = z.infer<typeof AirtimePurchasePrintRequestSchema>;

/** What the printer reports about itself; "unknown" when the link is one-way or the printer is silent. */
export const PRINTER_STATES = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'unknown'] as const;
export const PrinterStatusSchema = z.object({ state: z.enum(PRINTER_STATES), detail: z.string().optional() });
export type PrinterStatusReport = z.infer<typeof PrinterStatusSchema>;

export const PrintResultSchema = z.object({ bytes: z.number().int().nonnegative(), printer: z.string() });

const Empty = z.object({}).strict();
const Uuid = z.string().uuid();

// Many advices in one bridge call (the outbox's batch sender). Each item names its advice kind; the
// main side sends it through one table keyed by that kind (electron/services/advice-batch.ts), so a
// new kind of advice is one item schema here and one line there.
export const ADVICE_BATCH_MAX = ADVICE_BATCH_MAX_SETTING;
export const AdviceBatchItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirmation'), purchaseId: Uuid, advice: ConfirmationAdviceSchema }),
  z.object({ kind: z.literal('reversal'), purchaseId: Uuid, advice: ReversalAdviceSchema }),
  z.object({ kind: z.literal('keyChangeConfirmation'), purchaseId: Uuid, advice: KeyChangeConfirmationSchema }),
  z.object({ kind: z.literal('airtimeConfirmation'), purchaseId: Uuid, advice: OutgoingAirtimeConfirmationSchema }),
  z.object({ kind: z.literal('airtimeReversal'), purchaseId: Uuid, advice: OutgoingAirtimeReversalSchema }),
]);
export type AdviceBatchItem = z.infer<typeof AdviceBatchItemSchema>;
export const AdviceBatchRequestSchema = z
  .object({
    /**
     * In order, each after the previous one's answer, and none after an answer that is not final:
     * the head of the queue holds back the rest, as one lane must.
     */
    ordered: z.boolean(),
    /** Advices at the upstream at once when not ordered. */
    parallel: z.number().int().min(1).max(ADVICE_BATCH_MAX),
    advices: z.array(AdviceBatchItemSchema).min(1).max(ADVICE_BATCH_MAX),
  })
  .strict();
/** One answer per advice, in the request's order: the upstream's outcome, a bridge error, or not sent. */
export const AdviceBatchResultSchema = z.object({
  results: z.array(
    z.union([
      z.object({ adviceId: z.string(), outcome: outcomeSchema(z.unknown()) }),
      z.object({ adviceId: z.string(), error: BridgeErrorSchema }),
      z.object({ adviceId: z.string(), notSent: z.literal(true) }),
    ]),
  ),
});
export type AdviceBatchResult = z.infer<typeof AdviceBatchResultSchema>;

export const bridgeContract = {
  'app:info': { request: Empty, response: AppInfoSchema },
  'upstream:meterLookup': {
    request: z.object({ request: MeterLookupRequestSchema }),
    response: outcomeSchema(MeterLookupResponseSchema),
  },
  'upstream:purchase': {
    request: z.object({ request: PurchaseRequestSchema }),
    response: outcomeSchema(PurchaseResponseSchema),
  },
  'upstream:retryPurchase': {
    request: z.object({ originalPurchaseId: Uuid, request: PurchaseRequestSchema }),
    response: outcomeSchema(PurchaseResponseSchema),
  },
  'upstream:confirm': {
    request: z.object({ purchaseId: Uuid, advice: ConfirmationAdviceSchema }),
    response: outcomeSchema(z.unknown()),
  },
  'upstream:reverse': {
    request: z.object({ purchaseId: Uuid, advice: ReversalAdviceSchema }),
    response: outcomeSchema(z.unknown()),
  },
  'upstream:reprint': {
    request: z.object({ request: TokenReprintRequestSchema }),
    response: outcomeSchema(PurchaseResponseSchema),
  },
  'upstream:faultReport': {
    request: z.object({ request: FaultReportRequestSchema }),
    response: outcomeSchema(FaultReportResponseSchema),
  },
  'upstream:keyChange': {
    request: z.object({ request: KeyChangeTokenRequestSchema }),
    response: outcomeSchema(KeyChangeTokenResponseSchema),
  },
  'upstream:confirmKeyChange': {
    request: z.object({ requestId: Uuid, advice: KeyChangeConfirmationSchema }),
    response: outcomeSchema(z.unknown()),
  },
  'advice:batch': { request: AdviceBatchRequestSchema, response: AdviceBatchResultSchema },
  // Airtime v5. Purchases and advices carry their ids in the body; the per-purchase order of the
  // electricity calls holds for them too (keyed by the purchase id, `requestId` for an advice).
  'airtime:listProducts': {
    request: z.object({ channelName: z.string().min(1).max(50).optional() }),
    response: outcomeSchema(ProductListSchema),
  },
  'airtime:lookupMsisdn': { request: MsisdnLookupQuerySchema, response: outcomeSchema(MsisdnInfoResponseSchema) },
  'airtime:purchase': {
    request: z.object({ request: OutgoingAirtimePurchaseRequestSchema }),
    response: outcomeSchema(AirtimePurchaseResponseSchema),
  },
  'airtime:trial': {
    request: z.object({ request: OutgoingAirtimePurchaseRequestSchema }),
    response: outcomeSchema(AirtimePurchaseResponseSchema),
  },
  'airtime:status': {
    request: z.object({ originalMsgId: Uuid }),
    response: outcomeSchema(AirtimePurchaseResponseSchema),
  },
  'airtime:confirm': {
    request: z.object({ advice: OutgoingAirtimeConfirmationSchema }),
    response: outcomeSchema(AirtimeAdviceResponseSchema.nullable()),
  },
  'airtime:reverse': {
    request: z.object({ advice: OutgoingAirtimeReversalSchema }),
    response: outcomeSchema(AirtimeAdviceResponseSchema.nullable()),
  },
  'printer:print': { request: PrintRequestSchema, response: PrintResultSchema },
  'printer:status': { request: Empty, response: PrinterStatusSchema },
  'backup:begin': { request: BackupBeginRequestSchema, response: BackupBeginResultSchema },
  'backup:append': { request: BackupAppendRequestSchema, response: BackupAppendResultSchema },
  'backup:commit': { request: BackupCommitRequestSchema, response: BackupResultSchema },
  'backup:abort': { request: BackupAbortRequestSchema, response: z.object({}) },
  'logs:export': { request: LogExportRequestSchema, response: LogExportResultSchema },
  'app:leaveKiosk': { request: LeaveKioskRequestSchema, response: LeaveKioskResultSchema },
  /** USB HID card readers and scanners: what is plugged in, which is chosen for each role, how each is doing. */
  'devices:list': { request: Empty, response: DevicesStateSchema },
  'devices:select': { request: DeviceSelectRequestSchema, response: DevicesStateSchema },
} as const;

export type BridgeContract = typeof bridgeContract;
export type BridgeMethod = keyof BridgeContract;
export type BridgeRequest<M extends BridgeMethod> = z.input<BridgeContract[M]['request']>;
export type BridgeResponse<M extends BridgeMethod> = z.infer<BridgeContract[M]['response']>;

export const BRIDGE_METHODS = Object.keys(bridgeContract) as BridgeMethod[];

export function isBridgeMethod(name: unknown): name is BridgeMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(bridgeContract, name);
}

/** Events the main side pushes to the renderer. */
export const BridgeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), at: z.string() }),
  z.object({ type: z.literal('printer'), state: z.string(), detail: z.string().optional() }),
  /** A card swiped or a barcode scanned on a USB HID device chosen in settings. */
  z.object({ type: z.literal('device-input'), role: z.enum(DEVICE_ROLES), input: DeviceInputSchema }),
  /** A chosen device was plugged in, unplugged, is missing or cannot be read. */
  z.object({ type: z.literal('device-status'), role: z.enum(DEVICE_ROLES), status: DeviceRoleStatusSchema }),
]);
export type BridgeEvent = z.infer<typeof BridgeEventSchema>;

/** What the renderer sees as `window.pos`, whichever host it runs in. */
export interface PosBridge {
  invoke<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResult<BridgeResponse<M>>>;
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}

/** Handlers the main side implements, one per method. */
export type BridgeHandlers = {
  [M in BridgeMethod]: (request: z.infer<BridgeContract[M]['request']>) => Promise<BridgeResult<BridgeResponse<M>>>;
};

/** Parse, dispatch and contain failures: the one entry point both hosts call. */
export async function dispatchBridgeCall(
  handlers: BridgeHandlers,
  method: unknown,
  rawRequest: unknown,
): Promise<BridgeResult<unknown>> {
  if (!isBridgeMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `No such bridge method: ${String(method).slice(0, 60)}` } };
  }
  const parsed = bridgeContract[method].request.safeParse(rawRequest);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(request)'}: ${first.message}` : 'invalid';
    return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid ${method} request — ${where}` } };
  }
  try {
    const handler = handlers[method] as (req: unknown) => Promise<BridgeResult<unknown>>;
    return await handler(parsed.data);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'INTERNAL', message } };
  }
}

// The bridge's outcome schema must describe exactly the protocol's Outcome type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const OUTCOME_SCHEMA_MATCHES: Same<z.infer<ReturnType<typeof outcomeSchema<z.ZodUnknown>>>, Outcome<unknown>> = true;
