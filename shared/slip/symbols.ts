// Barcode and QR geometry for the on-screen preview: pure functions from data to modules, so the
// preview can draw what the printer will print. Printers draw their own; these are for the screen.

/** Bar/space widths in modules, starting with a bar. Null when the data cannot be drawn. */
export type LinearSymbol = number[] | null;

// CODE128 symbol values 0–106: widths of bar, space, bar, space, bar, space (stop has 7).
export const CODE128_PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
] as const;

const START_B = 104;
const START_C = 105;
const STOP = 106;

/** CODE128 in set C for even-length digits (as the printer gets it), otherwise set B. */
export function code128(data: string): LinearSymbol {
  if (data.length === 0 || !/^[\x20-\x7e]+$/.test(data)) return null;
  const setC = /^(?:[0-9]{2})+$/.test(data);
  const values = setC
    ? [START_C, ...(data.match(/../g) ?? []).map(Number)]
    : [START_B, ...[...data].map((c) => c.charCodeAt(0) - 32)];
  const check = values.reduce((sum, value, i) => sum + value * Math.max(i, 1), 0) % 103;
  const widths: number[] = [];
  for (const value of [...values, check, STOP]) {
    for (const digit of CODE128_PATTERNS[value] ?? '') widths.push(Number(digit));
  }
  return widths;
}

// Interleaved 2 of 5: N = narrow, W = wide (3 modules).
const ITF_DIGITS = ['NNWWN', 'WNNNW', 'NWNNW', 'WWNNN', 'NNWNW', 'WNWNN', 'NWWNN', 'NNNWW', 'WNNWN', 'NWNWN'];

export function itf(data: string): LinearSymbol {
  if (!/^(?:[0-9]{2})+$/.test(data)) return null;
  const widths = [1, 1, 1, 1];
  for (let i = 0; i < data.length; i += 2) {
    const bars = ITF_DIGITS[Number(data[i])] ?? '';
    const spaces = ITF_DIGITS[Number(data[i + 1])] ?? '';
    for (let k = 0; k < 5; k += 1) widths.push(bars[k] === 'W' ? 3 : 1, spaces[k] === 'W' ? 3 : 1);
  }
  widths.push(3, 1, 1);
  return widths;
}

// EAN-13: L-codes as space/bar widths; G is L reversed; R equals L with colours swapped.
const EAN_L = ['3211', '2221', '2122', '1411', '1132', '1231', '1114', '1312', '1213', '3112'];
const EAN_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

export function ean13CheckDigit(twelve: string): number {
  const sum = [...twelve].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

/** Widths starting with a bar; the space/bar alternation of each digit is kept by the guards. */
export function ean13(data: string): LinearSymbol {
  if (!/^[0-9]{12,13}$/.test(data)) return null;
  const digits = data.length === 12 ? `${data}${ean13CheckDigit(data)}` : data;
  if (Number(digits[12]) !== ean13CheckDigit(digits.slice(0, 12))) return null;
  const parity = EAN_PARITY[Number(digits[0])] ?? 'LLLLLL';
  const widths = [1, 1, 1];
  for (let i = 1; i <= 6; i += 1) {
    const l = EAN_L[Number(digits[i])] ?? '';
    const code = parity[i - 1] === 'G' ? [...l].reverse().join('') : l;
    for (const w of code) widths.push(Number(w));
  }
  widths.push(1, 1, 1, 1, 1);
  for (let i = 7; i <= 12; i += 1) for (const w of EAN_L[Number(digits[i])] ?? '') widths.push(Number(w));
  widths.push(1, 1, 1);
  return widths;
}

// ---------------------------------------------------------------------------------------- QR code
// Byte mode, error correction level M, versions 1–10 (up to 213 bytes): enough for slip links.

// [data codewords per block, group 1 blocks, group 2 blocks] and EC codewords per block, level M.
const QR_M: [number, number, number, number][] = [
  [16, 1, 0, 10], [28, 1, 0, 16], [44, 1, 0, 26], [32, 2, 0, 18], [43, 2, 0, 24],
  [27, 4, 0, 16], [31, 4, 0, 18], [38, 2, 2, 22], [36, 3, 2, 22], [43, 4, 1, 26],
];
const QR_ALIGN: number[][] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];

const EXP = new Array<number>(512).fill(0);
const LOG = new Array<number>(256).fill(0);
{
  let x = 1;
  for (let i = 0; i < 255; i += 1) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i += 1) EXP[i] = EXP[i - 255] ?? 0;
}
const gfMul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : (EXP[(LOG[a] ?? 0) + (LOG[b] ?? 0)] ?? 0));

