// Backups of the renderer's journal and outbox, written to the data directory where the supervisor
// (and any backup tool) can reach them even if the browser profile is lost. A backup arrives in
// pieces and is appended to a temporary file; only a commit that finds every piece in place flushes
// it and gives it its final name, so a file named *.json in backups/ is always a whole backup.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_SECTIONS, type BackupResult, type BackupSection, type BridgeHandlers, type BridgeResult } from '../../shared/bridge';

export class BackupError extends Error {}

export const BACKUP_FORMAT = 'prepaid-pos-backup';
export const BACKUP_FORMAT_VERSION = 2;
/** Unfinished backups carry this suffix: never mistaken for a backup, removed when found stale. */
const PARTIAL_SUFFIX = '.partial';

type Reason = 'shift-close' | 'daily' | 'export';
type Counts = Record<BackupSection, number>;

interface Session {
  backupId: string;
  reason: Reason;
  startedAt: string;
  temporary: string;
  file: FileHandle;
  nextSeq: number;
  /** Index into BACKUP_SECTIONS of the section being written; -1 before the first record. */
  section: number;
  firstInSection: boolean;
  counts: Counts;
  bytes: number;
  touchedAt: number;
  /** Pieces are written one after another even if calls overlap. */
  queue: Promise<unknown>;
}

export interface BackupWriterOptions {
  dataDir: string;
  /** A session with no piece for this long is abandoned and its temporary file removed. */
  idleMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface BackupWriter {
  begin(reason: Reason): Promise<{ backupId: string; startedAt: string }>;
  append(piece: { backupId: string; seq: number; section: BackupSection; records: Record<string, unknown>[] }): Promise<{ records: number }>;
  commit(request: { backupId: string; counts: Counts }): Promise<BackupResult>;
  abort(backupId: string): Promise<void>;
  /** Abandons every open session (their temporary files are removed). */
  close(): Promise<void>;
}

export const backupsDir = (dataDir: string): string => join(dataDir, 'backups');

export function createBackupWriter(options: BackupWriterOptions): BackupWriter {
  const idleMs = options.idleMs ?? 10 * 60_000;
  const now = options.now ?? (() => new Date());
  const sessions = new Map<string, Session>();
  let sweptStale = false;

  async function discard(session: Session): Promise<void> {
    sessions.delete(session.backupId);
    await session.file.close().catch(() => undefined);
    await rm(session.temporary, { force: true });
  }

  /** Sessions a crashed or closed page left open; and, once per launch, partial files of earlier launches. */
  async function sweep(dir: string): Promise<void> {
    const cutoff = Date.now() - idleMs;
    for (const session of [...sessions.values()]) {
      if (session.touchedAt < cutoff) {
        options.log?.(`backup ${session.backupId}: abandoned after ${Math.round(idleMs / 1000)} s without a piece`);
        await discard(session);
      }
    }
    if (sweptStale) return;
    sweptStale = true;
    const open = new Set([...sessions.values()].map((s) => s.temporary));
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      if (name.endsWith(PARTIAL_SUFFIX) && !open.has(path)) await rm(path, { force: true });
    }
  }

  function sessionFor(backupId: string): Session {
    const session = sessions.get(backupId);
    if (!session) throw new BackupError('This backup is no longer open (the app restarted or it waited too long); start it again.');
    session.touchedAt = Date.now();
    return session;
  }

