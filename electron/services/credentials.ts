// The upstream password at rest: encrypted by the operating system's keystore (Electron's
// safeStorage) and never written in clear, never sent to the renderer.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

const FILE = 'upstream-password.enc';

export async function saveUpstreamPassword(dataDir: string, password: string, cipher: Cipher): Promise<void> {
  if (password.length === 0) throw new Error('The upstream password is empty.');
  const path = join(dataDir, FILE);
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

export async function loadUpstreamPassword(dataDir: string, cipher: Cipher): Promise<string | undefined> {
  let data: Buffer;
  try {
    data = await readFile(join(dataDir, FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return cipher.decrypt(data);
  } catch {
    throw new Error(`${join(dataDir, FILE)} cannot be decrypted on this machine or by this user; store the password again.`);
  }
}
