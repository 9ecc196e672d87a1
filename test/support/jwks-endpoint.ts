/**
 * A JWKS endpoint a test controls, for a gateway of its own (IDENTITY_JWKS_URL): it serves
 * identity's real JWKS, or fails (503, as identity does with its database down), or hangs (an
 * identity that accepts connections but never answers). The shared platform's identity stays up.
 */
import http from 'node:http';
import { asyncListener } from './async-listener';

export type JwksBehaviour = 'serve' | 'fail' | 'hang';

export interface JwksEndpoint {
  url: string;
  set(behaviour: JwksBehaviour): void;
  /** Requests received so far, whatever the answer. */
  requests(): number;
  close(): Promise<void>;
}

export async function startJwksEndpoint(port: number, identityJwksUrl: string, behaviour: JwksBehaviour): Promise<JwksEndpoint> {
  let current = behaviour;
  let count = 0;
  const server = http.createServer(asyncListener(async (_req, res) => {
    count++;
    if (current === 'hang') return; // never answered; closed with the server
    if (current === 'fail') {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'database unavailable' }));
      return;
    }
    try {
      const upstream = await fetch(identityJwksUrl);
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  }));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    set: (next) => (current = next),
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
