// The device layer's view of USB HID: list what is plugged in, open one device and receive its input
// reports. node-hid implements it on a till; tests feed it recorded reports.
import type { HidDevice } from '../../shared/input/devices';

/** A device as listed, with the operating system's path to open it (changes when it is replugged). */
export interface HidDeviceEntry extends HidDevice {
  path: string;
}

export interface HidConnectionHandlers {
  onReport(report: Uint8Array): void;
  /** The device stopped answering: unplugged, or taken away by the system. */
  onError(error: Error): void;
}

export interface HidConnection {
  close(): Promise<void>;
}

export interface HidBackend {
  list(): Promise<HidDeviceEntry[]>;
  open(path: string, handlers: HidConnectionHandlers): Promise<HidConnection>;
}

/** USB HID cannot be used on this machine at all; `message` says why in plain words. */
export class HidUnavailableError extends Error {
  override readonly name = 'HidUnavailableError';
}
