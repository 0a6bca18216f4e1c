// What the Electron window may do, as plain data and functions (testable without Electron).
import { mayOpenExternally } from './shell/policy';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://pos`;

/** webPreferences for every window: the renderer gets no Node and talks only through the preload. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/**
 * Whether a URL belongs to the app's own origin. Compared by scheme and host: Node's URL reports
 * the origin of a custom scheme as "null", so comparing origins would refuse everything.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'pos';
  } catch {
    return false;
  }
}

/** Navigation stays inside the app's own origin. */
export const isAllowedNavigation = isAppUrl;

/**
 * Nothing opens inside the app; a link goes to the system browser only when its https origin is
 * listed in config.json shell.openExternal (none by default).
 */
export function windowOpenDecision(url: string, allowlist: readonly string[] = []): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: mayOpenExternally(url, allowlist) };
}

/** Maps an app:// request path to a file under the renderer folder, or undefined (traversal, other host). */
export function resolveAppFile(requestUrl: string, rendererRoot: string, join: (...p: string[]) => string, sep: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'pos') return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return undefined;
  }
  const file = join(rendererRoot, path.replace(/^\/+/, ''));
  return file.startsWith(rendererRoot + sep) ? file : undefined;
}

/** `--data-dir=DIR` or `--data-dir DIR` on the command line (kiosk installs, tests). */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length) || undefined;
    if (arg === '--data-dir') return argv[i + 1];
  }
  return undefined;
}
