/** Publishing immutable document versions (LEGAL staff), and the beta v1 texts on first start. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from '../kit/database';
import { isUniqueViolation } from '../kit/database';
import { badInput, conflict } from '../kit/errors';
import { sha256Hex, VERSION_COLUMNS, type AgreementVersion } from './catalog';

export interface PublishInput {
  kind: string;
  version: string;
  text: string;
  summaryOfChanges?: string | null;
  effectiveAt?: Date | null;
  requiresReconsent: boolean;
}

const VERSION_LABEL = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;
const MAX_TEXT = 200_000;
/** A version may not take effect in the past: consent given before publication must stay valid. */
const PAST_TOLERANCE_MS = 60_000;

export async function publishVersion(db: Database, input: PublishInput, publishedBy: string | null, now = new Date()): Promise<AgreementVersion> {
  const version = input.version.trim();
  if (!VERSION_LABEL.test(version)) throw badInput('The version label must be 1–40 letters, digits, dots, dashes or underscores (e.g. 2026-07 or v2).', 'version');
  const text = input.text.replace(/\r\n/g, '\n');
  if (text.trim().length === 0) throw badInput('The text must not be empty.', 'text');
  if (text.length > MAX_TEXT) throw badInput(`The text is too long: at most ${MAX_TEXT} characters.`, 'text');
  const summary = input.summaryOfChanges?.trim() || null;
  if (summary && summary.length > 2000) throw badInput('The summary of changes must be at most 2000 characters.', 'summaryOfChanges');
  const effectiveAt = input.effectiveAt ?? now;
  if (effectiveAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw badInput('effectiveAt must not be in the past.', 'effectiveAt');
  const { rows: kinds } = await db.query(`SELECT 1 FROM agreement_kinds WHERE kind = $1`, [input.kind]);
  if (kinds.length === 0) throw badInput(`Unknown agreement kind ${input.kind}.`, 'kind');
  try {
    const { rows } = await db.query<AgreementVersion>(
      `INSERT INTO agreement_versions (kind, version, text, text_sha256, summary_of_changes, effective_at, requires_reconsent, published_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${VERSION_COLUMNS}`,
      [input.kind, version, text, sha256Hex(text), summary, effectiveAt, input.requiresReconsent, publishedBy],
    );
    return rows[0];
  } catch (error) {
    if (isUniqueViolation(error, 'agreement_versions_kind_version_key')) {
      throw conflict(`${input.kind} already has a version "${version}"; published versions are immutable, so choose a new label.`, 'version');
    }
    throw error;
  }
}

const TEXT_DIR = resolve(__dirname, 'texts');
const INITIAL_TEXTS: Record<string, string> = {
  TERMS_OF_SERVICE: 'terms-of-service.v1.md',
  PRIVACY_POLICY: 'privacy-policy.v1.md',
  EXPERIMENTAL_OPT_IN: 'experimental-opt-in.v1.md',
};

/** First start: publishes v1 of each kind that has no version yet (replicas racing is fine). */
export async function publishInitialVersions(db: Database): Promise<string[]> {
  const published: string[] = [];
  for (const [kind, file] of Object.entries(INITIAL_TEXTS)) {
    const text = readFileSync(resolve(TEXT_DIR, file), 'utf8');
    const { rowCount } = await db.query(
      `INSERT INTO agreement_versions (kind, version, text, text_sha256, summary_of_changes, effective_at, requires_reconsent)
       SELECT $1, 'v1', $2, $3, 'Initial beta text.', now(), false
        WHERE NOT EXISTS (SELECT 1 FROM agreement_versions WHERE kind = $1)
       ON CONFLICT (kind, version) DO NOTHING`,
      [kind, text, sha256Hex(text)],
    );
    if (rowCount > 0) published.push(kind);
  }
  return published;
}
