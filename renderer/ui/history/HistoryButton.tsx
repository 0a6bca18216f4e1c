// The Supervisor panel's way into sales history: a button, and the history over the whole screen.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { HistoryView } from './HistoryView';

export function HistoryButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Sales history
      </button>
      {open && createPortal(<HistoryView onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
