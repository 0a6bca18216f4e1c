// Electron host (thin edge): one locked-down window over the same services as the browser host.
// Only this file and preload.ts import 'electron'; all logic lives in plain modules.
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatchBridgeCall } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY } from './host/browser-host';
import { loadServicePasswords, saveServicePassword, servicePasswordsFromEnv, type Cipher, type PasswordService } from './services/credentials';
import { startPosServices, type PosServices } from './services/pos-services';
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

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let services: PosServices | undefined;

/** The operating system's keystore (Keychain, DPAPI, libsecret) through safeStorage. */
const osCipher: Cipher = {
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};

/** `--store-upstream-password`: encrypts $POS_UPSTREAM_PASSWORD and/or $POS_AIRTIME_PASSWORD into the data directory and exits. */
async function storePasswordAndExit(): Promise<void> {
  const passwords = servicePasswordsFromEnv(process.env);
  if (!safeStorage.isEncryptionAvailable()) {
    console.error('This system offers no keystore to encrypt the password with; nothing was stored.');
    app.exit(1);
    return;
  }
  const services = Object.keys(passwords) as PasswordService[];
  if (services.length === 0) {
    console.error('Neither POS_UPSTREAM_PASSWORD nor POS_AIRTIME_PASSWORD is set; nothing was stored.');
    app.exit(1);
    return;
  }
  for (const service of services) {
    await saveServicePassword(dataDirArgument(process.argv) ?? app.getPath('userData'), service, passwords[service] ?? '', osCipher);
  }
  console.log(`Stored, encrypted by the operating system keystore: ${services.join(', ')} password.`);
  app.exit(0);
}

async function createWindow(): Promise<void> {
  const rendererRoot = resolve(join(__dirname, '..', 'renderer'));
  protocol.handle(SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererRoot, (...parts) => resolve(join(...parts)), sep);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });

  const dataDir = dataDirArgument(process.argv) ?? app.getPath('userData');
  const servicePasswords = safeStorage.isEncryptionAvailable() ? await loadServicePasswords(dataDir, osCipher) : {};
  services = await startPosServices({
    host: 'electron',
    dataDir,
    version: app.getVersion(),
    ...(process.env.POS_SIM_CONTROL === '1' ? { simControl: true } : {}),
    servicePasswords,
    log: (line) => console.log(line),
  });
  const { handlers, events } = services;

  ipcMain.handle('pos:invoke', (event, method: unknown, request: unknown) => {
    // Only our own page may call the bridge.
    if (!isAppUrl(event.senderFrame?.url ?? 'about:blank')) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Caller is not the POS page' } };
    }
    return dispatchBridgeCall(handlers, method, request);
  });

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Prepaid POS',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(__dirname, 'preload.cjs') },
  });
  const unsubscribe = events.subscribe((event) => win.webContents.send('pos:event', event));
  win.on('closed', unsubscribe);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
});

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (process.argv.includes('--store-upstream-password')) return storePasswordAndExit();
  await createWindow();
}).catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});

app.on('window-all-closed', () => {
  void services?.close().finally(() => app.quit());
});
