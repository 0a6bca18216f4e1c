// USB HID card readers and barcode scanners, composed for the bridge. The hosts' service composition
// calls startDevices and spreads `handlers` into its bridge handlers; device events go out through
// `emit` (the EventHub both hosts already forward to the renderer).
import type { BridgeEvent, BridgeHandlers } from '../../shared/bridge';
import type { HidBackend } from './backend';
import { loadNodeHidBackend } from './node-hid-backend';
import { startDeviceService, type DeviceService } from './service';

export interface StartDevicesOptions {
  dataDir: string;
  emit: (event: BridgeEvent) => void;
  log?: (line: string) => void;
  /** Default: node-hid, loaded on first use. Tests pass a backend fed with recorded reports. */
  loadBackend?: () => Promise<HidBackend>;
  pollMs?: number;
}

export interface Devices {
  handlers: Pick<BridgeHandlers, 'devices:list' | 'devices:select'>;
  service: DeviceService;
  close(): Promise<void>;
}

export async function startDevices(options: StartDevicesOptions): Promise<Devices> {
  const service = await startDeviceService({
    dataDir: options.dataDir,
    emit: options.emit,
    loadBackend: options.loadBackend ?? (() => loadNodeHidBackend()),
    ...(options.log ? { log: options.log } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
  return {
    service,
    handlers: {
      'devices:list': async () => ({ ok: true, data: await service.state() }),
      'devices:select': async ({ role, device }) => ({ ok: true, data: await service.select(role, device) }),
    },
    close: () => service.close(),
  };
}
