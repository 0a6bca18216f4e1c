// The Prepaid Utility v3 service under /prepaidutility/v3: its routes, and which operation answers.
import { API_BASE_PATH } from '../../../shared/protocol/schemas';
import { OPERATIONS, type OperationId } from '../../../shared/protocol/operations';
import { SIM_METERS } from '../meters';
import { errorAnswer, safeDecode, type Answer } from '../http/answer';
import type { MalformedShapes } from '../http/faults';
import type { Sleeper } from '../http/records';
import type { RouteMatch, ServiceRequest, SimService } from '../http/service';
import { PrepaidUtilityOperations, type PrepaidUtilityOptions } from './operations';

const ROUTES: ReadonlyArray<{ operation: OperationId; pattern: RegExp }> = [
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

export class PrepaidUtilityService implements SimService<OperationId> {
  readonly name = 'prepaidUtility';
  readonly basePath = API_BASE_PATH;
  private readonly ops: PrepaidUtilityOperations;
  readonly views = {
    meters: () =>
      SIM_METERS.map((m) => ({ meterId: m.meterId, group: m.group, summary: m.summary, minAmount: m.minAmount, maxAmount: m.maxAmount })),
  };

  constructor(opts: PrepaidUtilityOptions, sleeper: Sleeper) {
    this.ops = new PrepaidUtilityOperations(opts, sleeper);
  }

  route(method: string, relativePath: string): RouteMatch<OperationId> | 'method-not-allowed' | undefined {
    for (const route of ROUTES) {
      const match = route.pattern.exec(relativePath);
      if (!match) continue;
      // Every Prepaid Utility operation is a POST.
      if (method !== 'POST') return 'method-not-allowed';
      return { operation: route.operation, ids: match.slice(1).map((s) => safeDecode(s ?? '')) };
    }
    return undefined;
  }

  requestType(operation: OperationId): string {
    return OPERATIONS[operation].requestType;
  }

  errorId(request: RouteMatch<OperationId>): string {
    return request.ids[0] ?? '';
  }

  reset(): void {
    this.ops.state.reset();
  }

  handle(request: ServiceRequest<OperationId>): Promise<Answer> | Answer {
    if (!request.body.json) {
      return errorAnswer(400, 'FORMAT_ERROR', 'Format error', this.requestType(request.operation), this.errorId(request), {
        detailMessage: [{ messageProperty: 'message', field: 'message', error: 'may not be null', invalidValue: null }],
      });
    }
    const body = request.body.value;
    const first = request.ids[0] ?? '';
    const second = request.ids[1] ?? '';
    switch (request.operation) {
      case 'createMeterLookup':
        return this.ops.lookup(first, body);
      case 'createTokenPurchaseRequest':
        return this.ops.purchase(first, body);
      case 'retryPurchaseRequest':
        return this.ops.retry(first, body);
      case 'confirmTokenPurchase':
        return this.ops.advice('confirm', second, body);
      case 'reverseTokenPurchase':
        return this.ops.advice('reverse', second, body);
      case 'trialTokenPurchaseRequest':
        return this.ops.trial(first, body);
      case 'requestTokenReprint':
        return this.ops.reprint(first, body);
      case 'createKeyChangeTokenRequest':
        return this.ops.keyChange(first, body);
      case 'confirmKeyChange':
        return this.ops.confirmKeyChange(second, body);
      case 'createFaultReport':
        return this.ops.faultReport(first, body);
      case 'notifyTokenPurchase':
        return this.ops.notify(request.url.searchParams.get('purchaseId'), body);
    }
  }

  malformedShapes(operation: OperationId): MalformedShapes {
    return {
      // Electrum's server answers a retry 201, not the spec's 202.
      successStatus: operation === 'retryPurchaseRequest' ? 201 : OPERATIONS[operation].successStatus,
      wrongTypes: (real) => ({ ...real, id: 42, meter: 'TST001', tokens: [{ tokenType: 'STD', units: 'lots', amount: 'R100', token: 12345 }] }),
      withoutPayload: (real) => {
        const { tokens: _tokens, reference: _reference, ...rest } = real;
        return rest;
      },
    };
  }
}
