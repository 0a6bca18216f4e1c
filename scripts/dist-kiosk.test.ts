// The kiosk guide's systemd user unit, run as systemd would run it: its ExecStart, Environment and
// WorkingDirectory taken from build/linux/prepaid-pos-browser-kiosk.service, with only the install
// prefix (/opt/prepaid-pos → this checkout), /usr/bin/node (→ this Node) and %h (→ a temporary home)
// substituted. Chromium is a stub that records how it was started, because there is no display here.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const UNIT = 'build/linux/prepaid-pos-browser-kiosk.service';

/** [Service] keys of a unit file (last one wins, Environment accumulates). */
function parseUnit(text: string): { execStart: string[]; environment: Record<string, string>; workingDirectory?: string; restart?: string; killMode?: string } {
  let section = '';
  const service: Record<string, string> = {};
  const environment: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      section = header[1];
      continue;
    }
    if (section !== 'Service') continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    const value = line.slice(at + 1);
    if (key === 'Environment') {
      for (const pair of value.match(/"[^"]*"|\S+/g) ?? []) {
        const unquoted = pair.replace(/^"|"$/g, '');
        const eq = unquoted.indexOf('=');
        environment[unquoted.slice(0, eq)] = unquoted.slice(eq + 1);
      }
    } else service[key] = value;
  }
  const exec = service.ExecStart ?? '';
  if (/["'\\$;|&]/.test(exec)) throw new Error(`ExecStart needs a shell to read: ${exec}`);
  return {
    execStart: exec.split(/\s+/).filter(Boolean),
    environment,
    ...(service.WorkingDirectory ? { workingDirectory: service.WorkingDirectory } : {}),
    ...(service.Restart ? { restart: service.Restart } : {}),
    ...(service.KillMode ? { killMode: service.KillMode } : {}),
  };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('kiosk: the browser host as its systemd user unit starts it', () => {
  it('restarts always and takes host and Chromium together', async () => {
    const unit = parseUnit(await readFile(UNIT, 'utf8'));
    expect(unit.restart).toBe('always');
    expect(unit.killMode ?? 'control-group').toBe('control-group');
    expect(unit.execStart.slice(0, 2)).toEqual(['/usr/bin/node', '/opt/prepaid-pos/dist/host/cli.mjs']);
    expect(unit.execStart).toContain('--kiosk');
    expect(unit.execStart.join(' ')).not.toMatch(/PASSWORD|token|secret/i);
  });

  it('serves the till, opens Chromium in kiosk mode with a one-time code only, and stops when Chromium is closed', async () => {
    expect(existsSync('dist/host/cli.mjs'), 'npm run build first').toBe(true);
    const unit = parseUnit(await readFile(UNIT, 'utf8'));
    const home = await mkdtemp(join(tmpdir(), 'pos-kiosk-home-'));
    const record = join(home, 'chromium-started.json');
    const stub = join(home, 'chromium');
    // Records its arguments and environment, then stays up like a browser until it is told to close.
    await writeFile(stub, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ pid: process.pid, argv: process.argv.slice(2), env: process.env }));\nprocess.on('SIGTERM', () => process.exit(0));\nsetInterval(() => {}, 1000);\n`);
    await chmod(stub, 0o755);

    const substitute = (word: string) =>
      word.replace(/%h/g, home).replace(/^\/usr\/bin\/node$/, process.execPath).replace(/^\/opt\/prepaid-pos(?=\/|$)/, resolve('.'));
    const [command, ...args] = unit.execStart.map(substitute);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...unit.environment, CHROMIUM_PATH: stub, POS_UPSTREAM_PASSWORD: 'kiosk-test-password-7c1e' };
    const host = spawn(command ?? '', args, { cwd: substitute(unit.workingDirectory ?? '.'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(host);
    const output: string[] = [];
    host.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    host.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((done) => host.once('exit', (code) => done(code)));

    const deadline = Date.now() + 30_000;
    const urlFile = join(home, '.local/share/prepaid-pos/launch-url');
    while (!(existsSync(urlFile) && existsSync(record))) {
      if (host.exitCode !== null || Date.now() > deadline) throw new Error(`host did not start as the unit runs it:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = (await readFile(urlFile, 'utf8')).trim();
    const page = await fetch(new URL(url).origin + '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const chromium = JSON.parse(await readFile(record, 'utf8')) as { pid: number; argv: string[]; env: Record<string, string> };
    expect(chromium.argv).toContain('--kiosk');
    const secret = /^#token=(.+)$/.exec(new URL(url).hash)?.[1] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    const seen = JSON.stringify(chromium);
    expect(seen, 'the session secret never reaches Chromium').not.toContain(secret);
    expect(seen, 'the upstream password never reaches Chromium').not.toContain('kiosk-test-password-7c1e');
    expect(chromium.argv.some((a) => /#code=|code=/.test(a)), 'Chromium opens the page with a one-time code').toBe(true);

    // Chromium closed (Ctrl+W, a crash): the host stops too, so systemd's Restart=always starts both again.
    process.kill(chromium.pid, 'SIGTERM');
    const code = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 10_000))]);
    expect(code, 'the host stops when its Chromium is gone, with the code that says so').toBe(4);
  });
});
