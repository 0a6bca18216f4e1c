// npm run bench:slip — time to lay out and encode a 60-line slip with a barcode and a QR code:
// ours (slip model → renderSlip) beside node-thermal-printer building the same slip into a buffer,
// and ours through the library encoder it used before, all in the same run.
import { performance } from 'node:perf_hooks';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { SlipBlock, SlipModel } from '../shared/slip/blocks';
import { pathToFileURL } from 'node:url';
import { renderSlip, renderSlipDetailed } from '../electron/printer/render';

const TOKEN = '12345678901234567890';
const QR = 'https://example.com/slip/0b7c1e52-6f0d-4f3a-9d55-000000000001';
const profile = { paperWidthMm: 80, codepage: 'cp437' } as const;

interface Row {
  label: string;
  value: string;
}

// 56 label/value rows + header, token, barcode caption and footer lines = 60 printed text lines.
const rows: Row[] = Array.from({ length: 56 }, (_, i) => ({ label: `Line item ${i + 1}`, value: `R ${(i * 137) % 1000}.${String(i % 100).padStart(2, '0')}` }));

function ourSlip(): SlipModel {
  const blocks: SlipBlock[] = [
    { kind: 'text', text: 'Corner Cafe', align: 'center', bold: true, height: 2 },
    { kind: 'text', text: '1234 5678 9012 3456 7890', align: 'center', bold: true, width: 2, height: 2, fit: 'shrink' },
    { kind: 'rule' },
    ...rows.map((row): SlipBlock => ({ kind: 'pair', label: row.label, value: row.value })),
    { kind: 'rule' },
    { kind: 'text', text: 'Scan to check the token' },
    { kind: 'barcode', encoding: 'CODE128', data: TOKEN },
    { kind: 'qr', data: QR },
    { kind: 'text', text: 'Thank you', align: 'center' },
    { kind: 'cut' },
  ];
  return { blocks };
}

function ours(): number {
  return renderSlip(ourSlip(), profile).length;
}

function oursWithLibrary(): number {
  return renderSlipDetailed(ourSlip(), profile, { encoder: 'library' }).bytes.length;
}

function theirs(): number {
  const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: 'tcp://127.0.0.1:9100', width: 48, characterSet: CharacterSet.PC437_USA });
  printer.alignCenter();
  printer.bold(true);
  printer.setTextSize(1, 0);
  printer.println('Corner Cafe');
  printer.setTextSize(1, 1);
  printer.println('1234 5678 9012 3456 7890');
  printer.setTextNormal();
  printer.bold(false);
  printer.alignLeft();
  printer.drawLine();
  for (const row of rows) printer.leftRight(row.label, row.value);
  printer.drawLine();
  printer.println('Scan to check the token');
  printer.code128(TOKEN, { width: 'SMALL', height: 64, text: 2 });
  printer.printQR(QR, { cellSize: 6, correction: 'M', model: 2 });
  printer.alignCenter();
  printer.println('Thank you');
  printer.cut();
  return printer.getBuffer().length;
}

export interface SlipMeasure {
  name: string;
  perSlipUs: number;
  bytes: number;
}

function measure(name: string, run: () => number, budgetMs: number): SlipMeasure {
  let bytes = 0;
  for (let i = 0; i < 200; i += 1) bytes = run(); // warm-up
  let iterations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < 50; i += 1) run();
    iterations += 50;
    elapsed = performance.now() - started;
  }
  return { name, perSlipUs: (elapsed * 1000) / iterations, bytes };
}

export interface SlipBenchResult {
  ours: SlipMeasure;
  library: SlipMeasure;
  peer: SlipMeasure;
}

/**
 * Ours, ours through the library encoder (the reference the fast writer matches byte for byte) and
 * node-thermal-printer, interleaved in rounds so that load on the machine falls on all three alike;
 * each figure is the median round.
 */
export function runSlipBench(rounds = 5, budgetMs = 400): SlipBenchResult {
  const runs: Record<keyof SlipBenchResult, SlipMeasure[]> = { ours: [], library: [], peer: [] };
  for (let round = 0; round < rounds; round += 1) {
    runs.ours.push(measure('ours: slip model → renderSlip (layout + fast ESC/POS writer)', ours, budgetMs));
    runs.library.push(measure('ours through @point-of-sale/receipt-printer-encoder (before)', oursWithLibrary, budgetMs));
    runs.peer.push(measure('node-thermal-printer 4.6.1 (into a buffer)', theirs, budgetMs));
  }
  const median = (list: SlipMeasure[]): SlipMeasure => {
    const sorted = [...list].sort((a, b) => a.perSlipUs - b.perSlipUs);
    const middle = sorted[Math.floor(sorted.length / 2)];
    if (!middle) throw new Error('no rounds');
    return middle;
  };
  return { ours: median(runs.ours), library: median(runs.library), peer: median(runs.peer) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runSlipBench();
  for (const r of [result.ours, result.library, result.peer]) console.log(`${r.name}\n  ${r.perSlipUs.toFixed(1)} µs per slip, ${r.bytes} bytes`);
  console.log(`ratio ours / node-thermal-printer: ${(result.ours.perSlipUs / result.peer.perSlipUs).toFixed(2)}x (goal ≤ 0.50, and under 1,000 µs per slip)`);
}
