import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

async function dirWith(content?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pos-config-'));
  if (content !== undefined) await writeFile(join(dir, 'config.json'), content);
  return dir;
}

describe('config.json', () => {
  it('is optional: without it the terminal runs in training mode', async () => {
    const config = await loadConfig(await dirWith());
    expect(config.mode).toBe('training');
    expect(config.upstream.baseUrl).toBeUndefined();
    expect(config.outbox.lanes).toBe(1);
  });

  it('names the file when it is not JSON', async () => {
    const dir = await dirWith('{ "mode": ');
    await expect(loadConfig(dir)).rejects.toThrow(new RegExp(`${join(dir, 'config.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`));
  });

  it('names every wrong field, including unknown ones', async () => {
    const dir = await dirWith(JSON.stringify({ mode: 'demo', terminal: { terminalId: '123' }, printer: { paperWidthMm: 70 }, colour: 'blue' }));
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('mode:');
    expect(message).toContain('terminal.terminalId:');
    expect(message).toContain('printer.paperWidthMm:');
    expect(message).toMatch(/colour/);
  });

  it('reads a cash drawer on the printer, and names a wrong pin', async () => {
    const config = await loadConfig(await dirWith(JSON.stringify({ printer: { cashDrawer: { pin: 5, onMs: 120 } } })));
    expect(config.printer).toEqual({ paperWidthMm: 80, cashDrawer: { pin: 5, onMs: 120 } });
    expect((await loadConfig(await dirWith())).printer.cashDrawer).toBeUndefined();
    await expect(loadConfig(await dirWith(JSON.stringify({ printer: { cashDrawer: { pin: 3 } } })))).rejects.toThrow('printer.cashDrawer.pin:');
  });

  it('limits how long a print job and a printer status read may take, within sane bounds', async () => {
    const config = await loadConfig(await dirWith(JSON.stringify({ printer: { jobTimeoutMs: 20000, statusReadTimeoutMs: 2000 } })));
    expect(config.printer).toMatchObject({ jobTimeoutMs: 20000, statusReadTimeoutMs: 2000 });
    // Absent: the printer service's own defaults apply.
    expect((await loadConfig(await dirWith())).printer.jobTimeoutMs).toBeUndefined();
    await expect(loadConfig(await dirWith(JSON.stringify({ printer: { jobTimeoutMs: 0 } })))).rejects.toThrow('printer.jobTimeoutMs:');
    await expect(loadConfig(await dirWith(JSON.stringify({ printer: { jobTimeoutMs: 3_600_000 } })))).rejects.toThrow('printer.jobTimeoutMs:');
    await expect(loadConfig(await dirWith(JSON.stringify({ printer: { statusReadTimeoutMs: 1.5 } })))).rejects.toThrow('printer.statusReadTimeoutMs:');
  });

  it('refuses live mode without an upstream', async () => {
    await expect(loadConfig(await dirWith(JSON.stringify({ mode: 'live' })))).rejects.toThrow('live mode needs upstream.baseUrl');
  });

  it('takes per-operation timeouts and refuses unknown operations', async () => {
    const config = await loadConfig(await dirWith(JSON.stringify({ upstream: { timeoutsMs: { createTokenPurchaseRequest: 90000 } } })));
    expect(config.upstream.timeoutsMs?.createTokenPurchaseRequest).toBe(90000);
    await expect(loadConfig(await dirWith(JSON.stringify({ upstream: { timeoutsMs: { buyStuff: 1 } } })))).rejects.toThrow(ConfigError);
  });
});
