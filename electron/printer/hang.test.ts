// A printer that stops taking data must cost the cashier a few seconds, never the terminal: each job
// and each status read has a time limit, the hung link is closed, and the next job runs. Real FIFOs
// (mkfifo), a real TCP listener that never reads, a real child process for the spooler.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlipModel } from '../../shared/slip/blocks';
import { createPrinterService, type PrinterService } from './service';
import { statusAnswer } from './status';
import { serialTransport, spoolerTransport, tcpTransport, type PrinterTransport, type SerialPortFactory } from './transport';

const profile = { paperWidthMm: 58 as const };
const TOKEN = '1234 5678 9012 3456 7890';
const slip: SlipModel = { blocks: [{ kind: 'text', text: TOKEN }, { kind: 'cut' }] };
/** Bigger than a pipe's 64 KiB buffer, so a FIFO whose reader stopped stalls the job. */
const bigSlip = (qrCount: number): SlipModel => ({
  blocks: [{ kind: 'text', text: TOKEN }, ...Array.from({ length: qrCount }, (_, i) => ({ kind: 'qr' as const, data: `${i}`.padEnd(2500, 'q') }))],
});

const JOB_MS = 800;
/** Slack for timers on a busy two-core machine. */
const SLACK_MS = 700;

/** Resolves with the promise's value and how long it took, or fails the test when it takes longer than `ms`. */
async function settlesWithin<T>(ms: number, promise: Promise<T>, what: string): Promise<{ value: T; elapsed: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was still waiting after ${ms} ms`)), ms);
  });
  try {
    const value = await Promise.race([promise, limit]);
    return { value, elapsed: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** File descriptors of this process that point at `path` (Linux). */
function openDescriptorsTo(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

/** Reads whatever is waiting in a non-blocking FIFO reader; null at end of file (no writer left). */
function drain(fd: number): Buffer | null {
  const parts: Buffer[] = [];
  const buffer = Buffer.alloc(65536);
  for (;;) {
    try {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return parts.length > 0 ? Buffer.concat(parts) : null;
      parts.push(Buffer.from(buffer.subarray(0, n)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return Buffer.concat(parts);
      throw error;
    }
  }
}

let dir = '';
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'printer-hang-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

function service(uri: string, extra: Partial<Parameters<typeof createPrinterService>[0]> = {}): PrinterService {
  const printer = createPrinterService({ uri, profile, jobTimeoutMs: JOB_MS, statusReadTimeoutMs: 500, ...extra });
  cleanups.push(() => printer.close());
  return printer;
}

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  // Whatever a failed run left blocked on the FIFO is woken by a reader appearing and going away.
  cleanups.push(() => {
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    drain(reader);
    closeSync(reader);
  });
  return path;
}

describe('a device file that nobody reads (FIFO, no reader)', () => {
  for (const scheme of ['usb', 'file'] as const) {
    it(`${scheme}: fails the job in plain words at once, ties up nothing, and prints once the device is back`, async () => {
      const device = fifo(`${scheme}-lp0`);
      const printer = service(`${scheme}://${device}`);
      // Five jobs: more than Node's four file-system threads, so a blocked open() would starve them all.
      for (let i = 0; i < 5; i += 1) {
        const { value, elapsed } = await settlesWithin(JOB_MS + SLACK_MS, printer.print(slip), `print ${i + 1}`);
        expect(value).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', partial: false, message: expect.stringMatching(/cannot be reached/) });
        expect(elapsed).toBeLessThan(JOB_MS + SLACK_MS);
      }
      // The rest of the terminal (config, backups) still gets file-system threads.
      await settlesWithin(1000, readFile(join(__dirname, 'service.ts')), 'reading a file after the failed prints');
      expect(openDescriptorsTo(device)).toBe(0);

      const reader = openSync(device, constants.O_RDONLY | constants.O_NONBLOCK);
      cleanups.push(() => closeSync(reader));
      const { value } = await settlesWithin(JOB_MS + SLACK_MS, printer.print(slip), 'print once the device reads');
      expect(value).toMatchObject({ ok: true });
      expect(drain(reader)?.includes(Buffer.from(TOKEN))).toBe(true);
    });
  }
});

