// Electron host (thin edge): one locked-down window over the same services as the browser host.
// Only this file and preload.ts import 'electron'; all logic lives in plain modules.
import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatchBridgeCall } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY } from './host/browser-host';
import { startPosServices, type PosServices } from './services/pos-services';

const SCHEME = 'app';
const APP_ORIGIN = `${SCHEME}://pos`;

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let services: PosServices | undefined;

async function createWindow(): Promise<void> {
  const rendererRoot = resolve(join(__dirname, '..', 'renderer'));
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'pos') return new Response('Not found', { status: 404 });
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^\/+/, '');
    const file = resolve(join(rendererRoot, relative));
    if (!file.startsWith(rendererRoot + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });

  services = await startPosServices({
    host: 'electron',
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    log: (line) => console.log(line),
  });
  const { handlers, events } = services;

  ipcMain.handle('pos:invoke', (event, method: unknown, request: unknown) => {
    // Only our own page may call the bridge.
    if (new URL(event.senderFrame?.url ?? 'about:blank').origin !== APP_ORIGIN) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Caller is not the POS page' } };
    }
    return dispatchBridgeCall(handlers, method, request);
  });

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Prepaid POS',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const unsubscribe = events.subscribe((event) => win.webContents.send('pos:event', event));
  win.on('closed', unsubscribe);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation may open in the system browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  await createWindow();
}).catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});

app.on('window-all-closed', () => {
  void services?.close().finally(() => app.quit());
});
