/**
 * Sends each subgraph fetch with the caller signed by the gateway for exactly that request, over the
 * subgraph's undici pool (subgraph-transport.ts). Apollo's RemoteGraphQLDataSource would serialise
 * the body and call a fetch-like function; `sendRequest` is replaced so the body is signed where it
 * is made and sent without Fetch API objects. Its failures keep the shape Apollo gives them (a
 * non-2xx answer is a GraphQLError carrying `extensions.response`), which formatError relies on.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { encodeCallerHeader, signCall, CALLER_HEADER, REQUEST_ID_HEADER, type CallerContext } from '../common/caller-context';
import { SubgraphTransport } from './subgraph-transport';

export interface GatewayContext extends Record<string, unknown> {
  caller: CallerContext;
  /** The caller header, encoded once per request for all its subgraph calls. */
  callerHeader?: string;
}

const NO_DEADLINE_MS = 60_000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly transport: SubgraphTransport;
  /** Parsed once: signing needs the path of every call, and the transport sends them all to this URL. */
  private readonly target: URL;

  constructor(protected readonly subgraph: string, url: string, private readonly secret: string, protected readonly tier: string, connections = 64) {
    super({ url });
    this.transport = new SubgraphTransport(url, connections);
    this.target = new URL(url);
    // RemoteGraphQLDataSource declares sendRequest private in its typings (a plain method in its
    // code): an instance property takes its place for every call process() makes.
    (this as unknown as { sendRequest: (request: GatewayGraphQLRequest) => Promise<GatewayGraphQLResponse> }).sendRequest = (request) => this.sendSigned(request);
  }

  /**
   * Each call's deadline, by the HTTP part Apollo makes for that call: set by a subclass for the
   * options of one fetch (setDeadline), moved onto the call in willSendRequest, read where it is
   * sent. Passed this way, not through AsyncLocalStorage, whose promise hooks would cost every
   * promise of the process on Node 20.
   */
  private readonly deadlines = new WeakMap<object, number>();

  /** The deadline of the fetch these options describe (one object per fetch). */
  protected setDeadline(options: object, ms: number): void {
    this.deadlines.set(options, ms);
  }

  // Partial: the gateway's own health checks and schema loads pass a context with no caller.
  override willSendRequest(options: { request: GatewayGraphQLRequest; context: Partial<GatewayContext> }): void {
    const { request, context } = options;
    const ms = this.deadlines.get(options);
    if (ms !== undefined && request.http) this.deadlines.set(request.http, ms);
    const caller = context.caller;
    if (!caller || !request.http) return;
    // Encoded once per request: its issuedAt is the first call's, well within the signature's 30 s.
    context.callerHeader ??= encodeCallerHeader({ ...caller, issuedAt: Date.now() });
    request.http.headers.set(CALLER_HEADER, context.callerHeader);
    request.http.headers.set(REQUEST_ID_HEADER, caller.requestId);
  }

  private async sendSigned(request: GatewayGraphQLRequest): Promise<GatewayGraphQLResponse> {
    const { http, ...graphqlRequest } = request;
    if (!http) throw new Error('Internal error: only HTTP requests are supported.');
    const body = JSON.stringify(graphqlRequest);
    const headers: Record<string, string> = {};
    for (const [name, value] of http.headers) headers[name] = value;
    headers['content-type'] = 'application/json';
    // The body exists only now: the call line and signature cover caller, target, method, path and body.
    const callerHeader = headers[CALLER_HEADER];
    if (callerHeader) Object.assign(headers, signCall(callerHeader, { subgraph: this.subgraph, method: 'POST', url: this.target, body }, this.secret));
    const answer = await this.transport.post(headers, body, this.deadlines.get(http) ?? NO_DEADLINE_MS);
    const parsed = parseJson(answer.body);
    if (answer.status < 200 || answer.status > 299) {
      throw new GraphQLError(`${answer.status}: subgraph answer`, {
        extensions: {
          response: { url: http.url, status: answer.status, statusText: '', body: parsed },
          ...(answer.status === 401 ? { code: 'UNAUTHENTICATED' } : answer.status === 403 ? { code: 'FORBIDDEN' } : {}),
        },
      });
    }
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`Expected JSON response body, but received: ${answer.body.slice(0, 200)}`);
    const cacheControl = answer.headers['cache-control'];
    return {
      ...(parsed as GatewayGraphQLResponse),
      http: { status: answer.status, headers: { get: (name: string) => (name.toLowerCase() === 'cache-control' && typeof cacheControl === 'string' ? cacheControl : null) } as never },
    };
  }
}
