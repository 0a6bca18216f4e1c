import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeEventSchema, bridgeContract, dispatchBridgeCall, type BridgeEvent, type BridgeHandlers } from '../../shared/bridge';
import { HidUnavailableError, type HidDeviceEntry } from './backend';
import { startDevices, type Devices } from './index';
import { HID_UNAVAILABLE_MESSAGE, loadNodeHidBackend } from './node-hid-backend';
import { loadRecording, RecordedHidBackend } from './testing/recorded-backend';

const fixture = (name: string) => loadRecording(new URL(`./fixtures/${name}`, import.meta.url));

const READER: HidDeviceEntry = { path: '/dev/hidraw3', vendorId: 0x0801, productId: 0x0001, product: 'Mini Swipe Reader', serialNumber: 'R-1', usagePage: 1, usage: 6, interface: 0 };
const SCANNER: HidDeviceEntry = { path: '/dev/hidraw4', vendorId: 0x0c2e, productId: 0x0b61, product: 'Hand Scanner', usagePage: 1, usage: 6, interface: 0 };
const CARD = '04100000100=2912123456011020700000';

const running: Devices[] = [];
afterEach(async () => {
  for (const devices of running.splice(0)) await devices.close();
});

async function start(backend: RecordedHidBackend | Error, dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'pos-hid-')));
  const events: BridgeEvent[] = [];
  const devices = await startDevices({
    dataDir: dir,
    emit: (event) => events.push(event),
    loadBackend: async () => {
      if (backend instanceof Error) throw backend;
      return backend;
    },
    pollMs: 60_000,
  });
  running.push(devices);
  // Every call goes through the bridge's own parsing, as a renderer's would.
  const call = (method: 'devices:list' | 'devices:select', request: unknown) =>
    dispatchBridgeCall(devices.handlers as unknown as BridgeHandlers, method, request);
  return { devices, events, dir, call };
}

