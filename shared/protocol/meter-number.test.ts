import { describe, expect, it } from 'vitest';
import { isValidStsMeterNumber, luhnCheckDigit, withLuhnCheckDigit } from './meter-number';

describe('STS meter numbers', () => {
  it('computes the Luhn check digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(withLuhnCheckDigit('0410000010')).toBe('04100000100');
  });
  it('accepts 11- and 13-digit numbers with the right check digit only', () => {
    expect(isValidStsMeterNumber('04100000100')).toBe(true);
    expect(isValidStsMeterNumber('04100000101')).toBe(false);
    expect(isValidStsMeterNumber(withLuhnCheckDigit('012345678901'))).toBe(true);
    expect(isValidStsMeterNumber('TST001')).toBe(false);
    expect(isValidStsMeterNumber('1234567890')).toBe(false);
  });
});
