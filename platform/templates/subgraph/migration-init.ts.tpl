import type { MigrationInterface, QueryRunner } from 'typeorm';
import { writeBetaStamp } from '../../subgraphs/kit/beta-stamp';

/**
 * The {{name}} database: the beta stamp first (a subgraph refuses to start on a database without
 * it), then the example table. Accounts live in identity's database, so account_id has no foreign key.
 */
export class {{Name}}Init{{migrationTime}} implements MigrationInterface {
  name = '{{Name}}Init{{migrationTime}}';

  async up(q: QueryRunner): Promise<void> {
    await writeBetaStamp(q, '{{name}}');
    await q.query(`
      CREATE TABLE notes (
        account_id uuid PRIMARY KEY,
        text text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notes');
    await q.query('DROP TABLE beta_environment');
  }
}
