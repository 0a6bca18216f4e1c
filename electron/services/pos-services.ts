// Composition of the main-side services behind the bridge. Both hosts (Electron and the browser
// host) call startPosServices and serve the handlers it returns; neither has logic of its own.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppInfo, BridgeHandlers, BridgeResult } from '../../shared/bridge';
import { slipFor } from '../../shared/print';
import { OPERATION_IDS, type OperationId } from '../../shared/protocol/operations';
import { createPrinterService, type PrinterService } from '../printer/service';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { createUpstreamClient } from '../upstream/client';
import { loadConfig } from './config';
import { adviceBatchHandler } from './advice-batch';
import { backupHandlers, createBackupWriter } from './backup';
import { EventHub } from './events';
import { PerPurchaseQueue } from './per-purchase';

export interface PosServicesOptions {
  host: AppInfo['host'];
  dataDir: string;
  version: string;
  /** Overrides config upstream.baseUrl. */
  upstreamUrl?: string;
  /** Overrides config printer.uri. */
  printerUri?: string;
  /** Upstream password (live mode); never stored in config.json. */
  upstreamPassword?: string;
  log?: (line: string) => void;
}

export interface PosServices {
  handlers: BridgeHandlers;
  info: AppInfo;
  events: EventHub;
  /** The embedded simulator, when the upstream is the training one. */
  simulator?: RunningSimulator;
  close(): Promise<void>;
}

export async function startPosServices(options: PosServicesOptions): Promise<PosServices> {
  const log = options.log ?? (() => undefined);
  const config = await loadConfig(options.dataDir);
  const events = new EventHub();

  let simulator: RunningSimulator | undefined;
  let credentials: { username: string; password: string } | undefined;
  const configuredUrl = options.upstreamUrl ?? config.upstream.baseUrl;
  if (!configuredUrl) {
    // Training mode: the embedded simulator, with credentials made up for this launch only.
    credentials = { username: 'training', password: randomBytes(16).toString('hex') };
    simulator = await startSimulator({ port: 0, credentials });
  } else if (config.upstream.username && options.upstreamPassword) {
    credentials = { username: config.upstream.username, password: options.upstreamPassword };
  }
  const baseUrl = simulator?.baseUrl ?? configuredUrl ?? '';
  const mode = simulator ? 'training' : config.mode;
  const caPem = config.upstream.caFile ? await readFile(config.upstream.caFile, 'utf8') : undefined;

  const client = createUpstreamClient({
    baseUrl,
    ...(credentials ? { credentials } : {}),
    ...(caPem ? { caPem } : {}),
    training: mode === 'training',
    timeoutsMs: operationTimeouts(config.upstream.timeoutMs, config.upstream.timeoutsMs),
    log: (entry) => log(`upstream ${JSON.stringify(entry)}`),
  });

  const printerUri = options.printerUri ?? config.printer.uri ?? pathToFileURL(join(options.dataDir, 'slips.bin')).href;
  const printer: PrinterService = createPrinterService({
    uri: printerUri,
    profile: {
      paperWidthMm: config.printer.paperWidthMm,
      ...(config.printer.cashDrawer ? { cashDrawer: config.printer.cashDrawer } : {}),
    },
    jobTimeoutMs: config.printer.jobTimeoutMs,
    statusReadTimeoutMs: config.printer.statusReadTimeoutMs,
    log,
  });

  const info: AppInfo = {
    host: options.host,
    mode,
    version: options.version,
    terminal: config.terminal,
    ...(config.operatorId ? { operatorId: config.operatorId } : {}),
    upstream: simulator ? 'Embedded training simulator' : baseUrl,
    printer: printerUri,
    cashDrawer: config.printer.cashDrawer !== undefined,
    outbox: config.outbox,
    timeZone: config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    journalRetentionDays: config.journal.retentionDays,
  };

  const ok = <T>(data: T): BridgeResult<T> => ({ ok: true, data });
  const backups = createBackupWriter({ dataDir: options.dataDir, log });
  // The renderer that asked may be gone (reload, crash) while its request is still at the upstream.
  const perPurchase = new PerPurchaseQueue();

  const handlers: BridgeHandlers = {
    'app:info': async () => ok(info),
    'upstream:meterLookup': async ({ request }) => ok(await client.createMeterLookup(request)),
    'upstream:purchase': async ({ request }) =>
      ok(await perPurchase.run(request.id, () => client.createTokenPurchaseRequest(request))),
    'upstream:retryPurchase': async ({ originalPurchaseId, request }) =>
      ok(await perPurchase.run(originalPurchaseId, () => client.retryPurchaseRequest(originalPurchaseId, request))),
    'upstream:confirm': async ({ purchaseId, advice }) =>
      ok(await perPurchase.run(purchaseId, () => client.confirmTokenPurchase(purchaseId, advice))),
    'upstream:reverse': async ({ purchaseId, advice }) =>
      ok(await perPurchase.run(purchaseId, () => client.reverseTokenPurchase(purchaseId, advice))),
    'upstream:keyChange': async ({ request }) => ok(await client.createKeyChangeTokenRequest(request)),
    'upstream:confirmKeyChange': async ({ requestId, advice }) => ok(await client.confirmKeyChange(requestId, advice)),
    'upstream:reprint': async ({ request }) => ok(await client.requestTokenReprint(request)),
    'upstream:faultReport': async ({ request }) => ok(await client.createFaultReport(request)),
    // The outbox's batches: each advice through the same path as its single-advice method above.
    'advice:batch': adviceBatchHandler({
      confirmation: { operation: 'confirmTokenPurchase', send: ({ purchaseId, advice }) => perPurchase.run(purchaseId, () => client.confirmTokenPurchase(purchaseId, advice)) },
      reversal: { operation: 'reverseTokenPurchase', send: ({ purchaseId, advice }) => perPurchase.run(purchaseId, () => client.reverseTokenPurchase(purchaseId, advice)) },
      keyChangeConfirmation: { operation: 'confirmKeyChange', send: ({ purchaseId, advice }) => client.confirmKeyChange(purchaseId, advice) },
    }),
    'printer:print': async (request) => {
      const slip = slipFor(request, info);
      // Only a purchase's first print may open the drawer; a token reprint never does.
      const openDrawer = request.kind === 'purchase' && request.openDrawer === true && request.marks.reprint !== true;
      const result = await printer.print(slip, { openDrawer });
      if (result.ok) return ok({ bytes: result.bytes, printer: printerUri });
      const code = result.code === 'PAPER_OUT' || result.code === 'PRINTER_OFFLINE' ? result.code : 'PRINT_FAILED';
      return { ok: false, error: { code, message: result.message } };
    },
    // The service caps the status query itself; a read that goes wrong is "unknown", never a failure.
    'printer:status': async () => ok(await printer.status().catch((error: unknown) => ({
      state: 'unknown' as const,
      detail: error instanceof Error ? error.message : String(error),
    }))),
    ...backupHandlers(backups),
  };

  return {
    handlers,
    info,
    events,
    ...(simulator ? { simulator } : {}),
    async close() {
      await printer.close();
      await backups.close();
      await simulator?.close();
    },
  };
}

function operationTimeouts(all: number | undefined, each: Partial<Record<OperationId, number>> = {}): Partial<Record<OperationId, number>> {
  const timeouts: Partial<Record<OperationId, number>> = {};
  for (const operation of OPERATION_IDS) {
    const ms = each[operation] ?? all;
    if (ms !== undefined) timeouts[operation] = ms;
  }
  return timeouts;
}
