// The browser host: serves the built renderer and carries the bridge contract over HTTP, for
// machines without the Electron binary (Chromium kiosks, CI). Loopback only; every API request must
// carry the per-launch secret and come from our own origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { dispatchBridgeCall, type BridgeHandlers } from '../../shared/bridge';
import type { EventHub } from '../services/events';

export const TOKEN_HEADER = 'x-pos-token';
/** A one-time launch code, exchanged once by the page for the session secret (POST /api/session). */
export const LAUNCH_CODE_HEADER = 'x-pos-launch-code';
/** A launch code not exchanged within this time is void. */
export const LAUNCH_CODE_TTL_MS = 2 * 60_000;
/** Bridge calls are small; a backup travels in pieces (BACKUP_CHUNK_BYTES) well under this. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface BrowserHostOptions {
  port: number;
  rendererDir: string;
  handlers: BridgeHandlers;
  events: EventHub;
  /** Fixed secret for tests; a fresh random one otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningBrowserHost {
  origin: string;
  /**
   * The URL to open, secret included (in the fragment, which browsers never send to servers). Only
   * for a terminal or a file only its user can read: never for a command line.
   */
  url: string;
  /**
   * A URL with a fresh one-time code instead of the secret (for Chromium's command line, which every
   * local user can read): the page exchanges the code for the secret once, and the code is void.
   */
  launchUrl(page?: string): string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<RunningBrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const rendererRoot = resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let origin = '';
  let allowedHosts = new Set<string>();
  /** Launch codes not yet exchanged, with the time each expires. */
  const launchCodes = new Map<string, number>();

  const tokenMatches = (given: string | string[] | undefined): boolean => {
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      options.log?.(`browser host: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Host error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // DNS rebinding: only our own loopback names may address this server.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'Wrong host' });
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/api/')) {
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) {
        return send(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Cross-origin request refused' } });
      }
      if (req.headers['sec-fetch-site'] && req.headers['sec-fetch-site'] !== 'same-origin') {
        return send(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Cross-site request refused' } });
      }
      if (url.pathname === '/api/session' && req.method === 'POST') return exchangeLaunchCode(req, res);
      if (!tokenMatches(req.headers[TOKEN_HEADER])) {
        return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong launch secret' } });
      }
      if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
      const call = /^\/api\/call\/([a-z]+:[A-Za-z]+)$/.exec(url.pathname);
      if (call && req.method === 'POST') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return send(res, 415, { ok: false, error: { code: 'INVALID_INPUT', message: 'Expected application/json' } });
        }
        const body = await readJson(req);
        if (!body.ok && body.tooLarge) {
          // Said before the rest of the body is read; the connection closes so the unread rest is dropped.
          res.setHeader('Connection', 'close');
          send(res, 413, { ok: false, error: { code: 'TOO_LARGE', message: body.message } });
          req.resume();
          return;
        }
        if (!body.ok) return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: body.message } });
        const result = await dispatchBridgeCall(options.handlers, call[1], body.value);
        return send(res, 200, result);
      }
      return send(res, 404, { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'No such endpoint' } });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'Method not allowed' });
    return serveStatic(url.pathname, res);
  }

  function exchangeLaunchCode(req: IncomingMessage, res: ServerResponse): void {
    const code = req.headers[LAUNCH_CODE_HEADER];
    const expires = typeof code === 'string' ? launchCodes.get(code) : undefined;
    // Used once, whatever the outcome: a second use, or one too late, learns nothing.
    if (typeof code === 'string') launchCodes.delete(code);
    if (expires === undefined || Date.now() > expires) {
      options.log?.('browser host: a launch code was refused (unknown, used or expired)');
      return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'This launch code was used already or has expired. Start the POS again.' } });
    }
    options.log?.('browser host: launch code exchanged for the session secret');
    return send(res, 200, { ok: true, data: { token } });
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, { error: 'Bad path' });
    }
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = resolve(join(rendererRoot, relative));
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) return send(res, 404, { error: 'Not found' });
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return send(res, 404, { error: 'Not found' });
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    createReadStream(file).pipe(res);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(`data: ${JSON.stringify({ type: 'hello', at: new Date().toISOString() })}\n\n`);
    const unsubscribe = options.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    // Keep-alive comments let the page notice a dead host quickly.
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    streams.add(res);
    res.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      streams.delete(res);
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    origin,
    url: `${origin}/#token=${token}`,
    launchUrl(page = '') {
      const code = randomBytes(24).toString('base64url');
      const now = Date.now();
      for (const [known, expires] of launchCodes) if (expires < now) launchCodes.delete(known);
      launchCodes.set(code, now + LAUNCH_CODE_TTL_MS);
      return `${origin}/${page}#code=${code}`;
    },
    token,
    port,
    async close() {
      for (const stream of streams) stream.destroy();
      const closed = new Promise<void>((done) => server.close(() => done()));
      // A page still connected (an outbox page mid-request, a keep-alive socket) must not keep a
      // stopping host alive: its request is dropped, which the page treats as "not answered".
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(text);
}

type JsonBody = { ok: true; value: unknown } | { ok: false; tooLarge: boolean; message: string };

const TOO_LARGE_MESSAGE = `Request body over ${MAX_BODY_BYTES / (1024 * 1024)} MiB; send it in smaller pieces`;

async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return { ok: false, tooLarge: true, message: TOO_LARGE_MESSAGE };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return { ok: false, tooLarge: true, message: TOO_LARGE_MESSAGE };
    chunks.push(buf);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, tooLarge: false, message: 'Request body is not JSON' };
  }
}
