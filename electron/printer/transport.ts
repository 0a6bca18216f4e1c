// The links a slip can travel over. Each job opens a session, may ask for status on two-way links,
// writes the bytes and ends; the service serialises jobs so a printer sees one session at a time.
// `abort` must free the link even while a write is stuck: the service calls it when a job runs out
// of time, and nothing here may hold a file-system thread, a descriptor or a socket after that.
import { close as closeFd, constants, open as openFd, write as writeFd } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { PrinterStatus } from './status';
import type { PrinterLink } from './uri';

export interface PrinterSession {
  /** Sends a status query and collects `expect` bytes; null when they do not all come in time. */
  query(request: Uint8Array, expect: number, timeoutMs: number): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and closes; rejects when the link failed before everything was delivered. */
  end(): Promise<void>;
  /** Drops the session without sending anything more. */
  abort(): void;
}

export interface PrinterTransport {
  readonly kind: PrinterLink['kind'] | 'fake';
  /** Whether the printer can answer status queries over this link. */
  readonly twoWay: boolean;
  open(timeoutMs: number): Promise<PrinterSession>;
  /** What a one-way link can still tell: whether the device or file is there at all. */
  probe?(): Promise<PrinterStatus>;
}

/** A link failure, with whether the printer could have received part of the job. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly stage: 'connect' | 'write',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

const oneWayQuery = async (): Promise<null> => null;

// ---------------------------------------------------------------- device files without blocking

/** Absent on Windows, where printer paths are not FIFOs or character devices. */
const NON_BLOCKING: number = (constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0;

/**
 * Opens for writing without blocking: a blocking open() of a FIFO with no reader, or a write()
 * to a device whose buffer stays full, would hold one of Node's four file-system threads for good.
 * A FIFO with no reader fails at once (ENXIO); a full device answers EAGAIN and is polled.
 */
function openNonBlocking(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    openFd(path, flags | NON_BLOCKING, 0o644, (error, fd) => (error ? reject(error) : resolve(fd)));
  });
}

function writeSome(fd: number, bytes: Uint8Array, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writeFd(fd, bytes, offset, length, null, (error, written) => (error ? reject(error) : resolve(written)));
  });
}

/** One open descriptor; closing it twice is harmless, so a late abort cannot close someone else's reused number. */
class DeviceWriter {
  private fd: number | null;

  constructor(
    fd: number,
    private readonly path: string,
  ) {
    this.fd = fd;
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    let pauseMs = 2;
    while (offset < bytes.length) {
      const fd = this.fd;
      if (fd === null) throw new TransportError(`${this.path} was closed before the whole slip was sent`, 'write');
      try {
        offset += await writeSome(fd, bytes, offset, Math.min(4096, bytes.length - offset));
        pauseMs = 2;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw new TransportError(`write to ${this.path} failed: ${errorText(error)}`, 'write');
        // The printer's buffer is full: wait for it to take more, up to the job's limit.
        await delay(pauseMs);
        pauseMs = Math.min(pauseMs * 2, 50);
      }
    }
  }

  close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return Promise.resolve();
    return new Promise((resolve) => closeFd(fd, () => resolve()));
  }
}

// ---------------------------------------------------------------- file (training, tests)

