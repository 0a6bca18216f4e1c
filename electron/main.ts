// Electron host (thin edge): a locked-down cashier window and a hidden outbox window over the same
// services as the browser host. Only this file and preload.ts import 'electron'; every rule it applies
// lives in a plain module with its own tests (window-policy.ts, shell/*, services/credentials.ts).
import { app, BrowserWindow, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatchBridgeCall } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY } from './host/browser-host';
import { lineLogger, startLog, type RunningLog } from './log/logger';
import { loadConfig, type PosConfig } from './services/config';
import {
  loadServicePasswords,
  PASSWORD_ENV,
  passwordStoreVerdict,
  servicePasswordsFromEnv,
  storeServicePasswords,
  type Keystore,
  type ServicePasswords,
} from './services/credentials';
import { startPosServices, type PosServices } from './services/pos-services';
import { watchRenderer } from './shell/crash-recovery';
import { KioskGate, noSupervisorsYet } from './shell/kiosk';
import { blockedShortcut, loginItemSettings, shellPolicy, windowOptions, type ShellPolicy } from './shell/policy';
import { claimSingleInstance } from './shell/single-instance';
import {
  APP_ORIGIN,
  APP_SCHEME as SCHEME,
  dataDirArgument,
  isAllowedNavigation,
  isAppUrl,
  resolveAppFile,
  SECURE_WEB_PREFERENCES,
  windowOpenDecision,
} from './window-policy';

const CASHIER_URL = `${APP_ORIGIN}/index.html`;
const OUTBOX_URL = `${APP_ORIGIN}/outbox.html`;
/** After the cashier window closes, the outbox window keeps sending this long before the app ends. */
const OUTBOX_GRACE_MS = 30_000;

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

const storingPassword = process.argv.includes('--store-upstream-password');
let cashier: BrowserWindow | undefined;
let outboxWindow: BrowserWindow | undefined;
let services: PosServices | undefined;
let log: RunningLog | undefined;
let policy: ShellPolicy = { development: false, kiosk: false };
let gate = new KioskGate({ enabled: false, verifySupervisorPin: noSupervisorsYet });
let config: PosConfig | undefined;
let ending: ReturnType<typeof setTimeout> | undefined;

/** The operating system's keystore through safeStorage's asynchronous API. */
const keystore: Keystore = {
  isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
  backend: () => safeStorage.getSelectedStorageBackend(),
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: (data) => safeStorage.decryptStringAsync(data),
};

const dataDir = (): string => dataDirArgument(process.argv) ?? app.getPath('userData');

/** `--store-upstream-password`: encrypts $POS_UPSTREAM_PASSWORD and/or $POS_AIRTIME_PASSWORD into the data directory and exits. */
async function storePasswordAndExit(settings: PosConfig): Promise<void> {
  const passwords = servicePasswordsFromEnv(process.env);
  for (const name of Object.values(PASSWORD_ENV)) delete process.env[name];
  const services = Object.keys(passwords);
  if (services.length === 0) {
    console.error('Neither POS_UPSTREAM_PASSWORD nor POS_AIRTIME_PASSWORD is set; nothing was stored.');
    app.exit(1);
    return;
  }
  const verdict = await storeServicePasswords(dataDir(), passwords, keystore, {
    platform: process.platform,
    acceptUnprotected: settings.shell.acceptUnprotectedPasswordStore,
  });
  if (!verdict.ok) {
    console.error(verdict.message);
    app.exit(1);
    return;
  }
  if (verdict.warning) console.error(verdict.warning);
  console.log(`Stored, encrypted by the operating system keystore: ${services.join(', ')} password.`);
  app.exit(0);
}

async function readPasswords(settings: PosConfig, running: RunningLog): Promise<ServicePasswords> {
  const verdict = passwordStoreVerdict({
    platform: process.platform,
    available: await keystore.isAvailable(),
    backend: process.platform === 'linux' ? keystore.backend() : 'os',
    acceptUnprotected: settings.shell.acceptUnprotectedPasswordStore,
  });
  if (!verdict.ok) {
    running.warn('upstream passwords not read', { reason: verdict.message });
    return {};
  }
  if (verdict.warning) running.warn(verdict.warning);
  return loadServicePasswords(dataDir(), keystore);
}

function serveApp(): void {
  const rendererRoot = resolve(join(__dirname, '..', 'renderer'));
  protocol.handle(SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererRoot, (...parts) => resolve(join(...parts)), sep);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

function newWindow(show: boolean): BrowserWindow {
  const decided = windowOptions(policy);
  return new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Prepaid POS',
    ...(show ? { kiosk: decided.kiosk, fullscreen: decided.fullscreen, frame: decided.frame } : {}),
    autoHideMenuBar: decided.autoHideMenuBar,
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      devTools: decided.webPreferences.devTools,
      // The outbox window is never shown: its timers must not be throttled like a background tab's.
      backgroundThrottling: show,
      preload: join(__dirname, 'preload.cjs'),
    },
  });
}

