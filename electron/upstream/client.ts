// The upstream client (main process): every Prepaid Utility v3 operation over HTTPS with Basic
// auth, each request checked against its schema before it leaves and each answer classified by
// shared/protocol/outcome.ts. Nothing here throws for a network or protocol problem: every such
// problem is an Outcome. Only a wrong configuration throws (UpstreamConfigError), at construction.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { z } from 'zod';
import {
  classifyAnswer,
  notSentOutcome,
  unknownOutcome,
  type BodyParse,
  type HttpAnswer,
  type Outcome,
} from '../../shared/protocol/outcome';
import { OPERATIONS, operationPath, type OperationId } from '../../shared/protocol/operations';
import { maskForLog, maskText } from '../../shared/protocol/mask';
import {
  BasicAdviceSchema,
  ConfirmationAdviceSchema,
  FaultReportRequestSchema,
  FaultReportResponseSchema,
  KeyChangeConfirmationSchema,
  KeyChangeTokenRequestSchema,
  KeyChangeTokenResponseWithTokensSchema,
  MeterLookupRequestSchema,
  MeterLookupResponseSchema,
  PurchaseRequestSchema,
  PurchaseResponseSchema,
  ReversalAdviceSchema,
  TokenPurchaseNotificationSchema,
  TokenReprintRequestSchema,
  UuidV4Schema,
  VendedPurchaseResponseSchema,
  type BasicAdvice,
  type ConfirmationAdvice,
  type FaultReportRequest,
  type FaultReportResponse,
  type KeyChangeConfirmation,
  type KeyChangeTokenRequest,
  type KeyChangeTokenResponse,
  type MeterLookupRequest,
  type MeterLookupResponse,
  type PurchaseRequest,
  type PurchaseResponse,
  type ReversalAdvice,
  type TokenReprintRequest,
} from '../../shared/protocol/schemas';

export type { OperationId } from '../../shared/protocol/operations';

export interface UpstreamClientOptions {
  /** e.g. https://upstream.example/prepaidutility/v3 */
  baseUrl: string;
  credentials?: { username: string; password: string };
  /** PEM of the CA (or self-signed certificate) to trust instead of the system store. */
  caPem?: string;
  training?: boolean;
  /** Skip certificate verification. Refused (throws) unless training. */
  allowInsecureTls?: boolean;
  /** Per-operation timeouts; 60 000 ms each by default. */
  timeoutsMs?: Partial<Record<OperationId, number>>;
  /** Largest response body read; default 1 MiB. A larger 2xx body is an unknown outcome. */
  maxResponseBytes?: number;
  log?: (entry: UpstreamLogEntry) => void;
}

export interface UpstreamLogEntry {
  at: string;
  operation: OperationId;
  event: 'request' | 'response' | 'late-response' | 'transport-error' | 'invalid-request';
  method: 'POST';
  /** Credentials and card numbers masked. */
  url: string;
  status?: number;
  durationMs?: number;
  outcome?: Outcome<unknown>['kind'];
  message?: string;
  /** The message body with card numbers, PINs and credentials masked. */
  body?: unknown;
}

export class UpstreamConfigError extends Error {
  override readonly name = 'UpstreamConfigError';
}

