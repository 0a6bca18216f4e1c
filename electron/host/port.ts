// The browser host's port is part of the journal's identity: IndexedDB belongs to the page's origin,
// port included, so a host on another port shows an empty journal and an outbox that never drains.
// The port is chosen once per data directory and then kept; a taken port is waited for, then refused.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

const HostStateSchema = z.object({ port: z.number().int().min(1).max(65535) });

export type RememberedPort =
  | { kind: 'none' }
  | { kind: 'port'; port: number }
  | { kind: 'unreadable'; message: string };

export const hostStateFile = (dataDir: string): string => join(dataDir, 'host.json');

export async function readRememberedPort(dataDir: string): Promise<RememberedPort> {
  const file = hostStateFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', message: `Cannot read ${file}: ${(err as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = HostStateSchema.safeParse(json);
  if (!parsed.success) {
    // Treating a damaged file as a first launch would pick a new port and orphan the journal.
    return {
      kind: 'unreadable',
      message:
        `${file} is damaged; it records the port whose browser storage holds this terminal's journal.\n` +
        `Put the port back as {"port": N} (the port in the address of earlier launches), then start again.`,
    };
  }
  return { kind: 'port', port: parsed.data.port };
}

/** Written once, flushed and renamed into place, so a crash never leaves a torn host.json. */
export async function rememberPort(dataDir: string, port: number): Promise<void> {
  const file = hostStateFile(dataDir);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify({ port }) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** True as soon as the port is free; false if it is still taken after waitMs. */
export async function waitForPort(port: number, waitMs: number, pollMs = 250): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await isPortFree(port)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((done) => setTimeout(done, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}

export function portTakenMessage(port: number, dataDir: string, waitedMs: number): string {
  const waited = waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : '';
  return [
    `Cannot start: port ${port} on 127.0.0.1 is in use${waited}.`,
    `This terminal's journal and outbox live in the browser storage of http://127.0.0.1:${port}, the port`,
    `remembered for the data directory ${dataDir} (in ${hostStateFile(dataDir)}). Starting on another port would`,
    `show an empty journal and leave undelivered advices behind, so the host will not do that.`,
    `What to do: another copy of the POS may already be running with this data directory — use that one, or`,
    `close it; otherwise close the program using port ${port} (e.g. \`ss -ltnp 'sport = :${port}'\` shows it) and start again.`,
  ].join('\n');
}

export const PORT_TAKEN_EXIT_CODE = 3;
