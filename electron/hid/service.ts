// The card reader and the barcode scanner on USB HID: opens the devices chosen in settings, notices
// them being plugged in and out (node-hid has no hot-plug events, so the device list is checked every
// few seconds), turns their reports into reads and tells the renderer through the bridge's events.
import type { BridgeEvent } from '../../shared/bridge';
import {
  DEVICE_ROLES,
  ROLE_NAMES,
  interpretBarcode,
  interpretCardRead,
  type DeviceChoice,
  type DeviceRole,
  type DeviceRoleStatus,
  type DevicesState,
  type ReadOptions,
} from '../../shared/input/devices';
import { HidUnavailableError, type HidBackend, type HidConnection, type HidDeviceEntry } from './backend';
import { KeyboardReportDecoder } from './keyboard-report';
import { ReadAssembler } from './reads';
import { loadDeviceSettings, saveDeviceSettings, type DeviceSettings } from './settings';

export interface DeviceServiceOptions {
  dataDir: string;
  /** Loads the USB HID library; throws HidUnavailableError (plain words) where it cannot. */
  loadBackend: () => Promise<HidBackend>;
  emit: (event: BridgeEvent) => void;
  log?: (line: string) => void;
  /** How often the device list is checked for plugging and unplugging. */
  pollMs?: number;
  /** Silence that ends a read without Enter. */
  idleMs?: number;
}

interface RoleSlot {
  choice?: DeviceChoice;
  connection?: HidConnection;
  path?: string;
  status: DeviceRoleStatus;
  decoder: KeyboardReportDecoder;
  assembler: ReadAssembler;
}

