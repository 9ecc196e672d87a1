import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway polls recently revoked sessions every few seconds. */
export class RevokedSessionsIndex1764000003000 implements MigrationInterface {
  name = 'RevokedSessionsIndex1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sessions_revoked_at_idx`);
  }
}
