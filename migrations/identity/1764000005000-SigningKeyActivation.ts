import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publish before use: a rotated key is published in the JWKS at once but signs only from
 * `activates_at`, and the old key keeps signing until then (its `retired_at` may lie in the future),
 * so no verifier ever meets a token signed by a key it could not have fetched yet.
 */
export class SigningKeyActivation1764000005000 implements MigrationInterface {
  name = 'SigningKeyActivation1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE signing_keys SET activates_at = created_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signing_keys DROP COLUMN activates_at`);
  }
}
