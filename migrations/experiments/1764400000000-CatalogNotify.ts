import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createCatalogNotifyTriggers, dropCatalogNotifyTriggers } from '../../subgraphs/kit/catalog-triggers';

/**
 * Every change to what the experiments catalog holds (experiments: status, definition, rollout,
 * end; revisions) NOTIFYs experiments_catalog when it commits, so each replica's in-memory catalog
 * (subgraphs/experiments/catalog.ts) reloads: a kill is served by every replica at once.
 */
export class CatalogNotify1764400000000 implements MigrationInterface {
  name = 'CatalogNotify1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await createCatalogNotifyTriggers(q, 'experiments_catalog', ['experiments', 'revisions']);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropCatalogNotifyTriggers(q, ['experiments', 'revisions']);
  }
}
