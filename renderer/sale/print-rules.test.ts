import { describe, expect, it } from 'vitest';
import { SALE_STATES } from '../../shared/sale-machine';
import { electrumPurchase } from '../../shared/slip/fixtures/electrum';
import type { SaleRecord } from '../db/db';
import { canReprint, opensDrawer } from './flow';

const { request, response } = electrumPurchase('TST001');
const cash = { ...request, tenders: [{ amount: request.purchaseAmount, tenderType: 'CASH' as const }] };
const card = { ...request, tenders: [{ amount: request.purchaseAmount, tenderType: 'CREDIT_CARD' as const }] };

const paidWith = (purchase: typeof request): SaleRecord => ({
  service: 'electricity',
  purchaseId: request.id,
  createdAt: request.time,
  updatedAt: request.time,
  subject: 'TST001',
  meterId: 'TST001',
  state: 'approved',
  request: purchase,
  response,
  tendered: 10000,
  exchanges: [],
  history: [],
});

describe('the cash drawer opens with the first slip of a cash sale, where a drawer is configured', () => {
  it('opens for a cash sale on a terminal with a drawer', () => {
    expect(opensDrawer({ cashDrawer: true }, paidWith(cash))).toBe(true);
  });
  it('stays shut without a drawer, or for a sale not paid in cash', () => {
    expect(opensDrawer({ cashDrawer: false }, paidWith(cash))).toBe(false);
    expect(opensDrawer({}, paidWith(cash))).toBe(false);
    expect(opensDrawer({ cashDrawer: true }, paidWith(card))).toBe(false);
    expect(opensDrawer({ cashDrawer: true }, paidWith({ ...request, tenders: undefined }))).toBe(false);
  });
});

describe('which journal sales may be printed again', () => {
  const sale = (state: SaleRecord['state'], withResponse = true): SaleRecord => ({
    service: 'electricity',
    purchaseId: request.id,
    createdAt: request.time,
    updatedAt: request.time,
    subject: 'TST001',
    meterId: 'TST001',
    state,
    request: cash,
    ...(withResponse ? { response } : {}),
    tendered: 10000,
    exchanges: [],
    history: [],
  });

  it('reprints every sale whose tokens the customer holds, and never a cancelled one', () => {
    const reprintable = SALE_STATES.filter((state) => canReprint(sale(state)));
    expect(reprintable).toEqual(['approved', 'printed', 'print-failed', 'confirming', 'confirmed', 'confirm-failed']);
    expect(canReprint(sale('reversing'))).toBe(false);
    expect(canReprint(sale('reversed'))).toBe(false);
  });

  it('has nothing to reprint without the upstream’s tokens', () => {
    expect(SALE_STATES.some((state) => canReprint(sale(state, false)))).toBe(false);
  });
});
