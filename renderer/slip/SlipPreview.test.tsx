import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildPurchaseSlip } from '../../shared/slip/model';
import { electrumPurchase } from '../../shared/slip/fixtures/electrum';
import { fiftyRandSale } from '../../shared/slip/fixtures/training';
import { slipFor } from '../../shared/print';
import { TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { airtimeSale } from '../../shared/slip/fixtures/airtime';
import { PrintPreview, SlipPreview } from './SlipPreview';

describe('SlipPreview', () => {
  it('shows the same slip on screen: the grouped token, rules and the cut mark', () => {
    const { request, response } = electrumPurchase('TST001');
    const slip = buildPurchaseSlip({ request, response, merchant: { name: 'Corner Cafe', terminalId: '12345678' }, printedAt: '2025-03-14T12:15:30+02:00', marks: {} });
    const html = renderToStaticMarkup(<SlipPreview slip={slip} />);
    expect(html).toContain('aria-label="Slip preview"');
    expect(html).toContain('0000 0000 0000 0000 0000');
    expect(html).toContain('aria-label="Cut here"');
    expect(html).toContain('<hr');
  });

  it('draws barcodes and QR codes as images with their data in the label', () => {
    const html = renderToStaticMarkup(
      <SlipPreview
        columns={32}
        slip={{
          blocks: [
            { kind: 'barcode', encoding: 'CODE128', data: '12345678901234567890' },
            { kind: 'qr', data: 'https://example.com/t/42' },
            { kind: 'barcode', encoding: 'PDF417', data: 'X1' },
            { kind: 'text', text: 'Big', width: 2, height: 3 },
          ],
        }}
      />,
    );
    expect(html).toContain('<svg role="img" aria-label="CODE128 barcode: 12345678901234567890"');
    expect(html).toContain('<svg role="img" aria-label="QR code: https://example.com/t/42"');
    expect(html).toContain('aria-label="PDF417 barcode: X1"');
    expect(html).toContain('font-size:3em');
  });

  it('previews TOTAL as what the customer paid, with the parts above it, as the printer prints it', () => {
    const { request, response } = fiftyRandSale();
    const slip = slipFor({ kind: 'purchase', request, response, printedAt: '2025-03-14T12:15:30+02:00', tendered: 10000, marks: {} }, { mode: 'live', terminal: TRAINING_TERMINAL });
    const text = renderToStaticMarkup(<SlipPreview slip={slip} />).replace(/<[^>]+>/g, '\n');
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const total = lines.findIndex((l) => /^TOTAL\s+R 50\.00$/.test(l));
    expect(total).toBeGreaterThan(0);
    expect(lines.slice(total - 4, total)).toEqual([
      expect.stringMatching(/^Electricity\s+R 20\.87$/),
      expect.stringMatching(/^Debt recovery\s+R 5\.22$/),
      expect.stringMatching(/^Service charges\s+R 17\.39$/),
      expect.stringMatching(/^Total VAT 15%\s+R 6\.52$/),
    ]);
    expect(lines.slice(total + 1, total + 3)).toEqual([expect.stringMatching(/^Tendered\s+R 100\.00$/), expect.stringMatching(/^Change\s+R 50\.00$/)]);
  });

  it('previews an airtime voucher as the printer prints it: the PIN large and grouped, serial, redeem lines, SlipData barcode', () => {
    const { request, response } = airtimeSale('voucher');
    const html = renderToStaticMarkup(
      <PrintPreview
        request={{ kind: 'airtimePurchase', request, response, printedAt: '2025-03-14T10:15:30.000Z', tendered: 5000, marks: { reprint: true } }}
        info={{ mode: 'live', terminal: TRAINING_TERMINAL, timeZone: 'Africa/Johannesburg' }}
      />,
    );
    const lines = html.replace(/<[^>]+>/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines[0]).toBe('*** REPRINT ***');
    const pin = lines.indexOf('YOUR PIN');
    expect(lines[pin + 1]).toBe('1258 0529 3941');
    expect(html).toMatch(/font-size:2em[^>]*>1258 0529 3941</);
    expect(lines).toContainEqual(expect.stringMatching(/^Serial no\.\s+189257261772$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Expires\s+2026-03-13 23:59:59$/));
    expect(lines).toContain('*100*01*125805293941#');
    expect(lines).toContainEqual(expect.stringMatching(/^Change\s+R 20\.00$/));
    expect(html).toContain('aria-label="CODE128 barcode: 189257261772"');
  });

  it('previews a direct top-up with the number it went to and no PIN', () => {
    const { request, response } = airtimeSale('direct-top-up');
    const html = renderToStaticMarkup(
      <PrintPreview
        columns={32}
        request={{ kind: 'airtimePurchase', request, response, printedAt: '2025-03-14T10:15:30.000Z', marks: {} }}
        info={{ mode: 'training', terminal: TRAINING_TERMINAL }}
      />,
    );
    const lines = html.replace(/<[^>]+>/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines[lines.indexOf('TOP-UP SENT TO') + 1]).toBe('083 123 4567');
    expect(lines).not.toContain('YOUR PIN');
    expect(lines[0]).toBe('TRAINING — NOT VALID');
  });
});
