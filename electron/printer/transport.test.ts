// The one-way transports and serial, each against a stand-in: a temporary file for the USB device,
// a fake `lp` on PATH for the spooler, a scripted port for serial.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrinterService } from './service';
import { statusAnswer } from './status';
import { serialTransport, spoolerTransport, usbDeviceTransport, type SerialPortFactory } from './transport';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'printer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const slip = { blocks: [{ kind: 'text' as const, text: '1234 5678 9012 3456 7890' }, { kind: 'cut' as const }] };
const profile = { paperWidthMm: 58 as const };

describe('USB printer device file', () => {
  it('writes the job to the device and reports a missing device as offline', async () => {
    const device = join(dir, 'lp0');
    await writeFile(device, '');
    const printer = createPrinterService({ uri: `usb://${device}`, profile });
    expect(await printer.status()).toMatchObject({ state: 'unknown' });
    expect(await printer.print(slip)).toMatchObject({ ok: true });
    expect((await readFile(device)).includes(Buffer.from('1234 5678 9012 3456 7890'))).toBe(true);

    const gone = createPrinterService({ uri: `usb://${join(dir, 'lp9')}`, profile });
    expect(await gone.status()).toMatchObject({ state: 'offline' });
    expect(usbDeviceTransport(join(dir, 'missing', 'lp0')).twoWay).toBe(false);
    expect(await gone.print(slip)).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE' });
  });
});

describe('OS raw print queue', () => {
  it('hands the job to lp -o raw on the named queue', async () => {
    const out = join(dir, 'spooled.bin');
    const lp = join(dir, 'lp');
    await writeFile(lp, `#!/bin/sh\necho "$@" > "${out}.args"\ncat > "${out}"\n`);
    await chmod(lp, 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    try {
      const printer = createPrinterService({ uri: 'lp:Receipt_1', profile });
      expect(await printer.print(slip)).toMatchObject({ ok: true });
    } finally {
      process.env.PATH = path;
    }
    expect((await readFile(out)).includes(Buffer.from('1234 5678 9012 3456 7890'))).toBe(true);
    expect((await readFile(`${out}.args`, 'utf8')).trim()).toBe('-s -d Receipt_1 -o raw');
  });

  it('reports a spooler refusal as the printer being unreachable', async () => {
    const lp = join(dir, 'lp');
    await writeFile(lp, '#!/bin/sh\ncat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n');
    await chmod(lp, 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    const logs: string[] = [];
    try {
      const printer = createPrinterService({ uri: 'lp:Nope', profile, log: (m) => logs.push(m), transport: spoolerTransport('Nope') });
      expect(await printer.print(slip)).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE' });
    } finally {
      process.env.PATH = path;
    }
    expect(logs.join('\n')).toContain('does not exist');
  });
});

describe('serial printer', () => {
  function fakePort(answer: Uint8Array | null): { factory: SerialPortFactory; written: number[] } {
    const written: number[] = [];
    const factory: SerialPortFactory = async () => {
      let onData: ((data: Buffer) => void) | null = null;
      return {
        open: (cb) => cb(null),
        write(data, cb) {
          written.push(...data);
          // A printer answers each DLE EOT with one byte.
          if (answer && data[0] === 0x10 && data[1] === 0x04) setTimeout(() => onData?.(Buffer.from(answer)), 5);
          cb?.(null);
          return true;
        },
        drain: (cb) => cb(null),
        close: (cb) => cb?.(null),
        on(event: 'data' | 'error', listener: ((data: Buffer) => void) | ((error: Error) => void)) {
          if (event === 'data') onData = listener as (data: Buffer) => void;
          return undefined;
        },
        removeAllListeners: () => undefined,
      };
    };
    return { factory, written };
  }

  it('asks for status and stops on paper out', async () => {
    const { factory, written } = fakePort(statusAnswer('paper-out'));
    const transport = serialTransport({ kind: 'serial', path: '/dev/ttyFAKE', baudRate: 9600 }, factory);
    const printer = createPrinterService({ uri: 'serial:///dev/ttyFAKE', profile, transport });
    expect(await printer.print(slip)).toMatchObject({ ok: false, code: 'PAPER_OUT' });
    expect(written).toHaveLength(9);
  });

  it('prints when the printer answers ready, and when it does not answer at all', async () => {
    for (const answer of [statusAnswer('ready'), null]) {
      const { factory, written } = fakePort(answer);
      const transport = serialTransport({ kind: 'serial', path: '/dev/ttyFAKE', baudRate: 9600 }, factory);
      const printer = createPrinterService({ uri: 'serial:///dev/ttyFAKE', profile, transport });
      expect(await printer.print(slip)).toMatchObject({ ok: true });
      expect(Buffer.from(written).includes(Buffer.from('1234 5678 9012 3456 7890'))).toBe(true);
    }
  });
});
