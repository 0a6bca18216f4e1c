// The last backup attempt as the journal recorded it: a failure stays in the status bar, in plain
// words, until a later backup succeeds (a reload or restart does not hide it).
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { PosDatabase } from '../db/db';
import { readBackupStatus, type BackupStatus as Status } from '../journal/backup';
import { useDeps } from './deps';

const REASON: Record<Status['reason'], string> = {
  'shift-close': 'shift close backup',
  daily: 'daily backup',
  export: 'backup',
};

function useBackupStatus(db: PosDatabase): Status | undefined {
  const [status, setStatus] = useState<Status | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(() => readBackupStatus(db)).subscribe({ next: setStatus, error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db]);
  return status;
}

export function BackupStatus() {
  const { db, info } = useDeps();
  const status = useBackupStatus(db);
  if (!status || status.ok) return null;
  const when = new Date(status.at).toLocaleString(undefined, { timeZone: info.timeZone, dateStyle: 'short', timeStyle: 'short' });
  return (
    <span className="alert" role="alert" data-testid="backup-status">
      Backup failed: the {REASON[status.reason]} at {when} was not written ({status.message}). The journal on this
      terminal is not affected; call your supervisor.
    </span>
  );
}
