import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildPurchaseSlip } from '../../shared/slip/model';
import { electrumPurchase } from '../../shared/slip/fixtures/electrum';
import { SlipPreview } from './SlipPreview';

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
});
