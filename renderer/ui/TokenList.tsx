// The tokens as the customer copies them: large, grouped in fours, key change tokens first.
import { formatToken } from '../../shared/slip/format';
import type { Token } from '../../shared/protocol/schemas';

export function TokenList({ tokens }: { tokens: Token[] }) {
  // Key change tokens first: they must be entered before the credit token.
  const keyChanges = tokens.filter((t) => t.tokenType === 'KC');
  const ordered = [...keyChanges, ...tokens.filter((t) => t.tokenType !== 'KC')];
  return (
    <ol className="tokens" aria-label="Tokens">
      {ordered.map((token, index) => (
        <li key={`${token.token}-${index}`} className="token">
          <span className="token-type">
            {token.tokenType === 'KC' ? `Key change ${index + 1} of ${keyChanges.length} — enter first` : tokenLabel(token)}
          </span>
          <span className="token-digits" data-testid="token">
            {formatToken(token.token)}
          </span>
          {token.tokenType !== 'KC' && <span className="token-units">{token.units} kWh</span>}
        </li>
      ))}
    </ol>
  );
}

function tokenLabel(token: Token): string {
  switch (token.tokenType) {
    case 'STD':
      return 'Electricity';
    case 'BSST':
      return 'Free basic electricity';
    case 'KC':
      return 'Key change — enter first';
    case 'REFUND':
      return 'Refund';
    case 'PWRLMT':
      return 'Power limit';
  }
}

/** Tokens that came back for a supervisor request, with whether their slip printed. */
export function TokensResult({ label, printed, printedText, printMessage, tokens }: {
  label: string;
  printed: boolean;
  printedText: string;
  printMessage?: string;
  tokens: Token[];
}) {
  return (
    <div className="lost-slip-result" aria-label={label}>
      <p className={printed ? 'ok' : 'error'} role="status">
        {printed ? printedText : `The tokens came back but the slip did not print. ${printMessage ?? ''} Let the customer copy them from the screen.`}
      </p>
      <TokenList tokens={tokens} />
    </div>
  );
}
