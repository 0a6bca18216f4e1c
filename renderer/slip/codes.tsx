// Barcodes and QR codes on the preview. Until drawn as images, a labelled box carries the data.
import type { ReactElement } from 'react';

const box = {
  border: '1px solid #111',
  padding: '6px',
  margin: '4px auto',
  textAlign: 'center' as const,
  whiteSpace: 'pre-wrap' as const,
  wordBreak: 'break-all' as const,
};

export function BarcodeImage({ encoding, data }: { encoding: string; data: string }): ReactElement {
  return (
    <div role="img" aria-label={`${encoding || 'Barcode'} barcode: ${data}`} style={box}>
      ||| {encoding || 'barcode'} |||
      <br />
      {data}
    </div>
  );
}

export function QrImage({ data }: { data: string }): ReactElement {
  return (
    <div role="img" aria-label={`QR code: ${data}`} style={{ ...box, width: '10em' }}>
      [QR]
      <br />
      {data}
    </div>
  );
}
