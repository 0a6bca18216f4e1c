import { describe, expect, it } from 'vitest';
import { KeyboardReportDecoder, reportsForText } from './keyboard-report';

const report = (modifiers: number, ...keys: number[]) => Uint8Array.from([modifiers, 0, ...keys, ...Array<number>(6 - keys.length).fill(0)]);

describe('HID keyboard reports → characters', () => {
  it('types what a reader sends, shifted characters included, and round-trips the recordings\' text', () => {
    const decoder = new KeyboardReportDecoder();
    const text = '%B04100000100^MOKOENA/T^2912101?\n;04100000100=2912?\n';
    expect(reportsForText(text).map((r) => decoder.decode(r)).join('')).toBe(text);
  });

  it('counts a key once while it is held, and again after it is released', () => {
    const decoder = new KeyboardReportDecoder();
    expect(decoder.decode(report(0, 0x27))).toBe('0');
    expect(decoder.decode(report(0, 0x27))).toBe('');
    expect(decoder.decode(report(0, 0x27, 0x1e))).toBe('1');
    expect(decoder.decode(report(0))).toBe('');
    expect(decoder.decode(report(0, 0x27))).toBe('0');
  });

  it('ignores the phantom (rollover error) state and reports that are not keyboard reports', () => {
    const decoder = new KeyboardReportDecoder();
    expect(decoder.decode(report(0, 1, 1, 1, 1, 1, 1))).toBe('');
    expect(decoder.decode(Uint8Array.from([1, 2]))).toBe('');
  });

  it('strips a report id: named, or the ninth byte of a numbered boot report', () => {
    expect(new KeyboardReportDecoder({ reportId: 2 }).decode(Uint8Array.from([2, ...report(0x02, 0x38)]))).toBe('?');
    expect(new KeyboardReportDecoder({ reportId: 2 }).decode(Uint8Array.from([3, ...report(0, 0x38)]))).toBe('');
    expect(new KeyboardReportDecoder().decode(Uint8Array.from([5, ...report(0, 0x59)]))).toBe('1');
  });
});
