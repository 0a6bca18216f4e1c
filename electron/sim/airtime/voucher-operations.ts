// The deprecated Airtime voucher operations: answered by the simulator because Electrum's Postman pack
// exercises them; the client never sends them, so they are not in shared/protocol/airtime/operations.ts.
export const AIRTIME_VOUCHER_OPERATION_IDS = ['provisionVoucher', 'confirmVoucher', 'reverseVoucher'] as const;
export type AirtimeVoucherOperationId = (typeof AIRTIME_VOUCHER_OPERATION_IDS)[number];
