/**
 * Weekly revisions carry the add-on artifact (id, version, URL, sha256). A revision is released
 * only with standing QA, UX and INFRASEC sign-offs for that very version, and versions only go up.
 * Accounts get the latest released revision.
 */
import type { Database, Sql } from '../kit/database';
import { badInput, conflict, DomainError, failedPrecondition } from '../kit/errors';
import type { Page } from '../kit/pagination';
import { ROLES_TO_RELEASE } from './access';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { requireExperiment } from './experiments';
import { missingForRelease } from './gates';
import { groupBy } from './group-by';
import { STATUS_RULES } from './lifecycle';
import { activeSignOffs } from './sign-offs';
import { parseAddonId, parseHttpsUrl, parseOptionalText, parseSha256 } from './validation';
import { compareVersionKeys, parseVersion } from './versions';

export interface Revision {
  id: string;
  experimentId: string;
  version: string;
  versionKey: number[];
  addonId: string;
  url: string;
  sha256: string;
  notes: string | null;
  releasedBy: string;
  releasedAt: Date;
}

export const REVISION_COLUMNS = `r.id, r.experiment_id AS "experimentId", r.version, r.version_key AS "versionKey", r.addon_id AS "addonId",
  r.url, r.sha256, r.notes, r.released_by AS "releasedBy", r.released_at AS "releasedAt"`;

export interface ReleaseRevisionInput {
  version: string;
  addonId?: string | null;
  url: string;
  sha256: string;
  notes?: string | null;
}

export async function latestRevision(sql: Sql, experimentId: string): Promise<Revision | null> {
  const { rows } = await sql.query<Revision>(
    `SELECT ${REVISION_COLUMNS} FROM revisions r WHERE r.experiment_id = $1 ORDER BY r.version_key DESC LIMIT 1`,
    [experimentId],
  );
  return rows[0] ?? null;
}

/** Newest first; one query for any number of experiments. */
export async function revisionsOf(sql: Sql, experimentIds: readonly string[]): Promise<Revision[][]> {
  const { rows } = await sql.query<Revision>(
    `SELECT ${REVISION_COLUMNS} FROM revisions r WHERE r.experiment_id = ANY($1::uuid[]) ORDER BY r.version_key DESC`,
    [experimentIds],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}

/** A page of each experiment's revisions, newest first, after the revision whose version is `page.after`. */
export async function revisionPagesOf(sql: Sql, experimentIds: readonly string[], page: Page): Promise<Revision[][]> {
  const after = page.after === null ? null : parseVersion(page.after, 'after').key;
  const { rows } = await sql.query<Revision>(
    `SELECT ${REVISION_COLUMNS} FROM unnest($1::uuid[]) AS p(id)
       CROSS JOIN LATERAL (SELECT * FROM revisions r WHERE r.experiment_id = p.id AND ($2::int[] IS NULL OR r.version_key < $2::int[])
                            ORDER BY r.version_key DESC LIMIT $3) r
      ORDER BY r.version_key DESC`,
    [experimentIds, after, page.first],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}

export async function releaseRevision(db: Database, rawSlug: string, input: ReleaseRevisionInput, actor: Actor): Promise<Revision> {
  assertRole(actor, ROLES_TO_RELEASE, 'release a revision');
  const version = parseVersion(input.version);
  const url = parseHttpsUrl(input.url);
  const sha256 = parseSha256(input.sha256);
  const notes = parseOptionalText(input.notes, 'notes', 5000);
  // Only an absent addonId means "the experiment's": "" is not an add-on id (it was taken as absent).
  const givenAddonId = input.addonId != null ? parseAddonId(input.addonId) : null;

  return db.transaction(async (tx) => {
    const experiment = await requireExperiment(tx, rawSlug.trim(), true);
    if (!STATUS_RULES[experiment.status].revisionWork) {
      throw new DomainError('FAILED_PRECONDITION', `"${experiment.slug}" is ${experiment.status}; it takes no new revisions.`, { missing: ['LIVE_STATUS'] });
    }
    if (givenAddonId && experiment.addonId && givenAddonId !== experiment.addonId) {
      throw badInput(`"${experiment.slug}" ships the add-on ${experiment.addonId}, not ${givenAddonId}.`, 'addonId');
    }
    const addonId = givenAddonId ?? experiment.addonId;
    if (!addonId) throw badInput(`"${experiment.slug}" has no add-on id: give addonId.`, 'addonId');

    const { rows: same } = await tx.query<Revision>(
      `SELECT ${REVISION_COLUMNS} FROM revisions r WHERE r.experiment_id = $1 AND r.version_key = $2::int[]`,
      [experiment.id, version.key],
    );
    if (same[0]) {
      // A retried release returns the revision it made; a different artifact under the same version is refused.
      if (same[0].addonId === addonId && same[0].url === url && same[0].sha256 === sha256) return same[0];
      throw conflict(`Revision ${same[0].version} of "${experiment.slug}" was already released with another artifact; release a new version.`, 'version');
    }
    const latest = await latestRevision(tx, experiment.id);
    if (latest && compareVersionKeys(version.key, latest.versionKey) <= 0) {
      throw conflict(`Versions only go up: ${version.text} is not newer than the released ${latest.version}.`, 'version');
    }
    const missing = missingForRelease(await activeSignOffs(tx, experiment.id), version.key);
    if (missing.length) {
      throw failedPrecondition(
        `Revision ${version.text} of "${experiment.slug}" cannot be released yet: ${missing.map((m) => m.detail).join('; ')}.`,
        missing.map((m) => m.key),
      );
    }
    const { rows } = await tx.query<Revision>(
      `INSERT INTO revisions AS r (experiment_id, version, version_key, addon_id, url, sha256, notes, released_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REVISION_COLUMNS}`,
      [experiment.id, version.text, version.key, addonId, url, sha256, notes, actor.accountId],
    );
    await appendAudit(tx, experiment.id, actor, 'REVISION_RELEASED', { details: { version: version.text, addonId, url, sha256 } });
    return rows[0];
  });
}
