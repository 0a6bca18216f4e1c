import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPurchaseSlip } from '../../shared/slip/model';
import { electrumPurchase } from '../../shared/slip/fixtures/electrum';
import { createPrinterService } from './service';
import { renderSlip } from './render';

const { request, response } = electrumPurchase('TST001');
const slip = buildPurchaseSlip({
  request,
  response,
  merchant: { name: 'Corner Cafe', terminalId: '12345678' },
  printedAt: '2025-03-14T12:15:30+02:00',
  marks: { training: true },
});
const profile = { paperWidthMm: 80 } as const;

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slips-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file printer', () => {
  it('appends each slip’s bytes to the file', async () => {
    const path = join(dir, 'slips.bin');
    const printer = createPrinterService({ uri: `file://${path}`, profile });
    const first = await printer.print(slip);
    const second = await printer.print(slip);
    await printer.close();
    const expected = renderSlip(slip, profile);
    expect(first).toEqual({ ok: true, bytes: expected.length, warnings: expect.any(Array), status: expect.objectContaining({ state: 'unknown' }) });
    expect(second.ok).toBe(true);
    const written = await readFile(path);
    expect(written.length).toBe(expected.length * 2);
    expect(Buffer.from(written.subarray(0, expected.length)).equals(Buffer.from(expected))).toBe(true);
    expect(written.includes(Buffer.from('0000 0000 0000 0000 0000'))).toBe(true);
  });

  it('reports a bad printer address in words instead of throwing', async () => {
    const printer = createPrinterService({ uri: 'file:relative/slips.bin', profile });
    const result = await printer.print(slip);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_NOT_CONFIGURED' });
    expect(await printer.status()).toMatchObject({ state: 'offline', detail: expect.stringContaining("Printer address 'file:relative/slips.bin' is not valid") });
  });
});
