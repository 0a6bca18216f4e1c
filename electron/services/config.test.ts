import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, serviceSettings } from './config';

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

  it('an existing live config.json with only the top-level upstream still loads: it is the electricity upstream, airtime stays off', async () => {
    const file = {
      mode: 'live',
      upstream: { baseUrl: 'https://aggregator.example/prepaidutility/v3', username: 'pos', timeoutMs: 45000, timeoutsMs: { createTokenPurchaseRequest: 90000 } },
    };
    const services = serviceSettings(await loadConfig(await dirWith(JSON.stringify(file))));
    expect(services.prepaidUtility).toMatchObject({ enabled: true, displayName: 'Electricity', baseUrl: 'https://aggregator.example/prepaidutility/v3', username: 'pos' });
    expect(services.prepaidUtility.timeoutsMs).toMatchObject({ createTokenPurchaseRequest: 90000, createMeterLookup: 45000, confirmTokenPurchase: 45000 });
    expect(services.airtime.enabled).toBe(false);
  });

  it('gives each service its own upstream, user and timeouts', async () => {
    const file = {
      mode: 'live',
      services: {
        prepaidUtility: { baseUrl: 'https://a.example/prepaidutility/v3', username: 'ppu' },
        airtime: { baseUrl: 'https://b.example/vas/airtime/v5', username: 'air', caFile: '/etc/pos/air.pem', timeoutMs: 30000, timeoutsMs: { purchaseStatus: 10000 }, channelName: 'Till', displayName: 'Airtime' },
      },
    };
    const services = serviceSettings(await loadConfig(await dirWith(JSON.stringify(file))));
    expect(services.prepaidUtility).toMatchObject({ enabled: true, baseUrl: 'https://a.example/prepaidutility/v3', username: 'ppu' });
    expect(services.airtime).toMatchObject({ enabled: true, displayName: 'Airtime', baseUrl: 'https://b.example/vas/airtime/v5', username: 'air', caFile: '/etc/pos/air.pem', channelName: 'Till' });
    expect(services.airtime.timeoutsMs).toMatchObject({ purchase: 30000, purchaseStatus: 10000, purchaseReversal: 30000 });
  });

  it('training runs every service against the simulator unless one is turned off', async () => {
    const services = serviceSettings(await loadConfig(await dirWith()));
    expect(services.prepaidUtility).toMatchObject({ enabled: true });
    expect(services.airtime).toMatchObject({ enabled: true, displayName: 'Airtime & data' });
    expect(services.prepaidUtility.baseUrl).toBeUndefined();
    expect(services.airtime.baseUrl).toBeUndefined();
    const off = serviceSettings(await loadConfig(await dirWith(JSON.stringify({ services: { airtime: { enabled: false } } }))));
    expect(off.airtime.enabled).toBe(false);
  });

  it('refuses what cannot work: both forms of the electricity upstream, live airtime without a URL, no service at all, unknown airtime operations', async () => {
    await expect(loadConfig(await dirWith(JSON.stringify({ upstream: { username: 'a' }, services: { prepaidUtility: { username: 'b' } } })))).rejects.toThrow('give only one of them');
    await expect(loadConfig(await dirWith(JSON.stringify({ mode: 'live', upstream: { baseUrl: 'https://a.example/p' }, services: { airtime: { enabled: true } } })))).rejects.toThrow('live mode needs services.airtime.baseUrl');
    await expect(loadConfig(await dirWith(JSON.stringify({ services: { prepaidUtility: { enabled: false }, airtime: { enabled: false } } })))).rejects.toThrow('enable at least one');
    await expect(loadConfig(await dirWith(JSON.stringify({ services: { airtime: { timeoutsMs: { createTokenPurchaseRequest: 1000 } } } })))).rejects.toThrow('services.airtime.timeoutsMs');
    await expect(loadConfig(await dirWith(JSON.stringify({ services: { billpay: {} } })))).rejects.toThrow(ConfigError);
  });

  it('takes a fallback airtime catalogue (for an upstream without listProducts) and checks every product', async () => {
    const catalogue = [{ productId: 'VOD10', name: 'Vodacom R10', type: 'AIRTIME_FIXED', isDirectTopup: false, productValues: [{ amount: 1000, currency: '710' }] }];
    const services = serviceSettings(await loadConfig(await dirWith(JSON.stringify({ services: { airtime: { catalogue } } }))));
    expect(services.airtime.catalogue?.[0]).toMatchObject({ productId: 'VOD10', isDirectTopup: false });
    await expect(loadConfig(await dirWith(JSON.stringify({ services: { airtime: { catalogue: [{ productId: 'bad id!' }] } } })))).rejects.toThrow('services.airtime.catalogue.0.productId');
  });
});
