import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-ups per client address are counted with the same fixed-window, row-locking counters as
 * failed sign-ins (one mechanism, shared by every identity replica): a third scope in the table.
 */
export class SignUpThrottle1764000006000 implements MigrationInterface {
  name = 'SignUpThrottle1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sign_in_failures DROP CONSTRAINT sign_in_failures_scope_check`);
    await q.query(`ALTER TABLE sign_in_failures ADD CONSTRAINT sign_in_failures_scope_check CHECK (scope IN ('email', 'address', 'sign_up_address'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sign_in_failures WHERE scope = 'sign_up_address'`);
    await q.query(`ALTER TABLE sign_in_failures DROP CONSTRAINT sign_in_failures_scope_check`);
    await q.query(`ALTER TABLE sign_in_failures ADD CONSTRAINT sign_in_failures_scope_check CHECK (scope IN ('email', 'address'))`);
  }
}
