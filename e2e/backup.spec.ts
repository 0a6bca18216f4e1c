// Backups of a big journal through the real browser host, and what the cashier sees when one fails.
import { expect, test, type Page } from '@playwright/test';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buyTst001 } from './support/cashier';
import { startSimAndHost, type SimAndHost } from './support/rig';

let rig: SimAndHost | undefined;
test.afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const FAST = { upstream: { timeoutMs: 3000 }, outbox: { baseDelayMs: 200, maxDelayMs: 1000, retryBaseDelayMs: 200, retryMaxDelayMs: 1000 } };

interface BackupFile {
  backupId?: string;
  complete?: boolean;
  sales: { purchaseId: string; state: string; request: { purchaseAmount: { amount: number } } }[];
  outbox: unknown[];
}

/**
 * Copies the one real sale in the journal `count` times straight into IndexedDB (fresh ids, older
 * dates): a busy till's worth of records in seconds, each the size of a real one.
 */
async function cloneSales(page: Page, count: number): Promise<number> {
  return page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('prepaid-pos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const template = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const cursor = db.transaction('sales').objectStore('sales').openCursor();
      cursor.onsuccess = () => (cursor.result ? resolve(cursor.result.value as Record<string, unknown>) : reject(new Error('no sale to copy')));
      cursor.onerror = () => reject(cursor.error);
    });
    const batch = 1000;
    for (let start = 0; start < n; start += batch) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('sales', 'readwrite');
        const store = tx.objectStore('sales');
        for (let i = start; i < Math.min(n, start + batch); i += 1) {
          const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
          store.put({ ...template, purchaseId: crypto.randomUUID(), createdAt: at, updatedAt: at, state: 'confirmed' });
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    const size = JSON.stringify(template).length;
    db.close();
    return size;
  }, count);
}

/** Runs a read-write request against the app's IndexedDB from the page, as the app would see it. */
async function journalCall(page: Page, op: 'count-sales' | 'forget-daily-backup'): Promise<number> {
  return page.evaluate(async (what) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('prepaid-pos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const result = await new Promise<number>((resolve, reject) => {
      const request =
        what === 'count-sales'
          ? db.transaction('sales').objectStore('sales').count()
          : db.transaction('meta', 'readwrite').objectStore('meta').delete('lastDailyBackup');
      request.onsuccess = () => resolve(typeof request.result === 'number' ? request.result : 0);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return result;
  }, op);
}

async function backupFiles(dataDir: string, reason: string): Promise<string[]> {
  const files = await readdir(join(dataDir, 'backups')).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith(`-${reason}.json`)).sort();
}

test('a journal far over the request size limit backs up whole through the browser host', async ({ page }) => {
  test.setTimeout(420_000);
  rig = await startSimAndHost(FAST);
  await page.goto(rig.host.url);
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();
  const copies = 5000;
  const recordBytes = await cloneSales(page, copies);
  // Well over the host's 1 MiB request limit: the old single-request backup could not carry it.
  expect(recordBytes * copies).toBeGreaterThan(8 * 1024 * 1024);

  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Backup written to' })).toBeVisible({ timeout: 120_000 });

  const [file] = await backupFiles(rig.dataDir, 'export');
  expect(file).toBeTruthy();
  const backup = JSON.parse(await readFile(join(rig.dataDir, 'backups', file ?? ''), 'utf8')) as BackupFile;
  expect(backup.complete).toBe(true);
  expect(backup.sales).toHaveLength(copies + 1);
  expect(new Set(backup.sales.map((s) => s.purchaseId)).size).toBe(copies + 1);
  expect(backup.sales.every((s) => s.request.purchaseAmount.amount === 10000)).toBe(true);
  // No half-written file is left beside it.
  expect((await readdir(join(rig.dataDir, 'backups'))).filter((f) => !f.endsWith('.json'))).toEqual([]);

  // The next daily backup holds every sale, then the journal lets go of the finished ones older than
  // the retention period (the copies are dated January 2025); today's sale stays.
  await journalCall(page, 'forget-daily-backup');
  await page.reload();
  await expect.poll(() => journalCall(page, 'count-sales'), { timeout: 180_000, intervals: [2000] }).toBe(1);
  const daily = (await backupFiles(rig.dataDir, 'daily')).at(-1);
  const dailyBackup = JSON.parse(await readFile(join(rig.dataDir, 'backups', daily ?? ''), 'utf8')) as BackupFile;
  expect(dailyBackup.complete).toBe(true);
  expect(dailyBackup.sales).toHaveLength(copies + 1);
});

test('a failed backup stays in the status bar until one succeeds; closing the shift still records the shift', async ({ page }) => {
  rig = await startSimAndHost(FAST);
  // A file where the backups folder should be: every backup fails, starting with today's daily one.
  await writeFile(join(rig.dataDir, 'backups'), 'not a folder');
  await page.goto(rig.host.url);
  const alert = page.getByTestId('backup-status');
  await expect(alert).toContainText('Backup failed: the daily backup');
  await buyTst001(page);
  await page.getByRole('button', { name: 'New sale' }).click();

  await page.reload();
  // Still shown after a reload: the failure is recorded, not only remembered by the page.
  await expect(alert).toContainText('Backup failed');

  await page.getByRole('button', { name: 'Supervisor' }).click();
  await page.getByRole('button', { name: 'Close shift' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Shift closed \(1 sold.*its backup failed/ })).toBeVisible();
  await expect(alert).toContainText('Backup failed: the shift close backup');
  await expect(page.getByRole('status').filter({ hasText: /Backup failed/ })).toBeVisible();
  // The shift was recorded: closing again reports an empty shift.
  await page.getByRole('button', { name: 'Close shift' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Shift closed \(0 sold/ })).toBeVisible();

  await rm(join(rig.dataDir, 'backups'));
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Backup written to' })).toBeVisible();
  await expect(alert).toHaveCount(0);
});
