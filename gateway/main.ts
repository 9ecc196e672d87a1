/** Gateway process entry. */
// First: tracing must patch http, undici, pg and graphql before anything loads them.
import '../common/tracing';
import { resolve } from 'node:path';
import { envInt, envString } from '../common/env';
import { createLogger } from '../common/logger';
import { stopWithLauncher, tellLauncher } from '../common/parent-link';
import { StartupError } from '../common/startup-error';
import { shutdownTracing } from '../common/tracing';
import { subgraphUrl } from '../common/subgraph-registry';
import { queryLimitsFromEnv } from './query-limits-config';
import { rateLimitConfigFromEnv } from './rate-limit-config';
import { startGateway } from './server';
import { corsOriginsFrom } from './cors-config';
import { trustedDocumentsConfigFromEnv } from './trusted-documents-config';
import { graphqlIdeConfigFrom } from './graphql-ide-config';
import { applyHeapGrowth, heapGrowthPercentFrom } from './heap-growth';

const log = createLogger('gateway');

const port = envInt('PORT', 4000);

// Read inside the chain, so a bad setting is the one-line start-up failure below, not a stack trace.
Promise.resolve().then(() => applyHeapGrowth(heapGrowthPercentFrom(process.env))).then(() => startGateway({
  port,
  host: envString('GATEWAY_HOST', '0.0.0.0'),
  supergraphPath: envString('SUPERGRAPH_PATH', resolve(__dirname, '../schema/supergraph.graphql')),
  gatewaySecret: envString('GATEWAY_SECRET'),
  jwksUrl: envString('IDENTITY_JWKS_URL', subgraphUrl('identity').replace(/\/graphql$/, '/.well-known/jwks.json')),
  jwksRefreshMs: Math.max(1, envInt('JWKS_REFRESH_SECONDS', 60)) * 1000,
  accessTokenTtlSeconds: envInt('ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
  tokenIssuer: envString('TOKEN_ISSUER', 'urn:beta-services:identity'),
  tokenAudience: envString('TOKEN_AUDIENCE', 'urn:beta-services:gateway'),
  trustProxyHops: envInt('TRUST_PROXY_HOPS', 0),
  revokedSessionsUrl: envString('IDENTITY_REVOKED_SESSIONS_URL', subgraphUrl('identity').replace(/\/graphql$/, '/internal/revoked-sessions')),
  revocationPollMs: envInt('REVOCATION_POLL_SECONDS', 5) * 1000,
  queryLimits: queryLimitsFromEnv(),
  opsPort: envInt('OPS_PORT', port + 10),
  opsHost: envString('OPS_HOST', '127.0.0.1'),
  slaWindowSeconds: envInt('SLA_WINDOW_SECONDS', 300),
  rateLimits: rateLimitConfigFromEnv(),
  corsOrigins: corsOriginsFrom(process.env, port),
  trustedDocuments: trustedDocumentsConfigFromEnv(),
  // The build puts the portal beside the compiled gateway (dist/portal); npm start builds it into DATA_DIR/portal.
  portalDir: envString('PORTAL_DIR', resolve(__dirname, '../portal')),
  graphqlIde: graphqlIdeConfigFrom(process.env),
  log,
})).then(
  (gateway) => {
    log.info('gateway ready', { url: gateway.url });
    const shutdown = (signal: string) => {
      log.info('stopping', { signal });
      gateway.stop().then(shutdownTracing).then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    stopWithLauncher(gateway.stop, (msg) => log.warn(msg));
    void tellLauncher({ type: 'ready', url: gateway.url });
  },
  (error: unknown) => {
    if (error instanceof StartupError) log.error(error.message);
    else log.error('gateway failed to start', { error });
    void tellLauncher({ type: 'failed', reason: error instanceof StartupError ? error.message : `${(error as Error)?.message ?? String(error)} (details in its log above)` }).finally(() => process.exit(1));
  },
);
