// Persistent, structured, rotating logs in <data dir>/logs (docs/decisions/0010-logging.md).
// Every message and every field goes through shared/protocol/mask.ts before pino sees it, so a
// secret handed to the logger by mistake is masked on the way to disk, not only where it was logged.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';
import { maskForLog, maskText } from '../../shared/protocol/mask';
import { LogSettingsSchema, type LogLevel, type LogSettings } from './settings';

export { LOG_LEVELS, LogSettingsSchema, type LogLevel, type LogSettings } from './settings';

export const LOGS_FOLDER = 'logs';

/** The logging surface every main-side module gets: a level, a message, optional fields. */
export interface PosLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The same logger with these fields on every line (e.g. `{ component: 'printer' }`). */
  child(fields: Record<string, unknown>): PosLog;
}

export interface RunningLog extends PosLog {
  /** Folder the files are written to. */
  folder: string;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

export interface LogOptions {
  dataDir: string;
  /** Names the files: `<process>.<yyyy-MM-dd>.<n>.log` (e.g. `host`, `main`). */
  process: 'main' | 'host';
  settings?: Partial<LogSettings>;
  /** Also write each line, masked, to this function (a terminal); the files get it regardless. */
  echo?: (line: string) => void;
}

export async function startLog(options: LogOptions): Promise<RunningLog> {
  const settings = LogSettingsSchema.parse(options.settings ?? {});
  const folder = join(options.dataDir, LOGS_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stream = await pinoRoll({
    file: join(folder, options.process),
    extension: '.log',
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    size: `${Math.max(1, Math.floor(settings.maxFileBytes / 1024))}k`,
    limit: { count: settings.maxFiles, removeOtherLogFiles: true },
    mkdir: true,
    // Each line reaches the file as it is logged: a till that loses power keeps its last lines.
    sync: true,
    mode: 0o600,
  });
  const root = pino(
    {
      level: settings.level,
      base: { process: options.process, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const wrap = (logger: pino.Logger): PosLog => {
    const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
      const text = maskText(message);
      const masked = fields === undefined ? undefined : (maskForLog(fields) as Record<string, unknown>);
      if (masked) logger[level](masked, text);
      else logger[level](text);
      if (options.echo && logger.isLevelEnabled(level)) {
        options.echo(masked ? `${text} ${JSON.stringify(masked)}` : text);
      }
    };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => wrap(logger.child(maskForLog(fields) as Record<string, unknown>)),
    };
  };
  return {
    ...wrap(root),
    folder,
    close: () =>
      new Promise<void>((resolve) => {
        // end() writes what is buffered first, then closes the file.
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}

/**
 * The `(line) => void` logger older modules take, on top of a PosLog: a line `"<component>: text"`
 * keeps its component as a field; JSON after it is parsed into fields so it stays structured.
 */
export function lineLogger(log: PosLog, level: LogLevel = 'info'): (line: string) => void {
  return (line) => {
    const match = /^([a-z][a-z -]{0,30}?):? (\{.*\})$/s.exec(line);
    if (match?.[1] && match[2]) {
      try {
        const fields: unknown = JSON.parse(match[2]);
        if (fields !== null && typeof fields === 'object' && !Array.isArray(fields)) {
          log[level](match[1], fields as Record<string, unknown>);
          return;
        }
      } catch {
        // Not JSON after all: logged as text below.
      }
    }
    log[level](line);
  };
}
