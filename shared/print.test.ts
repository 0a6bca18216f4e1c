import { describe, expect, it } from 'vitest';
import { buildFaultReportRequest, buildTokenReprintRequest, TRAINING_TERMINAL } from './protocol/envelope';
import { slipFor } from './print';
import { electrumKeyChange, electrumPurchase } from './slip/fixtures/electrum';
import { layoutSlip } from './slip/layout';
import { formatToken, type SlipModel } from './slip/model';

const info = { mode: 'live', terminal: TRAINING_TERMINAL } as const;
const lines = (slip: SlipModel): string[] =>
  layoutSlip(slip, 48).flatMap((line) => (line.kind === 'text' ? [line.text.trim()] : []));
/** A label's value: on its line, or on the next when it is too long to share it. */
function pairValue(all: string[], label: string): string | undefined {
  const index = all.findIndex((l) => l.startsWith(label));
  if (index < 0) return undefined;
  const rest = (all[index] ?? '').slice(label.length).trim();
  return rest || all[index + 1];
}

describe('print requests to slips (one recipe for printer and preview)', () => {
  const { request, response } = electrumPurchase('TST001');
  const printedAt = '2025-03-14T12:15:30+02:00';

  it('prints a purchase from the journal with its cash lines, and REPRINT only when asked', () => {
    const first = lines(slipFor({ kind: 'purchase', request, response, printedAt, tendered: 15000, marks: {} }, info));
    expect(first).not.toContain('*** REPRINT ***');
    expect(pairValue(first, 'Change')).toBe('R 50.00');
    expect(pairValue(first, 'Purchase ref')).toBe(request.id);
    const again = lines(slipFor({ kind: 'purchase', request, response, printedAt, tendered: 15000, marks: { reprint: true } }, info));
    expect(again[0]).toBe('*** REPRINT ***');
    expect(again).toContain(formatToken(response.tokens[0]?.token ?? ''));
  });

  it('prints the upstream’s token reprint marked REPRINT, with the tokens, the total and the reference the cashier gave', () => {
    const reprint = buildTokenReprintRequest(TRAINING_TERMINAL, {
      id: '0b8e4c43-8a0c-4c0e-9d3e-2f0a4c1d5e6f',
      time: '2025-03-15T08:00:00.000Z',
      meterId: 'TST001',
      originalRef: 'RCT1000',
    });
    const slip = lines(slipFor({ kind: 'tokenReprint', request: reprint, response, printedAt }, info));
    expect(slip[0]).toBe('*** REPRINT ***');
    for (const token of response.tokens) expect(slip).toContain(formatToken(token.token));
    expect(pairValue(slip, 'Original ref')).toBe('RCT1000');
    expect(slip.some((l) => l.startsWith('Tendered') || l.startsWith('Change'))).toBe(false);
    expect(pairValue(slip, 'TOTAL')).toMatch(/^R \d/);

    const withoutRef = lines(slipFor({ kind: 'tokenReprint', request: { ...reprint, originalRef: undefined }, response, printedAt }, { ...info, mode: 'training' }));
    expect(pairValue(withoutRef, 'Reprint ref')).toBe(reprint.id);
    expect(withoutRef).toContain('*** REPRINT ***');
  });

  it('prints a fault report with the fault in plain words and the utility’s reference to quote', () => {
    const request = buildFaultReportRequest(TRAINING_TERMINAL, {
      id: '7d1b7c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e',
      time: '2025-03-15T08:00:00.000Z',
      operatorId: 'thandi',
      meterId: 'TST001',
      contactNumber: '0821234567',
      faultType: 'KeepsTripping',
      faultDescription: 'Trips every evening when the kettle is on',
    });
    const response = { id: request.id, time: request.time, originator: request.originator, client: request.client, settlementEntity: request.settlementEntity, receiver: request.receiver, thirdPartyIdentifiers: [], reference: 'FLT-2025-000123', description: 'A technician will call within 48 hours' };
    const slip = lines(slipFor({ kind: 'faultReport', request, response, printedAt }, { ...info, mode: 'training' }));
    expect(slip[0]).toBe('TRAINING — NOT VALID');
    expect(slip).toContain('METER FAULT REPORT');
    expect(pairValue(slip, 'Meter')).toBe('TST001');
    expect(pairValue(slip, 'Contact number')).toBe('0821234567');
    expect(pairValue(slip, 'Cashier')).toBe('thandi');
    expect(slip).toContain('Meter keeps tripping');
    expect(slip).toContain('Trips every evening when the kettle is on');
    expect(slip[slip.indexOf('FAULT REFERENCE') + 1]).toBe('FLT-2025-000123');
    expect(slip).toContain('A technician will call within 48 hours');
    expect(slip.some((l) => l.startsWith('TOTAL'))).toBe(false);
  });

  it('prints key change tokens in the order to enter them, with the new keys, marked REPRINT when asked', () => {
    const { request: kcRequest, response: kcResponse } = electrumKeyChange('simulator');
    const slip = lines(slipFor({ kind: 'keyChange', request: kcRequest, response: kcResponse, printedAt, marks: {} }, info));
    expect(slip[0]).toBe('Training Store');
    expect(slip).toContain('METER KEY CHANGE');
    expect(pairValue(slip, 'Terminal')).toBe(TRAINING_TERMINAL.terminalId);
    expect(pairValue(slip, 'Cashier')).toBe('cashier7');
    expect(pairValue(slip, 'Meter')).toBe('04100000365');
    expect(pairValue(slip, 'Supply group code')).toBe('600124');
    const first = slip.indexOf(formatToken(kcResponse.tokens[0]?.token ?? ''));
    expect(slip[first - 1]).toBe('1. KEY CHANGE TOKEN 1 OF 2');
    expect(slip.indexOf('ENTER THE TOKENS IN THIS ORDER')).toBeLessThan(first);
    expect(pairValue(slip, 'Key change ref')).toBe(kcRequest.id);
    expect(slip).not.toContain('*** REPRINT ***');

    const again = lines(slipFor({ kind: 'keyChange', request: kcRequest, response: kcResponse, printedAt, marks: { reprint: true } }, { ...info, mode: 'training' }));
    expect(again.slice(0, 2)).toEqual(['TRAINING — NOT VALID', '*** REPRINT ***']);
  });

  it('prints the shift report for this terminal with its counts, and flags what is still open', () => {
    const report = {
      kind: 'shiftReport' as const,
      printedAt: '2025-03-14T18:00:05+02:00',
      from: '2025-03-14T08:00:00+02:00',
      to: '2025-03-14T18:00:00+02:00',
      operatorId: 'thandi',
      currency: '710',
      sold: { count: 12, amount: 150000 },
      reversed: { count: 1, amount: 10000 },
      declined: { count: 2 },
      unresolved: { count: 1 },
      advicesPending: 0,
      advicesRefused: 0,
    };
    const slip = lines(slipFor(report, { ...info, mode: 'training' }));
    expect(slip[0]).toBe('TRAINING — NOT VALID');
    expect(slip).toContain('SHIFT REPORT');
    expect(pairValue(slip, 'Terminal')).toBe(TRAINING_TERMINAL.terminalId);
    expect(pairValue(slip, 'Cashier')).toBe('thandi');
    expect(pairValue(slip, 'Sold')).toBe('12');
    expect(slip).toContain('RESOLVE BEFORE CLOSING');
    expect(slip).not.toContain('ADVICES REFUSED');
    const { operatorId: _omitted, ...anyCashier } = report;
    expect(pairValue(lines(slipFor(anyCashier, info)), 'Cashier')).toBeUndefined();
  });
});
