// The HTTP machinery every upstream client shares (Prepaid Utility, Airtime, later Billpay): the
// base URL and TLS rules, Basic auth, per-operation timeouts, the response size limit, masked
// logging, and turning every transport event into an Outcome. Nothing here throws for a network or
// protocol problem; only a wrong configuration throws (UpstreamConfigError), at construction.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { z } from 'zod';
import {
  classifyAnswer,
  notSentOutcome,
  unknownOutcome,
  type BodyFallback,
  type BodyParse,
  type HttpAnswer,
  type Outcome,
} from '../../shared/protocol/outcome';
import { maskForLog, maskText } from '../../shared/protocol/mask';

export interface HttpClientOptions<Op extends string> {
  /** e.g. https://upstream.example/prepaidutility/v3 */
  baseUrl: string;
  credentials?: { username: string; password: string };
  /** PEM of the CA (or self-signed certificate) to trust instead of the system store. */
  caPem?: string;
  training?: boolean;
  /** Skip certificate verification. Refused (throws) unless training. */
  allowInsecureTls?: boolean;
  /** Per-operation timeouts; 60 000 ms each by default. */
  timeoutsMs?: Partial<Record<Op, number>>;
  /** Largest response body read; default 1 MiB. A larger 2xx body is an unknown outcome. */
  maxResponseBytes?: number;
  log?: (entry: UpstreamLogEntry<Op>) => void;
}

export interface UpstreamLogEntry<Op extends string = string> {
  at: string;
  operation: Op;
  event: 'request' | 'response' | 'late-response' | 'transport-error' | 'invalid-request';
  method: HttpMethod;
  /** Credentials, card numbers and phone numbers masked. */
  url: string;
  status?: number;
  durationMs?: number;
  outcome?: Outcome<unknown>['kind'];
  message?: string;
  /** The message body with card numbers, PINs, phone numbers and credentials masked. */
  body?: unknown;
}

export type HttpMethod = 'GET' | 'POST';

export class UpstreamConfigError extends Error {
  override readonly name = 'UpstreamConfigError';
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** How long a timed-out request is kept open so a late answer can be logged (then ignored). */
const LATE_ANSWER_WINDOW_MS = 60_000;

type Transport =
  | { kind: 'answer'; answer: HttpAnswer }
  | { kind: 'too-large'; status: number; limit: number }
  | { kind: 'not-sent'; message: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'connection'; message: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Parse a 2xx body and, for Transactions, insist the answer is for the message we sent. */
export function bodyParser<T>(schema: z.ZodType<T>, expectedId?: string): (json: unknown) => BodyParse<T> {
  return (json) => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) return { ok: false, problem: describeIssues(parsed.error) };
    if (expectedId !== undefined) {
      const id = (parsed.data as { id?: unknown }).id;
      if (id !== expectedId) return { ok: false, problem: `the answer is for message ${String(id).slice(0, 40)}, not ${expectedId}` };
    }
    return { ok: true, value: parsed.data };
  };
}

export function checked<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; problem: string } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: describeIssues(parsed.error) };
}

export interface HttpCall<T> {
  method: HttpMethod;
  /** Path (and query) relative to the base URL's path. */
  path: string;
  /** JSON body (POST); absent for a GET. */
  body?: unknown;
  parse: (json: unknown) => BodyParse<T>;
  emptyBody?: BodyFallback<T>;
}

export interface HttpCore<Op extends string> {
  call<T>(operation: Op, request: HttpCall<T>): Promise<Outcome<T>>;
  /** A request refused before it left (it failed its own schema): logged, never sent. */
  invalid<T>(operation: Op, problem: string, method?: HttpMethod): Outcome<T>;
}

