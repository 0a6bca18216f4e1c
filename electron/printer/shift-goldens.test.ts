// Golden X, Z and counted shift close slips at 58 and 80 mm: a print request through the bridge's
// schema and slipFor (the shop's time zone), rendered to ESC/POS and read back by the decoder.
// Review changes to goldens/ as carefully as code; UPDATE_GOLDENS=1 rewrites them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PrintRequestSchema, type ShiftReportPrintRequest } from '../../shared/bridge';
import { slipFor } from '../../shared/print';
import { TRAINING_TERMINAL, type TerminalConfig } from '../../shared/protocol/envelope';
import { profileColumns, type PrinterProfile } from '../../shared/slip/profile';
import { renderSlipDetailed } from './render';
import { decodeEscPos, formatDecoded } from './testing/escpos-decoder';

const GOLDENS = join(dirname(fileURLToPath(import.meta.url)), 'goldens');
const PROFILES: PrinterProfile[] = [{ paperWidthMm: 58 }, { paperWidthMm: 80 }];
const CORNER_CAFE: TerminalConfig = {
  ...TRAINING_TERMINAL,
  terminalId: '12345678',
  merchant: { ...TRAINING_TERMINAL.merchant, merchantName: { ...TRAINING_TERMINAL.merchant.merchantName, name: 'Corner Cafe' } },
};

// A day at the Corner Cafe (UTC; printed in Johannesburg time): electricity and airtime, cash and
// card, one sale without an outcome, one refused reversal, a reprint, a confirmation still pending.
const DAY: ShiftReportPrintRequest = {
  kind: 'shiftReport',
  printedAt: '2025-03-14T16:00:05.000Z',
  from: '2025-03-14T06:00:00.000Z',
  to: '2025-03-14T16:00:00.000Z',
  operatorId: 'thandi',
  currency: '710',
  sold: { count: 5, amount: 27_500 },
  reversed: { count: 2, amount: 10_000 },
  declined: { count: 1 },
  unresolved: { count: 1, amount: 2_000 },
  review: { count: 0, amount: 0 },
  confirmRefused: { count: 0, amount: 0 },
  reverseRefused: { count: 1, amount: 7_000 },
  cash: { kept: 23_500, held: 2_000 },
  advicesPending: 1,
  advicesRefused: 0,
  products: [
    { product: 'Electricity', sold: { count: 4, amount: 26_500 }, reversed: { count: 2, amount: 10_000 }, declined: 1, unresolved: { count: 1, amount: 2_000 }, review: { count: 0, amount: 0 } },
    { product: 'Airtime & data', sold: { count: 1, amount: 1_000 }, reversed: { count: 0, amount: 0 }, declined: 0, unresolved: { count: 0, amount: 0 }, review: { count: 0, amount: 0 } },
  ],
  tenders: [
    { tender: 'CASH', sold: { count: 4, amount: 23_500 }, held: 2_000 },
    { tender: 'DEBIT_CARD', sold: { count: 1, amount: 4_000 }, held: 0 },
  ],
  pendingAdvices: [{ kind: 'Confirmation', subject: 'meter 04100000300', at: '2025-03-14T15:10:00.000Z' }],
  unknownOutcomes: [{ subject: 'meter 04100000400', amount: 2_000, at: '2025-03-14T09:04:00.000Z', review: false }],
  reversalsRefused: [{ subject: 'meter 04100000500', amount: 7_000, at: '2025-03-14T10:07:00.000Z' }],
  reprints: [{ subject: 'phone 082 555 0101', at: '2025-03-14T11:09:00.000Z', by: 'sipho' }],
};

const REPORTS: { name: string; request: ShiftReportPrintRequest }[] = [
  { name: 'x-report', request: { ...DAY, report: 'x', number: 2, drawer: { float: 20_000, expected: 45_500 } } },
  {
    name: 'shift-close-counted',
    request: {
      ...DAY,
      report: 'shift',
      drawer: {
        float: 20_000,
        expected: 45_500,
        counts: [
          { tender: 'CASH', expected: 45_500, counted: 45_000, variance: -500 },
          { tender: 'DEBIT_CARD', expected: 4_000, counted: 4_000, variance: 0 },
        ],
      },
    },
  },
  {
    name: 'z-report',
    request: {
      ...DAY,
      report: 'z',
      number: 17,
      // The day's last advice was delivered before the Z.
      advicesPending: 0,
      pendingAdvices: [],
      drawer: { float: 40_000, expected: 65_500 },
      shifts: [
        { openedAt: '2025-03-14T06:00:00.000Z', closedAt: '2025-03-14T11:00:00.000Z', by: 'thandi', float: 20_000, variance: 0 },
        { openedAt: '2025-03-14T11:00:00.000Z', closedAt: '2025-03-14T15:55:00.000Z', by: 'sipho', float: 20_000, variance: -500 },
      ],
    },
  },
];

function golden(name: string, actual: string): void {
  const path = join(GOLDENS, `${name}.txt`);
  if (process.env.UPDATE_GOLDENS === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDENS !== '1') throw new Error(`golden ${name}.txt missing; run with UPDATE_GOLDENS=1 and review it`);
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(PROFILES)('X, Z and shift close slips on $paperWidthMm mm paper', (profile) => {
  const columns = profileColumns(profile);
  it.each(REPORTS)('$name matches its golden, fits the paper and opens no drawer', ({ name, request }) => {
    const slip = slipFor(PrintRequestSchema.parse(request), { mode: 'live', terminal: CORNER_CAFE, timeZone: 'Africa/Johannesburg' });
    const decoded = decodeEscPos(renderSlipDetailed(slip, profile).bytes);
    for (const item of decoded.items) {
      if (item.kind === 'line' || item.kind === 'rule') expect(item.columns, JSON.stringify(item)).toBeLessThanOrEqual(columns);
    }
    expect(decoded.items.some((item) => item.kind === 'drawer')).toBe(false);
    const lines = decoded.items.flatMap((item) => (item.kind === 'line' ? [item.text.trim()] : []));
    // Local times: 09:04 UTC is 11:04 in Johannesburg.
    const text = lines.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('11:04 meter 04100000400 R 20.00');
    expect(text).toContain('13:09 phone 082 555 0101 by sipho');
    golden(`${name}-${profile.paperWidthMm}mm`, formatDecoded(decoded, columns));
  });
});
