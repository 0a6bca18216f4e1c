// The Prepaid Utility v3 simulator: Electrum's test-server behaviour (TST001–TST011, duplicate and
// unknown-record rules), the operations that server lacks (trial, reprint, key change confirmation,
// notification), training meters, Basic auth, TLS, and control endpoints for drills and tests.
// Plain node:http / node:https; all state is in memory.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { API_BASE_PATH, ErrorTypeSchema, type ErrorType, type RequestType } from '../../shared/protocol/schemas';
import { OPERATIONS, OPERATION_IDS, type OperationId } from '../../shared/protocol/operations';
import { CURRENCY, findMeter, SIM_METERS, type Decline, type MeterState, type SimMeter, type Vend } from './meters';
import { ELECTRUM_KEY_CHANGE_TOKENS } from './electrum-data';
import { TokenMint } from './tokens';
import { generateSimulatorCertificate } from './tls';
import {
  formatViolations,
  SimConfirmationAdvice,
  SimFaultReportRequest,
  SimKeyChangeConfirmation,
  SimKeyChangeTokenRequest,
  SimMeterLookupRequest,
  SimPurchaseRequest,
  SimReversalAdvice,
  SimTokenPurchaseNotification,
  SimTokenReprintRequest,
} from './validation';

export interface SimulatorOptions {
  /** 0 or absent = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  tls?: boolean;
  /** When set, every protocol request must carry these as HTTP Basic credentials (401 otherwise). */
  credentials?: { username: string; password: string };
  /** A resent advice (same id): 'duplicate' = 400 DUPLICATE_RECORD as Electrum's server (default); 'accept' = 202. */
  resendAdvice?: 'duplicate' | 'accept';
  /** TST011's delay before its 504, default 10000 as on Electrum's server. */
  timeoutMeterDelayMs?: number;
}

export interface RunningSimulator {
  origin: string;
  baseUrl: string;
  caPem?: string;
  close(): Promise<void>;
}

export interface SimRequestLogEntry {
  at: string;
  operation: OperationId | 'unknown';
  method: string;
  path: string;
  /** The status answered; 0 when the connection was dropped without an answer. */
  status: number;
  body: unknown;
  fault?: FaultKind;
}

