/**
 * node:http calls a request listener and drops what it returns, so a rejected async listener (a
 * client gone mid-body, a malformed body) would be an unhandled rejection that ends the process.
 * This one answers 500 with the reason instead, or drops the connection once the answer has begun.
 */
import type http from 'node:http';

export function asyncListener(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): http.RequestListener {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(`stand-in server failed: ${String(error)}`);
    });
  };
}
