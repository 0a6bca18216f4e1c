// The simulator's HTTP side, shared by every service: one server on one port, each service under its
// own base path; HTTP Basic auth, optional TLS, the request log, fault rules, and the /_sim control API
// (requests, faults, reset and the services' views), which is served only when asked for.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { errorAnswer, parseJsonOrText, readBody, writeAnswer, type Answer } from './answer';
import { FaultBook, FaultRuleSchema, malformedAnswer } from './faults';
import { Sleeper } from './records';
import type { SimRequestLogEntry, SimService } from './service';
import { generateSimulatorCertificate } from '../tls';

const REQUEST_BODY_LIMIT = 1024 * 1024;

export interface SimHttpOptions {
  port?: number;
  host?: string;
  tls?: boolean;
  credentials?: { username: string; password: string };
  /** Serve /_sim/requests, /_sim/faults, /_sim/reset and the views. */
  controlApi: boolean;
}

export interface RunningSimHttp {
  origin: string;
  caPem?: string;
  close(): Promise<void>;
}

/** The Basic user name and password a request carried, if it carried any. */
function basicCredentials(req: IncomingMessage): { username: string; raw: Buffer } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const raw = Buffer.from(match[1], 'base64');
  const text = raw.toString('utf8');
  const colon = text.indexOf(':');
  return { username: colon < 0 ? text : text.slice(0, colon), raw };
}

class SimHttp {
  log: SimRequestLogEntry[] = [];
  readonly faults = new FaultBook();

  constructor(
    private readonly services: readonly SimService[],
    private readonly opts: SimHttpOptions,
    readonly sleeper: Sleeper,
  ) {}

  private authorized(given: Buffer | undefined): boolean {
    const creds = this.opts.credentials;
    if (!creds) return true;
    if (!given) return false;
    const expected = Buffer.from(`${creds.username}:${creds.password}`, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_sim/')) {
      if (this.opts.controlApi) return this.control(method, url, req, res);
      return writeAnswer(res, { status: 404, body: { errorType: 'UNABLE_TO_LOCATE_RECORD', errorMessage: 'No such resource' } });
    }

    const read = await readBody(req, REQUEST_BODY_LIMIT);
    const body = parseJsonOrText(read.text);
    const service = this.services.find((s) => url.pathname.startsWith(`${s.basePath}/`));
    const route = service?.route(method, url.pathname.slice(service.basePath.length));
    const entry: SimRequestLogEntry = {
      at: new Date().toISOString(),
      ...(service ? { service: service.name } : {}),
      operation: route && route !== 'method-not-allowed' ? route.operation : 'unknown',
      method,
      path: url.pathname + url.search,
      status: 0,
      body: body.value,
    };
    this.log.push(entry);
    const send = (answer: Answer) => {
      entry.status = answer.status;
      writeAnswer(res, answer);
    };

    if (!service || !route) return send({ status: 404, body: { errorType: 'UNABLE_TO_LOCATE_RECORD', errorMessage: 'No such resource' } });
    if (route === 'method-not-allowed') {
      return send({ status: 405, body: { errorType: 'FUNCTION_NOT_SUPPORTED', errorMessage: 'Method not allowed' } });
    }
    const credentials = basicCredentials(req);
    if (!this.authorized(credentials?.raw)) {
      res.setHeader('WWW-Authenticate', `Basic realm="${service.name}"`);
      return send({ status: 401, body: { errorType: 'GENERAL_ERROR', errorMessage: 'Unauthorized' } });
    }
    const requestType = service.requestType(route.operation);
    if (read.tooLarge) return send(errorAnswer(413, 'FORMAT_ERROR', 'Body too large', requestType, service.errorId(route, body)));

    const fault = this.faults.take(route.operation);
    if (fault) entry.fault = fault.fault;
    if (fault?.fault === 'status' && fault.status !== undefined) {
      const status = fault.status;
      const errorType = fault.errorType ?? (status === 503 ? 'UPSTREAM_UNAVAILABLE' : 'GENERAL_ERROR');
      return send(status >= 200 && status < 300 ? { status } : errorAnswer(status, errorType, `Simulated ${status}`, requestType, service.errorId(route, body)));
    }

    let answer = await service.handle({
      ...route,
      method,
      url,
      body,
      ...(credentials ? { username: credentials.username } : {}),
      credentialsChecked: this.opts.credentials !== undefined,
    });
    if (fault?.fault === 'delay') await this.sleeper.sleep(fault.delayMs ?? 0);
    if (fault?.fault === 'drop') {
      entry.status = 0;
      req.socket.destroy();
      res.destroy();
      return;
    }
    if (fault?.fault === 'malformed') answer = malformedAnswer(answer, fault.variant ?? 'not-json', service.malformedShapes(route.operation));
    if (res.destroyed) return;
    send(answer);
  }

  private async control(method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    if (method === 'GET' && path === '/_sim/requests') return writeAnswer(res, { status: 200, body: this.log });
    if (method === 'GET' && path === '/_sim/faults') return writeAnswer(res, { status: 200, body: this.faults.rules });
    if (method === 'POST' && path === '/_sim/faults') {
      const read = await readBody(req, 64 * 1024);
      const rule = FaultRuleSchema.safeParse(parseJsonOrText(read.text).value);
      if (!rule.success) return writeAnswer(res, { status: 400, body: { error: 'invalid fault', issues: rule.error.issues } });
      this.faults.add(rule.data);
      return writeAnswer(res, { status: 201, body: this.faults.rules });
    }
    if (method === 'DELETE' && path === '/_sim/faults') {
      this.faults.clear();
      return writeAnswer(res, { status: 204 });
    }
    if (method === 'POST' && path === '/_sim/reset') {
      for (const service of this.services) service.reset();
      this.log = [];
      this.faults.clear();
      return writeAnswer(res, { status: 204 });
    }
    if (method === 'GET') {
      const key = path.slice('/_sim/'.length);
      for (const service of this.services) {
        const view = service.views[key];
        if (view) return writeAnswer(res, { status: 200, body: view() });
      }
    }
    return writeAnswer(res, { status: 404, body: { error: 'no such control endpoint' } });
  }
}

export async function startSimHttp(services: readonly SimService[], sleeper: Sleeper, opts: SimHttpOptions): Promise<RunningSimHttp> {
  const host = opts.host ?? '127.0.0.1';
  const sim = new SimHttp(services, opts, sleeper);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    sim.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        writeAnswer(res, { status: 500, body: { errorType: 'GENERAL_ERROR', errorMessage: 'Simulator error', detailMessage: String(error) } });
      }
    });
  };
  let server: Server;
  let caPem: string | undefined;
  if (opts.tls) {
    const cert = await generateSimulatorCertificate(host);
    caPem = cert.certPem;
    server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, onRequest);
  } else {
    server = createHttpServer(onRequest);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    origin: `${opts.tls ? 'https' : 'http'}://${hostForUrl}:${address.port}`,
    ...(caPem ? { caPem } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        sleeper.shutdown();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
