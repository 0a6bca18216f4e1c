// Each service's upstream password at rest: encrypted by the operating system's keystore
// (Electron's safeStorage, asynchronous API) and never written in clear, never sent to the renderer.
// The browser host, which has no keystore, takes them from its environment instead.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface Cipher {
  encrypt(plain: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the keystore's key changed; the file is written again with the new one. */
  decrypt(data: Buffer): Promise<{ result: string; shouldReEncrypt?: boolean }>;
}

/** The keystore as safeStorage describes it, so the rule below runs without Electron. */
export interface Keystore extends Cipher {
  isAvailable(): Promise<boolean>;
  /** Linux only: which password store safeStorage picked (`basic_text` is a fixed key, no protection). */
  backend(): string;
}

export type PasswordStoreVerdict = { ok: true; warning?: string } | { ok: false; message: string };

/**
 * Whether the password may be stored with this keystore. On Linux without a keyring safeStorage
 * falls back to `basic_text`, a key built into every copy of Chromium: the file would look
 * encrypted and protect nothing, so that needs config.json `shell.acceptUnprotectedPasswordStore`.
 */
export function passwordStoreVerdict(input: {
  platform: NodeJS.Platform;
  available: boolean;
  backend: string;
  acceptUnprotected: boolean;
}): PasswordStoreVerdict {
  if (!input.available) {
    return { ok: false, message: 'This system offers no keystore to encrypt the password with; nothing was stored.' };
  }
  if (input.platform !== 'linux') return { ok: true };
  if (input.backend === 'basic_text') {
    if (input.acceptUnprotected) {
      return {
        ok: true,
        warning: 'No keyring on this system: the password is stored with Electron\'s built-in key (basic_text), which anyone who can read the data directory can undo. config.json shell.acceptUnprotectedPasswordStore accepts that.',
      };
    }
    return {
      ok: false,
      message:
        'No keyring on this system (GNOME Keyring, KWallet): Electron would store the password with its built-in key (basic_text), which anyone who can read the data directory can undo. Nothing was stored. Install and unlock a keyring, or set "shell": { "acceptUnprotectedPasswordStore": true } in config.json to accept that risk.',
    };
  }
  if (input.backend === 'unknown') {
    return { ok: false, message: 'The keystore is not ready yet (asked before the app was ready); nothing was stored.' };
  }
  return { ok: true };
}

/** Passwords by service; Prepaid Utility keeps the file name it had before there were services. */
export const PASSWORD_FILES = { prepaidUtility: 'upstream-password.enc', airtime: 'airtime-password.enc' } as const;
export type PasswordService = keyof typeof PASSWORD_FILES;
/** Where the browser host (and `--store-upstream-password`) read each password from. */
export const PASSWORD_ENV = { prepaidUtility: 'POS_UPSTREAM_PASSWORD', airtime: 'POS_AIRTIME_PASSWORD' } as const;

export type ServicePasswords = Partial<Record<PasswordService, string>>;

export async function saveServicePassword(dataDir: string, service: PasswordService, password: string, cipher: Cipher): Promise<void> {
  if (password.length === 0) throw new Error(`The ${service} password is empty.`);
  const path = join(dataDir, PASSWORD_FILES[service]);
  const encrypted = await cipher.encrypt(password);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(encrypted);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/** Checks the keystore with passwordStoreVerdict, then stores every password given; says what it did. */
export async function storeServicePasswords(
  dataDir: string,
  passwords: ServicePasswords,
  keystore: Keystore,
  rule: { platform: NodeJS.Platform; acceptUnprotected: boolean },
): Promise<PasswordStoreVerdict> {
  const verdict = passwordStoreVerdict({
    platform: rule.platform,
    available: await keystore.isAvailable(),
    backend: rule.platform === 'linux' ? keystore.backend() : 'os',
    acceptUnprotected: rule.acceptUnprotected,
  });
  if (!verdict.ok) return verdict;
  for (const service of Object.keys(passwords) as PasswordService[]) {
    await saveServicePassword(dataDir, service, passwords[service] ?? '', keystore);
  }
  return verdict;
}

export async function loadServicePassword(dataDir: string, service: PasswordService, cipher: Cipher): Promise<string | undefined> {
  const path = join(dataDir, PASSWORD_FILES[service]);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let decrypted: { result: string; shouldReEncrypt?: boolean };
  try {
    decrypted = await cipher.decrypt(data);
  } catch {
    throw new Error(`${path} cannot be decrypted on this machine or by this user; store the password again.`);
  }
  if (decrypted.shouldReEncrypt) await saveServicePassword(dataDir, service, decrypted.result, cipher);
  return decrypted.result;
}

/** Every stored password (a service without one is absent). */
export async function loadServicePasswords(dataDir: string, cipher: Cipher): Promise<ServicePasswords> {
  const passwords: ServicePasswords = {};
  for (const service of Object.keys(PASSWORD_FILES) as PasswordService[]) {
    const password = await loadServicePassword(dataDir, service, cipher);
    if (password !== undefined) passwords[service] = password;
  }
  return passwords;
}

/** The passwords the environment holds (empty ones ignored). */
export function servicePasswordsFromEnv(env: NodeJS.ProcessEnv): ServicePasswords {
  const passwords: ServicePasswords = {};
  for (const service of Object.keys(PASSWORD_ENV) as PasswordService[]) {
    const value = env[PASSWORD_ENV[service]];
    if (value) passwords[service] = value;
  }
  return passwords;
}

export const saveUpstreamPassword = (dataDir: string, password: string, cipher: Cipher): Promise<void> =>
  saveServicePassword(dataDir, 'prepaidUtility', password, cipher);
export const loadUpstreamPassword = (dataDir: string, cipher: Cipher): Promise<string | undefined> =>
  loadServicePassword(dataDir, 'prepaidUtility', cipher);