export const FAULT_KINDS = ['status', 'delay', 'drop', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const MALFORMED_VARIANTS = ['not-json', 'html', 'wrong-types', 'no-tokens', 'empty', 'huge'] as const;

export const FaultRuleSchema = z
  .object({
    operation: z.union([z.enum(OPERATION_IDS), z.literal('*')]),
    fault: z.enum(FAULT_KINDS),
    status: z.number().int().min(100).max(599).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().positive().optional(),
    /** Which invalid body "malformed" sends; default 'not-json'. */
    variant: z.enum(MALFORMED_VARIANTS).optional(),
    /** The ErrorDetail errorType a "status" fault answers with (default GENERAL_ERROR, or UPSTREAM_UNAVAILABLE for 503). */
    errorType: ErrorTypeSchema.optional(),
  })
  .refine((f) => f.fault !== 'status' || f.status !== undefined, { message: 'a status fault needs "status"', path: ['status'] })
  .refine((f) => f.fault !== 'delay' || f.delayMs !== undefined, { message: 'a delay fault needs "delayMs"', path: ['delayMs'] });
export type FaultRule = z.infer<typeof FaultRuleSchema>;

const REQUEST_BODY_LIMIT = 1024 * 1024;
/** Electrum's server forgets messages 30 minutes after it stored them. */
const RECORD_TTL_MS = 30 * 60_000;

interface Answer {
  status: number;
  /** JSON body; undefined = empty body. */
  body?: unknown;
  raw?: { text: string; contentType: string };
}

interface PurchaseRecord {
  at: number;
  request: SimPurchaseRequest;
  meterId: string;
  vend?: Vend;
  confirmed?: boolean;
  reversed?: boolean;
}

type Echo = Record<string, unknown>;

class TtlStore<V> {
  private readonly map = new Map<string, { at: number; value: V }>();
  get(id: string): V | undefined {
    const hit = this.map.get(id);
    if (!hit) return undefined;
    if (Date.now() - hit.at > RECORD_TTL_MS) {
      this.map.delete(id);
      return undefined;
    }
    return hit.value;
  }
  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
  set(id: string, value: V): void {
    this.map.set(id, { at: Date.now(), value });
  }
  values(): V[] {
    return [...this.map.keys()].flatMap((k) => {
      const v = this.get(k);
      return v === undefined ? [] : [v];
    });
  }
  clear(): void {
    this.map.clear();
  }
}

class SimState {
  readonly lookups = new TtlStore<true>();
  readonly purchases = new TtlStore<PurchaseRecord>();
  readonly confirmations = new TtlStore<string>();
  readonly reversals = new TtlStore<string>();
  readonly trials = new TtlStore<true>();
  readonly reprints = new TtlStore<true>();
  readonly keyChanges = new TtlStore<true>();
  readonly keyChangeConfirmations = new TtlStore<string>();
  readonly faultReports = new TtlStore<true>();
  readonly notifications = new TtlStore<true>();
  readonly lastPurchaseByMeter = new Map<string, string>();
  readonly meterStates = new Map<string, MeterState>();
  readonly mint = new TokenMint();
  log: SimRequestLogEntry[] = [];
  faults: Array<FaultRule & { remaining: number | null }> = [];

  meterState(meter: SimMeter): MeterState {
    let state = this.meterStates.get(meter.meterId);
    if (!state) {
      state = { ...meter.initialState };
      this.meterStates.set(meter.meterId, state);
    }
    return state;
  }

  reset(): void {
    for (const store of [this.lookups, this.purchases, this.confirmations, this.reversals, this.trials, this.reprints,
      this.keyChanges, this.keyChangeConfirmations, this.faultReports, this.notifications]) store.clear();
    this.lastPurchaseByMeter.clear();
    this.meterStates.clear();
    this.mint.reset();
    this.log = [];
    this.faults = [];
  }

  takeFault(operation: OperationId): FaultRule | undefined {
    const index = this.faults.findIndex((f) => f.operation === operation || f.operation === '*');
    const rule = this.faults[index];
    if (!rule) return undefined;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.faults.splice(index, 1);
    }
    return rule;
  }
}

// ---- helpers for answers ----

function errorAnswer(
  status: number,
  errorType: ErrorType,
  errorMessage: string,
  requestType: RequestType,
  id: string,
  extra: { originalId?: string; detailMessage?: unknown } = {},
): Answer {
  return { status, body: { id, errorType, errorMessage: errorMessage.slice(0, 20), requestType, ...extra } };
}

function declineAnswer(decline: Decline, requestType: RequestType, id: string): Answer {
  return errorAnswer(decline.status, decline.errorType, decline.message, requestType, id, decline.detail ? { detailMessage: decline.detail } : {});
}

/** Electrum re-serializes `time` as UTC with milliseconds. */
function normalizeTime(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
}

interface EnvelopeIn {
  id: string;
  time: string;
  originator: unknown;
  client: unknown;
  settlementEntity?: unknown;
  receiver?: unknown;
  thirdPartyIdentifiers?: unknown[] | null;
}

function echo(request: EnvelopeIn): Echo {
  return {
    id: request.id,
    time: normalizeTime(request.time),
    originator: request.originator,
    client: request.client,
    ...(request.settlementEntity !== undefined ? { settlementEntity: request.settlementEntity } : {}),
    ...(request.receiver !== undefined ? { receiver: request.receiver } : {}),
    thirdPartyIdentifiers: request.thirdPartyIdentifiers ?? [],
  };
}

