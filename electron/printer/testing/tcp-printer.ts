// A network receipt printer for tests: listens on 127.0.0.1, answers DLE EOT status queries the
// way ESC/POS printers do, keeps what it would print, and can be told to misbehave.
import { createServer, type Server, type Socket } from 'node:net';
import { statusAnswer, type PrinterState } from '../status';

export interface TestTcpPrinterOptions {
  /** What the status queries report; `silent` never answers them. */
  state?: Exclude<PrinterState, 'unknown'> | 'silent';
  /** Drop the connection once this many job bytes have arrived (a printer losing power mid-slip). */
  dropAfterBytes?: number;
}

export interface TestTcpPrinter {
  readonly port: number;
  readonly uri: string;
  /** Job bytes of each connection, status queries removed, in arrival order. */
  readonly jobs: Uint8Array[];
  /** When each connection's first and last job byte arrived (performance.now()). */
  readonly windows: { first: number; last: number }[];
  /** Number of status queries answered or ignored. */
  readonly statusQueries: number;
  set(options: TestTcpPrinterOptions): void;
  close(): Promise<void>;
}

export async function startTestTcpPrinter(initial: TestTcpPrinterOptions = {}): Promise<TestTcpPrinter> {
  let options = { ...initial };
  const jobs: Uint8Array[] = [];
  const sockets = new Set<Socket>();
  const windows: { first: number; last: number }[] = [];
  let statusQueries = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const job: number[] = [];
    const index = jobs.push(new Uint8Array()) - 1;
    const window = { first: Number.NaN, last: Number.NaN };
    windows.push(window);
    let pending: number[] = [];
    let dropped = false;
    socket.on('data', (data: Buffer) => {
      if (dropped) return;
      pending.push(...data);
      // Bounded: each pass consumes at least one byte of what arrived.
      let i = 0;
      while (i < pending.length) {
        if (pending[i] === 0x10 && pending[i + 1] === 0x04) {
          const n = pending[i + 2];
          if (n === undefined) break; // the rest of the query is still on its way
          statusQueries += 1;
          const state = options.state ?? 'ready';
          if (state !== 'silent') {
            const answer = statusAnswer(state);
            const byte = n === 1 ? answer[0] : n === 2 ? answer[1] : answer[2];
            socket.write(Uint8Array.of(byte ?? 0x12));
          }
          i += 3;
          continue;
        }
        job.push(pending[i] ?? 0);
        if (Number.isNaN(window.first)) window.first = performance.now();
        window.last = performance.now();
        i += 1;
        if (options.dropAfterBytes !== undefined && job.length >= options.dropAfterBytes) {
          dropped = true;
          jobs[index] = Uint8Array.from(job);
          socket.resetAndDestroy();
          return;
        }
      }
      pending = pending.slice(i);
      jobs[index] = Uint8Array.from(job);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test printer has no TCP port');

  return {
    port: address.port,
    uri: `tcp://127.0.0.1:${address.port}`,
    jobs,
    windows,
    get statusQueries() {
      return statusQueries;
    },
    set(next) {
      options = { ...next };
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
