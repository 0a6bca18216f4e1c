// Shifts and Z reports as the journal keeps them (the `shifts` table, Dexie version 6). One table,
// two kinds of row: a shift (opened with a float, closed with the counted drawer) and a Z (the day's
// numbered report, kept whole so it can be printed again). A Z row alone carries `zDay` and
// `zNumber`, both unique indexes: the journal itself refuses a second Z for the same day.
import { z } from 'zod';
import { ShiftReportPrintRequestSchema } from '../../shared/bridge';
import { TenderTypeSchema } from '../../shared/protocol/schemas';

const Minor = z.number().int().nonnegative();

export const TenderCountSchema = z.object({
  tender: TenderTypeSchema,
  expected: Minor,
  counted: Minor,
  /** counted − expected, minor units: negative is short. */
  variance: z.number().int(),
});
export type TenderCount = z.infer<typeof TenderCountSchema>;

export const ShiftRowSchema = z.object({
  kind: z.literal('shift'),
  id: z.string().uuid(),
  openedAt: z.string(),
  openedBy: z.string().max(30).optional(),
  /** Cash put in the drawer at the start, minor units. */
  float: Minor,
  currency: z.string(),
  /** X reports printed in this shift. */
  xCount: z.number().int().nonnegative(),
  closedAt: z.string().optional(),
  closedBy: z.string().max(30).optional(),
  counts: z.array(TenderCountSchema).optional(),
});
export type ShiftRow = z.infer<typeof ShiftRowSchema>;

export const ZRowSchema = z.object({
  kind: z.literal('z'),
  id: z.string().uuid(),
  zNumber: z.number().int().positive(),
  /** The shop's calendar day the Z closes, YYYY-MM-DD. */
  zDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  from: z.string(),
  to: z.string(),
  by: z.string().max(30).optional(),
  report: ShiftReportPrintRequestSchema,
});
export type ZRow = z.infer<typeof ZRowSchema>;

export const ShiftRecordSchema = z.discriminatedUnion('kind', [ShiftRowSchema, ZRowSchema]);
export type ShiftRecord = z.infer<typeof ShiftRecordSchema>;
