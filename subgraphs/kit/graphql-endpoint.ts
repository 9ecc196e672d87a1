/**
 * A subgraph's /graphql: the gateway's signed call in, one GraphQL answer out, on node:http with
 * graphql-http (the reference GraphQL-over-HTTP handler) over graphql-js. It replaced express and
 * Apollo Server on this path: for a call that runs one indexed SQL statement their request
 * pipelines were most of a subgraph's CPU (docs/BENCHMARKS.md). The order of the checks is the
 * contract:
 *   1. no gateway headers: 401 before the body is read (an unsigned body is never parsed);
 *   2. the body, as the gateway's is read (body-parser: JSON, UTF-8, at most 2 MB); a POST body of
 *      another type: 415;
 *   3. the signature, bound to this subgraph, method, path and body bytes, its age taken at
 *      arrival: 401. Checked on the bytes, before JSON.parse (body-parser's verify hook), so a
 *      forged call costs a hash, not a parse;
 *   4. graphql-http: method, content type, JSON, query/variables shape (400/405/406/415);
 *   5. the document, parsed and validated once per distinct text (document-cache.ts);
 *   6. the operation named, and input hygiene (input-hygiene.ts): BAD_USER_INPUT;
 *   7. execution, each statement counted (`extensions.sqlStatements`, through the context's
 *      Database.forRequest), errors through the subgraph's formatter (codes kept, internals
 *      masked), one log line and one metric sample.
 * Every answer is JSON with `extensions.code`; refusals of the request itself (a variable that does
 * not coerce included) are HTTP 200 GraphQL errors, so the gateway passes on the code that says
 * what to fix instead of treating the subgraph as failed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';
import { createHandler, type RequestParams } from 'graphql-http';
import { GraphQLError, getOperationAST, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { decodeCaller, REQUEST_ID_HEADER, signatureHeadersMissing, type CallerContext } from '../../common/caller-context';
import { requestIdFrom } from '../../common/request-id';
import { transportRefusal } from '../../common/transport-errors';
import { BoundedLabel } from '../../common/bounded-label';
import type { Logger } from '../../common/logger';
import type { StatementTally } from './database';
import { DocumentCache } from './document-cache';
import { findBadInput } from './input-hygiene';
import { receivedBody } from './raw-body';
import { rejectedCall } from './caller';
import { requestShapeMessage, unservedMessage } from './request-shape';
import { badInput } from './errors';
import { operationDuration } from './metrics';

export interface EndpointContext {
  log: Logger;
}

export interface GraphqlEndpointOptions<TContext extends EndpointContext> {
  subgraph: string;
  schema: GraphQLSchema;
  secret: string;
  /** How old a signature may be when its call arrives. */
  maxAgeMs: number;
  /** Logs with the caller's request id, counts its SQL in `tally`; called once the signature holds. */
  createContext(caller: CallerContext, tally: StatementTally): TContext;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** Where a failure of our own (not the request's) is logged. */
  log: Logger;
}

type WithBody = IncomingMessage & { body?: unknown };

/** A signature refused on the body's bytes: thrown from body-parser's verify hook, so the body is not parsed. */
class RefusedSignature extends Error {}

/** An error already formatted for the client: graphql-http serializes it through toJSON. */
class FormattedError extends GraphQLError {
  constructor(readonly formatted: GraphQLFormattedError) {
    super(formatted.message);
  }
  override toJSON(): GraphQLFormattedError {
    return this.formatted;
  }
}

/** What one request did, for its log line and metric sample. */
interface Outcome {
  operation?: string;
  errorCodes: unknown[];
}

interface RequestState<TContext> {
  caller: CallerContext;
  tally: StatementTally;
  outcome: Outcome;
  context?: TContext;
}

function send(res: ServerResponse, status: number, body: string | null, headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body ?? undefined);
}