export function createHttpCore<Op extends string>(options: HttpClientOptions<Op>): HttpCore<Op> {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new UpstreamConfigError(`upstream baseUrl is not a URL: ${maskText(options.baseUrl)}`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new UpstreamConfigError(`upstream baseUrl must be https: ${maskText(options.baseUrl)}`);
  }
  if (base.username || base.password) throw new UpstreamConfigError('credentials do not belong in the upstream URL');
  if (base.protocol === 'http:' && !options.training && !LOOPBACK.has(base.hostname)) {
    throw new UpstreamConfigError('plain http is allowed only in training mode or to this machine; use https');
  }
  if (options.allowInsecureTls && !options.training) {
    throw new UpstreamConfigError('certificate verification can be turned off only in training mode');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const authorization = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`, 'utf8').toString('base64')}`
    : undefined;
  const log = (entry: Omit<UpstreamLogEntry<Op>, 'at'>) => {
    if (!options.log) return;
    try {
      options.log({ at: new Date().toISOString(), ...entry });
    } catch {
      // A failing logger must never change an outcome.
    }
  };

  function exchange(operation: Op, method: HttpMethod, relativePath: string, bodyText: string | undefined): Promise<Transport> {
    const url = new URL(`${base.origin}${basePath}${relativePath}`);
    const timeoutMs = options.timeoutsMs?.[operation] ?? DEFAULT_TIMEOUT_MS;
    const started = Date.now();
    const maskedUrl = maskText(url.toString());
    return new Promise<Transport>((resolve) => {
      let settled = false;
      let connected = false;
      let lateTimer: NodeJS.Timeout | undefined;
      const settle = (result: Transport) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'prepaid-pos' };
      if (bodyText !== undefined) {
        headers['Content-Type'] = 'application/json; charset=utf-8';
        headers['Content-Length'] = String(Buffer.byteLength(bodyText));
      }
      if (authorization) headers.Authorization = authorization;
      const common = { method, headers, agent: false as const };
      let req: ClientRequest;
      if (url.protocol === 'https:') {
        req = httpsRequest(url, {
          ...common,
          ...(options.caPem ? { ca: options.caPem } : {}),
          rejectUnauthorized: !(options.training && options.allowInsecureTls),
        });
      } else {
        req = httpRequest(url, common);
      }
      req.on('socket', (socket: Socket) => {
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
      });
      const timer = setTimeout(() => {
        settle({ kind: 'timeout', timeoutMs });
        // Keep listening a while so a late answer is at least logged; it never becomes an outcome.
        lateTimer = setTimeout(() => req.destroy(), LATE_ANSWER_WINDOW_MS);
        lateTimer.unref();
      }, timeoutMs);
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (settled) {
          log({ operation, method, event: 'late-response', url: maskedUrl, status, durationMs: Date.now() - started, message: 'answer after the timeout: ignored' });
          res.resume();
          clearTimeout(lateTimer);
          req.destroy();
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          settle({ kind: 'too-large', status, limit: maxBytes });
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            settle({ kind: 'too-large', status, limit: maxBytes });
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const contentType = res.headers['content-type'];
          settle({
            kind: 'answer',
            answer: { status, bodyText: Buffer.concat(chunks).toString('utf8'), ...(contentType ? { contentType } : {}) },
          });
        });
        res.on('error', (error: Error) => settle({ kind: 'connection', message: `the answer broke off: ${error.message}` }));
        res.on('aborted', () => settle({ kind: 'connection', message: 'the answer broke off' }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        const what = `${error.code ?? 'error'}: ${error.message}`;
        log({ operation, method, event: 'transport-error', url: maskedUrl, durationMs: Date.now() - started, message: maskText(what) });
        settle(connected ? { kind: 'connection', message: what } : { kind: 'not-sent', message: what });
      });
      req.end(bodyText);
    });
  }

  async function call<T>(operation: Op, request: HttpCall<T>): Promise<Outcome<T>> {
    const { method, path, parse, emptyBody } = request;
    const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
    const started = Date.now();
    const maskedUrl = maskText(`${base.origin}${basePath}${path}`);
    log({ operation, method, event: 'request', url: maskedUrl, ...(request.body !== undefined ? { body: maskForLog(request.body) } : {}) });
    const transport = await exchange(operation, method, path, bodyText);
    let outcome: Outcome<T>;
    let logged: unknown;
    switch (transport.kind) {
      case 'answer': {
        outcome = classifyAnswer(transport.answer, parse, emptyBody);
        logged = logBody(transport.answer);
        if (transport.answer.status >= 300 && transport.answer.status < 400 && outcome.kind === 'failed') {
          outcome = { ...outcome, message: `${outcome.message} (redirects are not followed)` };
        }
        break;
      }
      case 'too-large': {
        const problem = `the body is larger than ${transport.limit} bytes`;
        outcome = transport.status >= 200 && transport.status < 300
          ? unknownOutcome('invalid-body', `HTTP ${transport.status} with an invalid body (${problem}); the outcome is unknown and nothing may be handed over`, transport.status)
          : classifyAnswer({ status: transport.status, bodyText: '', truncated: true }, parse, emptyBody);
        break;
      }
      case 'not-sent':
        outcome = notSentOutcome('not-sent', `the request could not be sent (${transport.message}); the upstream did not receive it`);
        break;
      case 'timeout':
        outcome = unknownOutcome('timeout', `no answer within ${transport.timeoutMs} ms; the outcome is unknown`);
        break;
      case 'connection':
        outcome = unknownOutcome('connection', `the connection failed after the request was sent (${transport.message}); the outcome is unknown`);
        break;
    }
    log({
      operation,
      method,
      event: 'response',
      url: maskedUrl,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      durationMs: Date.now() - started,
      outcome: outcome.kind,
      message: outcome.kind === 'successful' ? 'ok' : maskText(outcome.message),
      ...(logged !== undefined ? { body: logged } : {}),
    });
    return outcome;
  }

  function invalid<T>(operation: Op, problem: string, method: HttpMethod = 'POST'): Outcome<T> {
    log({ operation, method, event: 'invalid-request', url: maskText(`${base.origin}${basePath}`), message: maskText(problem) });
    return notSentOutcome('invalid-request', `the request was not sent: ${problem}`);
  }

  return { call, invalid };
}

function logBody(answer: HttpAnswer): unknown {
  if (answer.bodyText === '') return undefined;
  try {
    return maskForLog(JSON.parse(answer.bodyText) as unknown);
  } catch {
    return maskText(answer.bodyText.slice(0, 2048));
  }
}
