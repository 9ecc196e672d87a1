/** Agreements subgraph process: versioned documents and the consent ledger. */
// First: tracing must patch http, undici, pg and graphql before anything loads them.
import '../../common/tracing';
import { runSubgraphProcess } from '../kit/server';
import { agreementsMigrations } from '../../migrations/agreements';
import { resolvers } from './resolvers';
import { createAgreementsContext, type AgreementsResources } from './context';
import { agreementsCatalog } from './catalog';
import { publishInitialVersions } from './publishing';
import { agreementsAccountData } from './account-data';

runSubgraphProcess({
  name: 'agreements',
  migrations: agreementsMigrations,
  resolvers,
  async onStart(db, log) {
    const published = await publishInitialVersions(db);
    if (published.length) log.info('published initial beta agreement texts', { kinds: published });
  },
  accountData: agreementsAccountData,
  async resources(db, log): Promise<AgreementsResources> {
    const catalog = agreementsCatalog(db, log);
    await catalog.start();
    return { catalog, stop: () => catalog.stop() };
  },
  createContext: createAgreementsContext,
});
