// Composition of the main-side services behind the bridge. Both hosts (Electron and the browser
// host) call startPosServices and serve the handlers it returns; neither has logic of its own.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppInfo, BridgeHandlers, BridgeResult } from '../../shared/bridge';
import { opensDrawer, slipFor } from '../../shared/print';
import { AIRTIME_BASE_PATH } from '../../shared/protocol/airtime/operations';
import { createPrinterService, type PrinterService } from '../printer/service';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { startDevices } from '../hid';
import { exportLogs } from '../log/export';
import { createAirtimeClient, type AirtimeClient } from '../upstream/airtime-client';
import { createUpstreamClient, type UpstreamClient } from '../upstream/client';
import { loadConfig, serviceSettings, type ServiceId } from './config';
import type { ServicePasswords } from './credentials';
import { adviceBatchHandler } from './advice-batch';
import { backupHandlers, createBackupWriter } from './backup';
import { EventHub } from './events';
import { PerPurchaseQueue } from './per-purchase';

export interface PosServicesOptions {
  host: AppInfo['host'];
  dataDir: string;
  version: string;
  /** Overrides the Prepaid Utility base URL (config upstream.baseUrl / services.prepaidUtility.baseUrl). */
  upstreamUrl?: string;
  /** Overrides config services.airtime.baseUrl. */
  airtimeUrl?: string;
  /** Overrides config printer.uri. */
  printerUri?: string;
  /** Prepaid Utility upstream password (live mode); never stored in config.json. */
  upstreamPassword?: string;
  /** Each service's upstream password (live mode); `upstreamPassword` wins for Prepaid Utility. */
  servicePasswords?: ServicePasswords;
  /** Serve the embedded simulator's /_sim control API (request log, faults, reset): for tests and drills only. */
  simControl?: boolean;
  log?: (line: string) => void;
  /**
   * Leaving kiosk mode with a supervisor's PIN (Electron's KioskGate). Absent: this host has no kiosk
   * mode of its own (the browser host under Chromium --kiosk is left by stopping its unit).
   */
  leaveKiosk?: (pin: string) => Promise<{ left: boolean; message: string }>;
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

  const settings = serviceSettings(config);
  const urls: Record<ServiceId, string | undefined> = {
    prepaidUtility: options.upstreamUrl ?? settings.prepaidUtility.baseUrl,
    airtime: options.airtimeUrl ?? settings.airtime.baseUrl,
  };
  const passwords: ServicePasswords = {
    ...options.servicePasswords,
    ...(options.upstreamPassword ? { prepaidUtility: options.upstreamPassword } : {}),
  };

  let simulator: RunningSimulator | undefined;
  let credentials: { username: string; password: string } | undefined;
  // Training: every enabled service without an upstream of its own uses the embedded simulator, which
  // serves them all on one port under their base paths, with credentials made up for this launch only.
  const simulated = (id: ServiceId) => settings[id].enabled && !urls[id];
  if (simulated('prepaidUtility') || simulated('airtime')) {
    credentials = { username: 'training', password: randomBytes(16).toString('hex') };
    simulator = await startSimulator({ port: 0, credentials, controlApi: options.simControl === true });
  }
  const mode = simulator ? 'training' : config.mode;
  const simulatorUrl: Record<ServiceId, string | undefined> = {
    prepaidUtility: simulator?.baseUrl,
    airtime: simulator ? `${simulator.origin}${AIRTIME_BASE_PATH}` : undefined,
  };
  /** Where a service's client goes and how it signs in; undefined for a service that is off. */
  async function connection(id: ServiceId) {
    if (!settings[id].enabled) return undefined;
    const fromSimulator = simulated(id);
    const baseUrl = fromSimulator ? simulatorUrl[id] : urls[id];
    if (!baseUrl) return undefined;
    const { username, caFile } = settings[id];
    const password = passwords[id];
    const signIn = fromSimulator ? credentials : username && password ? { username, password } : undefined;
    const caPem = !fromSimulator && caFile ? await readFile(caFile, 'utf8') : undefined;
    return {
      baseUrl,
      ...(signIn ? { credentials: signIn } : {}),
      ...(caPem ? { caPem } : {}),
      training: mode === 'training',
    };
  }

