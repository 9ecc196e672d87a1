/**
 * A subgraph fetch that cannot hang or cascade: a timeout per subgraph (its SLA tier's, or an
 * override; longer for mutations), a circuit breaker per subgraph (opossum: opens when failures pass a share of recent
 * calls, fails fast while open, lets one probe through when half-open), and — instead of an
 * exception that would fail the whole operation — an answer without data whose errors point at the
 * fields this subgraph would have filled (unavailable-response.ts).
 */
import CircuitBreaker from 'opossum';
import { Kind, parse, type DocumentNode } from 'graphql';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Logger } from '../common/logger';
import { SignedDataSource, type GatewayContext } from './signed-data-source';
import type { SubgraphPolicy } from './subgraph-policy';
import type { FailureKind, SubgraphHealth } from './subgraph-health';
import { unavailableFieldMessage } from './errors';
import { missingFieldErrors } from './unavailable-response';
import { isUnreachable } from './client-errors';
import { subgraphBreakerState, subgraphTimeoutSeconds } from './metrics';

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;
type Response = Awaited<ReturnType<SignedDataSource['process']>>;

const isMutation = (document: DocumentNode): boolean =>
  document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation');

function httpStatus(error: unknown): number | undefined {
  const status = (error as { extensions?: { response?: { status?: unknown } } })?.extensions?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A 4xx answer is the request's fault (or a refused signature): it neither trips the breaker nor degrades; formatError words it. */
const isRequestFault = (error: unknown): boolean => {
  const status = httpStatus(error);
  return status !== undefined && status < 500;
};

const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

interface Failure {
  kind: FailureKind;
  /** SERVICE_UNAVAILABLE: it did not answer (retry); INTERNAL_SERVER_ERROR: it answered wrongly (a bug to report). */
  code: 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';
  reason: string;
}

function classify(error: unknown, timeoutMs: number): Failure {
  const e = error as { code?: string; name?: string; cause?: { name?: string } };
  if (e?.code === 'EOPENBREAKER') return { kind: 'breaker_open', code: 'SERVICE_UNAVAILABLE', reason: 'it failed repeatedly just now, so the gateway is not calling it for a few seconds' };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return { kind: 'timeout', code: 'SERVICE_UNAVAILABLE', reason: `no answer within ${timeoutMs} ms` };
  }
  const status = httpStatus(error);
  if (status !== undefined) {
    return UNAVAILABLE_STATUSES.has(status)
      ? { kind: 'http', code: 'SERVICE_UNAVAILABLE', reason: `it answered HTTP ${status}` }
      : { kind: 'http', code: 'INTERNAL_SERVER_ERROR', reason: `it failed with HTTP ${status}` };
  }
  if (isUnreachable(error)) return { kind: 'network', code: 'SERVICE_UNAVAILABLE', reason: 'it could not be reached' };
  return { kind: 'bad_answer', code: 'INTERNAL_SERVER_ERROR', reason: `its answer could not be read (${(error as Error)?.message ?? 'unknown'})` };
}

export class GuardedDataSource extends SignedDataSource {
  private readonly breaker: CircuitBreaker<[Options], Response>;

  constructor(private readonly policy: SubgraphPolicy, url: string, secret: string, private readonly health: SubgraphHealth, log: Logger) {
    super(policy.subgraph, url, secret, policy.tier);
    const labels = { subgraph: policy.subgraph, tier: policy.tier };
    subgraphTimeoutSeconds.set(labels, policy.timeoutMs / 1000);
    subgraphBreakerState.set(labels, 0);
    this.breaker = new CircuitBreaker((options: Options) => this.send(options), {
      name: policy.subgraph,
      timeout: false, // the fetch itself carries the deadline, so a late answer is really abandoned
      errorThresholdPercentage: policy.breaker.errorThresholdPercentage,
      volumeThreshold: policy.breaker.volumeThreshold,
      resetTimeout: policy.breaker.resetTimeoutMs,
      rollingCountTimeout: policy.breaker.rollingWindowMs,
      errorFilter: isRequestFault,
    });
    const moved = (state: 'closed' | 'half-open' | 'open', value: number) => () => {
      health.breaker = state;
      subgraphBreakerState.set(labels, value);
      (state === 'open' ? log.warn : log.info)(`circuit breaker of ${policy.subgraph} is ${state}`, labels);
    };
    this.breaker.on('open', moved('open', 2));
    this.breaker.on('halfOpen', moved('half-open', 1));
    this.breaker.on('close', moved('closed', 0));
  }

  override async process(options: Options): Promise<Response> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const document = ('document' in options && options.document) || parse(options.request.query ?? '{ __typename }');
    const timeoutMs = isMutation(document) ? this.policy.mutationTimeoutMs : this.policy.timeoutMs;
    try {
      this.setDeadline(options, timeoutMs);
      const response = await this.breaker.fire(options);
      this.health.answered(seconds(), Boolean(response.errors?.length));
      return response;
    } catch (error) {
      if (isRequestFault(error)) throw error;
      const { kind, code, reason } = classify(error, timeoutMs);
      this.health.failed(kind, reason, seconds());
      const service = this.policy.subgraph;
      const requestId = (options.context as Partial<GatewayContext>).caller?.requestId ?? 'unknown';
      // An internal failure's reason is for the log: formatError replaces the message and logs it with the request id.
      const message = code === 'SERVICE_UNAVAILABLE' ? unavailableFieldMessage(service, reason, requestId) : `The ${service} service failed: ${reason}`;
      return { errors: missingFieldErrors(document, options.request.variables, { message, extensions: { code, service } }) };
    }
  }

  /** The fetch itself (signing included), as the breaker's action. */
  private send(options: Options): Promise<Response> {
    return super.process(options);
  }
}