/** The hidden window that runs the journal's outbox sender, whatever the cashier window does. */
async function openOutboxWindow(running: RunningLog): Promise<void> {
  const win = newWindow(false);
  outboxWindow = win;
  watchRenderer(win, win.webContents, { url: OUTBOX_URL, log: (m, f) => running.child({ window: 'outbox' }).warn(m, f) });
  win.on('closed', () => {
    if (outboxWindow === win) outboxWindow = undefined;
  });
  await win.loadURL(OUTBOX_URL);
}

async function openCashierWindow(running: RunningLog, current: PosServices): Promise<void> {
  const win = newWindow(true);
  cashier = win;
  const unsubscribe = current.events.subscribe((event) => win.webContents.send('pos:event', event));
  watchRenderer(win, win.webContents, { url: CASHIER_URL, log: (m, f) => running.child({ window: 'cashier' }).warn(m, f) });
  win.on('close', (event) => {
    // Kiosk mode: only a supervisor's PIN (app:leaveKiosk) lets the window close.
    if (!gate.mayClose()) event.preventDefault();
  });
  win.on('closed', () => {
    unsubscribe();
    if (cashier !== win) return;
    cashier = undefined;
    // Advices already due go out meanwhile; what is left waits in the journal for the next start.
    running.info('cashier window closed; the outbox window sends for a while, then the app ends', { graceMs: OUTBOX_GRACE_MS });
    ending = setTimeout(() => outboxWindow?.destroy(), OUTBOX_GRACE_MS);
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(CASHIER_URL);
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  config = await loadConfig(dataDir());
  if (storingPassword) return storePasswordAndExit(config);

  const running = await startLog({ dataDir: dataDir(), process: 'main', settings: config.logs, ...(app.isPackaged ? {} : { echo: (line) => console.log(line) }) });
  log = running;
  policy = shellPolicy({ argv: process.argv, isPackaged: app.isPackaged, settings: config.shell });
  if (policy.notice) running.warn(policy.notice);
  gate = new KioskGate({
    enabled: policy.kiosk,
    // Supervisor PINs belong to issue 11 (people and roles); until then no PIN opens kiosk mode.
    verifySupervisorPin: noSupervisorsYet,
    log: (m, f) => running.warn(m, f),
  });
  if (!policy.development) Menu.setApplicationMenu(null);
  if (app.isPackaged && process.platform !== 'linux') app.setLoginItemSettings(loginItemSettings(config.shell, process.argv));
  running.info('electron main starting', { version: app.getVersion(), kiosk: policy.kiosk, development: policy.development });

  serveApp();
  const servicePasswords = await readPasswords(config, running);
  const current = await startPosServices({
    host: 'electron',
    dataDir: dataDir(),
    version: app.getVersion(),
    ...(process.env.POS_SIM_CONTROL === '1' ? { simControl: true } : {}),
    servicePasswords,
    log: lineLogger(running),
    leaveKiosk: async (pin) => {
      const answer = await gate.leave(pin);
      if (answer.left) setImmediate(() => app.quit());
      return answer;
    },
  });
  services = current;

  ipcMain.handle('pos:invoke', (event, method: unknown, request: unknown) => {
    // Only our own pages (the cashier and the outbox window) may call the bridge.
    if (!isAppUrl(event.senderFrame?.url ?? 'about:blank')) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Caller is not the POS page' } };
    }
    return dispatchBridgeCall(current.handlers, method, request);
  });

  // The outbox window first, so it usually holds the sender's lock before the cashier page asks.
  await openOutboxWindow(running);
  await openCashierWindow(running, current);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    const why = blockedShortcut(input, policy);
    if (why) {
      event.preventDefault();
      log?.debug('shortcut swallowed', { why, key: input.key });
    }
  });
  contents.on('devtools-opened', () => {
    if (!policy.development) contents.closeDevTools();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, config?.shell.openExternal ?? []);
    if (decision.openExternally) void shell.openExternal(url);
    else log?.info('link not opened (not in shell.openExternal)', { url });
    return { action: decision.action };
  });
});

// A second launch focuses this one (or brings the cashier window back if it was closed); the
// one-shot --store-upstream-password runs beside a running till.
if (storingPassword || claimSingleInstance(app, () => cashier)) {
  app.on('second-instance', () => {
    if (cashier || !services || !log) return;
    clearTimeout(ending);
    void openCashierWindow(log, services);
  });

  app.whenReady().then(start).catch((err: unknown) => {
    console.error(err);
    log?.error('electron main failed to start', { error: err instanceof Error ? err.message : String(err) });
    app.exit(1);
  });

  app.on('before-quit', (event) => {
    if (!gate.mayClose()) event.preventDefault();
  });

  // The app ends when the outbox window has gone too.
  app.on('window-all-closed', () => {
    void services?.close().finally(() => {
      void log?.close().finally(() => app.quit());
    });
  });
}
