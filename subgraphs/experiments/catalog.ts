/**
 * The experiments catalog: the live experiments (IN_BETA served, PAUSED listed as suspended) and
 * those ended within ENDED_FEATURES_DAYS, each with its latest revision. Every Bootstrap reads it,
 * it changes rarely, so each process keeps it in memory (kit/cached-catalog.ts), reloaded when
 * the experiments or revisions tables NOTIFY experiments_catalog (migration CatalogNotify): a kill
 * made through any replica is served by every replica once it commits.
 */
import type { Logger } from '../../common/logger';
import { CachedCatalog } from '../kit/cached-catalog';
import type { Database, Sql } from '../kit/database';
import type { CatalogEntry } from './enabled-features';
import { ENDED_FEATURES_DAYS, type EndedEntry } from './ended-features';
import type { Experiment } from './experiment';
import { EXPERIMENT_COLUMNS } from './experiment-rows';
import { STATUS_RULES } from './lifecycle';
import { REVISION_COLUMNS, type Revision } from './revision-rows';

/** NOTIFYed by the triggers of migrations/experiments/1764400000000-CatalogNotify.ts. */
export const EXPERIMENTS_CATALOG_CHANNEL = 'experiments_catalog';

export interface ExperimentsCatalog {
  live: CatalogEntry[];
  /** Ended within the window when loaded; endedFeaturesOf applies the window again at read time. */
  ended: EndedEntry[];
}

/** One statement, whatever the number of experiments. */
export async function loadExperimentsCatalog(sql: Sql, endedDays: number = ENDED_FEATURES_DAYS): Promise<ExperimentsCatalog> {
  const { rows } = await sql.query<Experiment & { revision: (Omit<Revision, 'releasedAt'> & { releasedAt: string }) | null }>(
    `SELECT ${EXPERIMENT_COLUMNS}, to_jsonb(r) AS revision
       FROM experiments e
       LEFT JOIN LATERAL (
         SELECT ${REVISION_COLUMNS} FROM revisions r WHERE r.experiment_id = e.id ORDER BY r.version_key DESC LIMIT 1
       ) r ON true
      WHERE e.status IN ('IN_BETA', 'PAUSED')
         OR (e.ended_at > now() - make_interval(days => $1) AND e.entered_beta_at IS NOT NULL)
      ORDER BY e.slug`,
    [endedDays],
  );
  const catalog: ExperimentsCatalog = { live: [], ended: [] };
  for (const { revision, ...experiment } of rows) {
    const entry = { experiment, revision: revision ? { ...revision, releasedAt: new Date(revision.releasedAt) } : null };
    (STATUS_RULES[experiment.status].terminal ? catalog.ended : catalog.live).push(entry);
  }
  return catalog;
}

export function experimentsCatalog(db: Database, log: Logger): CachedCatalog<ExperimentsCatalog> {
  return new CachedCatalog({
    name: 'experiments catalog',
    channel: EXPERIMENTS_CATALOG_CHANNEL,
    connect: () => db.dedicatedClient(`${EXPERIMENTS_CATALOG_CHANNEL} listener ${process.pid}`),
    load: () => loadExperimentsCatalog(db),
    log,
  });
}
