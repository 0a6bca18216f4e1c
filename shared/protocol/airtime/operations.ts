// The Airtime v5 purchase-model operations the client uses: one table for methods, paths, request types
// and success codes, shared by the upstream client and the simulator. The deprecated voucher operations
// are not here (the client never sends them; the simulator answers them on routes of its own).
import type { AirtimeRequestType, MsisdnLookupQuery, PurchaseStatusQuery } from './schemas';

export const AIRTIME_BASE_PATH = '/airtime/v5';

export const AIRTIME_OPERATION_IDS = [
  'listProducts',
  'lookupMsisdn',
  'purchase',
  'purchaseConfirmation',
  'purchaseReversal',
  'purchaseTrial',
  'purchaseStatus',
] as const;
export type AirtimeOperationId = (typeof AIRTIME_OPERATION_IDS)[number];

export function isAirtimeOperationId(value: unknown): value is AirtimeOperationId {
  return typeof value === 'string' && (AIRTIME_OPERATION_IDS as readonly string[]).includes(value);
}

export type AirtimeAdviceOperation = 'purchaseConfirmation' | 'purchaseReversal';

export interface AirtimeOperationSpec {
  readonly requestType: AirtimeRequestType;
  readonly method: 'GET' | 'POST';
  /** The status the spec declares for success (any of 200/201/202 still counts as successful). */
  readonly successStatus: 200 | 201 | 202;
  /** True when a 2xx may carry no body (advices: the echo is optional). */
  readonly emptySuccessBody: boolean;
}

export const AIRTIME_OPERATIONS: Readonly<Record<AirtimeOperationId, AirtimeOperationSpec>> = {
  listProducts: { requestType: 'LIST_PRODUCTS_REQUEST', method: 'GET', successStatus: 200, emptySuccessBody: false },
  lookupMsisdn: { requestType: 'MSISDN_INFO_REQUEST', method: 'GET', successStatus: 200, emptySuccessBody: false },
  purchase: { requestType: 'PURCHASE_REQUEST', method: 'POST', successStatus: 201, emptySuccessBody: false },
  purchaseConfirmation: { requestType: 'PURCHASE_CONFIRMATION', method: 'POST', successStatus: 202, emptySuccessBody: true },
  purchaseReversal: { requestType: 'PURCHASE_REVERSAL', method: 'POST', successStatus: 202, emptySuccessBody: true },
  purchaseTrial: { requestType: 'TRIAL_PURCHASE_REQUEST', method: 'POST', successStatus: 200, emptySuccessBody: false },
  purchaseStatus: { requestType: 'PURCHASE_STATUS_REQUEST', method: 'GET', successStatus: 200, emptySuccessBody: false },
};

/** `?a=1&b=2` from the defined entries, in the order given; '' when none. */
function query(params: ReadonlyArray<readonly [string, string | undefined]>): string {
  const parts = params
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Path (with query) of each operation relative to AIRTIME_BASE_PATH. Purchases carry no path ids. */
export const airtimePath = {
  listProducts: (q: { channelName?: string } = {}) => `/products${query([['channelName', q.channelName]])}`,
  lookupMsisdn: (q: MsisdnLookupQuery) =>
    `/msisdn${query([
      ['msisdn', q.msisdn],
      ['operator', q.operator],
      ['productType', q.productType],
      ['channelName', q.channelName],
      ['productCategory', q.productCategory],
    ])}`,
  purchase: () => '/purchases',
  purchaseConfirmation: () => '/purchases/confirmations',
  purchaseReversal: () => '/purchases/reversals',
  purchaseTrial: () => '/purchases/trials',
  purchaseStatus: (q: PurchaseStatusQuery) =>
    `/purchases/status${
      'originalMsgId' in q
        ? query([['originalMsgId', q.originalMsgId]])
        : query([['purchaseReference', q.purchaseReference], ['provider', q.provider]])
    }`,
} satisfies Record<AirtimeOperationId, (...args: never[]) => string>;
