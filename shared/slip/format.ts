// Formatting shared by the slip and the screen, so a cashier reads the same digits in both places.

/** Groups token digits in fours: `12345678901234567890` → `1234 5678 9012 3456 7890`. */
export function formatToken(digits: string): string {
  const compact = digits.replace(/\s+/g, '');
  const groups = compact.match(/.{1,4}/g);
  return groups ? groups.join(' ') : '';
}

interface CurrencyStyle {
  symbol: string;
  decimals: number;
}

// ISO 4217 numeric → how the region writes it. Southern Africa first; the rest fall back to the code.
const CURRENCIES: Record<string, CurrencyStyle> = {
  '710': { symbol: 'R', decimals: 2 }, // ZAR
  '516': { symbol: 'N$', decimals: 2 }, // NAD
  '072': { symbol: 'P', decimals: 2 }, // BWP
  '748': { symbol: 'E', decimals: 2 }, // SZL
  '426': { symbol: 'M', decimals: 2 }, // LSL
  '454': { symbol: 'MK', decimals: 2 }, // MWK
  '894': { symbol: 'K', decimals: 2 }, // ZMW
  '508': { symbol: 'MT', decimals: 2 }, // MZN
  '840': { symbol: 'USD', decimals: 2 },
  '978': { symbol: 'EUR', decimals: 2 },
  '826': { symbol: 'GBP', decimals: 2 },
};

/**
 * Formats an integer amount of minor units: `formatMoney(10000, '710')` → `R 100.00`.
 * Unknown currencies keep their numeric code so nothing is silently relabelled.
 */
export function formatMoney(amount: number, currency: string): string {
  const style = CURRENCIES[currency] ?? { symbol: currency, decimals: 2 };
  const minor = Math.round(amount);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (style.decimals === 0) return `${sign}${style.symbol} ${abs}`;
  const scale = 10 ** style.decimals;
  const whole = Math.floor(abs / scale);
  const fraction = String(abs % scale).padStart(style.decimals, '0');
  return `${sign}${style.symbol} ${whole}.${fraction}`;
}

/** Units as sent (decimal), with at least one and at most three decimals: 73.8 → `73.8`, 50 → `50.0`. */
export function formatUnits(units: number): string {
  const fixed = units.toFixed(3).replace(/0+$/, '');
  return fixed.endsWith('.') ? `${fixed}0` : fixed;
}

/** The unit a utility's tokens are counted in. */
export function unitFor(utilityType: string | undefined): string {
  const kind = (utilityType ?? 'electricity').toLowerCase();
  if (kind.startsWith('water')) return 'kL';
  if (kind.startsWith('gas')) return 'kg';
  return 'kWh';
}

/** A tariff rate in minor units per unit, e.g. 117.3 → `117.30c`, for ZAR cents. */
export function formatRate(rate: number): string {
  return `${rate.toFixed(2)}c`;
}

/**
 * The wall-clock part of an RFC 3339 time exactly as written: the caller decides the local offset,
 * so a slip printed in a test reads the same on every machine. A `Z` time is marked UTC.
 */
export function formatSlipTime(rfc3339: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(rfc3339.trim());
  if (!match) return rfc3339;
  const [, date, time, zone] = match;
  return zone?.toUpperCase() === 'Z' ? `${date} ${time} UTC` : `${date} ${time}`;
}