const inputs = (events: BridgeEvent[]) => events.flatMap((e) => (e.type === 'device-input' ? [e.input] : []));
const statuses = (events: BridgeEvent[]) => events.flatMap((e) => (e.type === 'device-status' ? [e.status.state] : []));
const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('USB HID card reader and scanner', () => {
  it('lists the plugged-in devices and opens the one chosen as card reader; a swipe gives the meter number and track2Data', async () => {
    const backend = new RecordedHidBackend();
    backend.plug(READER);
    backend.plug(SCANNER);
    const { events, call, dir } = await start(backend);

    const listed = await call('devices:list', {});
    expect(listed.ok).toBe(true);
    const state = bridgeContract['devices:list'].response.parse(listed.ok ? listed.data : undefined);
    expect(state.available).toBe(true);
    expect(state.devices.map((d) => d.product)).toEqual(['Mini Swipe Reader', 'Hand Scanner']);
    expect(state.roles.cardReader.state).toBe('not-chosen');

    const chosen = await call('devices:select', { role: 'cardReader', device: { vendorId: 0x0801, productId: 0x0001, serialNumber: 'R-1', product: 'Mini Swipe Reader' } });
    expect(chosen.ok && bridgeContract['devices:select'].response.parse(chosen.data).roles.cardReader.state).toBe('connected');
    expect(JSON.parse(await readFile(join(dir, 'devices.json'), 'utf8'))).toMatchObject({ cardReader: { vendorId: 0x0801, serialNumber: 'R-1' } });

    await backend.play(READER.path, await fixture('card-meter.hex'));
    await until(() => inputs(events).length === 1);
    expect(inputs(events)).toEqual([{ kind: 'meter', via: 'card', meterId: '04100000100', track2Data: CARD }]);
    // Every event the renderer gets passes the bridge's event schema.
    for (const event of events) expect(BridgeEventSchema.safeParse(event).success).toBe(true);
  });

  it('takes track 2 from a reader that sends track 1 first, without a false "bad read" in between', async () => {
    const backend = new RecordedHidBackend();
    backend.plug(READER);
    const { events, call } = await start(backend);
    await call('devices:select', { role: 'cardReader', device: { vendorId: 0x0801, productId: 0x0001 } });
    await backend.play(READER.path, await fixture('card-track1-track2.hex'));
    await until(() => inputs(events).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inputs(events)).toEqual([{ kind: 'meter', via: 'card', meterId: '04100000100', track2Data: CARD }]);
  });

  it('says in plain words when a swipe is misread, cut short or is not a meter card', async () => {
    const backend = new RecordedHidBackend();
    backend.plug(READER);
    const { events, call } = await start(backend);
    await call('devices:select', { role: 'cardReader', device: { vendorId: 0x0801, productId: 0x0001 } });
    for (const name of ['card-read-error.hex', 'card-partial.hex', 'card-bank.hex']) {
      const before = inputs(events).length;
      await backend.play(READER.path, await fixture(name));
      await until(() => inputs(events).length === before + 1);
    }
    const messages = inputs(events).map((input) => (input.kind === 'bad-read' ? input.message : `meter ${input.meterId}`));
    expect(messages[0]).toMatch(/could not read the card/);
    expect(messages[1]).toMatch(/Only part of the card was read/);
    expect(messages[2]).toMatch(/not a valid meter number/);
  });

  it('a card reader unplugged mid-swipe: no half read, the status says so, and it works again once plugged back', async () => {
    const backend = new RecordedHidBackend();
    backend.plug(READER);
    const { devices, events, call } = await start(backend);
    await call('devices:select', { role: 'cardReader', device: { vendorId: 0x0801, productId: 0x0001 } });
    const swipe = await fixture('card-meter.hex');

    const playing = backend.play(READER.path, swipe);
    await new Promise((resolve) => setTimeout(resolve, 30));
    backend.unplug(READER.path);
    const played = await playing;
    expect(played).toBeLessThan(swipe.length);
    await until(() => statuses(events).includes('disconnected'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inputs(events)).toEqual([]);
    const state = await devices.service.state();
    expect(state.roles.cardReader.message).toMatch(/was unplugged\. Plug it in again, or type the meter number/);

    // Plugged into another port: a new path, found by vendor, product and serial on the next check.
    backend.plug({ ...READER, path: '/dev/hidraw7' });
    await devices.service.refresh();
    expect((await devices.service.state()).roles.cardReader.state).toBe('connected');
    await backend.play('/dev/hidraw7', swipe);
    await until(() => inputs(events).length === 1);
    expect(inputs(events)[0]).toMatchObject({ kind: 'meter', meterId: '04100000100' });
    expect(statuses(events)).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('a chosen device that is not plugged in, or cannot be opened, is said in plain words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-hid-'));
    await writeFile(join(dir, 'devices.json'), JSON.stringify({ scanner: { vendorId: 0x0c2e, productId: 0x0b61, product: 'Hand Scanner' } }));
    const backend = new RecordedHidBackend();
    const { devices } = await start(backend, dir);
    expect((await devices.service.state()).roles.scanner).toMatchObject({
      state: 'missing',
      message: 'The barcode scanner chosen in settings (Hand Scanner, 0c2e:0b61) is not plugged in. Plug it in, or type the meter number.',
    });
    backend.plug(SCANNER);
    backend.refuse.set(SCANNER.path, 'cannot open device with path /dev/hidraw4');
    await devices.service.refresh();
    const scanner = (await devices.service.state()).roles.scanner;
    expect(scanner.state).toBe('unreadable');
    expect(scanner.message).toMatch(/plugged in but cannot be read .*udev rule/);
  });

  it('a scanner reads a meter-number barcode, and a bill barcode where the settings say the meter number is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-hid-'));
    await writeFile(join(dir, 'devices.json'), JSON.stringify({
      scanner: { vendorId: 0x0c2e, productId: 0x0b61 },
      billMeterNumber: { offset: 8, length: 11 },
    }));
    const backend = new RecordedHidBackend();
    backend.plug(SCANNER);
    const { events } = await start(backend, dir);
    await backend.play(SCANNER.path, await fixture('scanner-meter.hex'));
    await until(() => inputs(events).length === 1);
    await backend.play(SCANNER.path, await fixture('scanner-bill.hex'));
    await until(() => inputs(events).length === 2);
    expect(inputs(events)).toEqual([
      { kind: 'meter', via: 'barcode', meterId: '04100000100' },
      { kind: 'meter', via: 'bill', meterId: '04100000100' },
    ]);
    expect(events.filter((e) => e.type === 'device-input').every((e) => e.role === 'scanner')).toBe(true);
  });

  it('without USB HID support the till still starts, and says why readers cannot be used', async () => {
    const { devices, call, dir } = await start(new HidUnavailableError(HID_UNAVAILABLE_MESSAGE));
    const state = await devices.service.state();
    expect(state).toMatchObject({ available: false, problem: HID_UNAVAILABLE_MESSAGE, devices: [] });
    const chosen = await call('devices:select', { role: 'cardReader', device: { vendorId: 1, productId: 2 } });
    expect(chosen.ok && chosen.data).toMatchObject({ roles: { cardReader: { state: 'unavailable', message: HID_UNAVAILABLE_MESSAGE } } });
    expect(JSON.parse(await readFile(join(dir, 'devices.json'), 'utf8'))).toEqual({ cardReader: { vendorId: 1, productId: 2 } });
    // The bridge refuses a malformed choice before it reaches the service.
    const bad = await call('devices:select', { role: 'printer', device: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a broken devices.json is named, and the till runs without chosen devices', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-hid-'));
    await writeFile(join(dir, 'devices.json'), '{"cardReader": {"vendorId": "x"}}');
    const { devices } = await start(new RecordedHidBackend(), dir);
    const state = await devices.service.state();
    expect(state.problem).toMatch(/devices\.json has a mistake — cardReader\.vendorId/);
    expect(state.roles.cardReader.state).toBe('not-chosen');
  });
});

describe('node-hid loading', () => {
  it('loads the real node-hid here and lists devices (none on a build machine)', async () => {
    const backend = await loadNodeHidBackend();
    expect(Array.isArray(await backend.list())).toBe(true);
  });

  it('turns a failed load (no libusb, no native module) into plain words', async () => {
    const failing = loadNodeHidBackend(async () => {
      throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
    });
    await expect(failing).rejects.toBeInstanceOf(HidUnavailableError);
    await expect(failing).rejects.toThrow(/USB card readers and scanners cannot be used on this computer.*libusb-1\.0\.so\.0/);
  });
});

