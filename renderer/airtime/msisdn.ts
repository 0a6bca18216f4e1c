// A South African mobile number as a cashier types or scans it, checked before any network call.
// The protocol wants the international form without the plus (Msisdn.msisdn `^\+?[1-9]\d{1,14}`,
// which refuses the leading zero); the customer reads the local form back.

export interface ParsedMsisdn {
  /** What goes in the request: country code 27 and the nine digits after the trunk 0, e.g. 27821234567. */
  international: string;
  /** What the cashier reads back to the customer, e.g. 082 123 4567. */
  local: string;
}

export type MsisdnParse = { ok: true; value: ParsedMsisdn } | { ok: false; message: string };

/** Separators people type or scanners add: spaces (also non-breaking), hyphens, dots, brackets. */
const SEPARATORS = /[\s\u00a0().-]/g;
/** After the trunk 0 or the 27: a mobile range (06x, 07x, 08x) and eight more digits. */
const NATIONAL_MOBILE = /^[678]\d{8}$/;

const BAD_NUMBER =
  'Enter the customer’s South African cell number: 10 digits starting 06, 07 or 08 (e.g. 082 123 4567), or +27 and 9 digits.';

/** The national number (nine digits, no trunk 0) of what was typed, or why it is not one. */
function nationalPart(digits: string): string | undefined {
  if (digits.startsWith('+27')) return digits.slice(3);
  if (digits.startsWith('0027')) return digits.slice(4);
  if (digits.startsWith('27') && digits.length === 11) return digits.slice(2);
  if (digits.startsWith('0') && digits.length === 10) return digits.slice(1);
  return undefined;
}

export function parseMsisdn(input: string): MsisdnParse {
  const compact = input.trim().replace(SEPARATORS, '');
  if (compact === '') return { ok: false, message: 'Enter the customer’s cell number.' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, message: `“${input.trim().slice(0, 24)}” is not a phone number. ${BAD_NUMBER}` };
  if (compact.startsWith('+') && !compact.startsWith('+27')) {
    return { ok: false, message: 'Only South African numbers (+27) can be topped up here.' };
  }
  const national = nationalPart(compact);
  if (national === undefined || !/^\d{9}$/.test(national)) return { ok: false, message: BAD_NUMBER };
  if (!NATIONAL_MOBILE.test(national)) {
    return { ok: false, message: `0${national.slice(0, 2)}… is not a cell number range. ${BAD_NUMBER}` };
  }
  return { ok: true, value: { international: `27${national}`, local: localForm(national) } };
}

function localForm(national: string): string {
  return `0${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`;
}

/**
 * The local form of a number already in international form (27…, +27…), for screens: 082 123 4567.
 * Anything else is shown as it came.
 */
export function localMsisdn(international: string): string {
  const parsed = parseMsisdn(international);
  return parsed.ok ? parsed.value.local : international;
}

/** 082 123 4567 → 082 ••• 4567: enough for the cashier to check, not a whole number for a passer-by. */
export function maskedMsisdn(international: string): string {
  const local = localMsisdn(international);
  return local.replace(/^(\d{3}) \d{3} (\d{4})$/, '$1 ••• $2');
}
