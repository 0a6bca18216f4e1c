// Starts the real browser host (dist/host/cli.mjs) as a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface HostProcess {
  url: string;
  origin: string;
  /** Base URL of the embedded training simulator, when the host runs one. */
  simulatorBaseUrl?: string;
  dataDir: string;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `pos-${prefix}-`));
}

export async function startHost(options: { dataDir: string; args?: string[] }): Promise<HostProcess> {
  const child = spawn(process.execPath, ['dist/host/cli.mjs', '--no-open', '--sim-control', '--data-dir', options.dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  let simulatorBaseUrl: string | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output.join('')}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output.join('')}`));
    });
    lines.on('line', (line) => {
      output.push(line + '\n');
      const sim = /training upstream (\S+)\)/.exec(line);
      if (sim?.[1]) simulatorBaseUrl = sim[1];
      if (/^http:\/\/127\.0\.0\.1:\d+\/#token=/.test(line)) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    origin: new URL(url).origin,
    ...(simulatorBaseUrl ? { simulatorBaseUrl } : {}),
    dataDir: options.dataDir,
    child,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface SimRequest {
  at: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
  /** The fault the simulator applied to this request, if any. */
  fault?: string;
}

export async function simRequests(simulatorBaseUrl: string): Promise<SimRequest[]> {
  const origin = new URL(simulatorBaseUrl).origin;
  const response = await fetch(`${origin}/_sim/requests`);
  if (!response.ok) throw new Error(`/_sim/requests answered ${response.status}`);
  return (await response.json()) as SimRequest[];
}
