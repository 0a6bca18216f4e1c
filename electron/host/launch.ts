// How the browser host hands its secret to Chromium without leaking it to other local users: the
// password leaves the environment as soon as it is read, Chromium gets a filtered environment and
// only a one-time code on its command line (readable by anyone through ps and /proc), and the URL
// with the session secret goes to a terminal, or else to a file only this user can read.
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { PASSWORD_ENV, servicePasswordsFromEnv, type ServicePasswords } from '../services/credentials';

/**
 * Reads each service's password (POS_UPSTREAM_PASSWORD, POS_AIRTIME_PASSWORD) and removes it from
 * this process's environment, so no child process inherits it.
 */
export function takeServicePasswords(env: NodeJS.ProcessEnv = process.env): ServicePasswords {
  const passwords = servicePasswordsFromEnv(env);
  for (const name of Object.values(PASSWORD_ENV)) delete env[name];
  return passwords;
}

/** Variables a desktop browser needs to show a window, find fonts and speak the user's language. */
const PASSED = new Set([
  'HOME', 'USER', 'LOGNAME', 'SHELL', 'PATH', 'TMPDIR', 'TZ', 'LANG', 'LANGUAGE',
  'DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS',
  'FONTCONFIG_FILE', 'FONTCONFIG_PATH',
  // Windows and macOS equivalents.
  'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'windir', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMFILES', 'TEMP', 'TMP',
]);
const PASSED_PREFIXES = ['LC_', 'XDG_'];

/**
 * Chromium's environment: only what it needs, named one by one, so nothing the host was started
 * with (passwords, tokens, cloud keys) reaches a process that runs web content.
 */
export function chromiumEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (PASSED.has(name) || PASSED_PREFIXES.some((prefix) => name.startsWith(prefix))) out[name] = value;
  }
  return out;
}

/** Chromium in app mode on a one-time launch URL, with the data directory's own profile. */
export function chromiumArguments(launchUrl: string, profileDir: string, extra: readonly string[] = []): string[] {
  return [
    `--app=${launchUrl}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extra,
  ];
}

export const URL_FILE = 'launch-url';

/**
 * Shows the URL that carries the session secret: on a terminal, printed; otherwise (a service, a
 * pipe, a log collector) written to <data dir>/launch-url with mode 0600 and only its path printed.
 */
export async function publishLaunchUrl(url: string, options: { isTTY: boolean; dataDir: string; print: (line: string) => void }): Promise<{ printed: true } | { file: string }> {
  if (options.isTTY) {
    options.print('Open this URL in Chromium (it carries this launch\'s secret):');
    options.print(url);
    return { printed: true };
  }
  const file = join(options.dataDir, URL_FILE);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${url}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  options.print(`URL file: ${file} (the URL to open carries this launch's secret; only this user can read the file)`);
  return { file };
}
