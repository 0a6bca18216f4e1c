// Backups of the renderer's journal and outbox, written to the data directory where the supervisor
// (and any backup tool) can reach them even if the browser profile is lost.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const BackupContentSchema = z.object({
  exportedAt: z.string(),
  sales: z.array(z.unknown()),
  outbox: z.array(z.unknown()),
});

export class BackupError extends Error {}

export async function writeBackup(dataDir: string, reason: string, json: string): Promise<{ path: string; bytes: number }> {
  let content: unknown;
  try {
    content = JSON.parse(json);
  } catch {
    throw new BackupError('The backup is not valid JSON.');
  }
  const parsed = BackupContentSchema.safeParse(content);
  if (!parsed.success) throw new BackupError('The backup does not hold a journal and an outbox.');
  const dir = join(dataDir, 'backups');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}-${reason}.json`);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  // Written whole and flushed before it gets its name: a crash leaves the old files and no torn one.
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(json, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  return { path, bytes: Buffer.byteLength(json) };
}
