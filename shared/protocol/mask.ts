// Masking for logs: card numbers keep their first six and last four digits, phone numbers (MSISDNs)
// their first four and last two, PINs (card PINs and airtime voucher PINs) and credentials are
// replaced outright. Pure, so it runs the same in every process and is tested exhaustively.

const MASK = '****';

/** Keys whose value is a secret: replaced whatever it is. */
const SECRET_KEYS = new Set([
  'pin', 'pinblock', 'encryptedpin', 'hash', 'password', 'passphrase', 'secret', 'authorization',
  'proxy-authorization', 'cookie', 'set-cookie', 'credentials', 'track2data', 'cvv', 'cvc', 'expirydate',
  'partnerpaymenttoken',
]);

/** Keys whose value is a card or account number: only the edges stay readable. */
const CARD_KEYS = new Set(['cardnumber', 'pan', 'accountnumber']);

/** Keys whose value is a customer's phone number. */
const PHONE_KEYS = new Set(['msisdn']);

/**
 * Keep the first four digits (country code and network) and the last two of a phone number: enough
 * to tell two numbers apart in a log, not enough to call the customer.
 */
export function maskMsisdn(value: string): string {
  const plus = value.trim().startsWith('+') ? '+' : '';
  const digits = value.replace(/[^0-9]/g, '');
  if (digits.length < 8) return MASK;
  return `${plus}${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

/** Keep the first 6 and last 4 digits of a card number (PCI DSS display rule). */
export function maskCardNumber(value: string): string {
  const digits = value.replace(/[^0-9*]/g, '');
  if (digits.length <= 10) return MASK;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Mask credentials, card numbers, phone numbers and PINs that appear inside free text (URLs, messages, cut-off bodies). */
export function maskText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, `$1 ${MASK}`)
    // A query parameter (GET /msisdn?msisdn=…) and JSON that could not be parsed (a cut-off body).
    .replace(/([?&]msisdn=)(%2B|\+)?([0-9]+)/gi, (_all, key: string, plus: string | undefined, digits: string) => `${key}${maskMsisdn(`${plus ? '+' : ''}${digits}`)}`)
    .replace(/("msisdn"\s*:\s*")([^"]*)("?)/gi, (_all, key: string, value: string, end: string) => `${key}${maskMsisdn(value)}${end}`)
    .replace(/("(?:pin|pinBlock|password)"\s*:\s*)(?:"[^"]*"?|[0-9]+)/gi, `$1"${MASK}"`)
    .replace(/(\/\/)[^/@\s:]+:[^/@\s]*@/g, `$1${MASK}:${MASK}@`)
    .replace(/(?<![0-9])[0-9]{13,19}(?![0-9])/g, (run) => (luhnValid(run) ? maskCardNumber(run) : run));
}

/**
 * A copy of `value` safe to write to a log. Objects and arrays are walked (depth-limited); keys are
 * matched case-insensitively; strings elsewhere go through maskText.
 */
export function maskForLog(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[too deep]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskForLog(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const lower = key.toLowerCase();
      if (SECRET_KEYS.has(lower)) out[key] = MASK;
      // An AN32 payment token is a bearer voucher; a 20-digit STS token is kept for reconciliation.
      else if (lower === 'token' && typeof inner === 'string' && /^[a-zA-Z0-9]{32}$/.test(inner)) out[key] = MASK;
      else if (PHONE_KEYS.has(lower) && (typeof inner === 'string' || typeof inner === 'number')) out[key] = maskMsisdn(String(inner));
      else if (CARD_KEYS.has(lower) && (typeof inner === 'string' || typeof inner === 'number')) {
        out[key] = maskCardNumber(String(inner));
      } else out[key] = maskForLog(inner, depth + 1);
    }
    return out;
  }
  return value;
}
