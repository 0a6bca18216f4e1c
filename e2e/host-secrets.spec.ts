// The browser host as a service starts it (no terminal, POS_UPSTREAM_PASSWORD in its environment),
// opening Chromium itself: the session secret and the password must be in no command line (ps) and
// not in Chromium's environment (/proc/<pid>/environ); a whole sale must still work; and afterwards
// no log file may hold any secret of the run, nor the customer's name and address.
import { chromium, expect, test, type Browser } from '@playwright/test';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHROMIUM_MISSING, findChromium } from '../electron/host/chromium';
import { startSimulator, type RunningSimulator } from '../electron/sim/server';
import { buyTst001, expectOutboxEmpty } from './support/cashier';
import { tempDir } from './support/host';

const PASSWORD = 'Upstream-Pa55word-7f3c';
const USERNAME = 'till-007';
const AIRTIME_PASSWORD = 'Airtime-Pa55-51be';
/** Any other variable of the service's environment stays out of Chromium's too. */
const CANARY = 'canary-9d41e6';

let sim: RunningSimulator | undefined;
let host: ChildProcess | undefined;
let browser: Browser | undefined;
let profileInUse: string | undefined;

test.afterEach(async () => {
  await browser?.close().catch(() => undefined);
  // The host starts Chromium detached: end it here, whatever point the test reached.
  const left = profileInUse ? await processesUsing(profileInUse) : [];
  profileInUse = undefined;
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (host && host.exitCode === null) {
    const exited = new Promise((resolve) => host?.once('exit', resolve));
    host.kill('SIGTERM');
    await exited;
  }
  await sim?.close();
  host = undefined;
  sim = undefined;
  browser = undefined;
});

