// Formatting shared by the slip and the screen, so a cashier reads the same digits in both places.

/** Groups token digits in fours: `12345678901234567890` → `1234 5678 9012 3456 7890`. */
export function formatToken(digits: string): string {
  const compact = digits.replace(/\s+/g, '');
  const groups = compact.match(/.{1,4}/g);
  return groups ? groups.join(' ') : '';
}

/** Money is formatted in one place for screen and slip alike. */
export { formatMoney } from '../money';

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
