import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadServicePasswords,
  loadUpstreamPassword,
  passwordStoreVerdict,
  saveServicePassword,
  saveUpstreamPassword,
  servicePasswordsFromEnv,
  storeServicePasswords,
  type Cipher,
  type Keystore,
} from './credentials';

// A real AES-GCM cipher stands in for the OS keystore that Electron's safeStorage uses.
function aesCipher(key = randomBytes(32), reEncrypt = false): Cipher {
  return {
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return { result: Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8'), shouldReEncrypt: reEncrypt };
    },
  };
}

/** safeStorage as a fake: the real cipher above, with the availability and backend a test picks. */
function keystore(backend: string, available = true): Keystore {
  return { ...aesCipher(), isAvailable: async () => available, backend: () => backend };
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

  it('is written again when the keystore says its key changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-cred-'));
    const key = randomBytes(32);
    await saveUpstreamPassword(dir, 'pw-1', aesCipher(key));
    const before = await readFile(join(dir, 'upstream-password.enc'));
    expect(await loadUpstreamPassword(dir, aesCipher(key, true))).toBe('pw-1');
    const after = await readFile(join(dir, 'upstream-password.enc'));
    expect(after.equals(before)).toBe(false);
    expect(await loadUpstreamPassword(dir, aesCipher(key))).toBe('pw-1');
  });
});

describe('the keystore rule (safeStorage backends)', () => {
  it("refuses Linux's basic_text fallback unless config.json accepts it, and says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-cred-'));
    const refused = await storeServicePasswords(dir, { prepaidUtility: 'pw' }, keystore('basic_text'), { platform: 'linux', acceptUnprotected: false });
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? '' : refused.message).toContain('acceptUnprotectedPasswordStore');
    expect(await loadUpstreamPassword(dir, aesCipher()), 'nothing was written').toBeUndefined();

    const accepted = await storeServicePasswords(dir, { prepaidUtility: 'pw' }, keystore('basic_text'), { platform: 'linux', acceptUnprotected: true });
    expect(accepted).toMatchObject({ ok: true });
    expect(accepted.ok ? accepted.warning : '').toMatch(/basic_text/);
  });

  it('stores with a real keyring on Linux and with the OS keystore elsewhere; never without a keystore', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      expect(passwordStoreVerdict({ platform: 'linux', available: true, backend, acceptUnprotected: false })).toEqual({ ok: true });
    }
    expect(passwordStoreVerdict({ platform: 'win32', available: true, backend: 'os', acceptUnprotected: false })).toEqual({ ok: true });
    expect(passwordStoreVerdict({ platform: 'darwin', available: true, backend: 'os', acceptUnprotected: false })).toEqual({ ok: true });
    expect(passwordStoreVerdict({ platform: 'linux', available: false, backend: 'gnome_libsecret', acceptUnprotected: true })).toMatchObject({ ok: false });
    expect(passwordStoreVerdict({ platform: 'linux', available: true, backend: 'unknown', acceptUnprotected: true })).toMatchObject({ ok: false });
    const dir = await mkdtemp(join(tmpdir(), 'pos-cred-'));
    const libsecret = keystore('gnome_libsecret');
    expect(await storeServicePasswords(dir, { prepaidUtility: 'pw-7', airtime: 'air-7' }, libsecret, { platform: 'linux', acceptUnprotected: false })).toEqual({ ok: true });
    expect(await loadServicePasswords(dir, libsecret)).toEqual({ prepaidUtility: 'pw-7', airtime: 'air-7' });
  });
});
