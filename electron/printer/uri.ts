// Printer URIs from the settings, parsed once into a checked description of the link.
//   tcp://192.168.1.50:9100   (also socket://)  raw TCP, port 9100 unless given; ?chunk=1024&gap=5
//   usb:///dev/usb/lp0                            USB printer class device file (one-way)
//   serial:///dev/ttyUSB0?baud=19200              serial or a vendor's virtual COM port; serial:COM3 on Windows
//   lp:Receipt_Printer                            the OS raw print queue (lp -o raw)
//   file:///var/lib/pos/slips.bin                 appends each slip; training and tests
import { z } from 'zod';

export const PrinterLinkSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tcp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    chunkSize: z.number().int().min(64).max(65536),
    chunkGapMs: z.number().int().min(0).max(1000),
  }),
  z.object({ kind: z.literal('usb'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('lp'), queue: z.string().regex(/^[A-Za-z0-9_.@-]{1,127}$/) }),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }),
]);
export type PrinterLink = z.infer<typeof PrinterLinkSchema>;

const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  return /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
}

function splitQuery(rest: string): { path: string; params: URLSearchParams } {
  const at = rest.indexOf('?');
  return at < 0
    ? { path: rest, params: new URLSearchParams() }
    : { path: rest.slice(0, at), params: new URLSearchParams(rest.slice(at + 1)) };
}

function candidate(uri: string): unknown {
  const match = /^([a-z]+):(.*)$/i.exec(uri.trim());
  if (!match) return { kind: 'invalid', reason: 'a printer URI starts with tcp:, usb:, serial:, lp: or file:' };
  const scheme = (match[1] ?? '').toLowerCase();
  const { path: rest, params } = splitQuery(match[2] ?? '');
  switch (scheme) {
    case 'tcp':
    case 'socket': {
      const hostPort = /^\/\/(\[[0-9a-f:.]+\]|[^/:?#]+)(?::([0-9]+))?\/?$/i.exec(rest);
      if (!hostPort) return { kind: 'invalid', reason: 'expected tcp://host:port' };
      return {
        kind: 'tcp',
        host: (hostPort[1] ?? '').replace(/^\[|\]$/g, ''),
        port: hostPort[2] === undefined ? 9100 : Number(hostPort[2]),
        chunkSize: intParam(params, 'chunk', 1024),
        chunkGapMs: intParam(params, 'gap', 0),
      };
    }
    case 'usb':
    case 'file': {
      if (!rest.startsWith('///') && !/^\/[^/]/.test(rest)) return { kind: 'invalid', reason: `expected ${scheme}:///absolute/path` };
      const path = decodeURIComponent(rest.replace(/^\/\//, ''));
      return { kind: scheme, path: /^\/[A-Za-z]:[\\/]/.test(path) ? path.slice(1) : path };
    }
    case 'serial': {
      const raw = rest.startsWith('//') ? rest.slice(2) : rest;
      const path = /^\/COM[0-9]+$/i.test(raw) ? raw.slice(1) : raw;
      const baudRate = intParam(params, 'baud', 9600);
      if (!BAUD_RATES.includes(baudRate)) return { kind: 'invalid', reason: `baud must be one of ${BAUD_RATES.join(', ')}` };
      return { kind: 'serial', path: decodeURIComponent(path), baudRate };
    }
    case 'lp':
      return { kind: 'lp', queue: decodeURIComponent(rest.replace(/^\/\//, '').replace(/\/$/, '')) };
    default:
      return { kind: 'invalid', reason: `unknown printer type '${scheme}'` };
  }
}

export type ParsedPrinterUri = { ok: true; link: PrinterLink } | { ok: false; message: string };

/** Parses a printer URI; the message names the URI and what is wrong with it. */
export function parsePrinterUri(uri: string): ParsedPrinterUri {
  const raw = candidate(uri);
  if (typeof raw === 'object' && raw !== null && 'reason' in raw) {
    return { ok: false, message: `Printer address '${uri}' is not valid: ${String(raw.reason)}.` };
  }
  const parsed = PrinterLinkSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    return { ok: false, message: `Printer address '${uri}' is not valid: ${where ? `${where}: ` : ''}${issue?.message ?? 'unreadable'}.` };
  }
  return { ok: true, link: parsed.data };
}
