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
   * POSTs `body`. The deadline is undici's own (no AbortSignal and timer per call): the answer's
   * headers within `timeoutMs`, and no pause longer than that in its body. A timeout rejects with
   * UND_ERR_HEADERS_TIMEOUT or UND_ERR_BODY_TIMEOUT.
   */
  async post(headers: Record<string, string>, body: string, timeoutMs: number): Promise<SubgraphAnswer> {
    const res = await this.pool.request({ path: this.path, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
