import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumArguments, chromiumEnvironment, publishLaunchUrl, takeServicePasswords } from './launch';

describe('the browser host hands over its secrets', () => {
  it("takes every service's password out of its own environment", () => {
    const env: NodeJS.ProcessEnv = { POS_UPSTREAM_PASSWORD: 'pw-42', POS_AIRTIME_PASSWORD: 'air-7', PATH: '/usr/bin' };
    expect(takeServicePasswords(env)).toEqual({ prepaidUtility: 'pw-42', airtime: 'air-7' });
    expect(env).toEqual({ PATH: '/usr/bin' });
    expect(takeServicePasswords(env)).toEqual({});
  });

  it("gives Chromium only the variables a browser needs, never the host's secrets", () => {
    const env = chromiumEnvironment({
      HOME: '/home/till', PATH: '/usr/bin', DISPLAY: ':0', XDG_RUNTIME_DIR: '/run/user/1000', LC_ALL: 'en_ZA.UTF-8', LANG: 'en_ZA.UTF-8',
      POS_UPSTREAM_PASSWORD: 'pw-42', POS_AIRTIME_PASSWORD: 'air-7', AWS_SECRET_ACCESS_KEY: 'k', NODE_OPTIONS: '--inspect', GITHUB_TOKEN: 't', CHROMIUM_PATH: '/x',
    });
    expect(env).toEqual({ HOME: '/home/till', PATH: '/usr/bin', DISPLAY: ':0', XDG_RUNTIME_DIR: '/run/user/1000', LC_ALL: 'en_ZA.UTF-8', LANG: 'en_ZA.UTF-8' });
  });

  it('puts only the one-time launch URL on the command line', () => {
    const args = chromiumArguments('http://127.0.0.1:5000/#code=abc', '/data/chromium-profile');
    expect(args[0]).toBe('--app=http://127.0.0.1:5000/#code=abc');
    expect(args).toContain('--user-data-dir=/data/chromium-profile');
  });

  it('prints the URL on a terminal, else writes it to a file only this user can read', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-launch-'));
    const printed: string[] = [];
    const url = 'http://127.0.0.1:5000/#token=s3cret';
    expect(await publishLaunchUrl(url, { isTTY: true, dataDir, print: (l) => printed.push(l) })).toEqual({ printed: true });
    expect(printed).toContain(url);

    printed.length = 0;
    const result = await publishLaunchUrl(url, { isTTY: false, dataDir, print: (l) => printed.push(l) });
    expect(result).toEqual({ file: join(dataDir, 'launch-url') });
    expect(printed.join('\n')).not.toContain('s3cret');
    expect(printed.join('\n')).toContain(join(dataDir, 'launch-url'));
    expect((await readFile(join(dataDir, 'launch-url'), 'utf8')).trim()).toBe(url);
    expect((await stat(join(dataDir, 'launch-url'))).mode & 0o077).toBe(0);
  });
});
