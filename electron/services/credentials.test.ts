import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServicePasswords, loadUpstreamPassword, saveServicePassword, saveUpstreamPassword, servicePasswordsFromEnv, type Cipher } from './credentials';

// A real AES-GCM cipher stands in for the OS keystore that Electron's safeStorage uses.
function aesCipher(key = randomBytes(32)): Cipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('upstream password at rest', () => {
  it('is stored encrypted, readable only by the owner, and read back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-cred-'));
    const cipher = aesCipher();
    await saveUpstreamPassword(dir, 's3cret-Pa55', cipher);
    const raw = await readFile(join(dir, 'upstream-password.enc'));
    expect(raw.toString('latin1')).not.toContain('s3cret');
    expect((await stat(join(dir, 'upstream-password.enc'))).mode & 0o077).toBe(0);
    expect(await loadUpstreamPassword(dir, cipher)).toBe('s3cret-Pa55');
  });

  it('is absent until stored, and a file from another key gives a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-cred-'));
    expect(await loadUpstreamPassword(dir, aesCipher())).toBeUndefined();
    await saveUpstreamPassword(dir, 'pw', aesCipher());
    await expect(loadUpstreamPassword(dir, aesCipher())).rejects.toThrow('cannot be decrypted on this machine');
  });

  it('keeps one password per service, the electricity one where it always was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-cred-'));
    const cipher = aesCipher();
    await saveUpstreamPassword(dir, 'ppu-secret', cipher);
    expect(await loadServicePasswords(dir, cipher)).toEqual({ prepaidUtility: 'ppu-secret' });
    await saveServicePassword(dir, 'airtime', 'air-secret', cipher);
    expect(await loadServicePasswords(dir, cipher)).toEqual({ prepaidUtility: 'ppu-secret', airtime: 'air-secret' });
    expect((await readFile(join(dir, 'airtime-password.enc'))).toString('latin1')).not.toContain('air-secret');
    expect(await loadUpstreamPassword(dir, cipher)).toBe('ppu-secret');
  });

  it('the browser host reads each service\'s password from its own variable', () => {
    expect(servicePasswordsFromEnv({ POS_UPSTREAM_PASSWORD: 'a', POS_AIRTIME_PASSWORD: 'b', OTHER: 'c' })).toEqual({ prepaidUtility: 'a', airtime: 'b' });
    expect(servicePasswordsFromEnv({ POS_AIRTIME_PASSWORD: '' })).toEqual({});
  });
});
