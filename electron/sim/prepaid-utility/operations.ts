// Prepaid Utility v3 operations, as Electrum's test server answers them (TST001–TST011, duplicate and
// unknown-record rules) plus the operations that server lacks (trial, reprint, key change
// confirmation, notification) and the training meters. Each takes the request's path ids and body.
import type { z } from 'zod';
import type { ErrorType, RequestType } from '../../../shared/protocol/schemas';
import { CURRENCY, findMeter, type Decline, type MeterState, type SimMeter, type Vend } from '../meters';
import { ELECTRUM_KEY_CHANGE_TOKENS } from '../electrum-data';
import { TokenMint } from '../tokens';
import { echo, errorAnswer as anyErrorAnswer, normalizeTime, type Answer } from '../http/answer';
import { Sleeper, TtlStore } from '../http/records';
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
} from '../validation';

export interface PrepaidUtilityOptions {
  /** A resent advice (same id): 'duplicate' = 400 DUPLICATE_RECORD as Electrum's server; 'accept' = 202. */
  resendAdvice: 'duplicate' | 'accept';
  /** TST011's delay before its 504. */
  timeoutMeterDelayMs: number;
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

export class PrepaidUtilityState {
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
  }
}

function errorAnswer(
  status: number,
  errorType: ErrorType,
  errorMessage: string,
  requestType: RequestType,
  id: string,
  extra: { originalId?: string; detailMessage?: unknown } = {},
): Answer {
  return anyErrorAnswer(status, errorType, errorMessage, requestType, id, extra);
}

function declineAnswer(decline: Decline, requestType: RequestType, id: string): Answer {
  return errorAnswer(decline.status, decline.errorType, decline.message, requestType, id, decline.detail ? { detailMessage: decline.detail } : {});
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

export class PrepaidUtilityOperations {
  readonly state = new PrepaidUtilityState();

  constructor(
    private readonly opts: PrepaidUtilityOptions,
    private readonly sleeper: Sleeper,
  ) {}

  lookup(pathId: string, body: unknown): Answer {
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

  async purchase(pathId: string, body: unknown): Promise<Answer> {
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
      await this.sleeper.sleep(this.opts.timeoutMeterDelayMs);
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

  retry(pathId: string, body: unknown): Answer {
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

  advice(kind: 'confirm' | 'reverse', pathAdviceId: string, body: unknown): Answer {
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

  trial(pathId: string, body: unknown): Answer {
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

  reprint(pathId: string, body: unknown): Answer {
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

  keyChange(pathId: string, body: unknown): Answer {
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

  confirmKeyChange(pathAdviceId: string, body: unknown): Answer {
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

  faultReport(pathId: string, body: unknown): Answer {
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

  notify(purchaseId: string | null, body: unknown): Answer {
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
}
