// The eleven Prepaid Utility v3 operations: one table for paths, request types and success codes,
// shared by the upstream client and the simulator so the two cannot drift apart.
import type { RequestType } from './schemas';

export const OPERATION_IDS = [
  'createMeterLookup',
  'createTokenPurchaseRequest',
  'retryPurchaseRequest',
  'confirmTokenPurchase',
  'reverseTokenPurchase',
  'trialTokenPurchaseRequest',
  'requestTokenReprint',
  'createKeyChangeTokenRequest',
  'confirmKeyChange',
  'createFaultReport',
  'notifyTokenPurchase',
] as const;
export type OperationId = (typeof OPERATION_IDS)[number];

export function isOperationId(value: unknown): value is OperationId {
  return typeof value === 'string' && (OPERATION_IDS as readonly string[]).includes(value);
}

export type AdviceOperation = 'confirmTokenPurchase' | 'reverseTokenPurchase' | 'confirmKeyChange';

export interface OperationSpec {
  readonly requestType: RequestType;
  /** The status the spec declares for success (any of 200/201/202 still counts as successful). */
  readonly successStatus: 200 | 201 | 202;
  /** True when a 2xx may carry no body (advices and notifications). */
  readonly emptySuccessBody: boolean;
}

export const OPERATIONS: Readonly<Record<OperationId, OperationSpec>> = {
  createMeterLookup: { requestType: 'METER_LOOKUP_REQUEST', successStatus: 201, emptySuccessBody: false },
  createTokenPurchaseRequest: { requestType: 'TOKEN_PURCHASE_REQUEST', successStatus: 201, emptySuccessBody: false },
  // The spec says 202; Electrum's test server answers 201. Both are successful.
  retryPurchaseRequest: { requestType: 'TOKEN_PURCHASE_RETRY_REQUEST', successStatus: 202, emptySuccessBody: false },
  confirmTokenPurchase: { requestType: 'CONFIRMATION_ADVICE', successStatus: 202, emptySuccessBody: true },
  reverseTokenPurchase: { requestType: 'REVERSAL_ADVICE', successStatus: 202, emptySuccessBody: true },
  trialTokenPurchaseRequest: { requestType: 'TOKEN_PURCHASE_TRIAL_REQUEST', successStatus: 200, emptySuccessBody: false },
  requestTokenReprint: { requestType: 'TOKEN_REPRINT_REQUEST', successStatus: 200, emptySuccessBody: false },
  createKeyChangeTokenRequest: { requestType: 'KEY_CHANGE_TOKEN_REQUEST', successStatus: 201, emptySuccessBody: false },
  confirmKeyChange: { requestType: 'CONFIRMATION_ADVICE', successStatus: 202, emptySuccessBody: true },
  createFaultReport: { requestType: 'FAULT_REPORT_REQUEST', successStatus: 201, emptySuccessBody: false },
  notifyTokenPurchase: { requestType: 'NOTIFY_TOKEN_PURCHASE', successStatus: 202, emptySuccessBody: true },
};

const seg = (id: string) => encodeURIComponent(id);

/** Path of an operation relative to the base path (`/prepaidutility/v3`). */
export const operationPath = {
  createMeterLookup: (lookupId: string) => `/meterLookups/${seg(lookupId)}`,
  createTokenPurchaseRequest: (purchaseId: string) => `/tokenPurchases/${seg(purchaseId)}`,
  retryPurchaseRequest: (purchaseId: string) => `/tokenPurchases/${seg(purchaseId)}/retry`,
  confirmTokenPurchase: (purchaseId: string, confirmationId: string) =>
    `/tokenPurchases/${seg(purchaseId)}/confirmations/${seg(confirmationId)}`,
  reverseTokenPurchase: (purchaseId: string, reversalId: string) =>
    `/tokenPurchases/${seg(purchaseId)}/reversals/${seg(reversalId)}`,
  trialTokenPurchaseRequest: (trialId: string) => `/tokenPurchases/${seg(trialId)}/trial`,
  requestTokenReprint: (reprintId: string) => `/tokenReprints/${seg(reprintId)}`,
  createKeyChangeTokenRequest: (requestId: string) => `/keyChangeTokenRequests/${seg(requestId)}`,
  confirmKeyChange: (requestId: string, confirmationId: string) =>
    `/keyChangeTokenRequests/${seg(requestId)}/confirmations/${seg(confirmationId)}`,
  createFaultReport: (requestId: string) => `/faultReports/${seg(requestId)}`,
  notifyTokenPurchase: (purchaseId: string) => `/events/tokenPurchases?purchaseId=${seg(purchaseId)}`,
} satisfies Record<OperationId, (...ids: string[]) => string>;
