import { useState, type FormEvent } from 'react';
import { requestKeyChange, type KeyChangeResult } from '../sale/key-change';
import type { Step } from '../sale/flow';
import { useDeps } from './deps';
import { TokensResult } from './TokenList';

/** Key change tokens for a meter whose keys the utility changed (usually they come with a purchase). */
export function KeyChangeForm() {
  const deps = useDeps();
  const [meter, setMeter] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Step<KeyChangeResult>>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(await requestKeyChange(deps, meter));
    setBusy(false);
  };
  return (
    <form className="lost-slip" onSubmit={(e) => void submit(e)} aria-labelledby="key-change-title">
      <h3 id="key-change-title">Key change tokens</h3>
      <p>When the utility has changed a meter’s keys: the customer enters these tokens, in order, before any credit token.</p>
      <div className="lost-slip-fields">
        <div>
          <label htmlFor="key-change-meter">Meter number for key change</label>
          <input id="key-change-meter" autoComplete="off" inputMode="numeric" maxLength={24} value={meter} onChange={(e) => setMeter(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Asking the utility…' : 'Request key change tokens'}
        </button>
      </div>
      {result && !result.ok && (
        <p className="error" role="alert">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <TokensResult
          label="Key change tokens"
          printed={result.value.print.ok}
          printedText={`Key change tokens for meter ${result.value.record.meterId} printed.`}
          {...(result.value.print.ok ? {} : { printMessage: result.value.print.message })}
          tokens={result.value.response.tokens}
        />
      )}
    </form>
  );
}
