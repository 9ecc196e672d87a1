import DataLoader from 'dataloader';
import type { CachedCatalog } from '../kit/cached-catalog';
import type { BaseSubgraphContext } from '../kit/server';
import { loadTexts, type Catalog } from './catalog';
import { loadAccepted } from './consent';
import type { AcceptedRow } from './consent-state';

/** What lives across requests in an agreements process. */
export interface AgreementsResources {
  catalog: CachedCatalog<Catalog>;
  stop(): Promise<void>;
}

export interface AgreementsContext extends BaseSubgraphContext {
  /** The process's catalog (from memory while nothing changed); one snapshot per request. */
  catalog(): Promise<Catalog>;
  /**
   * The catalog, loaded again (once per request) if it lacks one of these version ids: a version
   * published through another replica a moment ago, whose notification has not arrived yet.
   */
  catalogKnowing(versionIds: readonly string[]): Promise<Catalog>;
  /** After a publication committed: this replica reads it at once (the others on NOTIFY). */
  catalogChanged(): void;
  texts: DataLoader<string, string | null>;
  /** Accepted versions per account: one query for any number of accounts (federation batches). */
  accepted: DataLoader<string, AcceptedRow[]>;
  now: Date;
}

export function createAgreementsContext(base: BaseSubgraphContext, resources: AgreementsResources): AgreementsContext {
  let catalog: Promise<Catalog> | undefined;
  let reloaded: Promise<Catalog> | undefined;
  const current = () => (catalog ??= resources.catalog.get());
  return {
    ...base,
    now: new Date(),
    catalog: current,
    async catalogKnowing(versionIds) {
      const held = await current();
      if (versionIds.every((id) => held.byId.has(id))) return held;
      return (catalog = reloaded ??= resources.catalog.reload());
    },
    catalogChanged() {
      resources.catalog.invalidate();
      catalog = undefined;
    },
    texts: new DataLoader((ids) => loadTexts(base.db, ids)),
    accepted: new DataLoader(async (accountIds) => {
      const rows = await loadAccepted(base.db, accountIds);
      return accountIds.map((id) => rows.filter((r) => r.accountId === id));
    }),
  };
}
