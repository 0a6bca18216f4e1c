import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge/transport';
import { PosDatabase } from './db/db';
import { Outbox } from './outbox/outbox';
import { webLocks } from './sale/locks';
import { useSupervisorStore } from './state/supervisor-store';
import { App, StartupError } from './ui/App';
import { DepsContext } from './ui/deps';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root') ?? document.body);
  const bridge = getBridge();
  const info = await bridge.invoke('app:info', {});
  if (!info.ok) {
    root.render(<StartupError message={info.error.message} />);
    return;
  }
  const db = new PosDatabase('prepaid-pos', { autoOpen: false });
  await db.open();
  const settings = info.data.outbox;
  const outbox = new Outbox({
    db,
    bridge,
    lanes: settings.lanes,
    batchSize: settings.batchSize,
    baseDelayMs: settings.baseDelayMs,
    maxDelayMs: settings.maxDelayMs,
    log: (line) => console.info(line),
  });
  outbox.start();
  const supervisor = useSupervisorStore.getState();
  void supervisor.protectStorage();
  void supervisor.daily(db, bridge);
  setInterval(() => void useSupervisorStore.getState().daily(db, bridge), 60 * 60_000);
  root.render(
    <StrictMode>
      <DepsContext.Provider value={{ bridge, db, outbox, info: info.data, locks: webLocks() }}>
        <App />
      </DepsContext.Provider>
    </StrictMode>,
  );
}

void boot();
