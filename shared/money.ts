// Money is an integer of minor units with its ISO 4217 numeric currency; never a float.

export interface CurrencyInfo {
  /** ISO 4217 numeric code, e.g. '710'. */
  numeric: string;
  symbol: string;
  minorDigits: number;
}

// ISO 4217 numeric → how the region writes it, in characters every printer code page has.
// Southern Africa first; unknown currencies keep their numeric code so nothing is relabelled.
const CURRENCIES: Record<string, CurrencyInfo> = {
  '710': { numeric: '710', symbol: 'R', minorDigits: 2 }, // ZAR
  '516': { numeric: '516', symbol: 'N$', minorDigits: 2 }, // NAD
  '072': { numeric: '072', symbol: 'P', minorDigits: 2 }, // BWP
  '748': { numeric: '748', symbol: 'E', minorDigits: 2 }, // SZL
  '426': { numeric: '426', symbol: 'M', minorDigits: 2 }, // LSL
  '454': { numeric: '454', symbol: 'MK', minorDigits: 2 }, // MWK
  '894': { numeric: '894', symbol: 'K', minorDigits: 2 }, // ZMW
  '508': { numeric: '508', symbol: 'MT', minorDigits: 2 }, // MZN
  '840': { numeric: '840', symbol: 'USD', minorDigits: 2 },
  '978': { numeric: '978', symbol: 'EUR', minorDigits: 2 },
  '826': { numeric: '826', symbol: 'GBP', minorDigits: 2 },
};

export function currencyInfo(numeric: string): CurrencyInfo {
  return CURRENCIES[numeric] ?? { numeric, symbol: numeric, minorDigits: 2 };
}

/** 12345 minor units of '710' → "R 123.45"; negative amounts keep their sign in front. */
export function formatMoney(minor: number, currency: string): string {
  const info = currencyInfo(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minor));
  const scale = 10 ** info.minorDigits;
  const major = Math.floor(abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const fraction = info.minorDigits > 0 ? '.' + String(abs % scale).padStart(info.minorDigits, '0') : '';
  return `${sign}${info.symbol} ${major}${fraction}`;
}

export type ParsedMoney = { ok: true; minor: number } | { ok: false; message: string };

/** What a cashier types ("100", "100.5", "1 000,50", "R100") → minor units, without floats. */
export function parseMoneyInput(text: string, currency: string, maxMinor = 100_000_000): ParsedMoney {
  const info = currencyInfo(currency);
  const cleaned = text.trim().replace(/^[A-Za-z$€£]+\s*/, '').replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (cleaned === '') return { ok: false, message: 'Enter an amount.' };
  const match = /^(\d{1,9})(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, message: `"${text.trim()}" is not an amount. Use digits, e.g. 150.00.` };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > info.minorDigits) {
    return { ok: false, message: `Use at most ${info.minorDigits} digits after the decimal point.` };
  }
  const minor = Number(whole) * 10 ** info.minorDigits + Number(fraction.padEnd(info.minorDigits, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor > maxMinor) {
    return { ok: false, message: 'That amount is too large.' };
  }
  return { ok: true, minor };
}
