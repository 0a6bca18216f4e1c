// The browser host against real HTTP: it serves the page and the bridge to its own page only.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxSettingsSchema, type AppInfo, type BridgeHandlers } from '../../shared/bridge';
import { TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { EventHub } from '../services/events';
import { startBrowserHost, type RunningBrowserHost } from './browser-host';

const info: AppInfo = { host: 'browser', mode: 'training', version: 't', terminal: TRAINING_TERMINAL, upstream: 'sim', printer: 'file', outbox: OutboxSettingsSchema.parse({}) };
let calls = 0;
const handlers = {
  'app:info': async () => {
    calls += 1;
    return { ok: true, data: info };
  },
} as unknown as BridgeHandlers;

let host: RunningBrowserHost;
let rendererDir: string;
const events = new EventHub();

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'pos-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>POS</title>');
  await writeFile(join(tmpdir(), 'secret.txt'), 'outside');
  host = await startBrowserHost({ port: 0, rendererDir, handlers, events, token: 'test-secret-123' });
});
afterAll(async () => host.close());

function call(headers: Record<string, string>, body = '{}', path = '/api/call/app:info') {
  return fetch(`${host.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

/** fetch() will not send a forged Host header; node:http will. */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host', () => {
  it('listens on loopback only and prints a URL whose fragment carries the secret', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=test-secret-123`);
  });

  it('answers a bridge call that carries the launch secret', async () => {
    const before = calls;
    const response = await call({ 'x-pos-token': 'test-secret-123' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, data: info });
    expect(calls).toBe(before + 1);
  });

  it('refuses a call without the secret, with a wrong one, or from another origin, without running the handler', async () => {
    const before = calls;
    expect((await call({})).status).toBe(401);
    expect((await call({ 'x-pos-token': 'test-secret-124' })).status).toBe(401);
    expect((await call({ 'x-pos-token': 'test-secret-123', origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ 'x-pos-token': 'test-secret-123', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(calls).toBe(before);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect(await rawGet('/', { host: 'evil.example:80' })).toBe(421);
    expect(await rawGet('/', { host: `localhost:${host.port}` })).toBe(200);
  });

  it('rejects unknown methods and invalid requests as data, not crashes', async () => {
    const unknown = await call({ 'x-pos-token': 'test-secret-123' }, '{}', '/api/call/upstream:nothing');
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const invalid = await call({ 'x-pos-token': 'test-secret-123' }, '{"extra":1}');
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const notJson = await call({ 'x-pos-token': 'test-secret-123' }, 'not json');
    expect(notJson.status).toBe(400);
    const textPlain = await fetch(`${host.origin}/api/call/app:info`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-pos-token': 'test-secret-123' },
      body: '{}',
    });
    expect(textPlain.status).toBe(415);
  });

  it('answers a body over the size limit with 413 and a TOO_LARGE error, without running the handler', async () => {
    const before = calls;
    const big = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) });
    const response = await call({ 'x-pos-token': 'test-secret-123' }, big);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    // Sent in chunks with no declared length, it is cut off at the limit all the same.
    const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * 1024 * 1024) return controller.close();
        sent += piece.length;
        controller.enqueue(piece);
      },
    });
    const chunked = await fetch(`${host.origin}/api/call/app:info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pos-token': 'test-secret-123' },
      body: stream,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(chunked.status).toBe(413);
    expect(calls).toBe(before);
    // The host keeps serving after refusing one.
    expect((await call({ 'x-pos-token': 'test-secret-123' })).status).toBe(200);
  });

  it('serves the page with a strict CSP and never a file outside the renderer folder', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(await rawGet('/..%2fsecret.txt', { host: `127.0.0.1:${host.port}` })).toBe(404);
    expect(await rawGet('/%2e%2e/secret.txt', { host: `127.0.0.1:${host.port}` })).toBe(404);
  });

  it('pushes events to a page that holds the secret', async () => {
    const controller = new AbortController();
    const response = await fetch(`${host.origin}/api/events`, { headers: { 'x-pos-token': 'test-secret-123' }, signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"hello"')) text += (await reader.read()).value ?? '';
    events.emit({ type: 'printer', state: 'paper-out' });
    while (!text.includes('paper-out')) text += (await reader.read()).value ?? '';
    expect(text).toContain('"state":"paper-out"');
    controller.abort();
  });

  it('a one-time launch code is exchanged once for the session secret, then is void', async () => {
    const launch = host.launchUrl();
    expect(launch).toMatch(new RegExp(`^${host.origin}/#code=[A-Za-z0-9_-]{32}$`));
    expect(launch, 'the launch URL never carries the secret').not.toContain('test-secret-123');
    const code = launch.split('#code=')[1] ?? '';
    const exchange = (headers: Record<string, string>) => fetch(`${host.origin}/api/session`, { method: 'POST', headers: { 'x-pos-launch-code': code, ...headers } });

    // Another origin cannot trade it, and trying does not spend it.
    expect((await exchange({ origin: 'http://evil.example' })).status).toBe(403);
    const first = await exchange({});
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, data: { token: 'test-secret-123' } });
    const second = await exchange({});
    expect(second.status).toBe(401);
    expect(JSON.stringify(await second.json())).not.toContain('test-secret-123');
    // A code never issued is refused too.
    expect((await fetch(`${host.origin}/api/session`, { method: 'POST', headers: { 'x-pos-launch-code': 'made-up' } })).status).toBe(401);
    // The outbox page gets its own code.
    expect(host.launchUrl('outbox.html')).toMatch(new RegExp(`^${host.origin}/outbox\\.html#code=`));
  });
});
