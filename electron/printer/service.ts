// One printer: a queue of jobs over one transport. Every outcome is data with words a cashier
// understands; nothing here throws at the caller, and nothing here waits without a limit: a link that
// stops taking data fails its job, is closed, and the next job runs.
import { SlipModelSchema, type SlipModel } from '../../shared/slip/blocks';
import { PrinterProfileSchema, type PrinterProfile } from '../../shared/slip/profile';
import { renderSlipDetailed } from './render';
import { parseStatus, STATUS_ANSWER_LENGTH, STATUS_QUERY, type PrinterStatus } from './status';
import { TransportError, transportFor, type PrinterSession, type PrinterTransport } from './transport';
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
  /** The most one print may take once it reaches the printer: connecting, status and sending. */
  jobTimeoutMs?: number;
  /** The most a status read may take, waiting behind a print included. */
  statusReadTimeoutMs?: number;
}

export const DEFAULT_JOB_TIMEOUT_MS = 15_000;
export const DEFAULT_STATUS_READ_TIMEOUT_MS = 3_000;

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

/** Where a job stands, which decides what a timeout means: before 'sending' no paper has moved. */
type Stage = 'queued' | 'connecting' | 'status' | 'sending';

/** One job's hold on the link, so a deadline can close whatever the job has open. */
class JobScope {
  stage: Stage = 'queued';
  private session: PrinterSession | null = null;
  private expired = false;

  constructor(readonly deadline: number) {}

  get timedOut(): boolean {
    return this.expired;
  }

  remainingMs(): number {
    return Math.max(1, this.deadline - Date.now());
  }

  /** A session that arrives after the deadline is closed at once instead of being left open. */
  adopt(session: PrinterSession): PrinterSession {
    if (this.expired) {
      session.abort();
      throw new TransportError('the job ran out of time while connecting', 'connect');
    }
    this.session = session;
    return session;
  }

  expire(): void {
    this.expired = true;
    this.session?.abort();
    this.session = null;
  }
}

