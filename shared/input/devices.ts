// What card readers and barcode scanners give the till, whichever way they are attached (USB HID
// through the main side, or a keyboard-wedge reader typing into the page): schemas for the bridge,
// and the one place a finished read becomes a meter number or a plain-words problem.
import { z } from 'zod';
import { isValidStsMeterNumber } from '../protocol/meter-number';
import { parseTrack2Text, type Track2Options } from './track2';

export const DEVICE_ROLES = ['cardReader', 'scanner'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export const ROLE_NAMES: Record<DeviceRole, string> = { cardReader: 'card reader', scanner: 'barcode scanner' };

/** One USB HID device as the operating system lists it. */
export const HidDeviceSchema = z.object({
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  product: z.string().max(200).optional(),
  manufacturer: z.string().max(200).optional(),
  serialNumber: z.string().max(200).optional(),
  /** HID usage page and usage of the interface (1/6 keyboard, 0x8C barcode scanner). */
  usagePage: z.number().int().optional(),
  usage: z.number().int().optional(),
  interface: z.number().int().optional(),
});
export type HidDevice = z.infer<typeof HidDeviceSchema>;

/** A device chosen for a role: by vendor, product and (when it has one) serial number, not by its port. */
export const DeviceChoiceSchema = z
  .object({
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    serialNumber: z.string().max(200).optional(),
    /** Kept to name the device when it is not plugged in. */
    product: z.string().max(200).optional(),
  })
  .strict();
export type DeviceChoice = z.infer<typeof DeviceChoiceSchema>;

export const DEVICE_STATES = ['not-chosen', 'connected', 'missing', 'disconnected', 'unreadable', 'unavailable'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const DeviceRoleStatusSchema = z.object({
  state: z.enum(DEVICE_STATES),
  /** What the cashier reads: always whole words, never an error code. */
  message: z.string(),
  device: DeviceChoiceSchema.optional(),
});
export type DeviceRoleStatus = z.infer<typeof DeviceRoleStatusSchema>;

export const DevicesStateSchema = z.object({
  /** False where USB HID cannot be used at all (library or system support missing); `problem` says why. */
  available: z.boolean(),
  problem: z.string().optional(),
  devices: z.array(HidDeviceSchema).max(256),
  roles: z.object({ cardReader: DeviceRoleStatusSchema, scanner: DeviceRoleStatusSchema }),
  /** How cards and bills are read (devices.json), so a keyboard-wedge reader in the page reads them the same way. */
  reading: z.object({
    issuerPrefixes: z.array(z.string().regex(/^[0-9]{1,8}$/)).max(10).optional(),
    billMeterNumber: z.object({ offset: z.number().int().min(0).max(80), length: z.union([z.literal(11), z.literal(13)]) }).optional(),
  }),
});
export type DevicesState = z.infer<typeof DevicesStateSchema>;

export const DeviceSelectRequestSchema = z
  .object({ role: z.enum(DEVICE_ROLES), device: DeviceChoiceSchema.nullable() })
  .strict();

/** A finished read: a meter number (from a card, a meter-number barcode or a bill), or why there is none. */
export const DeviceInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('meter'),
    via: z.enum(['card', 'barcode', 'bill']),
    meterId: z.string().regex(/^[0-9]{11}$|^[0-9]{13}$/),
    /** Meter.track2Data for the lookup and purchase: the card's 34-character track 2. */
    track2Data: z.string().regex(/^[a-zA-Z0-9=]{34}$/).optional(),
  }),
  z.object({ kind: z.literal('bad-read'), via: z.enum(['card', 'barcode']), message: z.string().max(400) }),
]);
export type DeviceInput = z.infer<typeof DeviceInputSchema>;

export interface ReadOptions extends Track2Options {
  /** Where a bill's barcode holds the meter number (0-based offset, 11 or 13 digits). */
  billMeterNumber?: { offset: number; length: 11 | 13 };
}

/** Reads that start like a magnetic track, or carry track 2's field separator, are card swipes. */
export function looksLikeCardSwipe(text: string): boolean {
  const t = text.trim();
  return t.startsWith(';') || t.startsWith('%') || /;[0-9]/.test(t) || /^[0-9]+=[0-9=]*$/.test(t);
}

export function interpretCardRead(text: string, options: ReadOptions = {}): DeviceInput {
  const read = parseTrack2Text(text, options);
  if (!read.ok) return { kind: 'bad-read', via: 'card', message: read.message };
  return { kind: 'meter', via: 'card', meterId: read.meterId, ...(read.track2Data ? { track2Data: read.track2Data } : {}) };
}

/** A scanned barcode: a meter number on its own, or a bill whose barcode holds one at a known place. */
export function interpretBarcode(text: string, options: ReadOptions = {}): DeviceInput {
  const code = text.trim();
  const digits = code.replace(/[\s-]/g, '');
  if (isValidStsMeterNumber(digits)) return { kind: 'meter', via: 'barcode', meterId: digits };
  const field = options.billMeterNumber;
  if (field && /^[0-9]+$/.test(digits) && digits.length >= field.offset + field.length) {
    const meterId = digits.slice(field.offset, field.offset + field.length);
    if (isValidStsMeterNumber(meterId)) return { kind: 'meter', via: 'bill', meterId };
    return { kind: 'bad-read', via: 'barcode', message: 'This bill\'s barcode does not hold a valid meter number where the settings say. Type the meter number instead.' };
  }
  if (/^[0-9]{11}$|^[0-9]{13}$/.test(digits)) {
    return { kind: 'bad-read', via: 'barcode', message: 'The scanned number is not a valid meter number (its check digit is wrong). Scan it again or type it.' };
  }
  return { kind: 'bad-read', via: 'barcode', message: 'The scanned barcode is not a meter number. Scan the meter number or type it.' };
}

/** One finished read from either kind of device. */
export function interpretRead(text: string, options: ReadOptions = {}): DeviceInput {
  return looksLikeCardSwipe(text) ? interpretCardRead(text, options) : interpretBarcode(text, options);
}
