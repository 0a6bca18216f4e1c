// What the history's detail view shows of a sale: everything the journal holds, masked as the logs
// mask it (shared/protocol/mask.ts: PINs, phone numbers, card numbers, credentials) and, beyond the
// logs, the customer's name and address; and who may print a copy of it from there.
import { maskForLog, maskMsisdn } from '../../shared/protocol/mask';
import type { SaleRecord } from '../db/db';
import { canReprint } from '../sale/flow';

const MASK = '****';

/** Keys whose whole value is a customer's personal detail (names, addresses, contact). */
const CUSTOMER_KEYS = new Set(['customer', 'contactnumber', 'emailaddress']);

function hideLeaves(value: unknown, depth = 0): unknown {
  if (depth > 32) return MASK;
  if (Array.isArray(value)) return value.map((item) => hideLeaves(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, hideLeaves(inner, depth + 1)]));
  }
  return typeof value === 'string' || typeof value === 'number' ? MASK : value;
}

function hideCustomers(value: unknown, depth = 0): unknown {
  if (depth > 32) return MASK;
  if (Array.isArray(value)) return value.map((item) => hideCustomers(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, CUSTOMER_KEYS.has(key.toLowerCase()) ? hideLeaves(inner) : hideCustomers(inner, depth + 1)]),
    );
  }
  return value;
}

/** Every value under a `pin` key, wherever it is (the voucher in the response and in each exchange's body). */
function secretsIn(value: unknown, into: Set<string>, depth = 0): Set<string> {
  if (depth > 32 || value === null || typeof value !== 'object') return into;
  for (const [key, inner] of Object.entries(value)) {
    if (key.toLowerCase() === 'pin' && (typeof inner === 'string' || typeof inner === 'number') && String(inner).length >= 4) into.add(String(inner));
    else secretsIn(inner, into, depth + 1);
  }
  return into;
}

/** A PIN copied into free text (an operator's redeem line, a message) is masked as well. */
function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0 || depth > 32) return value;
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join(MASK), value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrub(inner, secrets, depth + 1)]));
  }
  return value;
}

/** Any part of a sale, safe for the screen: the log's masking, customers hidden, no PIN anywhere. */
export function maskForDetail(value: unknown, sale: SaleRecord): unknown {
  const secrets = [...secretsIn(sale, new Set())];
  return scrub(hideCustomers(maskForLog(value)), secrets);
}

/** The subject as the detail and the list show it: a meter or account whole, a phone number masked as in logs. */
export function shownSubject(sale: SaleRecord): string {
  return sale.service === 'airtime' ? maskMsisdn(sale.subject) : sale.subject;
}

/** The upstream's request and answer of one exchange, masked. */
export interface ShownExchange {
  at: string;
  operation: string;
  requestId: string;
  kind: string;
  status?: number;
  message?: string;
  /** The answer's body (or the whole outcome when it has none), as JSON, masked. */
  answer: string;
}

export interface SaleDetailView {
  exchanges: ShownExchange[];
  /** The request as sent, masked, as JSON. */
  request: string;
  /** The approved answer, masked, as JSON; absent when none came. */
  response?: string;
  /** The meter lookup the sale followed (electricity), masked. */
  lookup?: string;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

export function detailOf(sale: SaleRecord): SaleDetailView {
  const mask = (value: unknown) => json(maskForDetail(value, sale));
  return {
    exchanges: sale.exchanges.map((exchange) => {
      const { kind, status, message } = exchange.outcome;
      const body = 'body' in exchange.outcome ? exchange.outcome.body : exchange.outcome;
      return {
        at: exchange.at,
        operation: exchange.operation,
        requestId: exchange.requestId,
        kind,
        ...(status !== undefined ? { status } : {}),
        ...(message !== undefined ? { message: String(maskForDetail(message, sale)) } : {}),
        answer: mask(body),
      };
    }),
    request: mask(sale.request),
    ...(sale.response ? { response: mask(sale.response) } : {}),
    ...(sale.service === 'electricity' && sale.lookup ? { lookup: mask(sale.lookup) } : {}),
  };
}

/**
 * Who is at the till. 'no-roles' is today: people and roles (issue 11, item 1) have not landed on
 * this till, nobody signs in, so there is no role to check. Once they land, the caller passes the
 * signed-in person's role and a cashier no longer reprints an airtime PIN from history.
 */
export type TillRole = 'no-roles' | 'cashier' | 'supervisor';

/** The role history passes today (see TillRole). */
export const TILL_ROLE_TODAY: TillRole = 'no-roles';

/** An airtime voucher's slip carries its PIN: a copy is a second voucher in someone's hand. */
export const carriesPin = (sale: SaleRecord): boolean => sale.service === 'airtime' && sale.response?.voucher?.pin !== undefined;

/**
 * Whether history may print a copy of this sale's slip for this role: the sale's tokens or PIN must be
 * the customer's (canReprint), and a PIN is reprinted by a supervisor only. Today ('no-roles') it is
 * allowed, as every Supervisor-panel action is; the main process will enforce the same once roles land.
 */
export function canReprintHere(sale: SaleRecord, role: TillRole): boolean {
  if (!canReprint(sale)) return false;
  if (!carriesPin(sale)) return true;
  return role === 'supervisor' || role === 'no-roles';
}
