// One printer: a queue of jobs over one transport. Every outcome is data with words a cashier
// understands; nothing here throws at the caller.
import { SlipModelSchema, type SlipModel } from '../../shared/slip/blocks';
import { PrinterProfileSchema, type PrinterProfile } from '../../shared/slip/profile';
import { renderSlipDetailed } from './render';
import { parseStatus, STATUS_ANSWER_LENGTH, STATUS_QUERY, type PrinterStatus } from './status';
import { TransportError, transportFor, type PrinterTransport } from './transport';
import { parsePrinterUri } from './uri';

export type { PrinterStatus, PrinterState } from './status';

export type PrintErrorCode =
  | 'PAPER_OUT'
  | 'PRINTER_OFFLINE'
  | 'COVER_OPEN'
  | 'PRINT_FAILED'
  | 'PRINTER_NOT_CONFIGURED'
  | 'INVALID_SLIP';

export type PrintResult =
  | {
      ok: true;
      bytes: number;
      warnings: string[];
      /** What the printer said just before printing ("paper-near-end" deserves a word to the cashier). */
      status: PrinterStatus;
    }
  | {
      ok: false;
      code: PrintErrorCode;
      message: string;
      /** True when some of the slip may have come out: the customer may hold a partial slip. */
      partial: boolean;
    };

export interface PrinterService {
  readonly uri: string;
  /** Prints a slip model; reprints pass the stored model (see `markReprint`). */
  print(slip: SlipModel, opts?: { openDrawer?: boolean }): Promise<PrintResult>;
  /** Paper, cover and link state; "unknown" when the link is one-way or the printer is silent. */
  status(): Promise<PrinterStatus>;
  close(): Promise<void>;
}

export interface PrinterServiceOptions {
  uri: string;
  profile: PrinterProfile;
  log?: (msg: string) => void;
  /** Chosen at composition time, e.g. a fake printer in tests; defaults to the URI's transport. */
  transport?: PrinterTransport;
  /** How long a status query may wait for an answer; it is added to every print on two-way links. */
  statusTimeoutMs?: number;
  connectTimeoutMs?: number;
}

const MESSAGES = {
  PAPER_OUT: 'The printer is out of paper. Load a new roll, then print the slip again.',
  COVER_OPEN: 'The printer cover is open. Close it, then print the slip again.',
  PRINTER_OFFLINE: 'The printer cannot be reached. Check that it is switched on and connected, then print the slip again.',
  PRINT_FAILED: 'The printer stopped while printing, so the slip may be incomplete. Fix the printer, then reprint the slip.',
  PRINTER_NOT_CONFIGURED: 'No working printer is set up. Ask a supervisor to check the printer settings.',
  INVALID_SLIP: 'This slip could not be prepared for printing. The token is safe in the journal; show it on screen.',
} as const satisfies Record<PrintErrorCode, string>;

function failure(code: PrintErrorCode, partial = false): PrintResult {
  return { ok: false, code, message: MESSAGES[code], partial };
}

/** Status states that stop a print before any paper moves. */
function blockingCode(status: PrinterStatus): PrintErrorCode | null {
  switch (status.state) {
    case 'paper-out':
      return 'PAPER_OUT';
    case 'cover-open':
      return 'COVER_OPEN';
    case 'offline':
      return 'PRINTER_OFFLINE';
    default:
      return null;
  }
}

export function createPrinterService(options: PrinterServiceOptions): PrinterService {
  const log = options.log ?? (() => undefined);
  const statusTimeoutMs = Math.min(options.statusTimeoutMs ?? 150, 200);
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const profileParse = PrinterProfileSchema.safeParse(options.profile);
  const parsed = parsePrinterUri(options.uri);
  let configError: string | null = null;
  let transport: PrinterTransport | null = options.transport ?? null;
  if (!profileParse.success) configError = `Printer profile is not valid: ${profileParse.error.issues[0]?.message ?? 'unreadable'}`;
  else if (!transport && !parsed.ok) configError = parsed.message;
  else if (!transport && parsed.ok) transport = transportFor(parsed.link);
  if (configError) log(`printer: ${configError}`);

  // One job at a time per printer: jobs chain on this promise, and a failed job does not break it.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  async function readStatus(link: PrinterTransport): Promise<PrinterStatus> {
    if (!link.twoWay) return (await link.probe?.()) ?? { state: 'unknown', detail: `a ${link.kind} link cannot report status` };
    let session;
    try {
      session = await link.open(connectTimeoutMs);
    } catch (error) {
      return { state: 'offline', detail: error instanceof Error ? error.message : String(error) };
    }
    try {
      return parseStatus(await session.query(STATUS_QUERY, STATUS_ANSWER_LENGTH, statusTimeoutMs));
    } finally {
      session.abort();
    }
  }

  async function runPrint(slip: SlipModel, openDrawer: boolean): Promise<PrintResult> {
    if (closed || !transport || !profileParse.success) return failure('PRINTER_NOT_CONFIGURED');
    const link = transport;
    const checked = SlipModelSchema.safeParse(slip);
    if (!checked.success) {
      log(`printer: slip model rejected: ${checked.error.issues[0]?.message ?? ''}`);
      return failure('INVALID_SLIP');
    }
    let rendered;
    try {
      rendered = renderSlipDetailed(checked.data, profileParse.data, { openDrawer });
    } catch (error) {
      log(`printer: render failed: ${error instanceof Error ? error.message : String(error)}`);
      return failure('INVALID_SLIP');
    }
    for (const warning of rendered.warnings) log(`printer: ${warning}`);

    let session;
    try {
      session = await link.open(connectTimeoutMs);
    } catch (error) {
      log(`printer: ${error instanceof Error ? error.message : String(error)}`);
      return failure('PRINTER_OFFLINE');
    }
    let status: PrinterStatus = { state: 'unknown', detail: `a ${link.kind} link cannot report status` };
    if (link.twoWay) {
      const started = Date.now();
      status = parseStatus(await session.query(STATUS_QUERY, STATUS_ANSWER_LENGTH, statusTimeoutMs));
      log(`printer: status ${status.state} in ${Date.now() - started} ms`);
      const blocked = blockingCode(status);
      if (blocked) {
        session.abort();
        return failure(blocked);
      }
    }
    try {
      await session.write(rendered.bytes);
      await session.end();
    } catch (error) {
      session.abort();
      const stage = error instanceof TransportError ? error.stage : 'write';
      log(`printer: ${error instanceof Error ? error.message : String(error)}`);
      return stage === 'connect' ? failure('PRINTER_OFFLINE') : failure('PRINT_FAILED', true);
    }
    return { ok: true, bytes: rendered.bytes.length, warnings: rendered.warnings, status };
  }

  return {
    uri: options.uri,
    print(slip, opts = {}) {
      return enqueue(() => runPrint(slip, opts.openDrawer ?? false));
    },
    status() {
      if (configError || !transport) return Promise.resolve({ state: 'offline', detail: configError ?? 'no printer' });
      const link = transport;
      return enqueue(() => readStatus(link));
    },
    async close() {
      closed = true;
      await queue;
    },
  };
}