export interface DeviceService {
  state(): Promise<DevicesState>;
  select(role: DeviceRole, device: DeviceChoice | null): Promise<DevicesState>;
  /** Checks the device list once (the timer does this every pollMs). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_POLL_MS = 2_000;
const DEFAULT_IDLE_MS = 120;

export async function startDeviceService(options: DeviceServiceOptions): Promise<DeviceService> {
  const log = options.log ?? (() => undefined);
  const loaded = await loadDeviceSettings(options.dataDir);
  let settings: DeviceSettings = loaded.settings;
  const settingsProblem = loaded.ok ? undefined : loaded.message;
  if (settingsProblem) log(`devices: ${settingsProblem}`);

  let backend: HidBackend | undefined;
  let unavailable: string | undefined;
  try {
    backend = await options.loadBackend();
  } catch (error) {
    unavailable = error instanceof HidUnavailableError ? error.message : `USB card readers and scanners cannot be used: ${(error as Error).message}`;
    log(`devices: ${unavailable}`);
  }

  let listed: HidDeviceEntry[] = [];
  let closed = false;
  // Every change (a poll, a choice, a device error) runs one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const readOptions = (): ReadOptions => ({
    ...(settings.cardIssuerPrefixes ? { issuerPrefixes: settings.cardIssuerPrefixes } : {}),
    ...(settings.billMeterNumber ? { billMeterNumber: settings.billMeterNumber } : {}),
  });

  const slots = {} as Record<DeviceRole, RoleSlot>;
  for (const role of DEVICE_ROLES) {
    const choice = settings[role];
    slots[role] = {
      ...(choice ? { choice } : {}),
      status: { state: 'not-chosen', message: notChosenMessage(role) },
      decoder: new KeyboardReportDecoder(),
      assembler: new ReadAssembler({
        idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
        onRead: (text) => {
          const input = role === 'cardReader' ? interpretCardRead(text, readOptions()) : interpretBarcode(text, readOptions());
          // Never the track data itself in the log: only what kind of read it was.
          log(`devices: ${ROLE_NAMES[role]} read ${input.kind === 'meter' ? `a meter number (${input.via})` : 'nothing usable'}`);
          options.emit({ type: 'device-input', role, input });
        },
      }),
    };
  }

  function setStatus(role: DeviceRole, status: DeviceRoleStatus): void {
    const slot = slots[role];
    const before = slot.status;
    slot.status = status;
    if (before.state !== status.state || before.message !== status.message) {
      log(`devices: ${ROLE_NAMES[role]} ${status.state}`);
      options.emit({ type: 'device-status', role, status });
    }
  }

  async function disconnect(role: DeviceRole): Promise<void> {
    const slot = slots[role];
    const connection = slot.connection;
    slot.connection = undefined;
    slot.path = undefined;
    // Half a swipe when the cable came out is not a read.
    slot.assembler.discard();
    slot.decoder.reset();
    await connection?.close().catch(() => undefined);
  }

  async function reconcile(role: DeviceRole): Promise<void> {
    const slot = slots[role];
    const choice = slot.choice;
    if (!choice) {
      if (slot.connection) await disconnect(role);
      setStatus(role, { state: 'not-chosen', message: notChosenMessage(role) });
      return;
    }
    const name = deviceName(choice);
    if (!backend) {
      setStatus(role, { state: 'unavailable', message: unavailable ?? 'USB card readers and scanners cannot be used here.', device: choice });
      return;
    }
    const entry = pickInterface(listed.filter((d) => matches(d, choice)));
    if (slot.connection) {
      if (entry && entry.path === slot.path) return;
      await disconnect(role);
      setStatus(role, { state: 'disconnected', message: unpluggedMessage(role, name), device: choice });
      if (!entry) return;
    }
    if (!entry) {
      if (slot.status.state !== 'disconnected') {
        setStatus(role, { state: 'missing', message: `The ${ROLE_NAMES[role]} chosen in settings (${name}) is not plugged in. Plug it in, or type the meter number.`, device: choice });
      }
      return;
    }
    try {
      slot.decoder.reset();
      slot.connection = await backend.open(entry.path, {
        onReport: (report) => slot.assembler.push(slot.decoder.decode(report)),
        onError: (error) => {
          void serial(async () => {
            if (slot.path !== entry.path) return;
            log(`devices: ${ROLE_NAMES[role]} stopped: ${error.message}`);
            await disconnect(role);
            setStatus(role, { state: 'disconnected', message: unpluggedMessage(role, name), device: choice });
          });
        },
      });
      slot.path = entry.path;
      setStatus(role, { state: 'connected', message: `The ${ROLE_NAMES[role]} (${name}) is ready.`, device: choice });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setStatus(role, {
        state: 'unreadable',
        message:
          `The ${ROLE_NAMES[role]} (${name}) is plugged in but cannot be read (${reason.slice(0, 160)}). ` +
          'On Linux this is usually a missing udev rule that lets the till\'s user open it (docs/kiosk.md). Type the meter number meanwhile.',
        device: choice,
      });
    }
  }

  async function poll(): Promise<void> {
    if (closed || !backend) {
      for (const role of DEVICE_ROLES) await reconcile(role);
      return;
    }
    try {
      listed = await backend.list();
    } catch (error) {
      log(`devices: listing USB devices failed: ${(error as Error).message}`);
      return;
    }
    for (const role of DEVICE_ROLES) await reconcile(role);
  }

  function snapshot(): DevicesState {
    const problem = unavailable ?? settingsProblem;
    return {
      available: backend !== undefined,
      ...(problem ? { problem } : {}),
      devices: listed.map(({ path: _path, ...device }) => device),
      roles: { cardReader: slots.cardReader.status, scanner: slots.scanner.status },
      reading: {
        ...(settings.cardIssuerPrefixes ? { issuerPrefixes: [...settings.cardIssuerPrefixes] } : {}),
        ...(settings.billMeterNumber ? { billMeterNumber: settings.billMeterNumber } : {}),
      },
    };
  }

  await serial(poll);
  const timer = backend ? setInterval(() => void serial(poll), options.pollMs ?? DEFAULT_POLL_MS) : undefined;
  timer?.unref?.();

  return {
    state: () => serial(async () => snapshot()),
    select: (role, device) =>
      serial(async () => {
        const next: DeviceSettings = { ...settings };
        if (device) next[role] = device;
        else delete next[role];
        await saveDeviceSettings(options.dataDir, next);
        settings = next;
        const slot = slots[role];
        if (slot.connection) await disconnect(role);
        if (device) slot.choice = device;
        else delete slot.choice;
        // A new choice starts from scratch: "unplugged" was about the device chosen before.
        if (device && slot.status.state === 'disconnected') slot.status = { state: 'not-chosen', message: notChosenMessage(role) };
        if (backend) {
          try {
            listed = await backend.list();
          } catch {
            // The next poll lists again.
          }
        }
        await reconcile(role);
        return snapshot();
      }),
    refresh: () => serial(poll),
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await serial(async () => {
        for (const role of DEVICE_ROLES) await disconnect(role);
      });
    },
  };
}

function matches(entry: HidDeviceEntry, choice: DeviceChoice): boolean {
  if (entry.vendorId !== choice.vendorId || entry.productId !== choice.productId) return false;
  return choice.serialNumber === undefined || entry.serialNumber === choice.serialNumber;
}

/** A composite device lists one entry per interface: prefer its keyboard, then a HID POS scanner interface. */
function pickInterface(entries: HidDeviceEntry[]): HidDeviceEntry | undefined {
  return (
    entries.find((e) => e.usagePage === 0x01 && e.usage === 0x06) ??
    entries.find((e) => e.usagePage === 0x8c) ??
    entries[0]
  );
}

function deviceName(choice: DeviceChoice): string {
  const id = `${hex(choice.vendorId)}:${hex(choice.productId)}`;
  return choice.product ? `${choice.product}, ${id}` : id;
}

function hex(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function notChosenMessage(role: DeviceRole): string {
  return `No USB ${ROLE_NAMES[role]} is chosen. One set up as a keyboard works without it.`;
}

function unpluggedMessage(role: DeviceRole, name: string): string {
  return `The ${ROLE_NAMES[role]} (${name}) was unplugged. Plug it in again, or type the meter number.`;
}
