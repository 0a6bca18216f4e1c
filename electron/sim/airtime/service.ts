// The Airtime v5 service under /airtime/v5: its routes, the catalogue operations (listProducts,
// lookupMsisdn) and which operation answers what. Purchases are in ./purchases.ts, the deprecated
// voucher operations in ./vouchers.ts.
import { randomUUID } from 'node:crypto';
import { AIRTIME_BASE_PATH, AIRTIME_OPERATIONS, type AirtimeOperationId } from '../../../shared/protocol/airtime/operations';
import { errorAnswer, safeDecode, type Answer, type ParsedBody } from '../http/answer';
import type { MalformedShapes } from '../http/faults';
import type { Sleeper } from '../http/records';
import type { RouteMatch, ServiceRequest, SimService } from '../http/service';
import { findOperator, operatorForMsisdn, productsFor, SA_PRODUCTS, transferToCountry, TRANSFER_TO } from './catalogue';
import { AIRTIME_DRILLS, drillFor } from './drills';
import { AirtimePurchases, type AirtimeOptions } from './purchases';
import { formatErrorAnswer } from './validation';
import type { AirtimeVoucherOperationId } from './voucher-operations';
import { AirtimeVouchers } from './vouchers';

type Op = AirtimeOperationId | AirtimeVoucherOperationId;

const ROUTES: ReadonlyArray<{ operation: Op; method: 'GET' | 'POST'; pattern: RegExp }> = [
  { operation: 'listProducts', method: 'GET', pattern: /^\/products$/ },
  { operation: 'lookupMsisdn', method: 'GET', pattern: /^\/msisdn$/ },
  { operation: 'purchaseStatus', method: 'GET', pattern: /^\/purchases\/status$/ },
  { operation: 'purchaseConfirmation', method: 'POST', pattern: /^\/purchases\/confirmations$/ },
  { operation: 'purchaseReversal', method: 'POST', pattern: /^\/purchases\/reversals$/ },
  { operation: 'purchaseTrial', method: 'POST', pattern: /^\/purchases\/trials$/ },
  { operation: 'purchase', method: 'POST', pattern: /^\/purchases$/ },
  { operation: 'confirmVoucher', method: 'POST', pattern: /^\/vouchers\/([^/]+)\/confirmations\/([^/]+)$/ },
  { operation: 'reverseVoucher', method: 'POST', pattern: /^\/vouchers\/([^/]+)\/reversals\/([^/]+)$/ },
  { operation: 'provisionVoucher', method: 'POST', pattern: /^\/vouchers\/([^/]+)$/ },
];

const VOUCHER_SPECS: Record<AirtimeVoucherOperationId, { requestType: string; successStatus: number }> = {
  provisionVoucher: { requestType: 'VOUCHER_REQUEST', successStatus: 201 },
  confirmVoucher: { requestType: 'VOUCHER_CONFIRMATION', successStatus: 202 },
  reverseVoucher: { requestType: 'VOUCHER_REVERSAL', successStatus: 202 },
};

const MSISDN_PATTERN = /^\+?[1-9]\d{1,14}$/;
const LOOKUP = 'MSISDN_INFO_REQUEST';

function spec(operation: Op): { requestType: string; successStatus: number } {
  return operation in VOUCHER_SPECS ? VOUCHER_SPECS[operation as AirtimeVoucherOperationId] : AIRTIME_OPERATIONS[operation as AirtimeOperationId];
}

export class AirtimeService implements SimService<Op> {
  readonly name = 'airtime';
  readonly basePath = AIRTIME_BASE_PATH;
  private readonly purchases: AirtimePurchases;
  private readonly vouchers = new AirtimeVouchers();
  readonly views = {
    'airtime/products': () => SA_PRODUCTS,
    'airtime/drills': () => AIRTIME_DRILLS,
  };

  constructor(opts: AirtimeOptions, sleeper: Sleeper) {
    this.purchases = new AirtimePurchases(opts, sleeper);
  }

  route(method: string, relativePath: string): RouteMatch<Op> | 'method-not-allowed' | undefined {
    // Electrum's clients send both `/purchases` and `/purchases/`.
    const path = relativePath.length > 1 ? relativePath.replace(/\/$/, '') : relativePath;
    const matches = ROUTES.map((r) => ({ route: r, match: r.pattern.exec(path) })).filter((m) => m.match);
    const hit = matches.find((m) => m.route.method === method);
    if (!hit?.match) return matches.length > 0 ? 'method-not-allowed' : undefined;
    return { operation: hit.route.operation, ids: hit.match.slice(1).map((s) => safeDecode(s ?? '')) };
  }

  requestType(operation: Op): string {
    return spec(operation).requestType;
  }

