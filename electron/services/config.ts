// The terminal's settings file (<data dir>/config.json): validated on read, with a clear error that
// names the file and the field; absent means training mode with the embedded simulator.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { JOURNAL_RETENTION_DAYS, OutboxSettingsSchema } from '../../shared/bridge';
import { OPERATION_IDS } from '../../shared/protocol/operations';
import { isValidTimeZone } from '../../shared/time';
import { TerminalConfigSchema, TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { PrinterProfileSchema } from '../../shared/slip/profile';
import { LogSettingsSchema } from '../log/settings';

/** An https origin the app may hand to the system browser (shell.openExternal). */
const ExternalOriginSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value.replace(/\/+$/, '');
  } catch {
    return false;
  }
}, { message: 'an https origin such as "https://support.example.com" (no path)' });

/** The Electron shell (issue 14): kiosk, start at login, links out, the password store. */
export const ShellSettingsSchema = z
  .object({
    /** Full screen, no window chrome, left only with a supervisor PIN. */
    kiosk: z.boolean().default(false),
    /** Start the app when the user logs in (Windows, macOS; Linux uses the kiosk guide's unit). */
    startAtLogin: z.boolean().default(false),
    /** Origins links may open in the system browser; none by default. */
    openExternal: z.array(ExternalOriginSchema).max(50).default([]),
    /**
     * Linux without a keyring: Electron's safeStorage falls back to a fixed key ("basic_text"), which
     * protects nothing. The upstream password is stored that way only if this is true.
     */
    acceptUnprotectedPasswordStore: z.boolean().default(false),
  })
  .strict();
export type ShellSettings = z.infer<typeof ShellSettingsSchema>;

export const PosConfigSchema = z
  .object({
    mode: z.enum(['training', 'live']).default('training'),
    terminal: TerminalConfigSchema.default(TRAINING_TERMINAL),
    operatorId: z.string().min(1).max(30).optional(),
    /** IANA time zone for slips and screens, e.g. "Africa/Johannesburg"; default: this computer's. */
    timeZone: z.string().refine(isValidTimeZone, { message: 'not a time zone this system knows (e.g. Africa/Johannesburg)' }).optional(),
    upstream: z
      .object({
        /** Absent: the embedded simulator (training only). */
        baseUrl: z.string().url().optional(),
        caFile: z.string().optional(),
        username: z.string().optional(),
        /** One timeout for every operation (the protocol's default is 60 s)… */
        timeoutMs: z.number().int().positive().max(300_000).optional(),
        /** …or per operation, e.g. { "createTokenPurchaseRequest": 90000 }; these win. */
        timeoutsMs: z.partialRecord(z.enum(OPERATION_IDS), z.number().int().positive().max(300_000)).optional(),
      })
      .strict()
      .default({}),
    outbox: OutboxSettingsSchema.default(OutboxSettingsSchema.parse({})),
    /** Journal retention (docs/decisions/0006): finished sales a whole backup holds may be pruned after this many days. */
    journal: z
      .object({ retentionDays: z.number().int().min(JOURNAL_RETENTION_DAYS.min).max(JOURNAL_RETENTION_DAYS.max).default(JOURNAL_RETENTION_DAYS.default) })
      .strict()
      .default({ retentionDays: JOURNAL_RETENTION_DAYS.default }),
    printer: z
      .object({
        uri: z.string().min(1).optional(),
        paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
        /** A cash drawer on the printer's kick-out connector: cash sales open it with their first slip. */
        cashDrawer: PrinterProfileSchema.shape.cashDrawer,
        /** The most one print may take at the printer before it fails in plain words (service default 15 s). */
        jobTimeoutMs: z.number().int().min(1000).max(120_000).optional(),
        /** The most a printer status read may take, waiting behind a print included (service default 3 s). */
        statusReadTimeoutMs: z.number().int().min(200).max(30_000).optional(),
      })
      .strict()
      .default({ paperWidthMm: 80 }),
    logs: LogSettingsSchema.default(LogSettingsSchema.parse({})),
    shell: ShellSettingsSchema.default(ShellSettingsSchema.parse({})),
  })
  .strict();
export type PosConfig = z.infer<typeof PosConfigSchema>;

export class ConfigError extends Error {}

export async function loadConfig(dataDir: string): Promise<PosConfig> {
  const file = join(dataDir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return PosConfigSchema.parse({});
    throw new ConfigError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = PosConfigSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(`${file} has invalid settings:\n${lines.join('\n')}`);
  }
  if (parsed.data.mode === 'live' && !parsed.data.upstream.baseUrl) {
    throw new ConfigError(`${file}: live mode needs upstream.baseUrl (the simulator is for training only)`);
  }
  return parsed.data;
}

/** Per-user data directory, following each platform's convention. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'prepaid-pos');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'prepaid-pos');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'prepaid-pos');
}
