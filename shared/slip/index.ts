export * from './blocks';
export * from './format';
export * from './layout';
export * from './profile';
export { buildPurchaseSlip, markReprint, slipDataBlocks, TRAINING_MARK, REPRINT_MARK, RECOVERED_MARK } from './model';
export type { PurchaseSlipInput } from './model';
export * from './symbols';
export { buildFaultReportSlip, FAULT_TYPE_WORDS } from './fault-report';
export type { FaultReportSlipInput } from './fault-report';
