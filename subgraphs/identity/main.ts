/** Identity subgraph process: accounts, credentials, sessions, roles, JWKS, account deletion. */
// First: tracing must patch http, undici, pg and graphql before anything loads them.
import '../../common/tracing';
import { SYSTEM_ROLE, type CallerContext } from '../../common/caller-context';
import { envInt, envString } from '../../common/env';
import { runSubgraphProcess } from '../kit/server';
import { requireGatewaySignature } from '../kit/caller';
import { identityMigrations } from '../../migrations/identity';
import { resolvers } from './resolvers';
import { createIdentityContext } from './context';
import { ensureSigningKey, publishedKeys, SigningKeyCache } from './signing-keys';
import { forgetExpiredRevocations, recentlyRevokedSessions } from './revocations';
import { resumeDueDeletions } from './deletion';
import { registerDeletionMetrics } from './deletion-metrics';

const keySecret = envString('IDENTITY_KEY_SECRET');
const gatewaySecret = envString('GATEWAY_SECRET');
let signingKeys: SigningKeyCache;

runSubgraphProcess({
  name: 'identity',
  resolvers,
  migrations: identityMigrations,
  async onStart(db, log) {
    await ensureSigningKey(db, keySecret);
    signingKeys = new SigningKeyCache(db, keySecret);
    await signingKeys.current();
    registerDeletionMetrics(db);
    const sweep = () =>
      Promise.all([resumeDueDeletions(db, log), forgetExpiredRevocations(db)]).catch((error: unknown) => log.warn('identity sweep failed', { error }));
    setInterval(() => void sweep(), envInt('DELETION_SWEEP_SECONDS', 30) * 1000).unref();
    void sweep();
  },
  publicRoutes(app, db) {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      // No caching in between: a rotated key must be visible before identity replicas sign with it (within a minute).
      res.set('Cache-Control', 'no-cache').json(await publishedKeys(db));
    });
    app.get('/internal/revoked-sessions', requireGatewaySignature({ secret: gatewaySecret, subgraph: 'identity' }), async (_req, res) => {
      if (!(res.locals.caller as CallerContext).roles.includes(SYSTEM_ROLE)) {
        res.status(403).json({ error: 'SYSTEM callers only' });
        return;
      }
      res.json({ sessions: await recentlyRevokedSessions(db) });
    });
  },
  createContext: (base) => createIdentityContext(base, signingKeys),
});
