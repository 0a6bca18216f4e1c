// What the slip renderer needs to know about a printer. Kept in shared/ so settings screens and the
// bridge validate the same shape the main process uses.
import { z } from 'zod';

export const PrinterProfileSchema = z.object({
  paperWidthMm: z.union([z.literal(58), z.literal(80)]),
  /** Characters per line in font A; defaults to 32 (58 mm) or 48 (80 mm). 42 suits 180 dpi heads. */
  columns: z.number().int().min(16).max(48).optional(),
  /** A code page name such as `cp437`, `cp858`, `windows1252`, or `auto` to pick one per slip. */
  codepage: z.string().min(1).optional(),
  language: z.enum(['esc-pos', 'star-prnt', 'star-line']).optional(),
  dpi: z.union([z.literal(180), z.literal(203)]).optional(),
  /** False for printers without a cutter: the slip is fed out to the tear bar instead. */
  cutter: z.boolean().optional(),
  cut: z.enum(['full', 'partial']).optional(),
  /** False for printers that ignore the QR command: QR data is then printed as text. */
  qrcode: z.boolean().optional(),
  /** Cash drawer wired to the printer's kick-out connector; absent = no drawer. */
  cashDrawer: z
    .object({
      pin: z.union([z.literal(2), z.literal(5)]),
      onMs: z.number().int().min(2).max(510).optional(),
      offMs: z.number().int().min(2).max(510).optional(),
    })
    .optional(),
});
export type PrinterProfile = z.infer<typeof PrinterProfileSchema>;

export function profileColumns(profile: PrinterProfile): number {
  return profile.columns ?? (profile.paperWidthMm === 58 ? 32 : 48);
}

/** Printable width in dots: 48 mm on 58 mm paper, 72 mm on 80 mm paper. */
export function printableDots(profile: PrinterProfile): number {
  const dpi = profile.dpi ?? 203;
  if (profile.paperWidthMm === 58) return dpi === 203 ? 384 : 340;
  return dpi === 203 ? 576 : 512;
}
