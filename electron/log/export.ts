// Supervisor → Export logs: the last days' log files (every process) joined into one file in
// <data dir>/exports/, oldest line first, readable only by this user. The lines were masked when
// they were written; the export copies them as they are.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LOGS_FOLDER } from './logger';

export const LOG_EXPORT_DAYS = { min: 1, max: 31, default: 3 } as const;

export interface LogExport {
  path: string;
  files: number;
  bytes: number;
}

/** `host.2026-11-29.3.log` → its day and number, for ordering; undefined for anything else. */
function logFileKey(name: string): { process: string; day: string; n: number } | undefined {
  const match = /^([a-z]+)\.(\d{4}-\d{2}-\d{2})\.(\d+)\.log$/.exec(name);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { process: match[1], day: match[2], n: Number(match[3]) };
}

export async function exportLogs(dataDir: string, days: number, now: Date = new Date()): Promise<LogExport> {
  const folder = join(dataDir, LOGS_FOLDER);
  const since = now.getTime() - days * 24 * 60 * 60_000;
  const names = await readdir(folder).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const chosen: { name: string; key: { process: string; day: string; n: number } }[] = [];
  for (const name of names) {
    const key = logFileKey(name);
    if (!key) continue;
    // A file written to within the period may hold lines from it, whatever day its name says.
    const info = await stat(join(folder, name));
    if (info.mtimeMs >= since) chosen.push({ name, key });
  }
  chosen.sort((a, b) => a.key.day.localeCompare(b.key.day) || a.key.process.localeCompare(b.key.process) || a.key.n - b.key.n);

  const exports = join(dataDir, 'exports');
  await mkdir(exports, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const path = join(exports, `logs-${stamp}-${days}d.log`);
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { mode: 0o600, flags: 'wx' });
  for (const { name } of chosen) {
    await pipeline(createReadStream(join(folder, name)), out, { end: false });
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await rename(partial, path);
  return { path, files: chosen.length, bytes: (await stat(path)).size };
}