  /** Runs one step of a session after the previous one; a step that throws ends the session. */
  function serial<T>(session: Session, step: () => Promise<T>): Promise<T> {
    const run = session.queue.then(step);
    session.queue = run.catch(() => undefined);
    return run.catch(async (err: unknown) => {
      await discard(session);
      throw err instanceof BackupError ? err : new BackupError(`The backup could not be written: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  async function write(session: Session, text: string): Promise<void> {
    await session.file.write(text, null, 'utf8');
    session.bytes += Buffer.byteLength(text);
  }

  return {
    async begin(reason) {
      const dir = backupsDir(options.dataDir);
      try {
        await mkdir(dir, { recursive: true });
        await sweep(dir);
      } catch (err) {
        throw new BackupError(`The backups folder ${dir} cannot be used: ${(err as Error).message}`);
      }
      const backupId = randomUUID();
      const startedAt = now().toISOString();
      const temporary = join(dir, `${backupId}${PARTIAL_SUFFIX}`);
      let file: FileHandle;
      try {
        file = await open(temporary, 'wx', 0o600);
      } catch (err) {
        throw new BackupError(`A backup file cannot be created in ${dir}: ${(err as Error).message}`);
      }
      const session: Session = {
        backupId,
        reason,
        startedAt,
        temporary,
        file,
        nextSeq: 0,
        section: -1,
        firstInSection: true,
        counts: { sales: 0, outbox: 0, keyChanges: 0 },
        bytes: 0,
        touchedAt: Date.now(),
        queue: Promise.resolve(),
      };
      sessions.set(backupId, session);
      const header = { format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, backupId, reason, exportedAt: startedAt };
      // The object is opened here and its arrays are filled piece by piece; commit closes it.
      await serial(session, () => write(session, JSON.stringify(header).slice(0, -1)));
      return { backupId, startedAt };
    },

    async append({ backupId, seq, section, records }) {
      const session = sessionFor(backupId);
      return serial(session, async () => {
        if (seq !== session.nextSeq) throw new BackupError(`Backup piece ${seq} arrived where piece ${session.nextSeq} was expected; start the backup again.`);
        const index = BACKUP_SECTIONS.indexOf(section);
        if (index < session.section) throw new BackupError(`Backup section ${section} arrived after a later one; start the backup again.`);
        session.nextSeq += 1;
        const parts: string[] = [];
        parts.push(...openSectionsUpTo(session, index));
        for (const record of records) {
          parts.push(session.firstInSection ? '' : ',', JSON.stringify(record));
          session.firstInSection = false;
        }
        await write(session, parts.join(''));
        session.counts[section] += records.length;
        return { records: records.length };
      });
    },

    async commit({ backupId, counts }) {
      const session = sessionFor(backupId);
      return serial(session, async () => {
        for (const section of BACKUP_SECTIONS) {
          if (counts[section] !== session.counts[section]) {
            throw new BackupError(`The backup is incomplete: ${session.counts[section]} of ${counts[section]} ${section} records arrived; start it again.`);
          }
        }
        const tail = openSectionsUpTo(session, BACKUP_SECTIONS.length).join('');
        await write(session, `${tail},"complete":true}\n`);
        // Flushed before it gets its name: after a power cut the name points at whole data or nothing.
        await session.file.sync();
        await session.file.close();
        const stamp = session.startedAt.replace(/[:.]/g, '-');
        const path = join(backupsDir(options.dataDir), `${stamp}-${session.reason}.json`);
        await rename(session.temporary, path);
        await syncDir(backupsDir(options.dataDir));
        sessions.delete(backupId);
        return { backupId, path, bytes: session.bytes, startedAt: session.startedAt, counts: { ...session.counts } };
      });
    },

    async abort(backupId) {
      const session = sessions.get(backupId);
      if (session) await session.queue.then(() => discard(session));
    },

    async close() {
      await Promise.all([...sessions.values()].map((session) => session.queue.then(() => discard(session))));
    },
  };
}

/** Closes the arrays before `index` and opens every array up to and including it. */
function openSectionsUpTo(session: Session, index: number): string[] {
  const parts: string[] = [];
  while (session.section < index) {
    if (session.section >= 0) parts.push(']');
    session.section += 1;
    const next = BACKUP_SECTIONS[session.section];
    if (next === undefined) break;
    parts.push(`,"${next}":[`);
    session.firstInSection = true;
  }
  return parts;
}

/** Makes the rename itself durable where the platform allows opening a directory. */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for syncing; NTFS journals the rename itself.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The newest whole backup in the data directory, if any (partial files never count). */
export async function latestBackup(dataDir: string): Promise<string | undefined> {
  const names = await readdir(backupsDir(dataDir)).catch(() => [] as string[]);
  const whole = names.filter((n) => n.endsWith('.json')).sort();
  const last = whole.at(-1);
  return last === undefined ? undefined : join(backupsDir(dataDir), last);
}

type BackupMethod = 'backup:begin' | 'backup:append' | 'backup:commit' | 'backup:abort';

/** The bridge handlers for backups: a refused or failed step is data (BACKUP_FAILED), never a crash. */
export function backupHandlers(writer: BackupWriter): Pick<BridgeHandlers, BackupMethod> {
  const attempt = async <T>(step: () => Promise<T>): Promise<BridgeResult<T>> => {
    try {
      return { ok: true, data: await step() };
    } catch (err) {
      const message = err instanceof BackupError ? err.message : `The backup could not be written: ${err instanceof Error ? err.message : String(err)}`;
      return { ok: false, error: { code: 'BACKUP_FAILED', message } };
    }
  };
  return {
    'backup:begin': ({ reason }) => attempt(() => writer.begin(reason)),
    'backup:append': (piece) => attempt(() => writer.append(piece)),
    'backup:commit': (request) => attempt(() => writer.commit(request)),
    'backup:abort': ({ backupId }) => attempt(async () => {
      await writer.abort(backupId);
      return {};
    }),
  };
}
