// Each service's upstream password at rest: encrypted by the operating system's keystore
// (Electron's safeStorage) and never written in clear, never sent to the renderer. The browser host,
// which has no keystore, takes them from its environment instead.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
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
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(cipher.encrypt(password));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
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
  try {
    return cipher.decrypt(data);
  } catch {
    throw new Error(`${path} cannot be decrypted on this machine or by this user; store the password again.`);
  }
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
