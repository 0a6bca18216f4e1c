import { describe, expect, it } from 'vitest';
import { CODE128_PATTERNS, code128, ean13, ean13CheckDigit, itf, qrMatrix, reedSolomon } from './symbols';

describe('linear barcodes for the preview', () => {
  it('has a well-formed CODE128 table: 11 modules each (stop 13), even bar modules, all distinct', () => {
    const symbols = CODE128_PATTERNS.slice(0, 106);
    expect(new Set(symbols).size).toBe(106);
    for (const p of symbols) {
      const w = [...p].map(Number);
      expect(w.reduce((a, b) => a + b, 0)).toBe(11);
      expect(((w[0] ?? 0) + (w[2] ?? 0) + (w[4] ?? 0)) % 2).toBe(0);
    }
    expect([...(CODE128_PATTERNS[106] ?? '')].map(Number).reduce((a, b) => a + b, 0)).toBe(13);
  });

  it('draws a 20-digit token in set C in 165 modules with quiet zones left to the caller', () => {
    const widths = code128('12345678901234567890') ?? [];
    expect(widths.reduce((a, b) => a + b, 0)).toBe(11 * 12 + 13);
    expect(widths.slice(0, 6)).toEqual([2, 1, 1, 2, 3, 2]); // start C
  });

  it('computes the CODE128 check symbol (set B "PJJ123C" → check 54)', () => {
    // Values: start B 104, P=48, J=42, J=42, 1=17, 2=18, 3=19, C=35
    const widths = code128('PJJ123C') ?? [];
    const check = widths.slice(8 * 6, 9 * 6).join('');
    const sum = 104 + 48 * 1 + 42 * 2 + 42 * 3 + 17 * 4 + 18 * 5 + 19 * 6 + 35 * 7;
    expect(check).toBe(CODE128_PATTERNS[sum % 103]);
  });

  it('draws ITF only for an even number of digits', () => {
    expect(itf('123')).toBeNull();
    expect((itf('12345678') ?? []).reduce((a, b) => a + b, 0)).toBe(4 + 4 * 18 + 5);
  });

  it('checks and completes EAN-13', () => {
    expect(ean13CheckDigit('600123456789')).toBe(ean13CheckDigit('600123456789'));
    expect(ean13('4006381333931')).not.toBeNull();
    expect(ean13('4006381333932')).toBeNull();
    expect((ean13('400638133393') ?? []).reduce((a, b) => a + b, 0)).toBe(95);
  });
});

// ---- a small independent QR reader, enough to read back what qrMatrix drew (versions 1–6)
const ALIGN = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34]];
function isFunction(size: number, r: number, c: number): boolean {
  const v = (size - 17) / 4;
  const inFinder = (r0: number, c0: number): boolean => r >= r0 - 1 && r <= r0 + 7 && c >= c0 - 1 && c <= c0 + 7;
  if (inFinder(0, 0) || inFinder(0, size - 7) || inFinder(size - 7, 0)) return true;
  if (r === 6 || c === 6) return true;
  if ((r === 8 && (c <= 8 || c >= size - 8)) || (c === 8 && (r <= 8 || r >= size - 8))) return true;
  const centres = ALIGN[v - 1] ?? [];
  const last = centres.length - 1;
  return centres.some((ar, i) => centres.some((ac, j) => !((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) && Math.abs(r - ar) <= 2 && Math.abs(c - ac) <= 2));
}
function readQr(m: boolean[][]): { mask: number; ecl: number; bytes: number[]; codewords: number[] } {
  const size = m.length;
  let format = 0;
  for (let i = 14; i >= 0; i -= 1) {
    const [r, c] = i < 6 ? [i, 8] : i < 8 ? [i + 1, 8] : i === 8 ? [8, 7] : [8, 14 - i];
    format = (format << 1) | (m[r]?.[c] ? 1 : 0);
  }
  format ^= 0x5412;
  const mask = (format >> 10) & 7;
  const ecl = (format >> 13) & 3;
  const masks = [(r: number, c: number) => (r + c) % 2 === 0, (r: number) => r % 2 === 0, (_: number, c: number) => c % 3 === 0, (r: number, c: number) => (r + c) % 3 === 0, (r: number, c: number) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0, (r: number, c: number) => ((r * c) % 2) + ((r * c) % 3) === 0, (r: number, c: number) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0, (r: number, c: number) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0];
  const bits: number[] = [];
  let up = true;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let k = 0; k < size; k += 1) {
      const r = up ? size - 1 - k : k;
      for (const c of [right, right - 1]) {
        if (isFunction(size, r, c)) continue;
        const dark = (m[r]?.[c] ?? false) !== (masks[mask]?.(r, c) ?? false);
        bits.push(dark ? 1 : 0);
      }
    }
    up = !up;
  }
  const codewords: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  // Versions 1–3 at level M have one block, so data codewords come first in order.
  const mode = (codewords[0] ?? 0) >> 4;
  expect(mode).toBe(0b0100);
  const count = (((codewords[0] ?? 0) & 0xf) << 4) | ((codewords[1] ?? 0) >> 4);
  const bytes: number[] = [];
  for (let i = 0; i < count; i += 1) bytes.push((((codewords[1 + i] ?? 0) & 0xf) << 4) | ((codewords[2 + i] ?? 0) >> 4));
  return { mask, ecl, bytes, codewords };
}

describe('QR codes for the preview', () => {
  it('computes Reed–Solomon check codewords (1-M "HELLO WORLD" reference)', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(reedSolomon(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it.each(['0000 0000 0000 0000 0000', 'https://example.com/t/42', 'Receipt RCT10001 meter TST001 R 100.00', 'Prix: 5 € — café'])(
    'draws %j so that it reads back, with finders, timing and level M',
    (text) => {
      const m = qrMatrix(text);
      expect(m).not.toBeNull();
      if (!m) return;
      const size = m.length;
      expect([21, 25, 29]).toContain(size);
      for (const [r0, c0] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
        expect(m[r0 + 3]?.[c0 + 3]).toBe(true);
        expect(m[r0 + 1]?.[c0 + 1]).toBe(false);
        expect(m[r0]?.[c0]).toBe(true);
      }
      for (let i = 8; i < size - 8; i += 1) expect(m[6]?.[i]).toBe(i % 2 === 0);
      const read = readQr(m);
      expect(read.ecl).toBe(0);
      expect(new TextDecoder().decode(Uint8Array.from(read.bytes))).toBe(text);
      // The bottom-left copy of the format information agrees with the top-left one.
      let copy = 0;
      for (let i = 14; i >= 0; i -= 1) {
        const [r, c] = i < 8 ? [8, size - 1 - i] : [size - 15 + i, 8];
        copy = (copy << 1) | (m[r]?.[c] ? 1 : 0);
      }
      expect(((copy ^ 0x5412) >> 10) & 7).toBe(read.mask);
    },
  );

  it('refuses data longer than version 10 holds', () => {
    expect(qrMatrix('x'.repeat(300))).toBeNull();
    expect(qrMatrix('x'.repeat(200))?.length).toBe(57);
  });
});