describe('a USB printer whose buffer stays full (FIFO with a reader that stopped reading)', () => {
  it('fails the job within the limit, lets go of the device, and the next job prints once it reads again', async () => {
    const device = fifo('lp0');
    const reader = openSync(device, constants.O_RDONLY | constants.O_NONBLOCK);
    cleanups.push(() => closeSync(reader));
    const printer = service(`usb://${device}`);

    const { value, elapsed } = await settlesWithin(JOB_MS + SLACK_MS + 500, printer.print(bigSlip(60)), 'the stalled print');
    expect(value).toMatchObject({ ok: false, code: 'PRINT_FAILED', partial: true, message: expect.stringMatching(/reprint/i) });
    expect(elapsed).toBeGreaterThanOrEqual(JOB_MS - 50);
    // Only the test's own reader still holds the FIFO: the printer side was closed.
    await settlesWithin(
      500,
      (async () => {
        while (openDescriptorsTo(device) > 1) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      'the device being let go',
    );
    expect(drain(reader)?.includes(Buffer.from(TOKEN))).toBe(true);

    const received: Buffer[] = [];
    const reading = setInterval(() => {
      const got = drain(reader);
      if (got) received.push(got);
    }, 5);
    cleanups.push(() => clearInterval(reading));
    const next = await settlesWithin(JOB_MS + SLACK_MS, printer.print(slip), 'the next print');
    expect(next.value).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(Buffer.concat(received).includes(Buffer.from(TOKEN))).toBe(true);
  });
});

describe('a network printer that accepts the connection and never reads', () => {
  async function stallingPrinter(): Promise<{ uri: string; port: number; stalled: Set<Socket>; closedByTerminal: () => number; resume: () => void; jobs: Buffer[] }> {
    let reading = false;
    let closed = 0;
    const stalled = new Set<Socket>();
    const jobs: Buffer[] = [];
    const server: Server = createServer((socket) => {
      socket.on('error', () => undefined);
      // A stalled connection is only seen to end once the printer reads again, up to the terminal's FIN.
      const ended = (): void => {
        if (stalled.delete(socket)) closed += 1;
      };
      socket.on('end', ended);
      socket.on('close', ended);
      if (!reading) {
        socket.pause();
        stalled.add(socket);
        return;
      }
      const parts: Buffer[] = [];
      socket.on('data', (data: Buffer) => parts.push(data));
      socket.on('end', () => {
        jobs.push(Buffer.concat(parts));
        socket.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of stalled) socket.destroy();
          server.close(() => resolve());
        }),
    );
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      uri: `tcp://127.0.0.1:${port}`,
      port,
      stalled,
      closedByTerminal: () => closed,
      resume: () => {
        reading = true;
        for (const socket of stalled) {
          socket.on('data', () => undefined);
          socket.resume();
        }
      },
      jobs,
    };
  }

  /**
   * The real TCP link, with each job padded while the printer is stalled: loopback buffers take about
   * 4 MiB before a write waits, where a jammed printer's window fills with one ordinary slip.
   */
  function paddedWhile(stalled: () => boolean, port: number): PrinterTransport {
    const real = tcpTransport({ kind: 'tcp', host: '127.0.0.1', port, chunkSize: 65536, chunkGapMs: 0 });
    return {
      kind: real.kind,
      twoWay: real.twoWay,
      async open(timeoutMs) {
        const session = await real.open(timeoutMs);
        return {
          query: (request, expect, ms) => session.query(request, expect, ms),
          write: (bytes) => session.write(stalled() ? Buffer.concat([bytes, Buffer.alloc(16 * 1024 * 1024)]) : bytes),
          end: () => session.end(),
          abort: () => session.abort(),
        };
      },
    };
  }

  it('fails the job within the limit, closes the connection, and the next job prints', async () => {
    const fake = await stallingPrinter();
    let stalled = true;
    const printer = service(fake.uri, { transport: paddedWhile(() => stalled, fake.port) });
    const { value, elapsed } = await settlesWithin(JOB_MS + SLACK_MS + 500, printer.print(slip), 'the stalled print');
    expect(value).toMatchObject({ ok: false, code: 'PRINT_FAILED', partial: true, message: expect.stringMatching(/reprint/i) });
    expect(elapsed).toBeGreaterThanOrEqual(JOB_MS - 50);

    fake.resume();
    stalled = false;
    await settlesWithin(
      2000,
      (async () => {
        while (fake.closedByTerminal() < 1) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      'the printer seeing the stalled connection closed',
    );
    const next = await settlesWithin(JOB_MS + SLACK_MS, printer.print(slip), 'the next print');
    expect(next.value).toMatchObject({ ok: true });
    expect(fake.jobs.some((job) => job.includes(Buffer.from(TOKEN)))).toBe(true);
  });
});

describe('a serial printer that never drains', () => {
  function scriptedPort(script: { drains: () => boolean; opens?: boolean }): { factory: SerialPortFactory; closes: () => number; written: number[] } {
    let closes = 0;
    const written: number[] = [];
    const factory: SerialPortFactory = async () => {
      let onData: ((data: Buffer) => void) | null = null;
      return {
        open: (cb) => {
          if (script.opens !== false) cb(null);
        },
        write(data, cb) {
          written.push(...data);
          if (data[0] === 0x10 && data[1] === 0x04) setTimeout(() => onData?.(Buffer.from(statusAnswer('ready'))), 5);
          cb?.(null);
          return true;
        },
        drain: (cb) => {
          if (script.drains()) cb(null);
        },
        close: (cb) => {
          closes += 1;
          cb?.(null);
        },
        on(event: 'data' | 'error', listener: ((data: Buffer) => void) | ((error: Error) => void)) {
          if (event === 'data') onData = listener as (data: Buffer) => void;
          return undefined;
        },
        removeAllListeners: () => undefined,
      };
    };
    return { factory, closes: () => closes, written };
  }

  it('fails the job within the limit, closes the port, answers a status read meanwhile, and prints once it drains', async () => {
    let draining = false;
    const port = scriptedPort({ drains: () => draining });
    const transport = serialTransport({ kind: 'serial', path: '/dev/ttyFAKE', baudRate: 9600 }, port.factory);
    const printer = service('serial:///dev/ttyFAKE', { transport, jobTimeoutMs: 1500 });

    const printing = printer.print(slip);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The status read waits behind the stuck job at most its own cap.
    const status = await settlesWithin(500 + SLACK_MS, printer.status(), 'a status read during the stuck print');
    expect(status.value).toMatchObject({ state: 'unknown', detail: expect.stringMatching(/busy/) });

    const { value, elapsed } = await settlesWithin(1500 + SLACK_MS, printing, 'the stuck print');
    expect(value).toMatchObject({ ok: false, code: 'PRINT_FAILED', partial: true });
    expect(elapsed).toBeLessThan(1500 + SLACK_MS);
    expect(port.closes()).toBeGreaterThanOrEqual(1);

    draining = true;
    const next = await settlesWithin(1500 + SLACK_MS, printer.print(slip), 'the next print');
    expect(next.value).toMatchObject({ ok: true });
  });

  it('answers a status read within its cap when the port never opens', async () => {
    // A driver that never calls back, and a native binding that never finishes loading.
    const silent = scriptedPort({ drains: () => true, opens: false });
    const neverLoads: SerialPortFactory = () => new Promise(() => undefined);
    for (const factory of [silent.factory, neverLoads]) {
      const transport = serialTransport({ kind: 'serial', path: '/dev/ttyFAKE', baudRate: 9600 }, factory);
      const printer = service('serial:///dev/ttyFAKE', { transport, connectTimeoutMs: 60_000 });
      const { value } = await settlesWithin(500 + SLACK_MS, printer.status(), 'the status read');
      expect(value).toMatchObject({ state: 'offline' });
      const print = await settlesWithin(JOB_MS + SLACK_MS, printer.print(slip), 'the print');
      expect(print.value).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', partial: false });
    }
  });
});

describe('a print spooler that never returns', () => {
  it('fails the job within the limit and stops the spooler command', async () => {
    const pidFile = join(dir, 'lp.pid');
    const lp = join(dir, 'lp');
    await writeFile(lp, `#!/bin/sh\necho $$ > "${pidFile}"\ncat > /dev/null\nexec sleep 60\n`);
    await chmod(lp, 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    cleanups.push(() => {
      process.env.PATH = path;
    });
    const printer = service('lp:Receipt_1', { transport: spoolerTransport('Receipt_1') });
    const { value } = await settlesWithin(JOB_MS + SLACK_MS, printer.print(slip), 'the spooled print');
    expect(value).toMatchObject({ ok: false });
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    cleanups.push(() => {
      if (alive()) process.kill(pid, 'SIGKILL');
    });
    await settlesWithin(
      1000,
      (async () => {
        while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
      'the spooler command ending',
    );
  });
});
