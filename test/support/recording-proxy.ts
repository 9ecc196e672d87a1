/**
 * A pass-through HTTP proxy in front of one subgraph that counts the GraphQL requests it forwards:
 * a gateway pointed at it shows whether an operation reached the subgraph at all (the shared
 * platform's SQL counters move with every parallel test file; this one sees only its gateway).
 * It keeps the last requests as sent (headers, body bytes), so a test can replay a real signed call,
 * and it can play a broken subgraph: one that hangs (accepts, never answers) or drops connections.
 */
import http from 'node:http';
import { asyncListener } from './async-listener';

export type ProxyMode = 'forward' | 'hang' | 'drop';

export interface RecordedRequest {
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

const KEPT = 50;

export interface RecordingProxy {
  url: string;
  /** POST /graphql requests received so far, whatever the mode. */
  graphqlRequests(): number;
  setMode(mode: ProxyMode): void;
  /** The last requests forwarded (at most 50), oldest first. */
  recorded(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(port: number, target: string): Promise<RecordingProxy> {
  let graphql = 0;
  let mode: ProxyMode = 'forward';
  const kept: RecordedRequest[] = [];
  const server = http.createServer(asyncListener(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST' && req.url?.startsWith('/graphql')) graphql++;
    if (mode === 'hang') return; // never answers; the socket stays open until the client gives up
    if (mode === 'drop') {
      req.socket.destroy();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    kept.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers, body: Buffer.concat(chunks) });
    if (kept.length > KEPT) kept.shift();
    try {
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : Buffer.concat(chunks),
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(body);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  }));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    graphqlRequests: () => graphql,
    setMode: (next) => {
      mode = next;
    },
    recorded: () => [...kept],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
