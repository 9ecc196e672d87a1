/** Gateway process entry. */
import { resolve } from 'node:path';
import { envInt, envString } from '../common/env';
import { createLogger } from '../common/logger';
import { subgraphUrl } from '../common/subgraph-registry';
import { queryLimitsFromEnv } from './query-limits-config';
import { startGateway } from './server';

const log = createLogger('gateway');

startGateway({
  port: envInt('PORT', 4000),
  host: envString('GATEWAY_HOST', '0.0.0.0'),
  supergraphPath: envString('SUPERGRAPH_PATH', resolve(__dirname, '../schema/supergraph.graphql')),
  gatewaySecret: envString('GATEWAY_SECRET'),
  jwksUrl: envString('IDENTITY_JWKS_URL', subgraphUrl('identity').replace(/\/graphql$/, '/.well-known/jwks.json')),
  tokenIssuer: envString('TOKEN_ISSUER', 'urn:beta-services:identity'),
  tokenAudience: envString('TOKEN_AUDIENCE', 'urn:beta-services:gateway'),
  trustProxyHops: envInt('TRUST_PROXY_HOPS', 0),
  revokedSessionsUrl: envString('IDENTITY_REVOKED_SESSIONS_URL', subgraphUrl('identity').replace(/\/graphql$/, '/internal/revoked-sessions')),
  revocationPollMs: envInt('REVOCATION_POLL_SECONDS', 5) * 1000,
  queryLimits: queryLimitsFromEnv(),
  log,
}).then(
  (gateway) => {
    log.info('gateway ready', { url: gateway.url });
    const shutdown = (signal: string) => {
      log.info('stopping', { signal });
      gateway.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  },
  (error: unknown) => {
    log.error('gateway failed to start', { error });
    process.exit(1);
  },
);
