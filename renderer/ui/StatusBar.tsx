import { formatAge, useNow, useOldestAge, useOutboxStatus } from '../outbox/use-outbox-status';
import { useSupervisorStore } from '../state/supervisor-store';
import { BackupStatus } from './BackupStatus';
import { useDeps } from './deps';

/** Always visible: how many advices still wait for the upstream, how long the oldest has waited. */
export function StatusBar() {
  const { db, info } = useDeps();
  const status = useOutboxStatus(db);
  const now = useNow();
  const { storagePersisted, setOpen } = useSupervisorStore();
  const oldestMs = useOldestAge(status, now);
  const overdue = oldestMs !== undefined && oldestMs > info.outbox.alertAfterMs;
  return (
    <footer className="status-bar" aria-label="Outbox status">
      <span data-testid="outbox-pending">Advices pending: {status.pending}</span>
      {oldestMs !== undefined && <span>Oldest waiting: {formatAge(oldestMs)}</span>}
      {status.lastError && <span className="warn">Last error: {status.lastError}</span>}
      {overdue && (
        <span className="alert" role="alert">
          An advice has waited over {formatAge(info.outbox.alertAfterMs)} — check the connection and call your supervisor
        </span>
      )}
      {status.alert && (
        <span className="alert" role="alert" data-testid="outbox-alert">
          The upstream is not taking advices ({status.alert}) — they are kept and sent again; call your supervisor
        </span>
      )}
      {status.failed > 0 && (
        <span className="alert" role="alert">
          {status.failed} advice{status.failed === 1 ? '' : 's'} refused by the upstream — call your supervisor
        </span>
      )}
      {storagePersisted === false && <span className="warn">Storage not protected (supervisor)</span>}
      <BackupStatus />
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Supervisor
      </button>
    </footer>
  );
}
