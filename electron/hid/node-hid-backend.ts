// node-hid behind the HidBackend interface. It is loaded only when first needed, so a machine without
// libusb/libudev (or without the native module) still runs the till; it then says so in plain words.
import { HidUnavailableError, type HidBackend, type HidConnection, type HidConnectionHandlers, type HidDeviceEntry } from './backend';

type NodeHid = typeof import('node-hid');

export const HID_UNAVAILABLE_MESSAGE =
  'USB card readers and scanners cannot be used on this computer: the USB HID support (node-hid, with libusb and libudev on Linux) did not load. ' +
  'Readers and scanners set up as keyboards still work.';

export async function loadNodeHidBackend(load: () => Promise<NodeHid> = () => import('node-hid')): Promise<HidBackend> {
  let hid: NodeHid;
  try {
    const loaded = (await load()) as NodeHid & { default?: NodeHid };
    hid = typeof loaded.devicesAsync === 'function' ? loaded : (loaded.default ?? loaded);
    if (typeof hid.devicesAsync !== 'function') throw new Error('node-hid has no devicesAsync');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HidUnavailableError(`${HID_UNAVAILABLE_MESSAGE} (${reason.split('\n')[0]?.slice(0, 200) ?? ''})`);
  }
  return {
    async list(): Promise<HidDeviceEntry[]> {
      const devices = await hid.devicesAsync();
      const entries: HidDeviceEntry[] = [];
      for (const d of devices) {
        if (!d.path) continue;
        entries.push({
          path: d.path,
          vendorId: d.vendorId,
          productId: d.productId,
          ...(d.product ? { product: d.product } : {}),
          ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
          ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
          ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
          ...(d.usage !== undefined ? { usage: d.usage } : {}),
          interface: d.interface,
        });
      }
      return entries;
    },
    async open(path: string, handlers: HidConnectionHandlers): Promise<HidConnection> {
      // nonExclusive: on macOS a reader that is also a keyboard stays usable by the system.
      const device = await hid.HIDAsync.open(path, { nonExclusive: true });
      device.on('data', (data: Buffer) => handlers.onReport(new Uint8Array(data)));
      device.on('error', (error: unknown) => handlers.onError(error instanceof Error ? error : new Error(String(error))));
      return {
        async close() {
          device.removeAllListeners();
          await device.close().catch(() => undefined);
        },
      };
    },
  };
}
