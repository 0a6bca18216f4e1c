// Lays a slip model out for a given number of columns: wrapping, alignment and scale fitting are
// decided once, here, so the printer and the on-screen preview show the same lines.
import type { Align, SlipBlock, SlipModel } from './blocks';

export type LaidLine =
  | {
      kind: 'text';
      /** Normal-width spaces before the text (alignment is done here, not by the printer). */
      indent: number;
      text: string;
      width: number;
      height: number;
      bold: boolean;
      invert: boolean;
    }
  | { kind: 'rule'; style: 'single' | 'double' }
  | { kind: 'cut' }
  | { kind: 'feed'; lines: number }
  | { kind: 'barcode'; encoding: string; data: string }
  | { kind: 'qr'; data: string };

/**
 * Greedy word wrap at spaces, or after a hyphen (so a reference breaks between its groups); a word
 * longer than the line is broken hard. Lines that fit are kept verbatim.
 */
export function wrapText(value: string, limit: number): string[] {
  const max = Math.max(1, limit);
  const lines: string[] = [];
  let rest = value;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const hyphen = rest.lastIndexOf('-', max - 1);
    if (space > 0 && space >= hyphen) {
      lines.push(rest.slice(0, space).trimEnd());
      rest = rest.slice(space + 1).trimStart();
    } else if (hyphen > 0) {
      lines.push(rest.slice(0, hyphen + 1));
      rest = rest.slice(hyphen + 1);
    } else {
      lines.push(rest.slice(0, max));
      rest = rest.slice(max).trimStart();
    }
  }
  if (rest.length > 0 || lines.length === 0) lines.push(rest);
  return lines;
}

function indentFor(align: Align | undefined, area: number, used: number): number {
  const free = Math.max(0, area - used);
  if (align === 'center') return Math.floor(free / 2);
  if (align === 'right') return free;
  return 0;
}

function layoutBlock(block: SlipBlock, columns: number): LaidLine[] {
  switch (block.kind) {
    case 'text': {
      const area = Math.min(columns, block.maxColumns ?? columns);
      let width = Math.min(block.width ?? 1, area);
      const height = block.height ?? 1;
      if (block.fit === 'shrink') {
        while (width > 1 && block.text.length * width > area) width -= 1;
      }
      const perLine = Math.max(1, Math.floor(area / width));
      return wrapText(block.text, perLine).map((line) => ({
        kind: 'text',
        indent: indentFor(block.align, area, line.length * width),
        text: line,
        width,
        height,
        bold: block.bold ?? false,
        invert: block.invert ?? false,
      }));
    }
    case 'pair': {
      // Object literals, not spreads of a base: a spread is lowered to a helper call that made a
      // 60-line slip's layout cost a quarter of a millisecond.
      const bold = block.bold ?? false;
      const line = (indent: number, text: string): LaidLine => ({ kind: 'text', indent, text, width: 1, height: 1, bold, invert: false });
      const gap = columns - block.label.length - block.value.length;
      if (gap >= 1) return [line(0, `${block.label}${' '.repeat(gap)}${block.value}`)];
      // Too long for one line: the label, then the value on its own right-aligned line(s).
      return [
        ...wrapText(block.label, columns).map((text) => line(0, text)),
        ...wrapText(block.value, columns).map((text) => line(columns - text.length, text)),
      ];
    }
    case 'rule':
      return [{ kind: 'rule', style: block.style ?? 'single' }];
    case 'cut':
      return [{ kind: 'cut' }];
    case 'feed':
      return [{ kind: 'feed', lines: block.lines }];
    case 'barcode':
      return [{ kind: 'barcode', encoding: block.encoding, data: block.data }];
    case 'qr':
      return [{ kind: 'qr', data: block.data }];
  }
}

export function layoutSlip(slip: SlipModel, columns: number): LaidLine[] {
  return slip.blocks.flatMap((block) => layoutBlock(block, columns));
}

/** Default columns of font A: 58 mm paper gives 32, 80 mm gives 48 (203 dpi heads). */
export function defaultColumns(paperWidthMm: 58 | 80): number {
  return paperWidthMm === 58 ? 32 : 48;
}