export function fileTransport(path: string): PrinterTransport {
  return {
    kind: 'file',
    twoWay: false,
    async probe() {
      try {
        await access(dirname(path), constants.W_OK);
        return { state: 'ready', detail: `slips are written to ${path}` };
      } catch (error) {
        return { state: 'offline', detail: `cannot write to ${dirname(path)}: ${errorText(error)}` };
      }
    },
    async open() {
      const parts: Uint8Array[] = [];
      let writer: DeviceWriter | null = null;
      let aborted = false;
      return {
        query: oneWayQuery,
        async write(bytes) {
          parts.push(bytes);
        },
        async end() {
          // The whole slip goes in one append, so a file never holds half a slip from a failed job.
          try {
            const fd = await openNonBlocking(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
            writer = new DeviceWriter(fd, path);
            if (aborted) await writer.close();
          } catch (error) {
            throw new TransportError(`cannot write ${path}: ${errorText(error)}`, 'connect');
          }
          try {
            await writer.write(Buffer.concat(parts));
          } finally {
            await writer.close();
          }
        },
        abort() {
          aborted = true;
          parts.length = 0;
          void writer?.close();
        },
      };
    },
  };
}

// ---------------------------------------------------------------- raw TCP (port 9100)

class TcpSession implements PrinterSession {
  private received: number[] = [];
  private onData: (() => void) | null = null;
  private failure: Error | null = null;
  private peerEnded = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly chunkSize: number,
    private readonly chunkGapMs: number,
  ) {
    socket.on('data', (data: Buffer) => {
      for (const byte of data) this.received.push(byte);
      this.onData?.();
    });
    socket.on('error', (error) => {
      this.failure ??= error;
    });
    socket.on('end', () => {
      this.peerEnded = true;
    });
    socket.on('close', () => {
      this.closed = true;
      this.onData?.();
    });
  }

  query(request: Uint8Array, expect: number, timeoutMs: number): Promise<Uint8Array | null> {
    this.received = [];
    return new Promise((resolve) => {
      const finish = (value: Uint8Array | null): void => {
        clearTimeout(timer);
        this.onData = null;
        resolve(value);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      this.onData = () => {
        if (this.received.length >= expect) finish(Uint8Array.from(this.received.slice(0, expect)));
        else if (this.closed) finish(null);
      };
      this.socket.write(request, (error) => {
        if (error) finish(null);
      });
    });
  }

  private check(): void {
    if (this.failure) throw new TransportError(`connection lost: ${errorText(this.failure)}`, 'write');
    if (this.peerEnded || this.closed) throw new TransportError('the printer closed the connection', 'write');
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.length; offset += this.chunkSize) {
      this.check();
      const chunk = bytes.subarray(offset, offset + this.chunkSize);
      await new Promise<void>((resolve, reject) => {
        // A printer that stopped reading never calls back; abort() destroys the socket, which ends the wait.
        const onClose = (): void => reject(new TransportError('the connection was closed before the slip was sent', 'write'));
        this.socket.once('close', onClose);
        this.socket.write(chunk, (error) => {
          this.socket.off('close', onClose);
          if (error) reject(new TransportError(`connection lost: ${errorText(error)}`, 'write'));
          else resolve();
        });
      });
      // Cheap printers have small buffers and no flow control over TCP; pace the chunks.
      if (this.chunkGapMs > 0 && offset + this.chunkSize < bytes.length) await delay(this.chunkGapMs);
    }
    this.check();
  }

  end(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) {
        this.socket.destroy();
        reject(new TransportError(`connection lost: ${errorText(this.failure)}`, 'write'));
        return;
      }
      // Wait briefly for the printer to close its side, so a reset after our last chunk is seen.
      const grace = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 500);
      this.socket.once('close', () => {
        clearTimeout(grace);
        if (this.failure) reject(new TransportError(`connection lost: ${errorText(this.failure)}`, 'write'));
        else resolve();
      });
      this.socket.end();
    });
  }

  abort(): void {
    this.socket.destroy();
  }
}

export function tcpTransport(link: Extract<PrinterLink, { kind: 'tcp' }>): PrinterTransport {
  return {
    kind: 'tcp',
    twoWay: true,
    open(timeoutMs) {
      return new Promise((resolve, reject) => {
        const socket = connect({ host: link.host, port: link.port });
        socket.setNoDelay(true);
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new TransportError(`no connection to ${link.host}:${link.port} within ${timeoutMs} ms`, 'connect'));
        }, timeoutMs);
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          resolve(new TcpSession(socket, link.chunkSize, link.chunkGapMs));
        });
        socket.once('error', (error) => {
          clearTimeout(timer);
          socket.destroy();
          reject(new TransportError(`cannot connect to ${link.host}:${link.port}: ${errorText(error)}`, 'connect'));
        });
      });
    },
  };
}

// ---------------------------------------------------------------- USB printer class device file

/** `/dev/usb/lpN` on Linux. Reads on it can block a worker thread, so it is used one-way; writes never block. */
export function usbDeviceTransport(path: string): PrinterTransport {
  return {
    kind: 'usb',
    twoWay: false,
    async probe() {
      try {
        await access(path, constants.W_OK);
        return { state: 'unknown', detail: `${path} is connected; paper state cannot be read over it` };
      } catch (error) {
        return { state: 'offline', detail: `${path} is not available: ${errorText(error)}` };
      }
    },
    async open() {
      let writer: DeviceWriter;
      try {
        // Write-only without O_CREAT: an unplugged printer must fail, not become a new file.
        writer = new DeviceWriter(await openNonBlocking(path, constants.O_WRONLY), path);
      } catch (error) {
        throw new TransportError(`cannot open ${path}: ${errorText(error)}`, 'connect');
      }
      return {
        query: oneWayQuery,
        write: (bytes) => writer.write(bytes),
        end: () => writer.close(),
        abort() {
          void writer.close();
        },
      };
    },
  };
}

// ---------------------------------------------------------------- OS raw print queue

