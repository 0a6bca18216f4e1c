// npm run bench:slip — time to lay out and encode a 60-line slip with a barcode and a QR code:
// ours (slip model → renderSlip) beside node-thermal-printer building the same slip into a buffer.
import { performance } from 'node:perf_hooks';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { SlipBlock, SlipModel } from '../shared/slip/blocks';
import { renderSlip } from '../electron/printer/render';

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

function measure(name: string, run: () => number): { name: string; perSlipUs: number; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < 200; i += 1) bytes = run(); // warm-up
  let iterations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (let i = 0; i < 50; i += 1) run();
    iterations += 50;
    elapsed = performance.now() - started;
  }
  return { name, perSlipUs: (elapsed * 1000) / iterations, bytes };
}

const a = measure('ours: slip model → renderSlip (layout + @point-of-sale/receipt-printer-encoder)', ours);
const b = measure('node-thermal-printer 4.6.1 (into a buffer)', theirs);
for (const r of [a, b]) console.log(`${r.name}\n  ${r.perSlipUs.toFixed(1)} µs per slip, ${r.bytes} bytes`);
console.log(`ratio ours / node-thermal-printer: ${(a.perSlipUs / b.perSlipUs).toFixed(2)}x`);
