import { formatAge, useNow, useOutboxStatus } from '../outbox/use-outbox-status';
import { useDeps } from './deps';

/** Always visible: how many advices still wait for the upstream, how long the oldest has waited. */
export function StatusBar() {
  const { db } = useDeps();
  const status = useOutboxStatus(db);
  const now = useNow();
  const oldestAge = status.oldestCreatedAt ? formatAge(now - Date.parse(status.oldestCreatedAt)) : undefined;
  return (
    <footer className="status-bar" aria-label="Outbox status">
      <span data-testid="outbox-pending">Advices pending: {status.pending}</span>
      {oldestAge && <span>Oldest waiting: {oldestAge}</span>}
      {status.lastError && <span className="warn">Last error: {status.lastError}</span>}
      {status.failed > 0 && (
        <span className="alert" role="alert">
          {status.failed} advice{status.failed === 1 ? '' : 's'} refused by the upstream — call your supervisor
        </span>
      )}
    </footer>
  );
}