const refusal = (message: string, code: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

/** 401 for a call the gateway did not sign as it arrived (headers missing, forged, stale, another body). */
const refuseCall = (res: ServerResponse, reason: string): void => send(res, 401, JSON.stringify(rejectedCall(reason)));

export function graphqlEndpoint<TContext extends EndpointContext>(options: GraphqlEndpointOptions<TContext>): (req: IncomingMessage, res: ServerResponse) => void {
  const { subgraph, schema, secret, maxAgeMs, log } = options;
  const documents = new DocumentCache(schema);
  const operations = new BoundedLabel([], 100);

  const format = (errors: readonly GraphQLError[], outcome: Outcome): FormattedError[] =>
    errors.map((error) => {
      const formatted = options.formatError(error.toJSON(), error);
      outcome.errorCodes.push(formatted.extensions?.code);
      return new FormattedError(formatted);
    });

  // graphql-http types the context as a plain record; ours are interfaces (no index signature).
  const handle = createHandler<IncomingMessage, RequestState<TContext>, Record<PropertyKey, unknown>>({
    schema,
    onSubscribe(req, params: RequestParams) {
      const { outcome } = req.context;
      const prepared = documents.prepare(params.query);
      if (prepared.errors) return format(prepared.errors, outcome);
      const operation = getOperationAST(prepared.document, params.operationName);
      outcome.operation = operation?.name?.value ?? params.operationName ?? undefined;
      if (!operation) {
        const problem = params.operationName ? `Unknown operation named "${params.operationName}".` : 'The document holds several operations: name the one to run in operationName.';
        return format([new GraphQLError(problem, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })], outcome);
      }
      const bad = findBadInput(prepared.document, params.variables ?? {});
      if (bad) return format([badInput(`${bad.path} ${bad.problem}`, bad.path)], outcome);
      const contextValue = (req.context.context = options.createContext(req.context.caller, req.context.tally));
      return { schema, document: prepared.document, operationName: params.operationName, variableValues: params.variables, contextValue: contextValue as unknown as Record<PropertyKey, unknown> };
    },
    onOperation(req, _args, result: ExecutionResult) {
      const { outcome, tally } = req.context;
      // Errors and no data: the request itself was refused (a variable that does not coerce).
      const refused = result.errors && !('data' in result);
      const errors = result.errors?.map((e) => (refused && e.extensions.code === undefined ? new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError, extensions: { code: 'BAD_USER_INPUT' } }) : e));
      return {
        ...result,
        ...(errors ? { errors: format(errors, outcome) } : {}),
        extensions: { ...result.extensions, sqlStatements: tally.statements },
      };
    },
    // Only the request's own shape errors (missing query, variables not an object) reach here
    // unformatted: graphql-http throws them as plain Errors.
    formatError: (error) =>
      error instanceof FormattedError ? error : new FormattedError({ message: requestShapeMessage(error.message), extensions: { code: 'BAD_REQUEST' } }),
  });

  // The signature covers the body's bytes, so it is checked on them in the JSON parser's verify
  // hook, before they are parsed. A request the parser does not read (a GET) is checked in answer().
  const arrivals = new WeakMap<IncomingMessage, number>();
  const verifiedCalls = new WeakMap<IncomingMessage, CallerContext>();
  const verifyCall = (req: IncomingMessage, body: Buffer) =>
    decodeCaller(req.headers, { subgraph, method: req.method ?? 'GET', path: req.url ?? '/graphql', body }, secret, { maxAgeMs, now: arrivals.get(req) ?? Date.now() });
  // The gateway's 1 MB limit plus room for the entity representations it adds.
  const readJson = bodyParser.json({
    limit: '2mb',
    verify(req, _res, bytes) {
      const verified = verifyCall(req, bytes);
      if (!verified.ok) throw new RefusedSignature(verified.reason);
      verifiedCalls.set(req, verified.caller);
    },
  });

  const answer = async (req: WithBody, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/graphql';
    // A POST body the JSON parser did not take (another content type) cannot be signed-checked or run.
    if (req.method === 'POST' && req.body === undefined) {
      send(res, 415, refusal(unservedMessage(415), 'BAD_REQUEST'));
      return;
    }
    let caller = verifiedCalls.get(req);
    if (!caller) {
      const verified = verifyCall(req, receivedBody(req));
      if (!verified.ok) {
        refuseCall(res, verified.reason);
        return;
      }
      caller = verified.caller;
    }
    const started = process.hrtime.bigint();
    const end = operationDuration.startTimer({ subgraph });
    const state: RequestState<TContext> = { caller, tally: { statements: 0 }, outcome: { errorCodes: [] } };
    const [text, init] = await handle({ method: req.method ?? 'GET', url: path, headers: req.headers, body: (req.body as Record<string, unknown> | undefined) ?? null, raw: req, context: state });
    // graphql-http leaves the body of its own 405/406/415 empty: say what to send instead.
    send(res, init.status, text ?? refusal(unservedMessage(init.status), 'BAD_REQUEST'), text === null ? { ...init.headers, 'content-type': 'application/json; charset=utf-8' } : init.headers);
    const { outcome } = state;
    const result = outcome.errorCodes.length ? 'error' : 'ok';
    end({ operation: operations.of(outcome.operation?.split('__')[0]), outcome: result });
    (state.context?.log ?? log).info('operation', {
      operation: outcome.operation ?? 'anonymous',
      outcome: result,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      sqlStatements: state.tally.statements,
      errorCodes: outcome.errorCodes.length ? outcome.errorCodes : undefined,
    });
  };

  return (req, res) => {
    arrivals.set(req, Date.now());
    const requestId = requestIdFrom(req.headers);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const missing = signatureHeadersMissing(req.headers);
    if (missing) {
      refuseCall(res, missing);
      return;
    }
    const fail = (error: unknown) => {
      if (error instanceof RefusedSignature) {
        refuseCall(res, error.message);
        return;
      }
      const refused = transportRefusal(error, requestId);
      if (refused.internal) log.error('request failed', { requestId, method: req.method, path: req.url, error });
      if (!res.headersSent) send(res, refused.status, JSON.stringify(refused.body));
      else res.destroy();
    };
    readJson(req, res, (error?: unknown) => {
      if (error) fail(error);
      else answer(req, res).catch(fail);
    });
  };
}
