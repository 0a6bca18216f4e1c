// The browser host process and its remembered port. IndexedDB belongs to the page's origin, so the
// port is part of the journal's identity: a host that moved to another port would show an empty
// journal and forget the outbox. These tests start the real command-line host against real sockets.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

interface HostRun {
  /** Exit code, or 'started' with the URL it printed (the process is then stopped by the test). */
  outcome: { kind: 'exited'; code: number | null } | { kind: 'started'; url: string };
  output: string;
}

const stopLater: Array<() => void> = [];
afterEach(() => {
  for (const stop of stopLater.splice(0)) stop();
});

async function fakeRenderer(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pos-renderer-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>POS</title>');
  return dir;
}

/** Runs the host from source as a user would run the built one; resolves when it prints its URL or exits. */
async function runHost(dataDir: string, args: string[] = []): Promise<HostRun> {
  const rendererDir = await fakeRenderer();
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--no-open', '--data-dir', dataDir, '--renderer-dir', rendererDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  return new Promise<HostRun>((resolve) => {
    lines.on('line', (line) => {
      output += line + '\n';
      // Not a terminal: the host writes the URL to a file only its user can read, and names the file.
      const file = /^URL file: (\S+)/.exec(line)?.[1];
      if (file) {
        stopLater.push(() => child.kill('SIGKILL'));
        void readFile(file, 'utf8').then((url) => resolve({ outcome: { kind: 'started', url: url.trim() }, output }));
      }
    });
    child.once('exit', (code) => resolve({ outcome: { kind: 'exited', code }, output }));
  });
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server): number => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP listener');
  return address.port;
};

const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

async function rememberedPort(dataDir: string): Promise<unknown> {
  return JSON.parse(await readFile(join(dataDir, 'host.json'), 'utf8'));
}

describe('browser host port', () => {
  it('on first launch chooses a free port and remembers it for this data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-port-'));
    const run = await runHost(dataDir);
    expect(run.outcome.kind, run.output).toBe('started');
    const port = run.outcome.kind === 'started' ? Number(new URL(run.outcome.url).port) : -1;
    expect(await rememberedPort(dataDir)).toEqual({ port });
  });

  it('refuses to start when the remembered port is taken, says why, and keeps the remembered port', async () => {
    const squatter = await listen();
    const port = portOf(squatter);
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-port-'));
    await writeFile(join(dataDir, 'host.json'), JSON.stringify({ port }) + '\n');
    try {
      const run = await runHost(dataDir, ['--wait-for-port', '1']);
      expect(run.outcome, run.output).toEqual({ kind: 'exited', code: 3 });
      expect(run.output).toContain(`port ${port}`);
      expect(run.output).toContain(dataDir);
      expect(run.output).toMatch(/close the program using it|another copy/i);
      expect(await rememberedPort(dataDir)).toEqual({ port });
    } finally {
      await close(squatter);
    }
  });

  it('with no options it still refuses rather than moving to another port', async () => {
    const squatter = await listen();
    const port = portOf(squatter);
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-port-'));
    await writeFile(join(dataDir, 'host.json'), JSON.stringify({ port }) + '\n');
    try {
      const run = await runHost(dataDir);
      expect(run.outcome.kind, run.output).toBe('exited');
      expect(run.outcome.kind === 'exited' ? run.outcome.code : 0).not.toBe(0);
      expect(await rememberedPort(dataDir)).toEqual({ port });
    } finally {
      await close(squatter);
    }
  });

  it('waits a bounded time for the remembered port and starts on it once it is free', async () => {
    const squatter = await listen();
    const port = portOf(squatter);
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-port-'));
    await writeFile(join(dataDir, 'host.json'), JSON.stringify({ port }) + '\n');
    setTimeout(() => void close(squatter), 1000);
    const run = await runHost(dataDir, ['--wait-for-port', '20']);
    expect(run.outcome.kind, run.output).toBe('started');
    expect(run.outcome.kind === 'started' ? Number(new URL(run.outcome.url).port) : -1).toBe(port);
    expect(await rememberedPort(dataDir)).toEqual({ port });
  });

  it('refuses a damaged host.json instead of treating the data directory as new', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-port-'));
    await writeFile(join(dataDir, 'host.json'), '{"port": 4');
    const run = await runHost(dataDir);
    expect(run.outcome.kind, run.output).toBe('exited');
    expect(run.output).toContain('host.json');
    expect(await readFile(join(dataDir, 'host.json'), 'utf8')).toBe('{"port": 4');
  });
});