  const ppuConnection = await connection('prepaidUtility');
  const client: UpstreamClient | undefined = ppuConnection
    ? createUpstreamClient({
        ...ppuConnection,
        timeoutsMs: settings.prepaidUtility.timeoutsMs,
        log: (entry) => log(`upstream ${JSON.stringify(entry)}`),
      })
    : undefined;
  const airtimeConnection = await connection('airtime');
  const airtime: AirtimeClient | undefined = airtimeConnection
    ? createAirtimeClient({
        ...airtimeConnection,
        timeoutsMs: settings.airtime.timeoutsMs,
        log: (entry) => log(`airtime ${JSON.stringify(entry)}`),
      })
    : undefined;
  const describeUpstream = (id: ServiceId) => (simulated(id) ? 'Embedded training simulator' : (urls[id] ?? 'none'));

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
    upstream: describeUpstream('prepaidUtility'),
    printer: printerUri,
    cashDrawer: config.printer.cashDrawer !== undefined,
    outbox: config.outbox,
    timeZone: config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    journalRetentionDays: config.journal.retentionDays,
    services: {
      prepaidUtility: { enabled: client !== undefined, displayName: settings.prepaidUtility.displayName, upstream: describeUpstream('prepaidUtility') },
      airtime: {
        enabled: airtime !== undefined,
        displayName: settings.airtime.displayName,
        upstream: describeUpstream('airtime'),
        ...(settings.airtime.channelName ? { channelName: settings.airtime.channelName } : {}),
        ...(settings.airtime.catalogue ? { catalogue: settings.airtime.catalogue } : {}),
      },
    },
  };

  const ok = <T>(data: T): BridgeResult<T> => ({ ok: true, data });
  const backups = createBackupWriter({ dataDir: options.dataDir, log });
  // The renderer that asked may be gone (reload, crash) while its request is still at the upstream.
  const perPurchase = new PerPurchaseQueue();
  // USB HID card reader and scanner; without node-hid/libusb it says so and the till runs on.
  const devices = await startDevices({ dataDir: options.dataDir, emit: (event) => events.emit(event), log });
  const serviceOff = (id: ServiceId): BridgeResult<never> => ({
    ok: false,
    error: { code: 'SERVICE_OFF', message: `${settings[id].displayName} is not offered on this till (config.json services.${id}).` },
  });
  const electricity = async <T>(work: (c: UpstreamClient) => Promise<T>): Promise<BridgeResult<T>> =>
    client ? ok(await work(client)) : serviceOff('prepaidUtility');
  const airtimeCall = async <T>(work: (c: AirtimeClient) => Promise<T>): Promise<BridgeResult<T>> =>
    airtime ? ok(await work(airtime)) : serviceOff('airtime');

  const handlers: BridgeHandlers = {
    'app:info': async () => ok(info),
    'upstream:meterLookup': async ({ request }) => electricity((c) => c.createMeterLookup(request)),
    'upstream:purchase': async ({ request }) =>
      electricity((c) => perPurchase.run(request.id, () => c.createTokenPurchaseRequest(request))),
    'upstream:retryPurchase': async ({ originalPurchaseId, request }) =>
      electricity((c) => perPurchase.run(originalPurchaseId, () => c.retryPurchaseRequest(originalPurchaseId, request))),
    'upstream:confirm': async ({ purchaseId, advice }) =>
      electricity((c) => perPurchase.run(purchaseId, () => c.confirmTokenPurchase(purchaseId, advice))),
    'upstream:reverse': async ({ purchaseId, advice }) =>
      electricity((c) => perPurchase.run(purchaseId, () => c.reverseTokenPurchase(purchaseId, advice))),
    'upstream:keyChange': async ({ request }) => electricity((c) => c.createKeyChangeTokenRequest(request)),
    'upstream:confirmKeyChange': async ({ requestId, advice }) => electricity((c) => c.confirmKeyChange(requestId, advice)),
    'upstream:reprint': async ({ request }) => electricity((c) => c.requestTokenReprint(request)),
    'upstream:faultReport': async ({ request }) => electricity((c) => c.createFaultReport(request)),
    // Airtime: a purchase, its status queries and its advices reach the upstream one at a time, in
    // order (the advices name the purchase in `requestId`); catalogue and number lookups need no order.
    'airtime:listProducts': async ({ channelName }) => airtimeCall((c) => c.listProducts(channelName ?? settings.airtime.channelName)),
    'airtime:lookupMsisdn': async (query) => {
      const channelName = query.channelName ?? settings.airtime.channelName;
      return airtimeCall((c) => c.lookupMsisdn({ ...query, ...(channelName ? { channelName } : {}) }));
    },
    'airtime:purchase': async ({ request }) => airtimeCall((c) => perPurchase.run(request.id, () => c.purchase(request))),
    'airtime:trial': async ({ request }) => airtimeCall((c) => c.purchaseTrial(request)),
    'airtime:status': async ({ originalMsgId }) =>
      airtimeCall((c) => perPurchase.run(originalMsgId, () => c.purchaseStatus({ originalMsgId }))),
    'airtime:confirm': async ({ advice }) => airtimeCall((c) => perPurchase.run(advice.requestId, () => c.purchaseConfirmation(advice))),
    'airtime:reverse': async ({ advice }) => airtimeCall((c) => perPurchase.run(advice.requestId, () => c.purchaseReversal(advice))),
    // The outbox's batches: each advice kind through the same path as its single-advice method above.
    'advice:batch': adviceBatchHandler({
      confirmation: { operation: 'confirmTokenPurchase', send: ({ purchaseId, advice }) => electricity((c) => perPurchase.run(purchaseId, () => c.confirmTokenPurchase(purchaseId, advice))) },
      reversal: { operation: 'reverseTokenPurchase', send: ({ purchaseId, advice }) => electricity((c) => perPurchase.run(purchaseId, () => c.reverseTokenPurchase(purchaseId, advice))) },
      keyChangeConfirmation: { operation: 'confirmKeyChange', send: ({ purchaseId, advice }) => electricity((c) => c.confirmKeyChange(purchaseId, advice)) },
      airtimeConfirmation: { operation: 'purchaseConfirmation', send: ({ advice }) => airtimeCall((c) => perPurchase.run(advice.requestId, () => c.purchaseConfirmation(advice))) },
      airtimeReversal: { operation: 'purchaseReversal', send: ({ advice }) => airtimeCall((c) => perPurchase.run(advice.requestId, () => c.purchaseReversal(advice))) },
    }),
    'printer:print': async (request) => {
      const slip = slipFor(request, info);
      const openDrawer = opensDrawer(request);
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
    'logs:export': async ({ days }) => ok(await exportLogs(options.dataDir, days)),
    'app:leaveKiosk': async ({ pin }) =>
      ok(options.leaveKiosk ? await options.leaveKiosk(pin) : { left: false, message: 'This till is not in kiosk mode.' }),
    ...devices.handlers,
  };

  return {
    handlers,
    info,
    events,
    ...(simulator ? { simulator } : {}),
    async close() {
      await devices.close();
      await printer.close();
      await backups.close();
      await simulator?.close();
    },
  };
}
