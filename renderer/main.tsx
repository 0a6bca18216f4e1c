import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge/transport';
import { PosDatabase } from './db/db';
import { Outbox } from './outbox/outbox';
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
  const db = new PosDatabase();
  await db.open();
  const outbox = new Outbox({ db, bridge, log: (line) => console.info(line) });
  outbox.start();
  root.render(
    <StrictMode>
      <DepsContext.Provider value={{ bridge, db, outbox, info: info.data }}>
        <App />
      </DepsContext.Provider>
    </StrictMode>,
  );
}

void boot();
