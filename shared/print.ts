// One recipe from a print request to the slip's inputs, used by the printer (main side) and the
// on-screen preview (renderer), so both show the same slip.
import type { AppInfo, PrintRequest } from './bridge';
import type { PurchaseSlipInput } from './slip/model';

export function purchaseSlipInput(request: PrintRequest, info: Pick<AppInfo, 'mode' | 'terminal'>): PurchaseSlipInput {
  const currency = request.request.purchaseAmount.currency;
  const amount = request.request.purchaseAmount.amount;
  const operatorId = request.request.originator.operatorId;
  return {
    request: request.request,
    response: request.response,
    merchant: {
      name: info.terminal.merchant.merchantName.name,
      terminalId: info.terminal.terminalId,
      ...(operatorId ? { operatorId } : {}),
    },
    printedAt: request.printedAt,
    ...(request.tendered !== undefined
      ? {
          tendered: { amount: request.tendered, currency },
          change: { amount: Math.max(0, request.tendered - amount), currency },
        }
      : {}),
    marks: { training: info.mode === 'training', ...request.marks },
  };
}