export interface UpstreamClient {
  createMeterLookup(request: MeterLookupRequest): Promise<Outcome<MeterLookupResponse>>;
  createTokenPurchaseRequest(request: PurchaseRequest): Promise<Outcome<PurchaseResponse>>;
  /** `request` is the original purchase, usually with a new `id` of its own (Electrum's practice). */
  retryPurchaseRequest(originalPurchaseId: string, request: PurchaseRequest): Promise<Outcome<PurchaseResponse>>;
  /** Success body: the upstream's BasicAdvice, or null when it answered with an empty 202. */
  confirmTokenPurchase(purchaseId: string, advice: ConfirmationAdvice): Promise<Outcome<BasicAdvice | null>>;
  reverseTokenPurchase(purchaseId: string, advice: ReversalAdvice): Promise<Outcome<BasicAdvice | null>>;
  trialTokenPurchaseRequest(request: PurchaseRequest): Promise<Outcome<PurchaseResponse>>;
  requestTokenReprint(request: TokenReprintRequest): Promise<Outcome<PurchaseResponse>>;
  createKeyChangeTokenRequest(request: KeyChangeTokenRequest): Promise<Outcome<KeyChangeTokenResponse>>;
  confirmKeyChange(requestId: string, advice: KeyChangeConfirmation): Promise<Outcome<BasicAdvice | null>>;
  createFaultReport(request: FaultReportRequest): Promise<Outcome<FaultReportResponse>>;
  notifyTokenPurchase(purchaseId: string, notification: PurchaseResponse): Promise<Outcome<null>>;
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

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Parse a 2xx body and, for Transactions, insist the answer is for the message we sent. */
function bodyParser<T>(schema: z.ZodType<T>, expectedId?: string): (json: unknown) => BodyParse<T> {
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

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
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
  // Credentials in clear over a network are refused in every mode, training included.
  if (base.protocol === 'http:' && options.credentials && !LOOPBACK.has(base.hostname)) {
    throw new UpstreamConfigError('plain http with a username and password is allowed only to this machine; use https');
  }
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
  const log = (entry: Omit<UpstreamLogEntry, 'at' | 'method'>) => {
    if (!options.log) return;
    try {
      options.log({ at: new Date().toISOString(), method: 'POST', ...entry });
    } catch {
      // A failing logger must never change an outcome.
    }
  };

  function exchange(operation: OperationId, relativePath: string, bodyText: string): Promise<Transport> {
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
      const headers: Record<string, string> = {
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
        'Content-Length': String(Buffer.byteLength(bodyText)),
        'User-Agent': 'prepaid-pos',
      };
      if (authorization) headers.Authorization = authorization;
      const common = { method: 'POST', headers, agent: false as const };
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
          log({ operation, event: 'late-response', url: maskedUrl, status, durationMs: Date.now() - started, message: 'answer after the timeout: ignored' });
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
        log({ operation, event: 'transport-error', url: maskedUrl, durationMs: Date.now() - started, message: maskText(what) });
        settle(connected ? { kind: 'connection', message: what } : { kind: 'not-sent', message: what });
      });
      req.end(bodyText);
    });
  }

  async function call<T>(
    operation: OperationId,
    relativePath: string,
    body: unknown,
    parse: (json: unknown) => BodyParse<T>,
    emptyBody?: { value: T },
  ): Promise<Outcome<T>> {
    const bodyText = JSON.stringify(body);
    const started = Date.now();
    const maskedUrl = maskText(`${base.origin}${basePath}${relativePath}`);
    log({ operation, event: 'request', url: maskedUrl, body: maskForLog(body) });
    const transport = await exchange(operation, relativePath, bodyText);
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
          : classifyAnswer({ status: transport.status, bodyText: '' }, parse, emptyBody);
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

  function invalid<T>(operation: OperationId, problem: string): Outcome<T> {
    log({ operation, event: 'invalid-request', url: maskText(`${base.origin}${basePath}`), message: problem });
    return notSentOutcome('invalid-request', `the request was not sent: ${problem}`);
  }

  function checked<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; problem: string } {
    const parsed = schema.safeParse(value);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: describeIssues(parsed.error) };
  }

  const purchaseParser = (id: string) => bodyParser(VendedPurchaseResponseSchema, id);
  const adviceParser = bodyParser(BasicAdviceSchema);
  // An advice's 2xx is its whole answer: an empty, unreadable or odd body still means delivered.
  const noAdviceBody = { value: null, unreadable: true };

  /** A request named by its own id: checked against its schema (never sent if invalid), then sent. */
  function sendRequest<S extends z.ZodType<{ id: string }>, T>(
    op: SingleIdOperation,
    schema: S,
    input: unknown,
    parser: (id: string) => (json: unknown) => BodyParse<T>,
    pathId?: string,
  ): Promise<Outcome<T>> {
    const request = checked(schema, input);
    if (!request.ok) return Promise.resolve(invalid(op, request.problem));
    return call(op, operationPath[op](pathId ?? request.value.id), request.value, parser(request.value.id));
  }

  async function sendAdvice<S extends z.ZodType<{ id: string; requestId: string }>>(
    operation: 'confirmTokenPurchase' | 'reverseTokenPurchase' | 'confirmKeyChange',
    schema: S,
    originalId: string,
    advice: unknown,
  ): Promise<Outcome<BasicAdvice | null>> {
    const request = checked(schema, advice);
    if (!request.ok) return invalid(operation, request.problem);
    if (request.value.requestId !== originalId) {
      return invalid(operation, `the advice's requestId ${request.value.requestId} is not the original ${originalId}`);
    }
    return call<BasicAdvice | null>(operation, operationPath[operation](originalId, request.value.id), request.value, adviceParser, noAdviceBody);
  }

  return {
    createMeterLookup: (input) =>
      sendRequest('createMeterLookup', MeterLookupRequestSchema, input, (id) => bodyParser(MeterLookupResponseSchema, id)),
    createTokenPurchaseRequest: (input) => sendRequest('createTokenPurchaseRequest', PurchaseRequestSchema, input, purchaseParser),
    async retryPurchaseRequest(originalPurchaseId, input) {
      if (!UuidV4Schema.safeParse(originalPurchaseId).success) {
        return invalid('retryPurchaseRequest', 'the original purchase id is not a v4 UUID');
      }
      return sendRequest('retryPurchaseRequest', PurchaseRequestSchema, input, purchaseParser, originalPurchaseId);
    },
    confirmTokenPurchase: (purchaseId, advice) => sendAdvice('confirmTokenPurchase', ConfirmationAdviceSchema, purchaseId, advice),
    reverseTokenPurchase: (purchaseId, advice) => sendAdvice('reverseTokenPurchase', ReversalAdviceSchema, purchaseId, advice),
    trialTokenPurchaseRequest: (input) =>
      sendRequest('trialTokenPurchaseRequest', PurchaseRequestSchema, input, (id) => bodyParser(PurchaseResponseSchema, id)),
    requestTokenReprint: (input) => sendRequest('requestTokenReprint', TokenReprintRequestSchema, input, purchaseParser),
    createKeyChangeTokenRequest: (input) =>
      sendRequest('createKeyChangeTokenRequest', KeyChangeTokenRequestSchema, input, (id) => bodyParser(KeyChangeTokenResponseWithTokensSchema, id)),
    confirmKeyChange: (requestId, advice) => sendAdvice('confirmKeyChange', KeyChangeConfirmationSchema, requestId, advice),
    createFaultReport: (input) =>
      sendRequest('createFaultReport', FaultReportRequestSchema, input, (id) => bodyParser(FaultReportResponseSchema, id)),
    async notifyTokenPurchase(purchaseId, notification) {
      const op = 'notifyTokenPurchase';
      if (!UuidV4Schema.safeParse(purchaseId).success) return invalid(op, 'the purchase id is not a v4 UUID');
      const request = checked(TokenPurchaseNotificationSchema, notification);
      if (!request.ok) return invalid(op, request.problem);
      return call<null>(op, operationPath[op](purchaseId), request.value, () => ({ ok: true, value: null }), { value: null });
    },
  };
}

function logBody(answer: HttpAnswer): unknown {
  if (answer.bodyText === '') return undefined;
  try {
    return maskForLog(JSON.parse(answer.bodyText) as unknown);
  } catch {
    return maskText(answer.bodyText.slice(0, 2048));
  }
}

/** Operations whose path carries one id: the request's own, or for a retry the original purchase's. */
type SingleIdOperation =
  | 'createMeterLookup'
  | 'createTokenPurchaseRequest'
  | 'retryPurchaseRequest'
  | 'trialTokenPurchaseRequest'
  | 'requestTokenReprint'
  | 'createKeyChangeTokenRequest'
  | 'createFaultReport';

/** Every operation's spec (for callers that show or configure per-operation settings). */
export const UPSTREAM_OPERATIONS = OPERATIONS;
