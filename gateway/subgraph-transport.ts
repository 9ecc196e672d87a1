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

  /** POSTs `body`; the signal's deadline covers the answer's body too. */
  async post(headers: Record<string, string>, body: string, signal: AbortSignal): Promise<SubgraphAnswer> {
    const res = await this.pool.request({ path: this.path, method: 'POST', headers, body, signal });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
