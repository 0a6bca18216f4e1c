// `--kiosk`: the browser host opens Chromium full screen with only a one-time code on its command line
// and a filtered environment, and stops (exit code 4) when that Chromium closes, so a service manager
// restarts both. A stub stands in for Chromium and records what it was given.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('browser host --kiosk', () => {
  it('opens Chromium with --kiosk and a one-time code, and stops with exit code 4 when it closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-kiosk-host-'));
    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>POS</title>');
    const record = join(dir, 'chromium-was-given.txt');
    const stub = join(dir, 'chromium-stub');
    // Records its arguments and environment, stays up a moment like a browser, then closes.
    await writeFile(stub, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\necho ENV >> '${record}'\nenv >> '${record}'\nsleep 1\n`);
    await chmod(stub, 0o755);
    const dataDir = join(dir, 'data');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--kiosk', '--data-dir', dataDir, '--renderer-dir', rendererDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHROMIUM_PATH: stub, POS_UPSTREAM_PASSWORD: 'kiosk-pw-31', CI: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(4);
    expect(output).toContain('Chromium closed');

    const given = await readFile(record, 'utf8');
    const [args = '', env = ''] = given.split('\nENV\n');
    const url = (await readFile(join(dataDir, 'launch-url'), 'utf8')).trim();
    const token = /#token=(\S+)/.exec(url)?.[1] ?? '';
    expect(args.split('\n')).toContain('--kiosk');
    expect(args).toMatch(/^--app=http:\/\/127\.0\.0\.1:\d+\/#code=[A-Za-z0-9_-]+$/m);
    expect(token.length).toBeGreaterThan(30);
    expect(args).not.toContain(token);
    expect(env).not.toContain('kiosk-pw-31');
    expect(env).not.toContain('POS_UPSTREAM_PASSWORD');
  });
});