/** Reed–Solomon remainder of `data` for `ecLength` check codewords. */
export function reedSolomon(data: number[], ecLength: number): number[] {
  let generator = [1];
  for (let i = 0; i < ecLength; i += 1) {
    const next = new Array<number>(generator.length + 1).fill(0);
    generator.forEach((g, j) => {
      next[j] = (next[j] ?? 0) ^ g;
      next[j + 1] = (next[j + 1] ?? 0) ^ gfMul(g, EXP[i] ?? 0);
    });
    generator = next;
  }
  const remainder = new Array<number>(ecLength).fill(0);
  for (const byte of data) {
    const factor = byte ^ (remainder[0] ?? 0);
    remainder.shift();
    remainder.push(0);
    for (let j = 0; j < ecLength; j += 1) remainder[j] = (remainder[j] ?? 0) ^ gfMul(generator[j + 1] ?? 0, factor);
  }
  return remainder;
}

function bch(value: number, poly: number, bits: number): number {
  const degree = Math.floor(Math.log2(poly));
  let rem = value << degree;
  for (let i = bits + degree - 1; i >= degree; i -= 1) if ((rem >> i) & 1) rem ^= poly << (i - degree);
  return (value << degree) | rem;
}

const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

function penalty(m: boolean[][]): number {
  const n = m.length;
  let score = 0;
  const at = (r: number, c: number): boolean => m[r]?.[c] ?? false;
  for (let pass = 0; pass < 2; pass += 1) {
    for (let i = 0; i < n; i += 1) {
      let run = 1;
      for (let j = 1; j <= n; j += 1) {
        const same = j < n && (pass === 0 ? at(i, j) === at(i, j - 1) : at(j, i) === at(j - 1, i));
        if (same) run += 1;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
    }
  }
  for (let r = 0; r < n - 1; r += 1) {
    for (let c = 0; c < n - 1; c += 1) {
      const v = at(r, c);
      if (v === at(r + 1, c) && v === at(r, c + 1) && v === at(r + 1, c + 1)) score += 3;
    }
  }
  const finderLike = [true, false, true, true, true, false, true, false, false, false, false];
  for (let r = 0; r < n; r += 1) {
    for (let c = 0; c + 11 <= n; c += 1) {
      for (const pattern of [finderLike, [...finderLike].reverse()]) {
        if (pattern.every((v, k) => at(r, c + k) === v)) score += 40;
        if (pattern.every((v, k) => at(c + k, r) === v)) score += 40;
      }
    }
  }
  const dark = m.flat().filter(Boolean).length;
  score += Math.floor(Math.abs((dark * 100) / (n * n) - 50) / 5) * 10;
  return score;
}

/** UTF-8 bytes (shared/ has no TextEncoder: it may run without DOM or Node typings). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const char of text) {
    const p = char.codePointAt(0) ?? 0x3f;
    if (p < 0x80) out.push(p);
    else if (p < 0x800) out.push(0xc0 | (p >> 6), 0x80 | (p & 0x3f));
    else if (p < 0x10000) out.push(0xe0 | (p >> 12), 0x80 | ((p >> 6) & 0x3f), 0x80 | (p & 0x3f));
    else out.push(0xf0 | (p >> 18), 0x80 | ((p >> 12) & 0x3f), 0x80 | ((p >> 6) & 0x3f), 0x80 | (p & 0x3f));
  }
  return out;
}

/** The QR matrix for `data` (true = dark), or null when it is longer than version 10 holds. */
export function qrMatrix(data: string): boolean[][] | null {
  const bytes = utf8(data);
  const version = QR_M.findIndex(([perBlock, g1, g2], index) => {
    const capacity = perBlock * g1 + (perBlock + 1) * g2;
    const countBits = index + 1 < 10 ? 8 : 16;
    return 4 + countBits + bytes.length * 8 <= capacity * 8;
  });
  const spec = QR_M[version];
  if (version < 0 || !spec) return null;
  const v = version + 1;
  const [perBlock, g1, g2, ecLength] = spec;
  const capacity = perBlock * g1 + (perBlock + 1) * g2;

  // Data bits: mode, count, bytes, terminator, padding.
  const bits: number[] = [];
  const put = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i -= 1) bits.push((value >> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, v < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length));
  while (bits.length % 8 !== 0) bits.push(0);
  const codewords: number[] = [];
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0; codewords.length < capacity; pad += 1) codewords.push(pad % 2 === 0 ? 0xec : 0x11);

  // Blocks, their check codewords, then interleaving.
  const blocks: number[][] = [];
  let offset = 0;
  for (let b = 0; b < g1 + g2; b += 1) {
    const length = b < g1 ? perBlock : perBlock + 1;
    blocks.push(codewords.slice(offset, offset + length));
    offset += length;
  }
  const checks = blocks.map((block) => reedSolomon(block, ecLength));
  const stream: number[] = [];
  for (let i = 0; i <= perBlock; i += 1) for (const block of blocks) if (i < block.length) stream.push(block[i] ?? 0);
  for (let i = 0; i < ecLength; i += 1) for (const check of checks) stream.push(check[i] ?? 0);

  const size = 17 + 4 * v;
  const matrix: boolean[][] = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const fixed: boolean[][] = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const set = (r: number, c: number, dark: boolean): void => {
    if (r < 0 || c < 0 || r >= size || c >= size) return;
    const row = matrix[r];
    const fixedRow = fixed[r];
    if (row && fixedRow) {
      row[c] = dark;
      fixedRow[c] = true;
    }
  };
  const finder = (r: number, c: number): void => {
    for (let dr = -1; dr <= 7; dr += 1) {
      for (let dc = -1; dc <= 7; dc += 1) {
        const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        set(r + dr, c + dc, ring !== 2 && ring !== 4);
      }
    }
  };
  finder(0, 0);
  finder(0, size - 7);
  finder(size - 7, 0);
  for (let i = 8; i < size - 8; i += 1) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  const centres = QR_ALIGN[v - 1] ?? [];
  const last = centres.length - 1;
  centres.forEach((r, i) => {
    centres.forEach((c, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return; // the finders
      for (let dr = -2; dr <= 2; dr += 1) for (let dc = -2; dc <= 2; dc += 1) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    });
  });
  set(size - 8, 8, true); // the dark module
  // Reserve format (and version) areas; written after masking.
  for (let i = 0; i < 9; i += 1) {
    if (!fixed[8]?.[i]) set(8, i, false);
    if (!fixed[i]?.[8]) set(i, 8, false);
  }
  for (let i = 0; i < 8; i += 1) {
    set(8, size - 1 - i, false);
    if (i < 7) set(size - 1 - i, 8, false);
  }
  const versionBits = v >= 7 ? bch(v, 0x1f25, 6) : 0;
  if (v >= 7) {
    for (let i = 0; i < 18; i += 1) {
      const dark = ((versionBits >> i) & 1) === 1;
      set(size - 11 + (i % 3), Math.floor(i / 3), dark);
      set(Math.floor(i / 3), size - 11 + (i % 3), dark);
    }
  }

  // Data in the zigzag, two columns at a time from the bottom right, skipping the timing column.
  const dataBits: number[] = [];
  for (const byte of stream) for (let i = 7; i >= 0; i -= 1) dataBits.push((byte >> i) & 1);
  let bitIndex = 0;
  let upward = true;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let k = 0; k < size; k += 1) {
      const r = upward ? size - 1 - k : k;
      for (const c of [right, right - 1]) {
        if (fixed[r]?.[c]) continue;
        const row = matrix[r];
        if (row) row[c] = dataBits[bitIndex] === 1;
        bitIndex += 1;
      }
    }
    upward = !upward;
  }

  const withMask = (mask: number): boolean[][] => {
    const test = MASKS[mask] ?? MASKS[0];
    const out = matrix.map((row, r) => row.map((dark, c) => (fixed[r]?.[c] || !test?.(r, c) ? dark : !dark)));
    const format = bch((0b00 << 3) | mask, 0x537, 5) ^ 0x5412;
    const bit = (i: number): boolean => ((format >> i) & 1) === 1;
    const place = (r: number, c: number, dark: boolean): void => {
      const row = out[r];
      if (row) row[c] = dark;
    };
    for (let i = 0; i < 15; i += 1) {
      // Around the top-left finder: bits 0–7 down column 8 (skipping timing), 8–14 along row 8.
      if (i < 6) place(i, 8, bit(i));
      else if (i < 8) place(i + 1, 8, bit(i));
      else if (i === 8) place(8, 7, bit(i));
      else place(8, 14 - i, bit(i));
      // The copy: bits 0–7 along row 8 from the right, 8–14 up column 8 from the bottom.
      if (i < 8) place(8, size - 1 - i, bit(i));
      else place(size - 15 + i, 8, bit(i));
    }
    return out;
  };
  let best: boolean[][] = withMask(0);
  let bestScore = penalty(best);
  for (let mask = 1; mask < 8; mask += 1) {
    const candidate = withMask(mask);
    const score = penalty(candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
