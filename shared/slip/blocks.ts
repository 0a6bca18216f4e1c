// The slip model: what goes on paper, independent of printer and screen. Encoded in
// electron/printer/render.ts, previewed in renderer/slip/SlipPreview.tsx.
import { z } from 'zod';

export const SCALE_MIN = 1;
export const SCALE_MAX = 8;

const ScaleSchema = z.number().int().min(SCALE_MIN).max(SCALE_MAX);
export const AlignSchema = z.enum(['left', 'center', 'right']);
export type Align = z.infer<typeof AlignSchema>;

export const TextBlockSchema = z.object({
  kind: z.literal('text'),
  text: z.string(),
  align: AlignSchema.optional(),
  bold: z.boolean().optional(),
  /** White on black, for marks that must not be missed. */
  invert: z.boolean().optional(),
  /** Character width and height multipliers, integers 1–8 (see `scaleFactor`). */
  width: ScaleSchema.optional(),
  height: ScaleSchema.optional(),
  /**
   * `wrap` (default) breaks at spaces; `shrink` keeps the text on one line by lowering the width
   * scale first, so a token is never split mid-group.
   */
  fit: z.enum(['wrap', 'shrink']).optional(),
  /** Wrap narrower than the paper: SlipData's slipWidth, in normal-width characters. */
  maxColumns: z.number().int().positive().optional(),
});
export type TextBlock = z.infer<typeof TextBlockSchema>;

/** A label on the left and its value on the right, on one line when both fit. */
export const PairBlockSchema = z.object({
  kind: z.literal('pair'),
  label: z.string(),
  value: z.string(),
  bold: z.boolean().optional(),
});
export type PairBlock = z.infer<typeof PairBlockSchema>;

export const RuleBlockSchema = z.object({ kind: z.literal('rule'), style: z.enum(['single', 'double']).optional() });
export type RuleBlock = z.infer<typeof RuleBlockSchema>;

export const CutBlockSchema = z.object({ kind: z.literal('cut') });
export type CutBlock = z.infer<typeof CutBlockSchema>;

export const FeedBlockSchema = z.object({ kind: z.literal('feed'), lines: z.number().int().min(1).max(20) });
export type FeedBlock = z.infer<typeof FeedBlockSchema>;

/** `encoding` is kept as the upstream wrote it ("ITF", "CODE128"…); the renderer maps it. */
export const BarcodeBlockSchema = z.object({
  kind: z.literal('barcode'),
  encoding: z.string(),
  data: z.string().min(1),
});
export type BarcodeBlock = z.infer<typeof BarcodeBlockSchema>;

export const QrBlockSchema = z.object({ kind: z.literal('qr'), data: z.string().min(1) });
export type QrBlock = z.infer<typeof QrBlockSchema>;

export const SlipBlockSchema = z.discriminatedUnion('kind', [
  TextBlockSchema,
  PairBlockSchema,
  RuleBlockSchema,
  CutBlockSchema,
  FeedBlockSchema,
  BarcodeBlockSchema,
  QrBlockSchema,
]);
export type SlipBlock = z.infer<typeof SlipBlockSchema>;

/**
 * A slip. `columns` is the width it was laid out for, if it matters; printers and the preview
 * lay the blocks out again for their own width.
 */
export const SlipModelSchema = z.object({
  columns: z.number().int().positive().optional(),
  blocks: z.array(SlipBlockSchema),
});
export type SlipModel = z.infer<typeof SlipModelSchema>;

/**
 * SlipData's scale factors are doubles; printers take whole multiples from 1 to 8. Round to the
 * nearest (0.5 up), then clamp: 0.4 → 1, 1.5 → 2, 2.4 → 2, 12 → 8; missing or not a number → 1.
 */
export function scaleFactor(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 1;
  return Math.min(SCALE_MAX, Math.max(SCALE_MIN, Math.round(value)));
}
