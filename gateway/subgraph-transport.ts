/**
 * How the gateway talks HTTP to a subgraph: one undici Pool per subgraph (keep-alive, no
 * pipelining, a bounded number of connections), `request()` rather than Node's global `fetch`.
 * fetch is undici too, but wrapped in web streams and Fetch API objects: a profile of the gateway
 * under Bootstrap load put ~28 % of its CPU there, against about a quarter of that for the same
 * calls through `request()`. The answer is read whole (subgraph answers are small JSON).
 */
import { Pool } from 'undici';

export interface SubgraphAnswer {
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class SubgraphTransport {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(readonly url: string, connections: number) {
    const parsed = new URL(url);
    this.path = `${parsed.pathname}${parsed.search}`;
    this.pool = new Pool(parsed.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /**
   * POSTs `body`; the whole call, waiting for a free connection included, ends within `timeoutMs`
   * (TimeoutError). undici's own headers/body timeouts start only once the request is on a socket,
   * so with every connection busy a call could otherwise wait in the pool's queue without limit, and
   * its signed caller header (30 s) expire there.
   */
  async post(headers: Record<string, string>, body: string, timeoutMs: number): Promise<SubgraphAnswer> {
    const res = await this.pool.request({
      path: this.path, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
