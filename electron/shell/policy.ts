// What the Electron shell allows, decided from the command line, the build and config.json, as
// plain data: no menu and no devtools in a packaged build, reload shortcuts never, kiosk on request.
import type { ShellSettings } from '../services/config';

export interface ShellPolicy {
  /** `--dev` on an unpackaged build: the default menu and devtools, for development only. */
  development: boolean;
  /** Full screen, no window chrome, left only with a supervisor PIN. */
  kiosk: boolean;
  /** Said once at start when the command line asked for something the build does not allow. */
  notice?: string;
}

export function shellPolicy(input: { argv: readonly string[]; isPackaged: boolean; settings: Pick<ShellSettings, 'kiosk'> }): ShellPolicy {
  const askedDev = input.argv.includes('--dev');
  const kiosk = input.settings.kiosk || input.argv.includes('--kiosk');
  if (askedDev && input.isPackaged) {
    return { development: false, kiosk, notice: '--dev is ignored in an installed build: no menu, no devtools.' };
  }
  if (askedDev && kiosk) {
    return { development: false, kiosk, notice: '--dev is ignored in kiosk mode: no menu, no devtools.' };
  }
  return { development: askedDev, kiosk };
}

/** BrowserWindow options the policy decides (merged into the window's own options). */
export function windowOptions(policy: ShellPolicy): { kiosk: boolean; fullscreen: boolean; frame: boolean; autoHideMenuBar: boolean; webPreferences: { devTools: boolean } } {
  return {
    kiosk: policy.kiosk,
    fullscreen: policy.kiosk,
    frame: !policy.kiosk,
    autoHideMenuBar: !policy.development,
    webPreferences: { devTools: policy.development },
  };
}

/** A key press as Electron's `before-input-event` reports it. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/**
 * Why a key press is swallowed before the page sees it, or undefined to let it through. A reload
 * during a purchase is a money hazard, so reload keys are refused even in development; devtools
 * keys outside development; in kiosk mode the keys that close or leave the window too.
 */
export function blockedShortcut(input: KeyInput, policy: ShellPolicy, platform: NodeJS.Platform = process.platform): string | undefined {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return undefined;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const command = platform === 'darwin' ? input.meta : input.control;
  if (key === 'F5' || key === 'BrowserRefresh' || (command && key === 'r')) return 'reload';
  if (!policy.development) {
    if (key === 'F12') return 'devtools';
    if (command && input.shift && ['i', 'j', 'c'].includes(key)) return 'devtools';
    if (platform === 'darwin' && input.meta && input.alt && ['i', 'j', 'c'].includes(key)) return 'devtools';
  }
  if (policy.kiosk) {
    if (command && ['w', 'q', 'n', 't'].includes(key)) return 'kiosk';
    if (input.alt && key === 'F4') return 'kiosk';
    if (key === 'F11') return 'kiosk';
    if (input.alt && (key === 'ArrowLeft' || key === 'ArrowRight')) return 'kiosk';
  }
  return undefined;
}

/** Links may go to the system browser only when their origin is in config.json shell.openExternal. */
export function mayOpenExternally(url: string, allowlist: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return allowlist.some((origin) => origin.replace(/\/+$/, '') === parsed.origin);
}

/** Start at login (Windows, macOS: Electron's login items; Linux: the kiosk guide's systemd unit). */
export function loginItemSettings(settings: Pick<ShellSettings, 'startAtLogin'>, argv: readonly string[]): { openAtLogin: boolean; args: string[] } {
  // The data directory travels with the login item so it starts the same till.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--data-dir=')) args.push(arg);
    else if (arg === '--data-dir' && argv[i + 1]) args.push(`--data-dir=${argv[i + 1]}`);
  }
  return { openAtLogin: settings.startAtLogin, args };
}