function purchaseResponse(envelope: Echo, meter: SimMeter, vend: Vend): Record<string, unknown> {
  return {
    ...envelope,
    meter: vend.meter,
    customer: meter.customer,
    utility: meter.utility,
    utilityType: vend.utilityType,
    tokens: vend.tokens,
    debtRecoveryCharges: vend.debtRecoveryCharges,
    serviceCharges: vend.serviceCharges,
    ...(vend.purchaseTotal ? { purchaseTotal: vend.purchaseTotal } : {}),
    ...(vend.taxTotal ? { taxTotal: vend.taxTotal } : {}),
    ...(vend.amounts ? { amounts: vend.amounts } : {}),
    ...(vend.slipData ? { slipData: vend.slipData } : {}),
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; answer: Answer };

function parseWith<T>(schema: z.ZodType<T>, body: unknown, requestType: RequestType, id: string): Parsed<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    answer: errorAnswer(400, 'FORMAT_ERROR', 'Format error', requestType, id, {
      detailMessage: formatViolations(result.error, body),
    }),
  };
}

function idMismatch(requestType: RequestType, id: string): Answer {
  return errorAnswer(400, 'FORMAT_ERROR', 'Format error', requestType, id, {
    detailMessage: 'Message ID (UUID) is not the same as ID path parameter.',
  });
}

function unknownMeter(requestType: RequestType, id: string, meterId: string): Answer {
  return errorAnswer(400, 'UNKNOWN_METER_ID', 'Unknown meter ID', requestType, id, { detailMessage: `Unknown meter ID: ${meterId}` });
}

function duplicate(requestType: RequestType, id: string): Answer {
  return errorAnswer(400, 'DUPLICATE_RECORD', 'Duplicate record', requestType, id, { detailMessage: id });
}

// ---- the simulator ----

interface Route {
  operation: OperationId;
  pattern: RegExp;
}

const ROUTES: readonly Route[] = [
  { operation: 'confirmTokenPurchase', pattern: /^\/tokenPurchases\/([^/]+)\/confirmations\/([^/]+)$/ },
  { operation: 'reverseTokenPurchase', pattern: /^\/tokenPurchases\/([^/]+)\/reversals\/([^/]+)$/ },
  { operation: 'retryPurchaseRequest', pattern: /^\/tokenPurchases\/([^/]+)\/retry$/ },
  { operation: 'trialTokenPurchaseRequest', pattern: /^\/tokenPurchases\/([^/]+)\/trial$/ },
  { operation: 'createTokenPurchaseRequest', pattern: /^\/tokenPurchases\/([^/]+)$/ },
  { operation: 'createMeterLookup', pattern: /^\/meterLookups\/([^/]+)$/ },
  { operation: 'requestTokenReprint', pattern: /^\/tokenReprints\/([^/]+)$/ },
  { operation: 'confirmKeyChange', pattern: /^\/keyChangeTokenRequests\/([^/]+)\/confirmations\/([^/]+)$/ },
  { operation: 'createKeyChangeTokenRequest', pattern: /^\/keyChangeTokenRequests\/([^/]+)$/ },
  { operation: 'createFaultReport', pattern: /^\/faultReports\/([^/]+)$/ },
  { operation: 'notifyTokenPurchase', pattern: /^\/events\/tokenPurchases\/?$/ },
];

class Simulator {
  readonly state = new SimState();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  constructor(private readonly opts: Required<Pick<SimulatorOptions, 'resendAdvice' | 'timeoutMeterDelayMs'>> & SimulatorOptions) {}

