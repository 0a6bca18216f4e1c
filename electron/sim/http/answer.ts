// What a simulated service answers, and the plain HTTP reading and writing around it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Answer {
  status: number;
  /** JSON body; undefined = empty body. */
  body?: unknown;
  raw?: { text: string; contentType: string };
}

export interface ReadBody {
  text: string;
  tooLarge: boolean;
}

export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', () => resolve({ text: '', tooLarge }));
    req.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
  });
}

/** A body as JSON when it is JSON; otherwise its text (bounded), for the request log. */
export interface ParsedBody {
  json: boolean;
  value: unknown;
}

export function parseJsonOrText(text: string): ParsedBody {
  if (text.trim() === '') return { json: false, value: null };
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, value: text.slice(0, 64 * 1024) };
  }
}

export function writeAnswer(res: ServerResponse, answer: Answer): void {
  if (res.destroyed || res.headersSent) return;
  if (answer.raw) {
    res.writeHead(answer.status, { 'Content-Type': answer.raw.contentType, 'Content-Length': Buffer.byteLength(answer.raw.text) });
    res.end(answer.raw.text);
    return;
  }
  if (answer.body === undefined) {
    res.writeHead(answer.status, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Electrum re-serializes `time` as UTC with milliseconds. */
export function normalizeTime(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
}

/** An ErrorDetail answer; `errorMessage` kept within the model's 20 characters. */
export function errorAnswer(
  status: number,
  errorType: string,
  errorMessage: string,
  requestType: string,
  id: string,
  extra: { originalId?: string; detailMessage?: unknown } = {},
): Answer {
  return { status, body: { id, errorType, errorMessage: errorMessage.slice(0, 20), requestType, ...extra } };
}

export interface EnvelopeIn {
  id: string;
  time: string;
  originator: unknown;
  client: unknown;
  settlementEntity?: unknown;
  receiver?: unknown;
  thirdPartyIdentifiers?: unknown[] | null;
}

/** The Transaction fields a response echoes from its request. */
export function echo(request: EnvelopeIn): Record<string, unknown> {
  return {
    id: request.id,
    time: normalizeTime(request.time),
    originator: request.originator,
    client: request.client,
    ...(request.settlementEntity !== undefined ? { settlementEntity: request.settlementEntity } : {}),
    ...(request.receiver !== undefined ? { receiver: request.receiver } : {}),
    thirdPartyIdentifiers: request.thirdPartyIdentifiers ?? [],
  };
}
