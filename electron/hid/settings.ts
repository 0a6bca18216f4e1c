// <data dir>/devices.json: which USB HID device is the card reader and which the scanner, and how to
// find a meter number on this utility's cards and bills. Written by the supervisor's device settings.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceChoiceSchema } from '../../shared/input/devices';

export const DeviceSettingsSchema = z
  .object({
    cardReader: DeviceChoiceSchema.optional(),
    scanner: DeviceChoiceSchema.optional(),
    /** Issuer prefixes before the meter number in a meter card's account-number field, e.g. ["600727"]. */
    cardIssuerPrefixes: z.array(z.string().regex(/^[0-9]{1,8}$/)).max(10).optional(),
    /** Where a bill's barcode holds the meter number. */
    billMeterNumber: z.object({ offset: z.number().int().min(0).max(80), length: z.union([z.literal(11), z.literal(13)]) }).strict().optional(),
  })
  .strict();
export type DeviceSettings = z.infer<typeof DeviceSettingsSchema>;

export const DEVICE_SETTINGS_FILE = 'devices.json';

export type LoadedDeviceSettings = { ok: true; settings: DeviceSettings } | { ok: false; message: string; settings: DeviceSettings };

export async function loadDeviceSettings(dataDir: string): Promise<LoadedDeviceSettings> {
  const path = join(dataDir, DEVICE_SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, settings: {} };
    return { ok: false, message: `${path} cannot be read: ${(error as Error).message}`, settings: {} };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `${path} is not valid JSON; choose the devices again in the supervisor's device settings.`, settings: {} };
  }
  const parsed = DeviceSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(file)'}: ${first.message}` : 'invalid';
    return { ok: false, message: `${path} has a mistake — ${where}`, settings: {} };
  }
  return { ok: true, settings: parsed.data };
}

/** Written whole to a temporary file, then renamed: a crash never leaves half a settings file. */
export async function saveDeviceSettings(dataDir: string, settings: DeviceSettings): Promise<void> {
  const valid = DeviceSettingsSchema.parse(settings);
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, DEVICE_SETTINGS_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