  sleep(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  shutdown(): void {
    this.closed = true;
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.timers.clear();
  }

  private authorized(req: IncomingMessage): boolean {
    const creds = this.opts.credentials;
    if (!creds) return true;
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match?.[1]) return false;
    const given = Buffer.from(match[1], 'base64');
    const expected = Buffer.from(`${creds.username}:${creds.password}`, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_sim/')) return this.control(method, url, req, res);

    const read = await readBody(req, REQUEST_BODY_LIMIT);
    const parsedBody = parseJsonOrText(read.text);
    const route = url.pathname.startsWith(`${API_BASE_PATH}/`)
      ? matchRoute(url.pathname.slice(API_BASE_PATH.length))
      : undefined;
    const entry: SimRequestLogEntry = {
      at: new Date().toISOString(),
      operation: route?.operation ?? 'unknown',
      method,
      path: url.pathname + url.search,
      status: 0,
      body: parsedBody.value,
    };
    this.state.log.push(entry);

    const send = (answer: Answer) => {
      entry.status = answer.status;
      writeAnswer(res, answer);
    };
    if (!route) return send({ status: 404, body: { errorType: 'UNABLE_TO_LOCATE_RECORD', errorMessage: 'No such resource' } });
    if (method !== 'POST') return send({ status: 405, body: { errorType: 'FUNCTION_NOT_SUPPORTED', errorMessage: 'Method not allowed' } });
    if (!this.authorized(req)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="prepaidutility"');
      return send({ status: 401, body: { errorType: 'GENERAL_ERROR', errorMessage: 'Unauthorized' } });
    }
    if (read.tooLarge) {
      return send(errorAnswer(413, 'FORMAT_ERROR', 'Body too large', OPERATIONS[route.operation].requestType, route.ids[0] ?? ''));
    }

    const fault = this.state.takeFault(route.operation);
    if (fault) entry.fault = fault.fault;
    const requestType = OPERATIONS[route.operation].requestType;
    if (fault?.fault === 'status' && fault.status !== undefined) {
      const status = fault.status;
      return send(status >= 200 && status < 300
        ? { status }
        : errorAnswer(status, fault.errorType ?? (status === 503 ? 'UPSTREAM_UNAVAILABLE' : 'GENERAL_ERROR'), `Simulated ${status}`, requestType, route.ids[0] ?? ''));
    }

    let answer: Answer;
    if (!parsedBody.json) {
      answer = errorAnswer(400, 'FORMAT_ERROR', 'Format error', requestType, route.ids[0] ?? '', {
        detailMessage: [{ messageProperty: 'message', field: 'message', error: 'may not be null', invalidValue: null }],
      });
    } else {
      answer = await this.dispatch(route.operation, route.ids, url, parsedBody.value);
    }
    if (fault?.fault === 'delay') await this.sleep(fault.delayMs ?? 0);
    if (fault?.fault === 'drop') {
      entry.status = 0;
      req.socket.destroy();
      res.destroy();
      return;
    }
    if (fault?.fault === 'malformed') answer = malformed(route.operation, answer, fault.variant ?? 'not-json');
    if (res.destroyed) return;
    send(answer);
  }

  private dispatch(operation: OperationId, ids: string[], url: URL, body: unknown): Promise<Answer> | Answer {
    const first = ids[0] ?? '';
    const second = ids[1] ?? '';
    switch (operation) {
      case 'createMeterLookup':
        return this.lookup(first, body);
      case 'createTokenPurchaseRequest':
        return this.purchase(first, body);
      case 'retryPurchaseRequest':
        return this.retry(first, body);
      case 'confirmTokenPurchase':
        return this.advice('confirm', second, body);
      case 'reverseTokenPurchase':
        return this.advice('reverse', second, body);
      case 'trialTokenPurchaseRequest':
        return this.trial(first, body);
      case 'requestTokenReprint':
        return this.reprint(first, body);
      case 'createKeyChangeTokenRequest':
        return this.keyChange(first, body);
      case 'confirmKeyChange':
        return this.confirmKeyChange(second, body);
      case 'createFaultReport':
        return this.faultReport(first, body);
      case 'notifyTokenPurchase':
        return this.notify(url.searchParams.get('purchaseId'), body);
    }
  }

  private lookup(pathId: string, body: unknown): Answer {
    const rt: RequestType = 'METER_LOOKUP_REQUEST';
    const parsed = parseWith(SimMeterLookupRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    if (request.id !== pathId) return idMismatch(rt, request.id);
    if (this.state.lookups.has(request.id)) return duplicate(rt, request.id);
    this.state.lookups.set(request.id, true);
    const meter = findMeter(request.meter.meterId);
    if (!meter) return unknownMeter(rt, request.id, request.meter.meterId);
    if (meter.lookupDecline) return declineAnswer(meter.lookupDecline, rt, request.id);
    const state = this.state.meterState(meter);
    const training = meter.group !== 'electrum';
    return {
      status: 201,
      body: {
        ...echo(request),
        meter: meter.meter,
        customer: meter.customer,
        utility: meter.utility,
        minAmount: { amount: meter.minAmount, currency: CURRENCY },
        maxAmount: { amount: meter.maxAmount, currency: CURRENCY },
        ...(training && state.arrears > 0 ? { arrearsAmount: { amount: state.arrears, currency: CURRENCY } } : {}),
        ...(training ? { bsstDue: state.bsstDue } : {}),
      },
    };
  }

  private vend(record: PurchaseRecord, meter: SimMeter, requestType: RequestType, id: string): Answer | Vend {
    const result = meter.vend(record.request.purchaseAmount.amount, {
      newToken: () => this.state.mint.newToken(),
      newReceiptNum: () => this.state.mint.newReceiptNum(),
      state: this.state.meterState(meter),
      trial: false,
    });
    if (!result.ok) return declineAnswer(result.decline, requestType, id);
    record.vend = result.vend;
    this.state.lastPurchaseByMeter.set(meter.meterId, record.request.id);
    return result.vend;
  }

  private async purchase(pathId: string, body: unknown): Promise<Answer> {
    const rt: RequestType = 'TOKEN_PURCHASE_REQUEST';
    const parsed = parseWith(SimPurchaseRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    if (request.id !== pathId) return idMismatch(rt, request.id);
    if (this.state.purchases.has(request.id)) return duplicate(rt, request.id);
    // Stored before anything else, as Electrum's server does, so advices and retries find it.
    const record: PurchaseRecord = { at: Date.now(), request, meterId: request.meter.meterId };
    this.state.purchases.set(request.id, record);
    const meter = findMeter(request.meter.meterId);
    if (!meter) return unknownMeter(rt, request.id, request.meter.meterId);
    if (meter.purchaseDecline) return declineAnswer(meter.purchaseDecline, rt, request.id);
    if (meter.purchaseAnswer === 'delayed-504') {
      await this.sleep(this.opts.timeoutMeterDelayMs);
      return errorAnswer(504, 'UPSTREAM_UNAVAILABLE', 'Timeout', rt, request.id);
    }
    if (meter.purchaseAnswer === 'immediate-500-not-vended') {
      return errorAnswer(500, 'SYSTEM_MALFUNCTION', 'System malfunction', rt, request.id);
    }
    const vend = this.vend(record, meter, rt, request.id);
    if (!('tokens' in vend)) return vend;
    if (meter.purchaseAnswer === 'immediate-504') return errorAnswer(504, 'OUTCOME_UNKNOWN', 'Outcome unknown', rt, request.id);
    return { status: 201, body: purchaseResponse(echo(request), meter, vend) };
  }

  private retry(pathId: string, body: unknown): Answer {
    const rt: RequestType = 'TOKEN_PURCHASE_RETRY_REQUEST';
    const parsed = parseWith(SimPurchaseRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    let record = this.state.purchases.get(pathId);
    if (!record) {
      // Electrum's server never answers a retry 404: an unknown original is processed as new.
      record = { at: Date.now(), request: { ...request, id: pathId }, meterId: request.meter.meterId };
      this.state.purchases.set(pathId, record);
    }
    const meter = findMeter(record.meterId);
    if (!meter) return unknownMeter(rt, request.id, record.meterId);
    // The answer echoes the retry's own id and time (Electrum's test pack checks the id).
    if (record.vend) return { status: 201, body: purchaseResponse(echo(request), meter, record.vend) };
    if (meter.purchaseDecline) return declineAnswer(meter.purchaseDecline, rt, request.id);
    const vend = this.vend(record, meter, rt, request.id);
    if (!('tokens' in vend)) return vend;
    return { status: 201, body: purchaseResponse(echo(request), meter, vend) };
  }

  private advice(kind: 'confirm' | 'reverse', pathAdviceId: string, body: unknown): Answer {
    const rt: RequestType = kind === 'confirm' ? 'CONFIRMATION_ADVICE' : 'REVERSAL_ADVICE';
    const parsed = kind === 'confirm'
      ? parseWith(SimConfirmationAdvice, body, rt, pathAdviceId)
      : parseWith(SimReversalAdvice, body, rt, pathAdviceId);
    if (!parsed.ok) return parsed.answer;
    const advice = parsed.value;
    if (advice.id !== pathAdviceId) return idMismatch(rt, advice.id);
    const record = this.state.purchases.get(advice.requestId);
    if (!record) {
      return errorAnswer(404, 'UNABLE_TO_LOCATE_RECORD', 'Record not found', rt, advice.id, {
        originalId: advice.requestId,
        detailMessage: 'Original request not found',
      });
    }
    const store = kind === 'confirm' ? this.state.confirmations : this.state.reversals;
    const seen = store.get(advice.id);
    if (seen !== undefined) {
      if (this.opts.resendAdvice === 'accept' && seen === advice.requestId) return { status: 202 };
      return errorAnswer(400, 'DUPLICATE_RECORD', 'Duplicate record', rt, advice.id, { originalId: advice.requestId, detailMessage: advice.id });
    }
    store.set(advice.id, advice.requestId);
    if (kind === 'confirm') record.confirmed = true;
    else record.reversed = true;
    return { status: 202 };
  }

  private trial(pathId: string, body: unknown): Answer {
    const rt: RequestType = 'TOKEN_PURCHASE_TRIAL_REQUEST';
    const parsed = parseWith(SimPurchaseRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    if (request.id !== pathId) return idMismatch(rt, request.id);
    if (this.state.trials.has(request.id)) return duplicate(rt, request.id);
    this.state.trials.set(request.id, true);
    const meter = findMeter(request.meter.meterId);
    if (!meter) return unknownMeter(rt, request.id, request.meter.meterId);
    if (meter.purchaseDecline) return declineAnswer(meter.purchaseDecline, rt, request.id);
    const result = meter.vend(request.purchaseAmount.amount, {
      newToken: () => '0'.repeat(20),
      newReceiptNum: () => 'TRIAL',
      state: { ...this.state.meterState(meter) },
      trial: true,
    });
    if (!result.ok) return declineAnswer(result.decline, rt, request.id);
    return { status: 200, body: purchaseResponse(echo(request), meter, result.vend) };
  }

  private reprint(pathId: string, body: unknown): Answer {
    const rt: RequestType = 'TOKEN_REPRINT_REQUEST';
    const parsed = parseWith(SimTokenReprintRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    if (request.id !== pathId) return idMismatch(rt, request.id);
    if (this.state.reprints.has(request.id)) return duplicate(rt, request.id);
    this.state.reprints.set(request.id, true);
    const meter = findMeter(request.meter.meterId);
    if (!meter) return unknownMeter(rt, request.id, request.meter.meterId);
    const ref = request.originalRef;
    const record = ref
      ? this.state.purchases.values().find((p) => p.meterId === meter.meterId && p.vend
        && (p.request.id === ref || p.vend.tokens.some((t) => t.receiptNum === ref || t.token === ref)))
      : this.state.purchases.get(this.state.lastPurchaseByMeter.get(meter.meterId) ?? '');
    if (!record?.vend) {
      return errorAnswer(400, 'UNABLE_TO_LOCATE_RECORD', 'No token to reprint', rt, request.id, {
        detailMessage: ref ? `No token found for ${ref}` : 'No token has been issued for this meter',
      });
    }
    return { status: 200, body: purchaseResponse(echo(request), meter, record.vend) };
  }

  private keyChange(pathId: string, body: unknown): Answer {
    const rt: RequestType = 'KEY_CHANGE_TOKEN_REQUEST';
    const parsed = parseWith(SimKeyChangeTokenRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    if (request.id !== pathId) return idMismatch(rt, request.id);
    if (this.state.keyChanges.has(request.id)) return duplicate(rt, request.id);
    this.state.keyChanges.set(request.id, true);
    const meter = findMeter(request.meter.meterId);
    if (!meter) return unknownMeter(rt, request.id, request.meter.meterId);
    if (meter.lookupDecline) return declineAnswer(meter.lookupDecline, rt, request.id);
    return {
      status: 201,
      body: {
        ...echo(request),
        // Electrum's server leaves out the required meter; the simulator sends it.
        meter: meter.keyChangeData ? { ...meter.meter, keyChangeData: meter.keyChangeData } : meter.meter,
        utilityType: 'Electricity',
        tokens: ELECTRUM_KEY_CHANGE_TOKENS.map((t) => ({
          tokenType: t.tokenType,
          units: t.units,
          amount: { ...t.amount, currency: CURRENCY },
          token: this.state.mint.newToken(),
          tariffCalc: [],
        })),
      },
    };
  }

  private confirmKeyChange(pathAdviceId: string, body: unknown): Answer {
    const rt: RequestType = 'CONFIRMATION_ADVICE';
    const parsed = parseWith(SimKeyChangeConfirmation, body, rt, pathAdviceId);
    if (!parsed.ok) return parsed.answer;
    const advice = parsed.value;
    if (advice.id !== pathAdviceId) return idMismatch(rt, advice.id);
    if (!this.state.keyChanges.has(advice.requestId)) {
      return errorAnswer(404, 'UNABLE_TO_LOCATE_RECORD', 'Record not found', rt, advice.id, {
        originalId: advice.requestId,
        detailMessage: 'Original request not found',
      });
    }
    const seen = this.state.keyChangeConfirmations.get(advice.id);
    const answer: Answer = {
      status: 202,
      body: { id: advice.id, requestId: advice.requestId, time: normalizeTime(advice.time), thirdPartyIdentifiers: advice.thirdPartyIdentifiers ?? [] },
    };
    if (seen !== undefined) {
      if (this.opts.resendAdvice === 'accept' && seen === advice.requestId) return answer;
      return errorAnswer(400, 'DUPLICATE_RECORD', 'Duplicate record', rt, advice.id, { originalId: advice.requestId, detailMessage: advice.id });
    }
    this.state.keyChangeConfirmations.set(advice.id, advice.requestId);
    return answer;
  }

  private faultReport(pathId: string, body: unknown): Answer {
    const rt: RequestType = 'FAULT_REPORT_REQUEST';
    const parsed = parseWith(SimFaultReportRequest, body, rt, pathId);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    if (request.id !== pathId) return idMismatch(rt, request.id);
    if (this.state.faultReports.has(request.id)) return duplicate(rt, request.id);
    this.state.faultReports.set(request.id, true);
    const meter = findMeter(request.meter.meterId);
    if (!meter) return unknownMeter(rt, request.id, request.meter.meterId);
    return {
      status: 201,
      body: {
        ...echo(request),
        reference: `${request.time}${request.originator.terminalId}`,
        description: 'Fault description to be printed on receipt',
      },
    };
  }

  private notify(purchaseId: string | null, body: unknown): Answer {
    const rt: RequestType = 'NOTIFY_TOKEN_PURCHASE';
    if (!purchaseId) {
      return errorAnswer(400, 'FORMAT_ERROR', 'Format error', rt, '', { detailMessage: 'purchaseId query parameter is required' });
    }
    const parsed = parseWith(SimTokenPurchaseNotification, body, rt, purchaseId);
    if (!parsed.ok) return parsed.answer;
    if (this.state.notifications.has(parsed.value.id)) return duplicate(rt, parsed.value.id);
    this.state.notifications.set(parsed.value.id, true);
    return { status: 202 };
  }

  private async control(method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    if (method === 'GET' && path === '/_sim/requests') return writeAnswer(res, { status: 200, body: this.state.log });
    if (method === 'GET' && path === '/_sim/faults') return writeAnswer(res, { status: 200, body: this.state.faults });
    if (method === 'GET' && path === '/_sim/meters') {
      return writeAnswer(res, {
        status: 200,
        body: SIM_METERS.map((m) => ({ meterId: m.meterId, group: m.group, summary: m.summary, minAmount: m.minAmount, maxAmount: m.maxAmount })),
      });
    }
    if (method === 'POST' && path === '/_sim/faults') {
      const read = await readBody(req, 64 * 1024);
      const json = parseJsonOrText(read.text);
      const rule = FaultRuleSchema.safeParse(json.value);
      if (!rule.success) return writeAnswer(res, { status: 400, body: { error: 'invalid fault', issues: rule.error.issues } });
      this.state.faults.push({ ...rule.data, remaining: rule.data.times ?? null });
      return writeAnswer(res, { status: 201, body: this.state.faults });
    }
    if (method === 'DELETE' && path === '/_sim/faults') {
      this.state.faults = [];
      return writeAnswer(res, { status: 204 });
    }
    if (method === 'POST' && path === '/_sim/reset') {
      this.state.reset();
      return writeAnswer(res, { status: 204 });
    }
    return writeAnswer(res, { status: 404, body: { error: 'no such control endpoint' } });
  }
}

function matchRoute(relative: string): { operation: OperationId; ids: string[] } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(relative);
    if (match) return { operation: route.operation, ids: match.slice(1).map((s) => safeDecode(s ?? '')) };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', () => resolve({ text: '', tooLarge }));
    req.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
  });
}

function parseJsonOrText(text: string): { json: boolean; value: unknown } {
  if (text.trim() === '') return { json: false, value: null };
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, value: text.slice(0, 64 * 1024) };
  }
}

function writeAnswer(res: ServerResponse, answer: Answer): void {
  if (res.destroyed || res.headersSent) return;
  if (answer.raw) {
    res.writeHead(answer.status, { 'Content-Type': answer.raw.contentType, 'Content-Length': Buffer.byteLength(answer.raw.text) });
    res.end(answer.raw.text);
    return;
  }
  if (answer.body === undefined) {
    res.writeHead(answer.status, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A 2xx answer whose body is not a valid message for the operation. */
function malformed(operation: OperationId, answer: Answer, variant: (typeof MALFORMED_VARIANTS)[number]): Answer {
  const status = answer.status >= 200 && answer.status < 300 ? answer.status : operation === 'retryPurchaseRequest' ? 201 : OPERATIONS[operation].successStatus;
  const real = answer.body !== null && typeof answer.body === 'object' ? (answer.body as Record<string, unknown>) : {};
  switch (variant) {
    case 'not-json':
      return { status, raw: { text: '{"id": "truncated", "tokens": [{"token": "1234', contentType: 'application/json' } };
    case 'html':
      return { status, raw: { text: '<html><body><h1>Welcome to the captive portal</h1></body></html>', contentType: 'text/html; charset=utf-8' } };
    case 'wrong-types':
      return { status, body: { ...real, id: 42, meter: 'TST001', tokens: [{ tokenType: 'STD', units: 'lots', amount: 'R100', token: 12345 }] } };
    case 'no-tokens': {
      const { tokens: _tokens, reference: _reference, ...rest } = real;
      return { status, body: Object.keys(rest).length > 0 ? rest : { unexpected: true } };
    }
    case 'empty':
      return { status, raw: { text: '', contentType: 'application/json' } };
    case 'huge':
      return { status, raw: { text: `{"padding":"${'x'.repeat(10 * 1024 * 1024)}"}`, contentType: 'application/json' } };
  }
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const sim = new Simulator({ ...opts, resendAdvice: opts.resendAdvice ?? 'duplicate', timeoutMeterDelayMs: opts.timeoutMeterDelayMs ?? 10_000 });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    sim.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        writeAnswer(res, { status: 500, body: { errorType: 'GENERAL_ERROR', errorMessage: 'Simulator error', detailMessage: String(error) } });
      }
    });
  };
  let server: Server;
  let caPem: string | undefined;
  if (opts.tls) {
    const cert = await generateSimulatorCertificate(host);
    caPem = cert.certPem;
    server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, onRequest);
  } else {
    server = createHttpServer(onRequest);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `${opts.tls ? 'https' : 'http'}://${hostForUrl}:${address.port}`;
  return {
    origin,
    baseUrl: `${origin}${API_BASE_PATH}`,
    ...(caPem ? { caPem } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        sim.shutdown();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
