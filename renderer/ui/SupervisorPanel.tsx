import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { AdviceRecord } from '../db/db';
import { formatAge, useNow } from '../outbox/use-outbox-status';
import { useSupervisorStore } from '../state/supervisor-store';
import { useDeps } from './deps';

function useOpenAdvices(): AdviceRecord[] {
  const { db } = useDeps();
  const [rows, setRows] = useState<AdviceRecord[]>([]);
  useEffect(() => {
    const subscription = liveQuery(() => db.outbox.where('state').anyOf(['pending', 'failed']).sortBy('createdAt')).subscribe({
      next: setRows,
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }, [db]);
  return rows;
}

export function SupervisorPanel() {
  const { db, bridge, info } = useDeps();
  const { open, setOpen, storagePersisted, backupMessage, backupFailed, backup, download } = useSupervisorStore();
  const advices = useOpenAdvices();
  const now = useNow();
  if (!open) return null;
  return (
    <section className="card supervisor" role="dialog" aria-labelledby="supervisor-title">
      <h2 id="supervisor-title">Supervisor</h2>
      <p>
        Journal storage:{' '}
        {storagePersisted ? (
          <strong className="ok">protected from eviction</strong>
        ) : (
          <strong className="error">not protected — the browser may delete it when the disk is full. Run the app in Electron or an installed kiosk profile.</strong>
        )}
      </p>
      <p>
        Advice lanes: {info.outbox.lanes} · alert after {formatAge(info.outbox.alertAfterMs)}
      </p>
      <h3>Advices not yet delivered ({advices.length})</h3>
      {advices.length === 0 ? (
        <p>None.</p>
      ) : (
        <table className="advices">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Purchase</th>
              <th>Waiting</th>
              <th>Attempts</th>
              <th>State</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {advices.map((a) => (
              <tr key={a.adviceId}>
                <td>{a.advice.kind}</td>
                <td>{a.purchaseId.slice(0, 8)}…</td>
                <td>{formatAge(now - Date.parse(a.createdAt))}</td>
                <td>{a.attempts}</td>
                <td>{a.state === 'failed' ? 'refused — reconcile' : 'pending'}</td>
                <td>{a.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {backupMessage && (
        <p className={backupFailed ? 'error' : 'ok'} role="status">
          {backupMessage}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void download(db)}>
          Export queue
        </button>
        <button type="button" onClick={() => void backup(db, bridge, 'export')}>
          Back up now
        </button>
        <button type="button" onClick={() => void backup(db, bridge, 'shift-close')}>
          Close shift
        </button>
        <button type="button" className="primary" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </section>
  );
}
