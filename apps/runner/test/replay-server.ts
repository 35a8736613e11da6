import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { chunkBytes, type LlamaRecording } from './fixtures.ts';

/**
 * A node:http server on 127.0.0.1 (random port) that replays recorded responses with their
 * recorded timing, and misbehaves on request: stalls, resets, error statuses, trickles.
 * Times are "at least" times: a chunk is never written before its recorded arrival time,
 * measured from when the request reached the server.
 */
export interface ReplayChunk {
  /** ms after the request arrived */
  atMs: number;
  data: string | Uint8Array;
}

export type ReplayFault =
  /** never answer (a server holding the request, e.g. a swap that never finishes) */
  | { kind: 'stall-before-headers' }
  /** send the headers and the first `afterChunks` chunks, then nothing */
  | { kind: 'stall'; afterChunks: number }
  /**
   * send the first `afterChunks` chunks, then reset the TCP connection — once `when` settles, if
   * given, so a test can reset only after the client has seen those bytes (a RST may otherwise
   * discard data still unread in the client's socket buffer)
   */
  | { kind: 'reset'; afterChunks: number; when?: Promise<unknown> };

export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  /** ms after the request arrived at which the headers go out; default 0 */
  headersAtMs?: number;
  chunks?: ReplayChunk[];
  fault?: ReplayFault;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** the body parsed as JSON, or undefined */
  json: unknown;
}

export type ReplayHandler = ReplayResponse | ((req: RecordedRequest) => ReplayResponse);

export interface ReplayServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Answers METHOD path with these responses in turn; the last one repeats. */
  route(method: string, path: string, ...responses: ReplayHandler[]): void;
  close(): Promise<void>;
}

// Framing headers are the server's job here, not the recording's.
const DROPPED_HEADERS = new Set(['transfer-encoding', 'content-length', 'connection', 'keep-alive']);

/** A llama-server recording (`<case>.json`) as a replay, with its recorded header and chunk times. */
export function fromRecording(rec: LlamaRecording): ReplayResponse {
  const headers = Object.fromEntries(Object.entries(rec.headers).filter(([k]) => !DROPPED_HEADERS.has(k)));
  return {
    status: rec.status,
    headers,
    headersAtMs: rec.headers_ms,
    chunks: rec.chunks.map((c) => ({ atMs: c.t_ms, data: chunkBytes(c) })),
  };
}

/** A body split after every SSE event (`\n\n`), one write each, `gapMs` apart. */
export function sseResponse(
  body: string | Uint8Array,
  opts: { gapMs?: number; status?: number } = {},
): ReplayResponse {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const pieces = text.split(/(?<=\n\n)/).filter((p) => p !== '');
  return spaced(pieces, opts.gapMs ?? 1, opts.status ?? 200, 'text/event-stream');
}

/** A body split after every line, one write each, `gapMs` apart. */
export function ndjsonResponse(body: string | Uint8Array, opts: { gapMs?: number } = {}): ReplayResponse {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const pieces = text.split(/(?<=\n)/).filter((p) => p !== '');
  return spaced(pieces, opts.gapMs ?? 1, 200, 'application/x-ndjson');
}

export function jsonResponse(
  status: number,
  body: string | Uint8Array | object,
  headers: Record<string, string> = {},
): ReplayResponse {
  const data = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    chunks: [{ atMs: 0, data }],
  };
}

export function textResponse(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): ReplayResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    chunks: [{ atMs: 0, data: body }],
  };
}

/** Re-cuts a response's body into `bytesPerWrite`-byte writes `gapMs` apart (splits UTF-8 characters too). */
export function trickle(resp: ReplayResponse, bytesPerWrite: number, gapMs: number): ReplayResponse {
  const all = Buffer.concat((resp.chunks ?? []).map((c) => Buffer.from(c.data)));
  const start = resp.chunks?.[0]?.atMs ?? 0;
  const chunks: ReplayChunk[] = [];
  for (let i = 0, k = 0; i < all.length; i += bytesPerWrite, k++) {
    chunks.push({ atMs: start + k * gapMs, data: all.subarray(i, i + bytesPerWrite) });
  }
  return { ...resp, chunks };
}

export function withFault(resp: ReplayResponse, fault: ReplayFault): ReplayResponse {
  return { ...resp, fault };
}

function spaced(pieces: string[], gapMs: number, status: number, contentType: string): ReplayResponse {
  return {
    status,
    headers: { 'content-type': contentType },
    chunks: pieces.map((data, i) => ({ atMs: i * gapMs, data })),
  };
}

export async function startReplayServer(): Promise<ReplayServer> {
  const routes = new Map<string, ReplayHandler[]>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const arrived = performance.now();
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body,
        json,
      };
      requests.push(recorded);
      const queue = routes.get(`${recorded.method} ${path}`);
      const handler = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      const resp: ReplayResponse = handler
        ? typeof handler === 'function'
          ? handler(recorded)
          : handler
        : jsonResponse(404, { error: { message: `replay server: no route for ${recorded.method} ${path}` } });
      void play(res, resp, arrived);
    });
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route(method, path, ...responses) {
      routes.set(`${method} ${path}`, [...responses]);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(res: ServerResponse, resp: ReplayResponse, arrived: number): Promise<void> {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const until = async (ms: number) => {
    for (let left = ms - (performance.now() - arrived); left > 0; left = ms - (performance.now() - arrived)) {
      await delay(left);
    }
  };
  const fault = resp.fault;
  if (fault?.kind === 'stall-before-headers') return;
  await until(resp.headersAtMs ?? 0);
  if (closed) return;
  const chunks = resp.chunks ?? [];
  const headers = { ...resp.headers };
  const streamed =
    fault !== undefined || chunks.length > 1 || (resp.headers?.['content-type'] ?? '').includes('stream');
  if (!streamed) headers['content-length'] = String(Buffer.byteLength(chunks[0]?.data ?? ''));
  res.writeHead(resp.status ?? 200, headers);
  res.flushHeaders();
  const limit = fault && 'afterChunks' in fault ? fault.afterChunks : chunks.length;
  for (const chunk of chunks.slice(0, limit)) {
    await until(chunk.atMs);
    if (closed) return;
    await new Promise<void>((resolve) => res.write(chunk.data, () => resolve()));
  }
  if (fault?.kind === 'stall') return;
  if (fault?.kind === 'reset') {
    await fault.when;
    res.socket?.resetAndDestroy();
    return;
  }
  res.end();
}
