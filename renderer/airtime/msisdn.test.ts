import { describe, expect, it } from 'vitest';
import { localMsisdn, maskedMsisdn, parseMsisdn } from './msisdn';

describe('parseMsisdn', () => {
  it.each([
    ['0821234567', '27821234567', '082 123 4567'],
    ['082 123 4567', '27821234567', '082 123 4567'],
    ['082-123-4567', '27821234567', '082 123 4567'],
    ['(082) 123 4567', '27821234567', '082 123 4567'],
    ['+27 82 123 4567', '27821234567', '082 123 4567'],
    ['+27821234567', '27821234567', '082 123 4567'],
    ['27821234567', '27821234567', '082 123 4567'],
    ['0027 82 123 4567', '27821234567', '082 123 4567'],
    [' 0721234567 ', '27721234567', '072 123 4567'],
    ['0611234567', '27611234567', '061 123 4567'],
    ['084\u00a0123\u00a04567', '27841234567', '084 123 4567'],
  ])('reads %j as %s (%s)', (input, international, local) => {
    expect(parseMsisdn(input)).toEqual({ ok: true, value: { international, local } });
  });

  it.each([
    ['', 'Enter the customer’s cell number.'],
    ['   ', 'Enter the customer’s cell number.'],
    ['082 123 456', 'South African cell number'],
    ['08212345678', 'South African cell number'],
    ['821234567', 'South African cell number'],
    ['0211234567', 'not a cell number range'],
    ['27211234567', 'not a cell number range'],
    ['0921234567', 'not a cell number range'],
    ['+44 7700 900123', 'Only South African numbers'],
    ['082 123 45a7', 'is not a phone number'],
    ['meter 04100000100', 'is not a phone number'],
    ['+27 82 123 45678', 'South African cell number'],
  ])('refuses %j with a message the cashier can act on', (input, words) => {
    const parsed = parseMsisdn(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(words);
  });

  it('gives the protocol an international number its pattern accepts (no leading zero, at most 15 digits)', () => {
    const parsed = parseMsisdn('083 555 0101');
    expect(parsed.ok && /^\+?[1-9]\d{1,14}$/.test(parsed.value.international)).toBe(true);
  });
});

describe('localMsisdn and maskedMsisdn', () => {
  it('shows an international number in the local form the customer knows', () => {
    expect(localMsisdn('27821234567')).toBe('082 123 4567');
    expect(localMsisdn('+27831112222')).toBe('083 111 2222');
  });

  it('leaves a number it cannot read as it came', () => {
    expect(localMsisdn('447700900123')).toBe('447700900123');
  });

  it('masks the middle digits', () => {
    expect(maskedMsisdn('27821234567')).toBe('082 ••• 4567');
  });
});
