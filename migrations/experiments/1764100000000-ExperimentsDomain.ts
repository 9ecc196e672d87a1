import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The beta process as tables: experiments and their lifecycle, entry criteria, sign-offs, weekly
 * revisions, monthly reviews, enrollments (with history) and an append-only audit log.
 * Accounts live in identity's database, so account ids here are plain uuids without a foreign key.
 */
export class ExperimentsDomain1764100000000 implements MigrationInterface {
  name = 'ExperimentsDomain1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE experiments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
        owner_id uuid NOT NULL,
        tier text NOT NULL CHECK (tier IN ('BETA', 'EXPERIMENTAL')),
        has_user_data boolean NOT NULL,
        opt_in_policy text NOT NULL CHECK (opt_in_policy IN ('CHANNEL', 'PER_EXPERIMENT')),
        rollout_percent integer NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
        required_agreements text[] NOT NULL DEFAULT '{}'
          CHECK (required_agreements <@ ARRAY['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN']),
        addon_id text CHECK (length(addon_id) BETWEEN 1 AND 255),
        min_feedback_count integer NOT NULL CHECK (min_feedback_count >= 0),
        min_happy_share double precision CHECK (min_happy_share BETWEEN 0 AND 1),
        min_active_accounts_30d integer NOT NULL CHECK (min_active_accounts_30d >= 0),
        status text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'IN_BETA', 'PAUSED', 'GRADUATED', 'KILLED')),
        entered_beta_at timestamptz,
        last_reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT experiments_slug_format CHECK (slug ~ '^[a-z][a-z0-9-]{1,62}[a-z0-9]$'),
        CONSTRAINT experiments_live_entered_beta CHECK (status IN ('PROPOSED', 'KILLED') OR entered_beta_at IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX experiments_slug_key ON experiments (slug)`);
    // Account.enabledFeatures reads the live experiments on every Bootstrap query.
    await q.query(`CREATE INDEX experiments_live_idx ON experiments (status) WHERE status IN ('IN_BETA', 'PAUSED')`);

    await q.query(`
      CREATE TABLE entry_criteria (
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        criterion text NOT NULL
          CHECK (criterion IN ('PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED', 'USER_DATA_ASSESSMENT')),
        checked_by uuid NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now(),
        note text CHECK (length(note) <= 2000),
        PRIMARY KEY (experiment_id, criterion)
      )`);

    await q.query(`
      CREATE TABLE sign_offs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        kind text NOT NULL
          CHECK (kind IN ('SECURITY', 'PRIVACY', 'PRODUCT', 'QA', 'UX', 'INFRASEC', 'EXIT_UX', 'EXIT_PRODUCT', 'USER_DATA_REVIEW')),
        signer_id uuid NOT NULL,
        revision text,
        revision_key integer[],
        comment text CHECK (length(comment) <= 2000),
        signed_at timestamptz NOT NULL DEFAULT now(),
        voided_at timestamptz,
        voided_reason text,
        CONSTRAINT sign_offs_revision_kinds CHECK ((kind IN ('QA', 'UX', 'INFRASEC')) = (revision IS NOT NULL)),
        CONSTRAINT sign_offs_revision_key CHECK ((revision IS NULL) = (revision_key IS NULL)),
        CONSTRAINT sign_offs_voided CHECK ((voided_at IS NULL) = (voided_reason IS NULL))
      )`);
    // One standing sign-off per kind (and revision); voided ones stay as history.
    await q.query(`
      CREATE UNIQUE INDEX sign_offs_active_key ON sign_offs (experiment_id, kind, coalesce(revision_key, '{}'))
        WHERE voided_at IS NULL`);

    await q.query(`
      CREATE TABLE revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        version text NOT NULL CHECK (version ~ '^[0-9]+(\\.[0-9]+){0,3}$'),
        version_key integer[] NOT NULL CHECK (cardinality(version_key) >= 1),
        addon_id text NOT NULL CHECK (length(addon_id) BETWEEN 1 AND 255),
        url text NOT NULL CHECK (url LIKE 'https://%' AND length(url) <= 2048),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        notes text CHECK (length(notes) <= 5000),
        released_by uuid NOT NULL,
        released_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT revisions_version_key UNIQUE (experiment_id, version_key)
      )`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        decision text NOT NULL CHECK (decision IN ('CONTINUE', 'ITERATE', 'KILL')),
        notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 5000),
        reviewer_id uuid NOT NULL,
        reviewed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reviews_experiment_idx ON reviews (experiment_id, reviewed_at)`);

    await q.query(`
      CREATE TABLE enrollments (
        account_id uuid NOT NULL,
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('OPTED_IN', 'OPTED_OUT')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, experiment_id)
      )`);
    await q.query(`
      CREATE TABLE enrollment_events (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL,
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('OPTED_IN', 'OPTED_OUT')),
        at timestamptz NOT NULL DEFAULT now(),
        client text NOT NULL
      )`);
    await q.query(`CREATE INDEX enrollment_events_account_idx ON enrollment_events (account_id, experiment_id, id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid NOT NULL,
        action text NOT NULL CHECK (action IN ('PROPOSED', 'UPDATED', 'CRITERION_CHECKED', 'SIGNED_OFF', 'SIGN_OFFS_VOIDED',
          'REVISION_RELEASED', 'TRANSITIONED', 'REVIEW_RECORDED', 'ROLLOUT_SET')),
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text,
        details jsonb NOT NULL DEFAULT '{}',
        snapshot jsonb NOT NULL,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_log_experiment_idx ON audit_log (experiment_id, id)`);
    // Append-only: history that can be rewritten is not an audit log.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, enrollment_events, enrollments, reviews, revisions, sign_offs, entry_criteria, experiments`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