/** Processes whose command line names this profile folder: the Chromium the host opened. */
async function processesUsing(profileDir: string): Promise<{ pid: number; cmdline: string; environ: string }[]> {
  const found: { pid: number; cmdline: string; environ: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`)).toString('utf8').split('\0').join(' ');
      if (!cmdline.includes(profileDir)) continue;
      const environ = (await readFile(`/proc/${entry}/environ`)).toString('utf8');
      found.push({ pid: Number(entry), cmdline, environ });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

test('the host opens Chromium with a one-time code: no secret in ps or in its environment, the sale works, the logs hold no secret', async () => {
  test.skip(process.platform !== 'linux', 'reads /proc');
  const executable = findChromium();
  if (!executable) throw new Error(CHROMIUM_MISSING);
  sim = await startSimulator({ port: 0, credentials: { username: USERNAME, password: PASSWORD } });
  const dataDir = await tempDir('secrets');
  // A small log size, so the run also rolls the files over.
  await writeFile(join(dataDir, 'config.json'), JSON.stringify({ upstream: { username: USERNAME }, logs: { maxFileBytes: 4096, maxFiles: 100 } }));
  // Headless for this machine, with a DevTools port so the test can drive the page it opened.
  const wrapper = join(dataDir, 'chromium-headless');
  await writeFile(wrapper, `#!/bin/sh\nexec '${executable}' --headless=new --no-sandbox --disable-gpu --remote-debugging-port=0 "$@"\n`);
  await chmod(wrapper, 0o755);

  const profileDir = join(dataDir, 'chromium-profile');
  profileInUse = profileDir;
  const env: NodeJS.ProcessEnv = { ...process.env, POS_UPSTREAM_PASSWORD: PASSWORD, POS_AIRTIME_PASSWORD: AIRTIME_PASSWORD, CHROMIUM_PATH: wrapper, POS_DEPLOY_TOKEN: CANARY };
  delete env.CI;
  const child = spawn(process.execPath, ['dist/host/cli.mjs', '--data-dir', dataDir, '--upstream', sim.baseUrl], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  host = child;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => output, { timeout: 30_000, message: 'the page exchanged its launch code' }).toContain('launch code exchanged');

  const session = (await readFile(join(dataDir, 'launch-url'), 'utf8')).trim();
  const token = /#token=([A-Za-z0-9_-]+)/.exec(session)?.[1] ?? '';
  expect(token.length).toBeGreaterThan(30);
  expect(output, 'not a terminal: the URL with the secret is not printed').not.toContain(token);

  const processes = await processesUsing(profileDir);
  expect(processes.length, 'the host opened Chromium').toBeGreaterThan(0);
  for (const p of processes) {
    expect(p.cmdline, `pid ${p.pid} command line`).not.toContain(token);
    expect(p.environ, `pid ${p.pid} environment`).not.toContain(PASSWORD);
    expect(p.environ, `pid ${p.pid} environment`).not.toContain('POS_UPSTREAM_PASSWORD');
    expect(p.environ, `pid ${p.pid} environment`).not.toContain(AIRTIME_PASSWORD);
    expect(p.environ, `pid ${p.pid} environment`).not.toContain(token);
    expect(p.environ, `pid ${p.pid} environment is filtered`).not.toContain(CANARY);
  }
  const ps = execFileSync('ps', ['-eww', '-o', 'pid=,args='], { encoding: 'utf8' });
  expect(ps).toContain(profileDir);
  expect(ps, 'the session secret is on no command line').not.toContain(token);
  expect(ps, 'the password is on no command line').not.toContain(PASSWORD);
  expect(ps).not.toContain(AIRTIME_PASSWORD);

  // What ps does show is a code that has been used: it opens nothing any more.
  const code = /#code=([A-Za-z0-9_-]+)/.exec(processes.map((p) => p.cmdline).join(' '))?.[1] ?? '';
  expect(code).not.toBe('');
  const origin = new URL(session).origin;
  const replay = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'x-pos-launch-code': code } });
  expect(replay.status).toBe(401);

  // The page the host opened is a working till: sell through it.
  const activePort = join(profileDir, 'DevToolsActivePort');
  await expect.poll(() => readFile(activePort, 'utf8').then((t) => /^\d+\n/.test(t), () => false), { timeout: 20_000 }).toBe(true);
  const port = (await readFile(activePort, 'utf8')).split('\n')[0] ?? '';
  const connected = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  browser = connected;
  const appPage = () => connected.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith(origin));
  await expect.poll(() => appPage() !== undefined, { timeout: 20_000, message: 'the page the host opened' }).toBe(true);
  const page = appPage();
  if (!page) throw new Error('the page the host opened is not there');
  expect(page.url(), 'the code left the address bar').not.toContain('#code=');
  const tokens = await buyTst001(page);
  expect(tokens).toHaveLength(1);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expectOutboxEmpty(page);
  const lookups = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as { operation: string; status: number }[];
  expect(lookups.filter((r) => r.operation === 'confirmTokenPurchase').map((r) => r.status)).toEqual([202]);

  await browser.close();
  browser = undefined;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;

  const logDir = join(dataDir, 'logs');
  const files = (await readdir(logDir)).filter((f) => f.endsWith('.log'));
  expect(files.length, 'the logs rolled over at 4 KiB').toBeGreaterThan(1);
  const logs = (await Promise.all(files.map((f) => readFile(join(logDir, f), 'utf8')))).join('');
  expect(logs, 'the sale is in the logs').toContain('createTokenPurchaseRequest');
  expect(logs).toContain('confirmTokenPurchase');
  expect(logs, 'the customer was in an exchange, masked').toMatch(/"firstName":"\*\*\*\*"/);
  const basic = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
  // TST001 is Pierre De Wet of 21 Dorp Straat (Electrum's test meter).
  for (const secret of [PASSWORD, AIRTIME_PASSWORD, basic, token, code, 'Pierre', 'De Wet', 'Dorp Straat']) {
    expect(logs, `the logs hold ${secret}`).not.toContain(secret);
    expect(output, `the host's terminal output holds ${secret}`).not.toContain(secret);
  }
});
