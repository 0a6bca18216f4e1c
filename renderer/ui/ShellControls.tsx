// Supervisor → logs and kiosk mode: export the last days' logs to a file; leave kiosk mode with a
// supervisor PIN (the PIN check itself arrives with issue 11; until then every PIN is refused).
import { useState, type FormEvent } from 'react';
import { useDeps } from './deps';

const DAYS = [1, 3, 7, 14] as const;

function LogExport() {
  const { bridge } = useDeps();
  const [days, setDays] = useState<number>(3);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const exportLogs = async () => {
    setBusy(true);
    setResult(undefined);
    const answer = await bridge.invoke('logs:export', { days });
    setBusy(false);
    setResult(
      answer.ok
        ? { ok: true, text: `Logs of the last ${days} day${days === 1 ? '' : 's'} (${answer.data.files} file${answer.data.files === 1 ? '' : 's'}) written to ${answer.data.path}` }
        : { ok: false, text: `The logs were not exported: ${answer.error.message}` },
    );
  };
  return (
    <section aria-labelledby="log-export-title">
      <h3 id="log-export-title">Logs</h3>
      <p>Secrets, PINs, card data and customers’ details are masked in the logs before they are written.</p>
      <label htmlFor="log-days">Days to export</label>{' '}
      <select id="log-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
        {DAYS.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>{' '}
      <button type="button" disabled={busy} onClick={() => void exportLogs()}>
        {busy ? 'Exporting…' : 'Export logs'}
      </button>
      {result && (
        <p className={result.ok ? 'ok' : 'error'} role="status">
          {result.text}
        </p>
      )}
    </section>
  );
}

function LeaveKiosk() {
  const { bridge } = useDeps();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ left: boolean; message: string } | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await bridge.invoke('app:leaveKiosk', { pin });
    setPin('');
    setBusy(false);
    setAnswer(result.ok ? result.data : { left: false, message: result.error.code === 'INVALID_INPUT' ? 'A PIN is 4 to 12 digits.' : result.error.message });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="kiosk-title">
      <h3 id="kiosk-title">Kiosk mode</h3>
      <label htmlFor="kiosk-pin">Supervisor PIN to leave kiosk mode</label>{' '}
      <input id="kiosk-pin" type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ''))} />{' '}
      <button type="submit" disabled={busy || pin.length < 4}>
        Leave kiosk mode
      </button>
      {answer && (
        <p className={answer.left ? 'ok' : 'error'} role="status">
          {answer.message}
        </p>
      )}
    </form>
  );
}

export function ShellControls() {
  const { info } = useDeps();
  return (
    <>
      <LogExport />
      {info.host === 'electron' && <LeaveKiosk />}
    </>
  );
}
