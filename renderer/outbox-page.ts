// The outbox page: only the journal's outbox sender, no cashier screen. The Electron main process
// keeps it in a hidden window so confirmations and reversals keep flowing while the cashier window
// reloads, crashes or is closed; the Web Lock the outbox takes makes it the one sender across windows.
import { getBridge } from './bridge/transport';
import { PosDatabase } from './db/db';
import { Outbox } from './outbox/outbox';

const MAX_LINES = 50;

function say(state: string, sender?: boolean): void {
  const element = document.getElementById('state');
  if (element) element.textContent = state;
  if (sender !== undefined) document.body.dataset.sender = sender ? 'yes' : 'no';
}

function record(line: string): void {
  console.info(line);
  const list = document.getElementById('lines');
  if (!list) return;
  const item = document.createElement('li');
  item.textContent = `${new Date().toISOString()} ${line}`;
  list.prepend(item);
  while (list.children.length > MAX_LINES) list.lastElementChild?.remove();
  if (line === 'outbox: this window is the sender') say('Sending: this page holds the outbox.', true);
}

async function boot(): Promise<void> {
  const bridge = getBridge();
  const info = await bridge.invoke('app:info', {});
  if (!info.ok) {
    say(`Cannot start: ${info.error.message}`, false);
    return;
  }
  const db = new PosDatabase('prepaid-pos', { autoOpen: false });
  await db.open();
  const settings = info.data.outbox;
  const outbox = new Outbox({
    db,
    bridge,
    lanes: settings.lanes,
    baseDelayMs: settings.baseDelayMs,
    maxDelayMs: settings.maxDelayMs,
    log: record,
  });
  say('Waiting: another window holds the outbox.', false);
  outbox.start();
}

boot().catch((error: unknown) => say(`Cannot start: ${error instanceof Error ? error.message : String(error)}`, false));
