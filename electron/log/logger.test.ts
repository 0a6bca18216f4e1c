import { mkdtemp, readdir, readFile, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLogs } from './export';
import { lineLogger, startLog } from './logger';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'pos-log-'));
}

async function lines(folder: string, prefix: string): Promise<Record<string, unknown>[]> {
  const names = (await readdir(folder)).filter((n) => n.startsWith(prefix)).sort();
  const all: Record<string, unknown>[] = [];
  for (const name of names) {
    for (const line of (await readFile(join(folder, name), 'utf8')).split('\n')) {
      if (line) all.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return all;
}

describe('log files', () => {
  it('writes structured JSON lines with a level, a time and the process, below <data dir>/logs', async () => {
    const dataDir = await scratch();
    const log = await startLog({ dataDir, process: 'host' });
    log.child({ component: 'printer' }).warn('paper near end', { printer: 'tcp://10.0.0.5:9100' });
    log.debug('not written at the default level');
    await log.close();
    expect(log.folder).toBe(join(dataDir, 'logs'));
    const [line, ...rest] = await lines(log.folder, 'host.');
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ level: 'warn', process: 'host', component: 'printer', msg: 'paper near end', printer: 'tcp://10.0.0.5:9100' });
    expect(String(line?.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await readdir(log.folder))[0]).toMatch(/^host\.\d{4}-\d{2}-\d{2}\.1\.log$/);
    const name = (await readdir(log.folder))[0] ?? '';
    expect((await stat(join(log.folder, name))).mode & 0o077, 'only this user reads the logs').toBe(0);
  });

  it('masks passwords, PINs, authorization headers, card numbers and customers in messages and fields', async () => {
    const dataDir = await scratch();
    const log = await startLog({ dataDir, process: 'main' });
    log.info('calling https://pos:s3cret-pass@up.example/v3 with Basic cG9zOnMzY3JldA==', {
      password: 's3cret-pass',
      body: { pin: '4321', track2Data: '6007001234567890123=49120000000', cardNumber: '4111111111111111' },
      customer: { firstName: 'Thandiwe', lastName: 'Nkosi', address: '12 Long Street' },
    });
    await log.close();
    const text = (await readdir(log.folder)).map((n) => n).join('');
    const written = await readFile(join(log.folder, text), 'utf8');
    for (const secret of ['s3cret-pass', 'cG9zOnMzY3JldA==', '4321', '6007001234567890123', '4111111111111111', 'Thandiwe', 'Nkosi', 'Long Street']) {
      expect(written, secret).not.toContain(secret);
    }
    expect(written).toContain('411111******1111');
  });

  it('starts a new file once one reaches the configured size and keeps only the configured number', async () => {
    const dataDir = await scratch();
    const log = await startLog({ dataDir, process: 'host', settings: { maxFileBytes: 2048, maxFiles: 3 } });
    const filler = 'x'.repeat(200);
    for (let i = 0; i < 120; i += 1) {
      log.info(`line ${i}`, { filler });
      // Lines come one at a time in a running till; the file rolls between them.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    const names = (await readdir(log.folder)).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
    expect(names).toHaveLength(3);
    // The oldest were deleted: numbering goes on past the kept ones.
    expect(Number(names[0]?.split('.')[2])).toBeGreaterThan(1);
    for (const name of names.slice(0, -1)) {
      const { size } = await stat(join(log.folder, name));
      // A file is closed at the first line that takes it to the limit.
      expect(size).toBeGreaterThanOrEqual(2048);
      expect(size).toBeLessThan(2048 + 400);
    }
    const kept = await lines(log.folder, 'host.');
    expect(kept.at(-1)?.msg).toBe('line 119');
  });

  it('keeps the structure of the older "component: {json}" lines', async () => {
    const dataDir = await scratch();
    const log = await startLog({ dataDir, process: 'host' });
    const line = lineLogger(log);
    line('upstream {"operation":"createMeterLookup","event":"response","status":200,"body":{"password":"pw-123"}}');
    line('printer: status ready in 12 ms');
    await log.close();
    const [upstream, printer] = await lines(log.folder, 'host.');
    expect(upstream).toMatchObject({ msg: 'upstream', operation: 'createMeterLookup', status: 200, body: { password: '****' } });
    expect(printer).toMatchObject({ msg: 'printer: status ready in 12 ms' });
  });
});

describe('log export', () => {
  it('joins the last days of every process into one file only this user can read', async () => {
    const dataDir = await scratch();
    const folder = join(dataDir, 'logs');
    await mkdir(folder);
    const now = new Date('2026-11-29T12:00:00.000Z');
    const day = 24 * 60 * 60_000;
    const file = async (name: string, text: string, ageDays: number) => {
      await writeFile(join(folder, name), text);
      const at = new Date(now.getTime() - ageDays * day);
      await utimes(join(folder, name), at, at);
    };
    await file('host.2026-11-20.1.log', 'old\n', 9);
    await file('host.2026-11-28.1.log', 'host 28 a\n', 1.5);
    await file('host.2026-11-28.2.log', 'host 28 b\n', 1.2);
    await file('main.2026-11-29.1.log', 'main 29\n', 0.1);
    await file('notes.txt', 'not a log\n', 0);

    const result = await exportLogs(dataDir, 3, now);
    expect(result.files).toBe(3);
    expect(await readFile(result.path, 'utf8')).toBe('host 28 a\nhost 28 b\nmain 29\n');
    expect(result.path.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect((await stat(result.path)).mode & 0o077).toBe(0);
    expect(result.bytes).toBe(Buffer.byteLength('host 28 a\nhost 28 b\nmain 29\n'));
  });

  it('exports an empty file when there are no logs yet', async () => {
    const result = await exportLogs(await scratch(), 1);
    expect(result).toMatchObject({ files: 0, bytes: 0 });
  });
});
