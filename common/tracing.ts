/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (then nothing of the SDK is
 * even loaded). Every process entry imports this module first, so the instrumentations patch http,
 * undici (the gateway's subgraph calls), pg and graphql before those are loaded. Spans go to the
 * OTLP/HTTP endpoint in batches; the W3C `traceparent` header carries the trace from the client to
 * the gateway, from the gateway to each subgraph and on into their SQL spans. Apollo Gateway adds
 * its own spans (planning, fetches) through the same API. The service name is the process's:
 * OTEL_SERVICE_NAME, or `gateway` / the subgraph's name from the entry file.
 * The standard OTEL_* variables (protocol, headers, OTEL_BSP_SCHEDULE_DELAY, sampler) apply.
 */
import { basename, dirname } from 'node:path';

type Shutdown = () => Promise<void>;
let shutdown: Shutdown = async () => undefined;

function serviceName(): string {
  if (process.env.OTEL_SERVICE_NAME) return process.env.OTEL_SERVICE_NAME;
  const entry = process.argv[1] ?? '';
  const folder = basename(dirname(entry));
  return folder === 'gateway' ? 'gateway' : ['identity', 'agreements', 'experiments', 'feedback'].includes(folder) ? folder : folder || 'beta-services';
}

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: serviceName(),
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Health probes and metric scrapes would drown the traces of real requests.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics|status)\b/.test(req.url ?? '') }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // Parse, validate and execute, not a span per resolved field (thousands on a list).
      new GraphQLInstrumentation({ mergeItems: true, ignoreResolveSpans: true }),
    ],
  });
  sdk.start();
  shutdown = () => sdk.shutdown().catch(() => undefined);
}

/** Sends the spans still buffered; call before the process exits. */
export function shutdownTracing(): Promise<void> {
  return shutdown();
}
