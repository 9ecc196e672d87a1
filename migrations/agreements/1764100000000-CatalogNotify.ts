import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createCatalogNotifyTriggers, dropCatalogNotifyTriggers } from '../../subgraphs/kit/catalog-triggers';

/**
 * A published version (or a change of the kinds) NOTIFYs agreements_catalog when it commits, so each
 * replica's in-memory catalog reloads. A version that takes effect later needs no notification: the
 * version in force is computed at read time from the versions held.
 */
export class CatalogNotify1764100000000 implements MigrationInterface {
  name = 'CatalogNotify1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await createCatalogNotifyTriggers(q, 'agreements_catalog', ['agreement_kinds', 'agreement_versions']);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropCatalogNotifyTriggers(q, ['agreement_kinds', 'agreement_versions']);
  }
}
