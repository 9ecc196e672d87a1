import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account deletion as a resumable job (a saga): the job row records which subgraphs still have to
 * erase the account, so a failure half-way is retried, never forgotten. Roles are constrained to
 * the known set, so no account can ever hold the service-to-service SYSTEM role.
 */
export class AccountDeletion1764000002000 implements MigrationInterface {
  name = 'AccountDeletion1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts DROP CONSTRAINT accounts_status_check`);
    await q.query(`ALTER TABLE accounts ADD CONSTRAINT accounts_status_check CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DELETING'))`);
    await q.query(`
      ALTER TABLE accounts ADD CONSTRAINT accounts_roles_known
        CHECK (roles <@ ARRAY['USER', 'PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS']::text[])`);
    await q.query(`
      CREATE TABLE account_deletions (
        account_id uuid PRIMARY KEY,
        email text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        pending_steps text[] NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX account_deletions_due_idx ON account_deletions (next_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_deletions`);
    await q.query(`ALTER TABLE accounts DROP CONSTRAINT accounts_roles_known`);
    await q.query(`ALTER TABLE accounts DROP CONSTRAINT accounts_status_check`);
    await q.query(`ALTER TABLE accounts ADD CONSTRAINT accounts_status_check CHECK (status IN ('ACTIVE', 'SUSPENDED'))`);
  }
}
