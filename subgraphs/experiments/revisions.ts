/**
 * Releasing a weekly revision: the add-on artifact (id, version, URL, sha256). A revision is
 * released only with standing QA, UX and INFRASEC sign-offs for that very version, and versions
 * only go up. Accounts get the latest released revision (revision-rows.ts reads them).
 */
import type { Database } from '../kit/database';
import { badInput, conflict, failedPrecondition } from '../kit/errors';
import { ROLES_TO_RELEASE } from './access';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { requireExperiment } from './experiment-rows';
import { missingForRelease } from './gates';
import { latestRevision, REVISION_COLUMNS, type Revision } from './revision-rows';
import { activeSignOffs } from './sign-offs';
import { assertStatusAllows } from './status-preconditions';
import { parseAddonId, parseHttpsUrl, parseOptionalText, parseSha256 } from './validation';
import { compareVersionKeys, parseVersion } from './versions';

export interface ReleaseRevisionInput {
  version: string;
  addonId?: string | null;
  url: string;
  sha256: string;
  notes?: string | null;
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
    assertStatusAllows(experiment, 'RELEASE_REVISION');
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