/** Settles with the work's result, or with `onTimeout` at the scope's deadline after closing the link. */
function withinDeadline<T>(scope: JobScope, work: () => Promise<T>, onTimeout: (stage: Stage) => T, onError: (error: unknown, stage: Stage) => T): Promise<T> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      const stage = scope.stage;
      scope.expire();
      settle(onTimeout(stage));
    }, Math.max(0, scope.deadline - Date.now()));
    work().then(settle, (error: unknown) => {
      const stage = scope.stage;
      scope.expire();
      settle(onError(error, stage));
    });
  });
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  const jobTimeoutMs = options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
  const statusReadTimeoutMs = options.statusReadTimeoutMs ?? DEFAULT_STATUS_READ_TIMEOUT_MS;
  const profileParse = PrinterProfileSchema.safeParse(options.profile);
  const parsed = parsePrinterUri(options.uri);
  let configError: string | null = null;
  let transport: PrinterTransport | null = options.transport ?? null;
  if (!profileParse.success) configError = `Printer profile is not valid: ${profileParse.error.issues[0]?.message ?? 'unreadable'}`;
  else if (!transport && !parsed.ok) configError = parsed.message;
  else if (!transport && parsed.ok) transport = transportFor(parsed.link);
  if (configError) log(`printer: ${configError}`);

  // One job at a time per printer. Every job in the chain settles within its own limit, so a hung
  // printer delays the next job by at most one limit and never blocks the queue for good.
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  const noop = (): void => undefined;

  async function readStatus(link: PrinterTransport, scope: JobScope): Promise<PrinterStatus> {
    scope.stage = 'connecting';
    if (!link.twoWay) return (await link.probe?.()) ?? { state: 'unknown', detail: `a ${link.kind} link cannot report status` };
    let session;
    try {
      session = scope.adopt(await link.open(Math.min(connectTimeoutMs, scope.remainingMs())));
    } catch (error) {
      return { state: 'offline', detail: errorText(error) };
    }
    scope.stage = 'status';
    try {
      return parseStatus(await session.query(STATUS_QUERY, STATUS_ANSWER_LENGTH, statusTimeoutMs));
    } finally {
      session.abort();
    }
  }

  function statusTimedOut(stage: Stage): PrinterStatus {
    switch (stage) {
      case 'queued':
        return { state: 'unknown', detail: `the printer is busy with another slip (no answer within ${statusReadTimeoutMs} ms)` };
      case 'connecting':
        return { state: 'offline', detail: `the printer did not answer within ${statusReadTimeoutMs} ms` };
      default:
        return { state: 'unknown', detail: `the printer did not report its status within ${statusReadTimeoutMs} ms` };
    }
  }

  function printTimedOut(stage: Stage): PrintResult {
    log(`printer: job stopped after ${jobTimeoutMs} ms while ${stage === 'sending' ? 'sending the slip' : 'connecting'}`);
    // Until bytes go out nothing can be on paper; after that the customer may hold part of a slip.
    return stage === 'sending' ? failure('PRINT_FAILED', true) : failure('PRINTER_OFFLINE');
  }

  function printThrew(error: unknown, stage: Stage): PrintResult {
    log(`printer: ${errorText(error)}`);
    return stage === 'sending' ? failure('PRINT_FAILED', true) : failure('PRINTER_OFFLINE');
  }

  function runPrint(slip: SlipModel, openDrawer: boolean): Promise<PrintResult> {
    if (closed || !transport || !profileParse.success) return Promise.resolve(failure('PRINTER_NOT_CONFIGURED'));
    const link = transport;
    const checked = SlipModelSchema.safeParse(slip);
    if (!checked.success) {
      log(`printer: slip model rejected: ${checked.error.issues[0]?.message ?? ''}`);
      return Promise.resolve(failure('INVALID_SLIP'));
    }
    let rendered: ReturnType<typeof renderSlipDetailed>;
    try {
      rendered = renderSlipDetailed(checked.data, profileParse.data, { openDrawer });
    } catch (error) {
      log(`printer: render failed: ${errorText(error)}`);
      return Promise.resolve(failure('INVALID_SLIP'));
    }
    for (const warning of rendered.warnings) log(`printer: ${warning}`);
    // The clock starts after layout: rendering is bounded work, the printer is what can hang.
    const scope = new JobScope(Date.now() + jobTimeoutMs);
    return withinDeadline(scope, () => send(link, rendered.bytes, rendered.warnings, scope), printTimedOut, printThrew);
  }

  async function send(link: PrinterTransport, bytes: Uint8Array, warnings: string[], scope: JobScope): Promise<PrintResult> {
    scope.stage = 'connecting';
    let session;
    try {
      session = scope.adopt(await link.open(Math.min(connectTimeoutMs, scope.remainingMs())));
    } catch (error) {
      log(`printer: ${errorText(error)}`);
      return failure('PRINTER_OFFLINE');
    }
    let status: PrinterStatus = { state: 'unknown', detail: `a ${link.kind} link cannot report status` };
    if (link.twoWay) {
      scope.stage = 'status';
      const started = Date.now();
      status = parseStatus(await session.query(STATUS_QUERY, STATUS_ANSWER_LENGTH, statusTimeoutMs));
      log(`printer: status ${status.state} in ${Date.now() - started} ms`);
      const blocked = blockingCode(status);
      if (blocked) {
        session.abort();
        return failure(blocked);
      }
    }
    scope.stage = 'sending';
    try {
      await session.write(bytes);
      await session.end();
    } catch (error) {
      session.abort();
      const stage = error instanceof TransportError ? error.stage : 'write';
      log(`printer: ${errorText(error)}`);
      return stage === 'connect' ? failure('PRINTER_OFFLINE') : failure('PRINT_FAILED', true);
    }
    return { ok: true, bytes: bytes.length, warnings, status };
  }

  return {
    uri: options.uri,
    print(slip, opts = {}) {
      const result = queue.then(() => runPrint(slip, opts.openDrawer ?? false));
      queue = result.then(noop, noop);
      return result;
    },
    status() {
      if (configError || !transport) return Promise.resolve({ state: 'offline', detail: configError ?? 'no printer' });
      const link = transport;
      const previous = queue;
      // The cap runs from the call, so a read behind a stuck print still answers in time.
      const scope = new JobScope(Date.now() + statusReadTimeoutMs);
      const result = withinDeadline<PrinterStatus>(
        scope,
        () => previous.then(() => (scope.timedOut ? statusTimedOut('queued') : readStatus(link, scope))),
        statusTimedOut,
        (error) => ({ state: 'unknown', detail: errorText(error) }),
      );
      // The next job still waits for the one in front, even when this read gave up early.
      queue = Promise.all([previous, result]).then(noop, noop);
      return result;
    },
    async close() {
      closed = true;
      await queue;
    },
  };
}