  /** Purchases carry their id in the body; a query has none, so its ErrorDetail gets a fresh one. */
  errorId(request: RouteMatch<Op>, body: ParsedBody): string {
    const id = body.json && body.value !== null && typeof body.value === 'object' ? (body.value as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id !== '' ? id : (request.ids[0] ?? randomUUID());
  }

  reset(): void {
    this.purchases.book.reset();
    this.vouchers.book.reset();
  }

  handle(request: ServiceRequest<Op>): Promise<Answer> | Answer {
    const body = request.body.json ? request.body.value : null;
    const auth = { ...(request.username !== undefined ? { username: request.username } : {}), credentialsChecked: request.credentialsChecked };
    const query = request.url.searchParams;
    switch (request.operation) {
      case 'listProducts':
        return { status: 200, body: productsFor({ ...(query.get('channelName') ? { channelName: query.get('channelName') ?? '' } : {}) }) };
      case 'lookupMsisdn':
        return lookupMsisdn(query);
      case 'purchase':
        return this.purchases.purchase(body, auth);
      case 'purchaseTrial':
        return this.purchases.trial(body, auth);
      case 'purchaseConfirmation':
        return this.purchases.confirm(body);
      case 'purchaseReversal':
        return this.purchases.reverse(body);
      case 'purchaseStatus':
        return this.purchases.status(query);
      case 'provisionVoucher':
        return this.vouchers.provision(body, auth);
      case 'confirmVoucher':
        return this.vouchers.confirm(body);
      case 'reverseVoucher':
        return this.vouchers.reverse(body);
    }
  }

  malformedShapes(operation: Op): MalformedShapes {
    // Electrum's server answers status and MSISDN queries 202; the simulator does the same.
    const status = operation === 'purchaseStatus' || operation === 'lookupMsisdn' ? 202 : spec(operation).successStatus;
    return {
      successStatus: status,
      wrongTypes: (real) => ({ ...real, id: 42, product: 'VODAAT29', voucher: { pin: 1234, serialNumber: 5 } }),
      withoutPayload: (real) => {
        const { voucher: _voucher, product: _product, availableProducts: _products, ...rest } = real;
        return rest;
      },
    };
  }
}

/**
 * Who a number belongs to and what it can be sold. `operator=transferTo` asks the international
 * aggregator (by the number's country); otherwise the South African network is taken from the
 * number's prefix, or from `operator` when the cashier knows the number was ported. Answered 202, as
 * Electrum's test server does (the spec says 200; both are successful).
 */
function lookupMsisdn(query: URLSearchParams): Answer {
  const msisdn = query.get('msisdn');
  if (!msisdn) return formatErrorAnswer([{ field: 'msisdn', msg: 'query param msisdn may not be null', value: null }], LOOKUP, randomUUID());
  if (!MSISDN_PATTERN.test(msisdn)) {
    return formatErrorAnswer([{ field: 'msisdn', msg: `query param msisdn must match "${MSISDN_PATTERN.source}"`, value: msisdn }], LOOKUP, randomUUID());
  }
  const operatorParam = query.get('operator') ?? undefined;
  if (operatorParam?.toLowerCase() === TRANSFER_TO.id.toLowerCase()) {
    const country = transferToCountry(msisdn);
    const now = Date.now();
    return {
      status: 202,
      body: {
        msisdn: { msisdn, ...(country ? { country: country.iso } : {}), operator: TRANSFER_TO },
        availableProducts: country?.products ?? [],
        ...(country?.promotion
          ? { promotion: { promotion: country.promotion, startDate: new Date(now - 7 * 86_400_000).toISOString(), endDate: new Date(now + 7 * 86_400_000).toISOString() } }
          : {}),
      },
    };
  }
  const drill = drillFor(msisdn);
  if (drill?.kind === 'decline' && drill.errorType === 'INVALID_MSISDN') return errorAnswer(400, 'INVALID_MSISDN', drill.message, LOOKUP, randomUUID());
  const operator = operatorParam ? findOperator(operatorParam) : operatorForMsisdn(msisdn);
  if (!operator) {
    return errorAnswer(404, 'UNABLE_TO_LOCATE_RECORD', 'Unknown number', LOOKUP, randomUUID(), {
      detailMessage: { freeString: operatorParam ? `No operator ${operatorParam}` : 'Not a South African mobile number this simulator knows' },
    });
  }
  const productType = query.get('productType');
  const channelName = query.get('channelName');
  const productCategory = query.get('productCategory');
  return {
    status: 202,
    body: {
      msisdn: { msisdn, country: 'ZA', operator: { id: operator.id, name: operator.name } },
      availableProducts: productsFor({
        operatorId: operator.id,
        ...(productType ? { productType } : {}),
        ...(channelName ? { channelName } : {}),
        ...(productCategory ? { productCategory } : {}),
      }),
    },
  };
}
