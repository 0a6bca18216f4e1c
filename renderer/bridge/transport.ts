// The renderer's only way to the main side. In Electron the preload provides window.pos; under the
// browser host the same contract travels over HTTP with the launch secret: from the page's URL, or
// exchanged once for the one-time code Chromium was opened with (the secret never sits on a command line).
import {
  BridgeEventSchema,
  bridgeContract,
  type BridgeEvent,
  type BridgeMethod,
  type BridgeRequest,
  type BridgeResponse,
  type BridgeResult,
  type PosBridge,
} from '../../shared/bridge';

declare global {
  interface Window {
    pos?: PosBridge;
  }
}

const TOKEN_KEY = 'pos.launchSecret';

export function getBridge(): PosBridge {
  if (window.pos) return window.pos;
  return createHttpBridge(readLaunchSecret());
}

function readLaunchSecret(): string | undefined | Promise<string | undefined> {
  const match = /(?:^#|&)(token|code)=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  // Keep the secret (or the code) out of the address bar, bookmarks and screenshots.
  if (match) history.replaceState(null, '', window.location.pathname + window.location.search);
  if (match?.[1] === 'token' && match[2]) {
    sessionStorage.setItem(TOKEN_KEY, match[2]);
    return match[2];
  }
  if (match?.[1] === 'code' && match[2]) return exchangeLaunchCode(match[2]);
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Trades the one-time code for the session secret; a used or expired code leaves no secret (401 later). */
async function exchangeLaunchCode(code: string): Promise<string | undefined> {
  try {
    const response = await fetch('/api/session', { method: 'POST', headers: { 'x-pos-launch-code': code } });
    const body: unknown = await response.json();
    if (response.ok && typeof body === 'object' && body !== null && 'data' in body) {
      const data = body.data as { token?: unknown };
      if (typeof data.token === 'string' && /^[A-Za-z0-9_-]+$/.test(data.token)) {
        sessionStorage.setItem(TOKEN_KEY, data.token);
        return data.token;
      }
    }
  } catch {
    // The host is not answering: the first bridge call says so in words.
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function createHttpBridge(secretOrPending: string | undefined | Promise<string | undefined>): PosBridge {
  const headersReady = Promise.resolve(secretOrPending).then((secret) => ({ 'content-type': 'application/json', 'x-pos-token': secret ?? '' }));
  return {
    async invoke<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResult<BridgeResponse<M>>> {
      const headers = await headersReady;
      let response: Response;
      try {
        response = await fetch(`/api/call/${method}`, { method: 'POST', headers, body: JSON.stringify(request) });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'The POS service is not running. Restart the app.' } };
      }
      if (response.status === 401) {
        return {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'This page is from an earlier launch. Open the address the POS service printed.' },
        };
      }
      const body: unknown = await response.json().catch(() => undefined);
      return parseResult(method, body);
    },
    onEvent(listener) {
      const controller = new AbortController();
      void headersReady.then((headers) => streamEvents(headers, listener, controller.signal));
      return () => controller.abort();
    },
  };
}

function parseResult<M extends BridgeMethod>(method: M, body: unknown): BridgeResult<BridgeResponse<M>> {
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    if (body.ok === true && 'data' in body) {
      const parsed = bridgeContract[method].response.safeParse(body.data);
      if (parsed.success) return { ok: true, data: parsed.data as BridgeResponse<M> };
      return { ok: false, error: { code: 'INTERNAL', message: `The POS service sent an invalid ${method} answer.` } };
    }
    if (body.ok === false && 'error' in body && typeof body.error === 'object' && body.error !== null) {
      const error = body.error as { code?: unknown; message?: unknown };
      if (typeof error.message === 'string' && typeof error.code === 'string') {
        return { ok: false, error: { code: error.code as never, message: error.message } };
      }
    }
  }
  return { ok: false, error: { code: 'INTERNAL', message: `The POS service sent an unreadable ${method} answer.` } };
}

async function streamEvents(
  headers: Record<string, string>,
  listener: (event: BridgeEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let delay = 500;
  while (!signal.aborted) {
    try {
      const response = await fetch('/api/events', { headers, signal });
      if (!response.ok || !response.body) throw new Error(`events ${response.status}`);
      delay = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          try {
            const parsed = BridgeEventSchema.safeParse(JSON.parse(data));
            if (parsed.success) listener(parsed.data);
          } catch {
            // A malformed frame is dropped; the stream goes on.
          }
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}
