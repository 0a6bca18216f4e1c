// Magnetic-stripe track 2 (ISO/IEC 7811-2 character set, ISO/IEC 7813 layout) as meter-card readers
// deliver it: typed as keys by a keyboard-wedge or HID-keyboard reader (";…=…?" plus an optional LRC
// character), or as raw 5-bit symbols from a reader that passes the stripe's bits through.
import { isValidStsMeterNumber } from '../protocol/meter-number';

/** Track 2 characters are 0x30–0x3F: digits, ':' ';' '<' '=' '>' '?'. */
const START = ';';
const END = '?';
const SEPARATOR = '=';
/** ISO 7813: at most 40 characters on track 2, start sentinel, end sentinel and LRC included. */
const MAX_TRACK2_CHARS = 40;
/** Electrum's Meter.track2Data: the 34 characters between the sentinels. */
const PROTOCOL_TRACK2 = /^[a-zA-Z0-9=]{34}$/;

export type Track2Problem =
  | 'empty'
  | 'reader-error'
  | 'no-track2'
  | 'no-end-sentinel'
  | 'bad-character'
  | 'too-long'
  | 'parity'
  | 'lrc'
  | 'no-separator'
  | 'not-a-meter-number';

export type Track2Read =
  | {
      ok: true;
      /** Track 2 between the sentinels, e.g. "04100000100=…". */
      track2: string;
      /** Primary account number field: everything before the first field separator. */
      pan: string;
      meterId: string;
      /** For Meter.track2Data, only when the track has the protocol's exact 34 characters. */
      track2Data?: string;
      /** Whether an LRC came with the read and matched; "absent" when the reader does not send it. */
      lrc: 'checked' | 'absent';
    }
  | { ok: false; problem: Track2Problem; message: string };

export interface Track2Options {
  /**
   * Issuer prefixes that precede the meter number in the card's account-number field. Which prefix a
   * utility's cards carry is the card issuer's choice; with none, the whole field is the meter number.
   */
  issuerPrefixes?: readonly string[];
}

const MESSAGES: Record<Track2Problem, string> = {
  empty: 'Nothing was read from the card. Swipe it again.',
  'reader-error': 'The card reader could not read the card. Swipe it again, steadily, the stripe facing the reader head.',
  'no-track2': 'The card has no meter data on its second track. Is it a meter card? Type the meter number instead.',
  'no-end-sentinel': 'Only part of the card was read. Swipe it again in one steady movement.',
  'bad-character': 'The card read contains characters a meter card cannot hold. Swipe it again.',
  'too-long': 'The card read is longer than a meter card can be. Swipe it again.',
  parity: 'The card was misread (parity error). Swipe it again.',
  lrc: 'The card was misread (check character wrong). Swipe it again.',
  'no-separator': 'The card read has no field separator: it is not a meter card layout. Type the meter number instead.',
  'not-a-meter-number': 'The number on the card is not a valid meter number. Type the meter number from the meter instead.',
};

function fail(problem: Track2Problem, detail?: string): Track2Read {
  return { ok: false, problem, message: detail ? `${MESSAGES[problem]} (${detail})` : MESSAGES[problem] };
}

/** Longitudinal redundancy check over the 4 data bits of each character, start to end sentinel. */
export function track2Lrc(fromStartToEnd: string): string {
  let lrc = 0;
  for (const ch of fromStartToEnd) lrc ^= ch.charCodeAt(0) & 0x0f;
  return String.fromCharCode(0x30 | lrc);
}

/**
 * Parse what a keyboard-style reader typed for one swipe. Track 1 (`%…?`) and track 3 may come in the
 * same burst; only track 2 is used. Readers set up without sentinels send the bare track ("…=…").
 */
export function parseTrack2Text(raw: string, options: Track2Options = {}): Track2Read {
  const text = raw.replace(/[\r\n\t]+$/g, '').replace(/^[\r\n\t]+/g, '');
  if (text.trim() === '') return fail('empty');
  // Readers report a track they could not decode as ";E?" (some "E" alone or "+E?" for track 3).
  if (/^;E\??$/i.test(text.trim()) || /;E\?/i.test(text) || /^E$/i.test(text.trim())) return fail('reader-error');

  // A reader set to send every track types track 1 ("%…?", maybe with its LRC) first.
  const track1 = /^%[^?]*\?/.exec(text);
  const start = text.indexOf(START, track1 ? track1[0].length : 0);
  if (start < 0) {
    // No start sentinel: either a reader configured to omit sentinels, or track 1 only.
    const bare = text.trim();
    if (bare.startsWith('%')) return fail('no-track2', 'track 1 only');
    if (!/^[0-9:<=>]+$/.test(bare)) return fail('bad-character');
    return finish(bare, 'absent', options);
  }
  const afterStart = text.slice(start + 1);
  const end = afterStart.indexOf(END);
  if (end < 0) return fail('no-end-sentinel');
  const body = afterStart.slice(0, end);
  if (!/^[0-9:<=>]*$/.test(body)) return fail('bad-character');
  if (body.length + 2 > MAX_TRACK2_CHARS) return fail('too-long');
  // One character right after the end sentinel, in track 2's range, is the LRC.
  const next = afterStart.charAt(end + 1);
  let lrc: 'checked' | 'absent' = 'absent';
  if (next !== '' && /^[0-9:;<=>?]$/.test(next) && !(next === START && afterStart.slice(end + 1).length > 1)) {
    if (track2Lrc(`${START}${body}${END}`) !== next) return fail('lrc');
    lrc = 'checked';
  }
  return finish(body, lrc, options);
}

