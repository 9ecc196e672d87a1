import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../kit/server';
import { loadCatalog, loadTexts, type Catalog } from './catalog';
import { loadAccepted } from './consent';
import type { AcceptedRow } from './consent-state';

export interface AgreementsContext extends BaseSubgraphContext {
  /** Loaded at most once per request. */
  catalog(): Promise<Catalog>;
  texts: DataLoader<string, string | null>;
  /** Accepted versions per account: one query for any number of accounts (federation batches). */
  accepted: DataLoader<string, AcceptedRow[]>;
  now: Date;
}

export function createAgreementsContext(base: BaseSubgraphContext): AgreementsContext {
  let catalog: Promise<Catalog> | undefined;
  return {
    ...base,
    now: new Date(),
    catalog: () => (catalog ??= loadCatalog(base.db)),
    texts: new DataLoader((ids) => loadTexts(base.db, ids)),
    accepted: new DataLoader(async (accountIds) => {
      const rows = await loadAccepted(base.db, accountIds);
      return accountIds.map((id) => rows.filter((r) => r.accountId === id));
    }),
  };
}
