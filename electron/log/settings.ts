// config.json `logs` (all optional), apart from the logger so reading settings never loads pino.
import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LogSettingsSchema = z
  .object({
    level: z.enum(LOG_LEVELS).default('info'),
    /** A log file is closed and a new one started once it reaches this size. */
    maxFileBytes: z.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
    /** Log files kept per process, the one being written included (older ones are deleted). */
    maxFiles: z.number().int().min(1).max(1000).default(30),
  })
  .strict();
export type LogSettings = z.infer<typeof LogSettingsSchema>;
