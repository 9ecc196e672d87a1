import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revoked session ids, kept apart from `sessions` until every access token naming them has
 * expired: deleting an account cascades its sessions away, but the gateway must still refuse
 * their tokens. The rows hold no account id.
 */
export class RevokedSessions1764000004000 implements MigrationInterface {
  name = 'RevokedSessions1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revoked_sessions (
        session_id uuid PRIMARY KEY,
        revoked_until timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_sessions_until_idx ON revoked_sessions (revoked_until)`);
    await q.query(`DROP INDEX sessions_revoked_at_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL`);
    await q.query(`DROP TABLE revoked_sessions`);
  }
}
