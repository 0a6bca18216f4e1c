// The main-side backup writer on a real file system: whole backups only, never a half file as the latest.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupError, createBackupWriter, latestBackup } from './backup';

const sale = (i: number) => ({ purchaseId: `sale-${i}`, state: 'confirmed', note: 'ü'.repeat(i % 7) });

async function freshDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'pos-backup-'));
}

async function wholeBackup(dataDir: string, sales: number): Promise<string> {
  const writer = createBackupWriter({ dataDir });
  const { backupId } = await writer.begin('daily');
  let seq = 0;
  for (let start = 0; start < sales; start += 100) {
    const records = Array.from({ length: Math.min(100, sales - start) }, (_, k) => sale(start + k));
    await writer.append({ backupId, seq: seq++, section: 'sales', records });
  }
  await writer.append({ backupId, seq: seq++, section: 'outbox', records: [{ adviceId: 'a1', state: 'pending' }] });
  const result = await writer.commit({ backupId, counts: { sales, outbox: 1, keyChanges: 0 } });
  return result.path;
}

describe('backup writer', () => {
  it('writes a backup sent in pieces as one parseable file with every record, under its final name', async () => {
    const dataDir = await freshDataDir();
    const path = await wholeBackup(dataDir, 1234);
    expect(path).toMatch(/-daily\.json$/);
    const backup = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> & { sales: { purchaseId: string }[] };
    expect(backup).toMatchObject({ format: 'prepaid-pos-backup', version: 2, reason: 'daily', complete: true, keyChanges: [] });
    expect(backup.sales.map((s) => s.purchaseId)).toEqual(Array.from({ length: 1234 }, (_, i) => `sale-${i}`));
    expect(backup.outbox).toEqual([{ adviceId: 'a1', state: 'pending' }]);
    expect(await readdir(join(dataDir, 'backups'))).toEqual([path.split('/').at(-1)]);
  });

  it('an interrupted backup never becomes the latest one, and the next launch clears its leftovers', async () => {
    const dataDir = await freshDataDir();
    const earlier = await wholeBackup(dataDir, 3);
    // A backup cut off half way: the app (or the machine) stops before the commit.
    const crashed = createBackupWriter({ dataDir, now: () => new Date(Date.now() + 60_000) });
    const { backupId } = await crashed.begin('shift-close');
    await crashed.append({ backupId, seq: 0, section: 'sales', records: [sale(1), sale(2)] });

    expect(await latestBackup(dataDir)).toBe(earlier);
    const leftovers = (await readdir(join(dataDir, 'backups'))).filter((n) => !n.endsWith('.json'));
    expect(leftovers).toHaveLength(1);

    // Next launch: a new writer's first backup removes the partial file and writes a whole one.
    const path = await wholeBackup(dataDir, 2);
    expect((await readdir(join(dataDir, 'backups'))).sort()).toEqual([earlier, path].map((p) => p.split('/').at(-1)).sort());
    expect(await latestBackup(dataDir)).toBe(path);
  });

  it('refuses to commit a backup that lost a piece, and leaves no file for it', async () => {
    const dataDir = await freshDataDir();
    const writer = createBackupWriter({ dataDir });
    const { backupId } = await writer.begin('export');
    await writer.append({ backupId, seq: 0, section: 'sales', records: [sale(1)] });
    await expect(writer.commit({ backupId, counts: { sales: 2, outbox: 0, keyChanges: 0 } })).rejects.toThrow(/incomplete: 1 of 2 sales/);
    expect(await readdir(join(dataDir, 'backups'))).toEqual([]);
    await expect(writer.append({ backupId, seq: 1, section: 'sales', records: [sale(2)] })).rejects.toThrow(BackupError);
  });

  it('refuses a repeated or skipped piece instead of duplicating or losing records', async () => {
    const dataDir = await freshDataDir();
    const writer = createBackupWriter({ dataDir });
    const { backupId } = await writer.begin('export');
    await writer.append({ backupId, seq: 0, section: 'sales', records: [sale(1)] });
    await expect(writer.append({ backupId, seq: 0, section: 'sales', records: [sale(1)] })).rejects.toThrow(/piece 0 arrived where piece 1/);
    expect(await readdir(join(dataDir, 'backups'))).toEqual([]);
  });

  it('abandons a backup the page stopped sending, so its file does not linger', async () => {
    const dataDir = await freshDataDir();
    const writer = createBackupWriter({ dataDir, idleMs: 50 });
    const stalled = await writer.begin('export');
    await new Promise((done) => setTimeout(done, 100));
    const next = await writer.begin('export');
    await expect(writer.append({ backupId: stalled.backupId, seq: 0, section: 'sales', records: [] })).rejects.toThrow(/no longer open/);
    expect(await readdir(join(dataDir, 'backups'))).toEqual([`${next.backupId}.partial`]);
    await writer.abort(next.backupId);
    expect(await readdir(join(dataDir, 'backups'))).toEqual([]);
  });

  it('says plainly when the backups folder cannot be used', async () => {
    const dataDir = await freshDataDir();
    await writeFile(join(dataDir, 'backups'), 'a file, not a folder');
    await expect(createBackupWriter({ dataDir }).begin('daily')).rejects.toThrow(/backups folder .* cannot be used/);
  });
});
