import { describe, expect, it } from 'vitest';
import { parsePrinterUri } from './uri';

describe('parsePrinterUri', () => {
  it.each([
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100, chunkSize: 1024, chunkGapMs: 0 }],
    ['socket://printer.local', { kind: 'tcp', host: 'printer.local', port: 9100, chunkSize: 1024, chunkGapMs: 0 }],
    ['tcp://10.0.0.9:9101?chunk=256&gap=10', { kind: 'tcp', host: '10.0.0.9', port: 9101, chunkSize: 256, chunkGapMs: 10 }],
    ['usb:///dev/usb/lp0', { kind: 'usb', path: '/dev/usb/lp0' }],
    ['serial:///dev/ttyUSB0?baud=19200', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 }],
    ['serial:COM3', { kind: 'serial', path: 'COM3', baudRate: 9600 }],
    ['lp:Receipt_Printer', { kind: 'lp', queue: 'Receipt_Printer' }],
    ['file:///var/lib/pos/slips.bin', { kind: 'file', path: '/var/lib/pos/slips.bin' }],
    ['file:///C:/pos/slips.bin', { kind: 'file', path: 'C:/pos/slips.bin' }],
  ])('reads %s', (uri, link) => {
    expect(parsePrinterUri(uri)).toEqual({ ok: true, link });
  });

  it.each([
    ['', /starts with tcp:, usb:, serial:, lp: or file:/],
    ['printer', /starts with/],
    ['http://printer', /unknown printer type 'http'/],
    ['tcp://', /expected tcp:\/\/host:port/],
    ['tcp://host:99999', /port/],
    ['tcp://host?chunk=abc', /chunkSize/],
    ['file:slips.bin', /expected file:\/\/\/absolute\/path/],
    ['serial:///dev/ttyS0?baud=1234', /baud must be one of/],
    ['lp:bad queue;rm', /queue/],
  ])('explains what is wrong with %j', (uri, reason) => {
    const parsed = parsePrinterUri(uri);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain(`Printer address '${uri}' is not valid`);
      expect(parsed.message).toMatch(reason);
    }
  });
});
