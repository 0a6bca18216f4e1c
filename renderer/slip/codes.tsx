// Barcodes and QR codes on the preview, drawn as SVG from the same data the printer gets.
// Encodings the preview cannot draw show a labelled box with the data instead.
import type { ReactElement } from 'react';
import { code128, ean13, itf, qrMatrix, type LinearSymbol } from '../../shared/slip/symbols';

const box = {
  border: '1px solid #111',
  padding: '6px',
  margin: '4px auto',
  textAlign: 'center' as const,
  whiteSpace: 'pre-wrap' as const,
  wordBreak: 'break-all' as const,
};

function linearSymbol(encoding: string, data: string): LinearSymbol {
  const name = encoding.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (name === 'CODE128' || name === '128') return code128(data);
  if (name === 'ITF' || name === 'I25' || name === 'ITF14' || name === 'INTERLEAVED2OF5') return itf(data);
  if (name === 'EAN13') return ean13(data);
  return null;
}

export function BarcodeImage({ encoding, data }: { encoding: string; data: string }): ReactElement {
  const widths = linearSymbol(encoding, data);
  const label = `${encoding || 'Barcode'} barcode: ${data}`;
  if (!widths) {
    return (
      <div role="img" aria-label={label} style={box}>
        ||| {encoding || 'barcode'} |||
        <br />
        {data}
      </div>
    );
  }
  const quiet = 10;
  const total = widths.reduce((sum, w) => sum + w, 0) + 2 * quiet;
  const bars: ReactElement[] = [];
  let x = quiet;
  widths.forEach((w, i) => {
    if (i % 2 === 0) bars.push(<rect key={i} x={x} y={0} width={w} height={40} />);
    x += w;
  });
  return (
    <div style={{ textAlign: 'center', margin: '4px 0' }}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${total} 40`} preserveAspectRatio="none" style={{ width: '90%', maxWidth: `${total * 2}px`, height: '3.2em' }} shapeRendering="crispEdges">
        <rect x={0} y={0} width={total} height={40} fill="#fff" />
        <g fill="#000">{bars}</g>
      </svg>
      <div aria-hidden="true">{data}</div>
    </div>
  );
}

export function QrImage({ data }: { data: string }): ReactElement {
  const matrix = qrMatrix(data);
  const label = `QR code: ${data}`;
  if (!matrix) {
    return (
      <div role="img" aria-label={label} style={{ ...box, width: '10em' }}>
        [QR]
        <br />
        {data}
      </div>
    );
  }
  const size = matrix.length + 8;
  const cells: ReactElement[] = [];
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) cells.push(<rect key={`${r}-${c}`} x={c + 4} y={r + 4} width={1} height={1} />);
    }),
  );
  return (
    <div style={{ textAlign: 'center', margin: '4px 0' }}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} style={{ width: '9em', height: '9em' }} shapeRendering="crispEdges">
        <rect x={0} y={0} width={size} height={size} fill="#fff" />
        <g fill="#000">{cells}</g>
      </svg>
    </div>
  );
}
