// A network printer over real TCP on 127.0.0.1: status before printing, paper out, a printer
// that never answers, one that drops the connection mid-slip, and the reprint afterwards.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPurchaseSlip, markReprint } from '../../shared/slip/model';
import { electrumPurchase } from '../../shared/slip/fixtures/electrum';
import { renderSlip } from './render';
import { createPrinterService, type PrinterService } from './service';
import { decodeEscPos } from './testing/escpos-decoder';
import { startTestTcpPrinter, type TestTcpPrinter } from './testing/tcp-printer';

const profile = { paperWidthMm: 80, cashDrawer: { pin: 2 } } as const;
const { request, response } = electrumPurchase('TST006');
const slip = buildPurchaseSlip({
  request,
  response,
  merchant: { name: 'Corner Cafe', terminalId: '12345678' },
  printedAt: '2025-03-14T12:15:30+02:00',
  marks: {},
});
const printedLines = (bytes: Uint8Array): string[] =>
  decodeEscPos(bytes).items.flatMap((item) => (item.kind === 'line' ? [item.text.trim()] : []));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function printerWith(options: Parameters<typeof startTestTcpPrinter>[0], query = ''): Promise<{ fake: TestTcpPrinter; service: PrinterService; logs: string[] }> {
  const fake = await startTestTcpPrinter(options);
  const logs: string[] = [];
  const service = createPrinterService({ uri: `${fake.uri}${query}`, profile, log: (m) => logs.push(m) });
  cleanups.push(async () => {
    await service.close();
    await fake.close();
  });
  return { fake, service, logs };
}

describe('network printer (raw TCP)', () => {
  it('prints the whole slip when the printer is ready, after asking its status', async () => {
    const { fake, service } = await printerWith({ state: 'ready' });
    expect(await service.status()).toEqual({ state: 'ready' });
    const result = await service.print(slip, { openDrawer: true });
    expect(result).toMatchObject({ ok: true });
    const job = fake.jobs.at(-1) ?? new Uint8Array();
    expect(Buffer.from(job).equals(Buffer.from(renderSlip(slip, profile, { openDrawer: true })))).toBe(true);
    expect(printedLines(job)).toContain('3333 3333 3333 3333 3333');
    expect(decodeEscPos(job).items).toContainEqual({ kind: 'drawer', pin: 2, onMs: 100, offMs: 500 });
    expect(fake.statusQueries).toBe(6);
  });

  it('refuses to print on a printer that reports paper out, and says so in plain words', async () => {
    const { fake, service } = await printerWith({ state: 'paper-out' });
    expect(await service.status()).toMatchObject({ state: 'paper-out' });
    const result = await service.print(slip);
    expect(result).toEqual({ ok: false, code: 'PAPER_OUT', partial: false, message: expect.stringMatching(/out of paper/) });
    expect(fake.jobs.every((job) => job.length === 0)).toBe(true);
  });

  it('reports the cover open and a paper roll near its end', async () => {
    const { fake, service } = await printerWith({ state: 'cover-open' });
    expect(await service.print(slip)).toMatchObject({ ok: false, code: 'COVER_OPEN' });
    fake.set({ state: 'paper-near-end' });
    expect(await service.status()).toMatchObject({ state: 'paper-near-end' });
    expect(await service.print(slip)).toMatchObject({ ok: true, status: { state: 'paper-near-end' } });
  });

  it('treats a printer that never answers status as unknown, adding at most 200 ms to a print', async () => {
    const { fake, service } = await printerWith({ state: 'silent' });
    const started = performance.now();
    expect(await service.status()).toMatchObject({ state: 'unknown' });
    expect(performance.now() - started).toBeLessThan(400);
    const printStarted = performance.now();
    const result = await service.print(slip);
    const elapsed = performance.now() - printStarted;
    expect(result).toMatchObject({ ok: true });
    expect(printedLines(fake.jobs.at(-1) ?? new Uint8Array())).toContain('3333 3333 3333 3333 3333');
    // status wait (≤150 ms) + the 500 ms close grace for a printer that keeps the socket open
    expect(elapsed).toBeLessThan(150 + 200 + 500 + 300);
  });

  it('reports a connection dropped mid-slip as a failed print, and the reprint then works', async () => {
    const { fake, service } = await printerWith({ state: 'ready', dropAfterBytes: 300 }, '?chunk=128&gap=5');
    const failed = await service.print(slip);
    expect(failed).toEqual({ ok: false, code: 'PRINT_FAILED', partial: true, message: expect.stringMatching(/reprint/i) });
    expect(fake.jobs.at(-1)?.length).toBe(300);

    fake.set({ state: 'ready' });
    const reprint = await service.print(markReprint(slip));
    expect(reprint).toMatchObject({ ok: true });
    const lines = printedLines(fake.jobs.at(-1) ?? new Uint8Array());
    expect(lines[0]).toBe('*** REPRINT ***');
    expect(lines).toContain('1111 1111 1111 1111 1111');
  });

  it('notices a reset even when the whole slip was already handed to the network', async () => {
    const { service } = await printerWith({ state: 'ready', dropAfterBytes: 1000 });
    expect(await service.print(slip)).toMatchObject({ ok: false, code: 'PRINT_FAILED', partial: true });
  });

  it('says the printer cannot be reached when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const address = probe.address();
    const port = typeof address === 'object' && address ? address.port : 9;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const service = createPrinterService({ uri: `tcp://127.0.0.1:${port}`, profile, connectTimeoutMs: 1000 });
    expect(await service.print(slip)).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', partial: false });
    expect(await service.status()).toMatchObject({ state: 'offline' });
  });

  it('sends one job at a time to a printer', async () => {
    const { fake, service } = await printerWith({ state: 'ready' });
    const results = await Promise.all([service.print(slip), service.print(slip), service.status(), service.print(slip)]);
    expect(results.filter((r) => 'ok' in r && r.ok)).toHaveLength(3);
    const printed = fake.windows.filter((w) => !Number.isNaN(w.first));
    expect(printed).toHaveLength(3);
    // Each job starts only after the previous one has been fully received.
    for (let i = 1; i < printed.length; i += 1) {
      expect(printed[i]?.first ?? 0).toBeGreaterThan(printed[i - 1]?.last ?? Infinity);
    }
  });
});
