import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents, immutable versions, and the append-only consent ledger. The subgraph's own role loses
 * UPDATE/DELETE/TRUNCATE on the ledger and on versions; triggers refuse UPDATE outright and DELETE
 * outside the erasure function, so even a re-grant does not make rewriting history quiet.
 */
export class AgreementsLedger1764000001000 implements MigrationInterface {
  name = 'AgreementsLedger1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_kinds (
        kind text PRIMARY KEY CHECK (kind ~ '^[A-Z_]+$'),
        title text NOT NULL,
        required boolean NOT NULL,
        position integer NOT NULL
      )`);
    await q.query(`
      INSERT INTO agreement_kinds (kind, title, required, position) VALUES
        ('TERMS_OF_SERVICE', 'Beta Terms of Service', true, 1),
        ('PRIVACY_POLICY', 'Beta Privacy Policy', true, 2),
        ('EXPERIMENTAL_OPT_IN', 'Experimental Features Opt-in', false, 3)`);
    await q.query(`
      CREATE TABLE agreement_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL REFERENCES agreement_kinds(kind),
        version text NOT NULL CHECK (length(version) BETWEEN 1 AND 40),
        text text NOT NULL CHECK (length(text) > 0),
        text_sha256 text NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
        summary_of_changes text,
        effective_at timestamptz NOT NULL,
        requires_reconsent boolean NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid,
        CONSTRAINT agreement_versions_kind_version_key UNIQUE (kind, version)
      )`);
    await q.query(`CREATE INDEX agreement_versions_kind_effective_idx ON agreement_versions (kind, effective_at DESC)`);
    await q.query(`
      CREATE TABLE consent_ledger (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL,
        sequence integer NOT NULL CHECK (sequence > 0),
        action text NOT NULL CHECK (action IN ('ACCEPT', 'WITHDRAW')),
        kind text NOT NULL REFERENCES agreement_kinds(kind),
        version_id uuid NOT NULL REFERENCES agreement_versions(id),
        at timestamptz NOT NULL,
        client text NOT NULL CHECK (client IN ('PORTAL', 'ADDON', 'OTHER')),
        user_agent text,
        client_address_hash text,
        previous_hash text,
        hash text NOT NULL,
        CONSTRAINT consent_ledger_account_sequence_key UNIQUE (account_id, sequence)
      )`);
    // Head of each account's chain: the row locked to serialise appends for one account.
    await q.query(`
      CREATE TABLE consent_chain_heads (
        account_id uuid PRIMARY KEY,
        last_sequence integer NOT NULL,
        last_hash text
      )`);
    // Current state, kept in the same transaction as the ledger append.
    await q.query(`
      CREATE TABLE consent_state (
        account_id uuid NOT NULL,
        kind text NOT NULL REFERENCES agreement_kinds(kind),
        version_id uuid NOT NULL REFERENCES agreement_versions(id),
        accepted_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, kind)
      )`);
    await q.query(`
      CREATE TABLE consent_tombstones (
        account_id uuid PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now(),
        events_erased integer NOT NULL,
        last_hash text
      )`);
    await q.query(`
      CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('consent.erasure', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER consent_ledger_append_only BEFORE UPDATE OR DELETE ON consent_ledger FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()`);
    await q.query(`CREATE TRIGGER agreement_versions_immutable BEFORE UPDATE OR DELETE ON agreement_versions FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON consent_ledger, agreement_versions FROM CURRENT_USER`);
    // Foreign-key checks lock the referenced version row (FOR KEY SHARE), which needs UPDATE on some column.
    await q.query(`GRANT UPDATE (id) ON agreement_versions TO CURRENT_USER`);
    // The one way to remove an account's chain (account deletion): leaves a tombstone with the chain's last hash.
    await q.query(`
      CREATE FUNCTION erase_account_consent(target uuid) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE erased integer; head text;
      BEGIN
        SELECT last_hash INTO head FROM consent_chain_heads WHERE account_id = target FOR UPDATE;
        EXECUTE format('GRANT DELETE ON consent_ledger TO %I', current_user);
        PERFORM set_config('consent.erasure', 'on', true);
        DELETE FROM consent_ledger WHERE account_id = target;
        GET DIAGNOSTICS erased = ROW_COUNT;
        PERFORM set_config('consent.erasure', 'off', true);
        EXECUTE format('REVOKE DELETE ON consent_ledger FROM %I', current_user);
        DELETE FROM consent_state WHERE account_id = target;
        DELETE FROM consent_chain_heads WHERE account_id = target;
        INSERT INTO consent_tombstones (account_id, events_erased, last_hash) VALUES (target, erased, head)
          ON CONFLICT (account_id) DO UPDATE SET erased_at = now(), events_erased = consent_tombstones.events_erased + EXCLUDED.events_erased;
        RETURN erased;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION erase_account_consent(uuid)`);
    await q.query(`DROP TABLE consent_tombstones, consent_state, consent_chain_heads, consent_ledger, agreement_versions, agreement_kinds`);
    await q.query(`DROP FUNCTION refuse_ledger_change()`);
  }
}
