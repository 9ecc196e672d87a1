import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Query.experiments pages through experiments oldest first with a (created_at, slug) keyset. */
export class ExperimentsListIndex1764200000000 implements MigrationInterface {
  name = 'ExperimentsListIndex1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX experiments_created_idx ON experiments (created_at, slug)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX experiments_created_idx`);
  }
}