/**
 * Decode raw track 2 bits (as a reader passes the stripe through: leading zeros, then 5-bit
 * characters, 4 data bits least significant first and an odd parity bit, then the LRC). A card
 * swiped backwards gives the bits in reverse order; both directions are tried.
 */
export function parseTrack2Bits(bits: readonly number[], options: Track2Options = {}): Track2Read {
  if (bits.length === 0 || bits.every((b) => b === 0)) return fail('empty');
  const forward = decodeBits(bits);
  if (forward.ok || forward.problem !== 'no-track2') return forward.ok ? finish(forward.body, 'checked', options) : forward;
  const backward = decodeBits([...bits].reverse());
  return backward.ok ? finish(backward.body, 'checked', options) : backward;
}

type Decoded = { ok: true; body: string } | { ok: false; problem: Track2Problem; message: string };

function decodeBits(bits: readonly number[]): Decoded {
  const first = bits.indexOf(1);
  // The start sentinel ';' is 0x0B with its parity bit: 1,1,0,1,0 in stripe order.
  const symbolAt = (i: number): number | undefined => {
    if (i + 5 > bits.length) return undefined;
    let value = 0;
    for (let b = 0; b < 5; b++) value |= (bits[i + b] === 1 ? 1 : 0) << b;
    return value;
  };
  const startSymbol = symbolAt(first);
  if (first < 0 || startSymbol === undefined || (startSymbol & 0x0f) !== 0x0b) {
    return { ok: false, problem: 'no-track2', message: MESSAGES['no-track2'] };
  }
  let text = '';
  let lrc = 0;
  for (let i = first; ; i += 5) {
    const symbol = symbolAt(i);
    if (symbol === undefined) return { ok: false, problem: 'no-end-sentinel', message: MESSAGES['no-end-sentinel'] };
    if (!hasOddParity(symbol)) return { ok: false, problem: 'parity', message: `${MESSAGES.parity} (character ${text.length + 1})` };
    const data = symbol & 0x0f;
    lrc ^= data;
    text += String.fromCharCode(0x30 | data);
    if (text.length > MAX_TRACK2_CHARS - 1) return { ok: false, problem: 'too-long', message: MESSAGES['too-long'] };
    if (data === 0x0f) {
      const check = symbolAt(i + 5);
      if (check === undefined) return { ok: false, problem: 'lrc', message: `${MESSAGES.lrc} (missing)` };
      if ((check & 0x0f) !== lrc || !hasOddParity(check)) return { ok: false, problem: 'lrc', message: MESSAGES.lrc };
      return { ok: true, body: text.slice(1, -1) };
    }
    if (text.length > 1 && data === 0x0b) return { ok: false, problem: 'bad-character', message: MESSAGES['bad-character'] };
  }
}

function hasOddParity(symbol: number): boolean {
  let ones = 0;
  for (let b = 0; b < 5; b++) ones += (symbol >> b) & 1;
  return ones % 2 === 1;
}

function finish(body: string, lrc: 'checked' | 'absent', options: Track2Options): Track2Read {
  if (body.length === 0) return fail('empty');
  if (body.length + 2 > MAX_TRACK2_CHARS) return fail('too-long');
  const separator = body.indexOf(SEPARATOR);
  if (separator < 0) return fail('no-separator');
  const pan = body.slice(0, separator);
  const meterId = meterNumberFromPan(pan, options.issuerPrefixes ?? []);
  if (!meterId) return fail('not-a-meter-number', pan.length > 0 ? `${pan.length} digits` : 'empty');
  return {
    ok: true,
    track2: body,
    pan,
    meterId,
    ...(PROTOCOL_TRACK2.test(body) ? { track2Data: body } : {}),
    lrc,
  };
}

/** The STS meter number in a card's account-number field: the whole field, or the field after an issuer prefix. */
export function meterNumberFromPan(pan: string, issuerPrefixes: readonly string[]): string | undefined {
  if (!/^[0-9]+$/.test(pan)) return undefined;
  if (isValidStsMeterNumber(pan)) return pan;
  for (const prefix of issuerPrefixes) {
    if (prefix.length === 0 || !pan.startsWith(prefix)) continue;
    const rest = pan.slice(prefix.length);
    if (isValidStsMeterNumber(rest)) return rest;
    // Some issuers end the account number with its own check digit after the meter number.
    if (isValidStsMeterNumber(rest.slice(0, -1))) return rest.slice(0, -1);
  }
  return undefined;
}
