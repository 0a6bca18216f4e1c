// The terminal's settings file (<data dir>/config.json): validated on read, with a clear error that
// names the file and the field; absent means training mode with the embedded simulator.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { JOURNAL_RETENTION_DAYS, OutboxSettingsSchema } from '../../shared/bridge';
import { OPERATION_IDS, type OperationId } from '../../shared/protocol/operations';
import { AIRTIME_OPERATION_IDS, type AirtimeOperationId } from '../../shared/protocol/airtime/operations';
import { ProductListSchema, type ProductList } from '../../shared/protocol/airtime/schemas';
import { isValidTimeZone } from '../../shared/time';
import { TerminalConfigSchema, TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { PrinterProfileSchema } from '../../shared/slip/profile';

const TimeoutMsSchema = z.number().int().positive().max(300_000);

/** Where one service's upstream is and how long to wait for it. */
const upstreamFields = {
  /** Absent: the embedded simulator (training only). */
  baseUrl: z.string().url().optional(),
  caFile: z.string().optional(),
  username: z.string().optional(),
  /** One timeout for every operation (the protocol's default is 60 s)… */
  timeoutMs: TimeoutMsSchema.optional(),
};

/** Prepaid Utility v3 (electricity): `services.prepaidUtility`, or the older top-level `upstream`. */
const PrepaidUtilitySettingsSchema = z
  .object({
    ...upstreamFields,
    /** …or per operation, e.g. { "createTokenPurchaseRequest": 90000 }; these win. */
    timeoutsMs: z.partialRecord(z.enum(OPERATION_IDS), TimeoutMsSchema).optional(),
  })
  .strict();

const serviceFields = {
  /** Offer this service at the counter. Absent: electricity on; others on in training, and in live mode when they have a baseUrl. */
  enabled: z.boolean().optional(),
  /** What the cashier sees on the product switch. */
  displayName: z.string().min(1).max(40).optional(),
};

const AirtimeSettingsSchema = z
  .object({
    ...serviceFields,
    ...upstreamFields,
    timeoutsMs: z.partialRecord(z.enum(AIRTIME_OPERATION_IDS), TimeoutMsSchema).optional(),
    /** The sales channel this till is (listProducts, lookupMsisdn `channelName`). */
    channelName: z.string().min(1).max(50).optional(),
    /** Products offered when the upstream has no catalogue (listProducts answers 501). */
    catalogue: ProductListSchema.optional(),
  })
  .strict();

export const PosConfigSchema = z
  .object({
    mode: z.enum(['training', 'live']).default('training'),
    terminal: TerminalConfigSchema.default(TRAINING_TERMINAL),
    operatorId: z.string().min(1).max(30).optional(),
    /** IANA time zone for slips and screens, e.g. "Africa/Johannesburg"; default: this computer's. */
    timeZone: z.string().refine(isValidTimeZone, { message: 'not a time zone this system knows (e.g. Africa/Johannesburg)' }).optional(),
    /** The Prepaid Utility upstream, as config files before per-service settings name it. */
    upstream: PrepaidUtilitySettingsSchema.default({}),
    /** Each service's own upstream, credentials and timeouts (an aggregator may host them apart). Bill payments: later. */
    services: z
      .object({
        prepaidUtility: PrepaidUtilitySettingsSchema.extend(serviceFields).strict().optional(),
        airtime: AirtimeSettingsSchema.optional(),
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
  const problem = serviceProblem(parsed.data);
  if (problem) throw new ConfigError(`${file}: ${problem}`);
  return parsed.data;
}

export const SERVICE_IDS = ['prepaidUtility', 'airtime'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

interface ServiceSettingsBase {
  enabled: boolean;
  displayName: string;
  /** Absent: the embedded training simulator. */
  baseUrl?: string;
  caFile?: string;
  username?: string;
}
export interface PrepaidUtilitySettings extends ServiceSettingsBase {
  timeoutsMs: Partial<Record<OperationId, number>>;
}
export interface AirtimeSettings extends ServiceSettingsBase {
  timeoutsMs: Partial<Record<AirtimeOperationId, number>>;
  channelName?: string;
  catalogue?: ProductList;
}
export interface ServiceSettings {
  prepaidUtility: PrepaidUtilitySettings;
  airtime: AirtimeSettings;
}

/** Per-operation timeouts: the service's one `timeoutMs` for every operation, overridden per operation. */
function timeouts<Op extends string>(ids: readonly Op[], all: number | undefined, each: Partial<Record<Op, number>> = {}): Partial<Record<Op, number>> {
  const result: Partial<Record<Op, number>> = {};
  for (const operation of ids) {
    const ms = each[operation] ?? all;
    if (ms !== undefined) result[operation] = ms;
  }
  return result;
}

const isEmpty = (value: object) => Object.values(value).every((v) => v === undefined);

/** Each service's settings, with the older top-level `upstream` standing for Prepaid Utility's. */
export function serviceSettings(config: PosConfig): ServiceSettings {
  const ppu = config.services.prepaidUtility ?? config.upstream;
  const ppuFlags: { enabled?: boolean; displayName?: string } = config.services.prepaidUtility ?? {};
  const airtime = config.services.airtime ?? {};
  // A service added later stays off in an existing live till until its upstream is configured.
  const enabledByDefault = (baseUrl: string | undefined) => config.mode === 'training' || baseUrl !== undefined;
  return {
    prepaidUtility: {
      // Electricity is what every till sold before there were services: on unless turned off.
      enabled: ppuFlags.enabled ?? true,
      displayName: ppuFlags.displayName ?? 'Electricity',
      ...(ppu.baseUrl ? { baseUrl: ppu.baseUrl } : {}),
      ...(ppu.caFile ? { caFile: ppu.caFile } : {}),
      ...(ppu.username ? { username: ppu.username } : {}),
      timeoutsMs: timeouts(OPERATION_IDS, ppu.timeoutMs, ppu.timeoutsMs),
    },
    airtime: {
      enabled: airtime.enabled ?? enabledByDefault(airtime.baseUrl),
      displayName: airtime.displayName ?? 'Airtime & data',
      ...(airtime.baseUrl ? { baseUrl: airtime.baseUrl } : {}),
      ...(airtime.caFile ? { caFile: airtime.caFile } : {}),
      ...(airtime.username ? { username: airtime.username } : {}),
      timeoutsMs: timeouts(AIRTIME_OPERATION_IDS, airtime.timeoutMs, airtime.timeoutsMs),
      ...(airtime.channelName ? { channelName: airtime.channelName } : {}),
      ...(airtime.catalogue ? { catalogue: airtime.catalogue } : {}),
    },
  };
}

function serviceProblem(config: PosConfig): string | undefined {
  if (config.services.prepaidUtility && !isEmpty(config.upstream)) {
    return 'upstream and services.prepaidUtility are the same settings (electricity); give only one of them';
  }
  const services = serviceSettings(config);
  if (!SERVICE_IDS.some((id) => services[id].enabled)) return 'every service is turned off; enable at least one';
  if (config.mode === 'live') {
    if (services.prepaidUtility.enabled && !services.prepaidUtility.baseUrl) {
      return 'live mode needs upstream.baseUrl (or services.prepaidUtility.baseUrl); the simulator is for training only';
    }
    if (services.airtime.enabled && !services.airtime.baseUrl) {
      return 'live mode needs services.airtime.baseUrl for airtime; the simulator is for training only';
    }
  }
  return undefined;
}

/** Per-user data directory, following each platform's convention. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'prepaid-pos');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'prepaid-pos');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'prepaid-pos');
}
