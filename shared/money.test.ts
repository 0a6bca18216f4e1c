import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoneyInput } from './money';

describe('money', () => {
  it.each([
    ['100', 10000],
    ['100.00', 10000],
    ['100.5', 10050],
    ['1 000,50', 100050],
    ['R100', 10000],
    ['0.01', 1],
    ['0', 0],
  ])('reads "%s" as %i cents', (text, minor) => {
    expect(parseMoneyInput(text, '710')).toEqual({ ok: true, minor });
  });

  it.each(['', 'abc', '1.234', '-5', '1e3', '10..0', '99999999999'])('refuses "%s" with a message', (text) => {
    const parsed = parseMoneyInput(text, '710');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
  });

  it('formats minor units with the currency symbol and thousands', () => {
    expect(formatMoney(10000, '710')).toBe('R 100.00');
    expect(formatMoney(123456789, '710')).toBe('R 1 234 567.89');
    expect(formatMoney(-550, '710')).toBe('-R 5.50');
    expect(formatMoney(5, '999')).toBe('999 0.05');
  });
});
