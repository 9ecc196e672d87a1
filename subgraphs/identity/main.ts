/** Identity subgraph process: accounts, credentials, sessions, roles, JWKS. */
import { envString } from '../../common/env';
import { runSubgraphProcess } from '../kit/server';
import { identityMigrations } from '../../migrations/identity';
import { resolvers } from './resolvers';
import { createIdentityContext } from './context';
import { ensureSigningKey, publishedKeys, SigningKeyCache } from './signing-keys';

const keySecret = envString('IDENTITY_KEY_SECRET');
let signingKeys: SigningKeyCache;

runSubgraphProcess({
  name: 'identity',
  defaultPort: 4001,
  resolvers,
  migrations: identityMigrations,
  async onStart(db) {
    await ensureSigningKey(db, keySecret);
    signingKeys = new SigningKeyCache(db, keySecret);
    await signingKeys.current();
  },
  publicRoutes(app, db) {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').json(await publishedKeys(db));
    });
  },
  createContext: (base) => createIdentityContext(base, signingKeys),
});