/** Hands the job to CUPS (`lp -o raw`), or BSD `lpr -l` where `lp` is missing. */
export function spoolerTransport(queue: string, spawnTimeoutMs = 15_000): PrinterTransport {
  const run = (command: string, args: string[], bytes: Uint8Array, started: (child: ChildProcess) => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      started(child);
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), spawnTimeoutMs);
      child.stderr.on('data', (data: Buffer) => {
        stderr += data.toString('utf8');
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new TransportError(`${command} exited with ${code ?? 'a signal'}: ${stderr.trim()}`, 'connect'));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(bytes));
    });
  return {
    kind: 'lp',
    twoWay: false,
    async open() {
      const parts: Uint8Array[] = [];
      let child: ChildProcess | null = null;
      let aborted = false;
      const started = (spawned: ChildProcess): void => {
        child = spawned;
        if (aborted) spawned.kill('SIGKILL');
      };
      return {
        query: oneWayQuery,
        async write(bytes) {
          parts.push(bytes);
        },
        async end() {
          const job = Buffer.concat(parts);
          try {
            await run('lp', ['-s', '-d', queue, '-o', 'raw'], job, started);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
              throw error instanceof TransportError ? error : new TransportError(errorText(error), 'connect');
            }
            try {
              if (aborted) throw new TransportError('the print job was stopped', 'write');
              await run('lpr', ['-P', queue, '-l'], job, started);
            } catch (fallback) {
              throw fallback instanceof TransportError ? fallback : new TransportError(`no print spooler: ${errorText(fallback)}`, 'connect');
            }
          }
        },
        abort() {
          aborted = true;
          parts.length = 0;
          // A spooler command that hangs (a stuck CUPS, a network queue) must not outlive the job.
          child?.kill('SIGKILL');
        },
      };
    },
  };
}

// ---------------------------------------------------------------- serial (and virtual COM ports)

interface SerialPortLike {
  open(callback: (error: Error | null) => void): void;
  write(data: Uint8Array, callback?: (error: Error | null | undefined) => void): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
}
export type SerialPortFactory = (options: { path: string; baudRate: number }) => Promise<SerialPortLike>;

/** Loads `serialport` only when a serial printer is configured: its native binding is optional. */
export const loadSerialPort: SerialPortFactory = async ({ path, baudRate }) => {
  const { SerialPort } = await import('serialport');
  return new SerialPort({ path, baudRate, autoOpen: false, rtscts: false });
};

export function serialTransport(
  link: Extract<PrinterLink, { kind: 'serial' }>,
  factory: SerialPortFactory = loadSerialPort,
): PrinterTransport {
  return {
    kind: 'serial',
    twoWay: true,
    async open(timeoutMs) {
      let port: SerialPortLike;
      try {
        // One limit for loading the native binding and opening the port: either can stall.
        port = await new Promise<SerialPortLike>((resolve, reject) => {
          let late = false;
          const timer = setTimeout(() => {
            late = true;
            reject(new Error(`not open within ${timeoutMs} ms`));
          }, timeoutMs);
          factory({ path: link.path, baudRate: link.baudRate }).then(
            (created) => {
              if (late) return;
              created.open((error) => {
                // A port that opens after the limit is closed again rather than left holding the device.
                if (late) {
                  if (!error) created.close(() => undefined);
                  return;
                }
                clearTimeout(timer);
                if (error) reject(error);
                else resolve(created);
              });
            },
            (error: unknown) => {
              clearTimeout(timer);
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        });
      } catch (error) {
        throw new TransportError(`cannot open ${link.path}: ${errorText(error)}`, 'connect');
      }
      let received: number[] = [];
      let onData: (() => void) | null = null;
      let failure: Error | null = null;
      port.on('data', (data) => {
        for (const byte of data) received.push(byte);
        onData?.();
      });
      port.on('error', (error) => {
        failure ??= error;
      });
      const close = (): Promise<void> => new Promise((resolve) => port.close(() => resolve()));
      // Set while a write waits for the port to drain; abort() ends that wait.
      let stopWaiting: ((error: Error) => void) | null = null;
      return {
        query(request, expect, queryTimeoutMs) {
          received = [];
          return new Promise((resolve) => {
            const finish = (value: Uint8Array | null): void => {
              clearTimeout(timer);
              onData = null;
              resolve(value);
            };
            const timer = setTimeout(() => finish(null), queryTimeoutMs);
            onData = () => {
              if (received.length >= expect) finish(Uint8Array.from(received.slice(0, expect)));
            };
            port.write(request, (error) => {
              if (error) finish(null);
            });
          });
        },
        async write(bytes) {
          // The port's own flow control (and drain) paces the data; chunks keep each write small.
          for (let offset = 0; offset < bytes.length; offset += 1024) {
            if (failure) throw new TransportError(`serial link failed: ${errorText(failure)}`, 'write');
            await new Promise<void>((resolve, reject) => {
              stopWaiting = reject;
              port.write(bytes.subarray(offset, offset + 1024));
              port.drain((error) => (error ? reject(new TransportError(`serial write failed: ${errorText(error)}`, 'write')) : resolve()));
            }).finally(() => {
              stopWaiting = null;
            });
          }
        },
        async end() {
          await close();
          if (failure) throw new TransportError(`serial link failed: ${errorText(failure)}`, 'write');
        },
        abort() {
          stopWaiting?.(new TransportError('the serial job was stopped before the port drained', 'write'));
          void close();
        },
      };
    },
  };
}

export function transportFor(link: PrinterLink): PrinterTransport {
  switch (link.kind) {
    case 'file':
      return fileTransport(link.path);
    case 'tcp':
      return tcpTransport(link);
    case 'usb':
      return usbDeviceTransport(link.path);
    case 'lp':
      return spoolerTransport(link.queue);
    case 'serial':
      return serialTransport(link);
  }
}
