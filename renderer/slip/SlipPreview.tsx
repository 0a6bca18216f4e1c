// The slip as it will come out of the printer: the same model and the same layout, on screen.
import type { CSSProperties, ReactElement } from 'react';
import type { PrintRequest } from '../../shared/bridge';
import { slipFor, type SlipInfo } from '../../shared/print';
import type { SlipModel } from '../../shared/slip/blocks';
import { layoutSlip, type LaidLine } from '../../shared/slip/layout';
import { BarcodeImage, QrImage } from './codes';

export interface SlipPreviewProps {
  slip: SlipModel;
  /** Characters per line of the printer being previewed; 48 (80 mm) unless the slip says otherwise. */
  columns?: number;
}

const paper: CSSProperties = {
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  fontSize: '13px',
  lineHeight: 1.35,
  background: '#fffef8',
  color: '#111',
  padding: '12px 10px',
  boxShadow: '0 1px 4px rgba(0,0,0,0.25)',
  display: 'inline-block',
  // The page styles every box as border-box; the paper's width is its columns, padding outside them.
  boxSizing: 'content-box',
  overflow: 'hidden',
};

function TextLine({ line }: { line: Extract<LaidLine, { kind: 'text' }> }): ReactElement {
  // The box takes the columns the printer gives the text (characters × width factor); inside it the
  // glyphs grow with the height factor and are squeezed or stretched to the width factor.
  const box: CSSProperties = {
    display: 'inline-block',
    verticalAlign: 'top',
    whiteSpace: 'pre',
    width: `${line.text.length * line.width}ch`,
    height: `${1.35 * line.height}em`,
  };
  const glyphs: CSSProperties = {
    display: 'inline-block',
    whiteSpace: 'pre',
    fontWeight: line.bold ? 700 : 400,
    fontSize: `${line.height}em`,
    lineHeight: 1.35,
    width: `${line.text.length}ch`,
    transform: line.width === line.height ? undefined : `scaleX(${line.width / line.height})`,
    transformOrigin: 'left center',
    ...(line.invert ? { background: '#111', color: '#fffef8' } : {}),
  };
  return (
    <div style={{ whiteSpace: 'pre', height: `${1.35 * line.height}em` }}>
      {' '.repeat(line.indent)}
      <span style={box}>
        <span style={glyphs}>{line.text}</span>
      </span>
    </div>
  );
}

function Line({ line }: { line: LaidLine }): ReactElement {
  switch (line.kind) {
    case 'text':
      return <TextLine line={line} />;
    case 'rule':
      return <hr aria-hidden="true" style={{ border: 0, borderTop: `${line.style === 'double' ? 3 : 1}px ${line.style === 'double' ? 'double' : 'solid'} #111`, margin: '0.6em 0' }} />;
    case 'feed':
      return <div aria-hidden="true" style={{ height: `${1.35 * line.lines}em` }} />;
    case 'cut':
      return (
        <div role="separator" aria-label="Cut here" style={{ borderTop: '1px dashed #888', margin: '0.6em -10px', textAlign: 'center', fontSize: '0.8em', color: '#888' }}>
          ✂ cut
        </div>
      );
    case 'barcode':
      return <BarcodeImage encoding={line.encoding} data={line.data} />;
    case 'qr':
      return <QrImage data={line.data} />;
  }
}

export function SlipPreview({ slip, columns }: SlipPreviewProps): ReactElement {
  const width = columns ?? slip.columns ?? 48;
  const lines = layoutSlip(slip, width);
  return (
    <figure role="document" aria-label="Slip preview" style={{ ...paper, width: `${width}ch`, margin: 0 }}>
      {lines.map((line, index) => (
        <Line key={index} line={line} />
      ))}
    </figure>
  );
}

export interface PrintPreviewProps {
  /** What is (or was) sent to the printer: any kind, a purchase, an airtime voucher or top-up, a report. */
  request: PrintRequest;
  /** Mode, terminal and the shop's time zone, as the main side uses them to print. */
  info: SlipInfo;
  columns?: number;
}

/** The slip of a print request, laid out by the same recipe (shared/print.ts) the printer uses. */
export function PrintPreview({ request, info, columns }: PrintPreviewProps): ReactElement {
  return <SlipPreview slip={slipFor(request, info)} {...(columns ? { columns } : {})} />;
}
