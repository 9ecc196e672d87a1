/** Per-request loaders: every list or reference goes through one batched query per kind of row. */
import DataLoader from 'dataloader';
import type { CachedCatalog } from '../kit/cached-catalog';
import type { BaseSubgraphContext } from '../kit/server';
import { pagedLoader, type PagedLoader } from '../kit/pagination';
import { auditLogPagesOf, type AuditEntry } from './audit';
import { criteriaChecksOf, type CriterionCheck } from './criteria';
import type { ExperimentsCatalog } from './catalog';
import { enrollmentEventsOf, enrollmentPagesOf, enrollmentsOf, type Enrollment, type EnrollmentEvent } from './enrollment';
import type { Experiment } from './experiment';
import { findExperimentsByIds, findExperimentsBySlugs } from './experiment-rows';
import { fetchExitMetrics, type ExitMetricsResult, type ExitMetricsSource } from './exit-metrics';
import { reviewPagesOf, type Review } from './reviews';
import { enrolledAccountCounts } from './enrolled-accounts';
import { revisionPagesOf, revisionsOf, type Revision } from './revision-rows';
import { signOffPagesOf, signOffsOf, type SignOff, type SignOffPage } from './sign-offs';

export interface ExperimentsContext extends BaseSubgraphContext {
  experimentsBySlug: DataLoader<string, Experiment | null>;
  experimentsById: DataLoader<string, Experiment | null>;
  /** All revisions, newest first (currentRevision, gates). */
  revisions: DataLoader<string, Revision[]>;
  /** All sign-offs (gates). */
  signOffs: DataLoader<string, SignOff[]>;
  criteria: DataLoader<string, CriterionCheck[]>;
  /** Pages of the lists that grow (Experiment.revisions, signOffs, reviews, auditLog, Account.enrollments). */
  revisionPages: PagedLoader<Revision>;
  signOffPages: PagedLoader<SignOff, SignOffPage>;
  reviewPages: PagedLoader<Review>;
  auditLogPages: PagedLoader<AuditEntry>;
  enrollmentPages: PagedLoader<Enrollment>;
  /** All of an account's enrollments (myEnrollment, enabledFeatures). */
  enrollments: DataLoader<string, Enrollment[]>;
  enrollmentEvents: DataLoader<string, EnrollmentEvent[]>;
  exitMetrics: DataLoader<string, ExitMetricsResult>;
  /** Opted-in account counts by experiment id. */
  enrolledAccounts: DataLoader<string, number>;
  /** The live and recently ended experiments with their latest revisions, from memory while nothing changed; one snapshot per request. */
  catalog(): Promise<ExperimentsCatalog>;
  /** Forgets everything loaded, after a mutation changed it (the process's catalog too, when it may have changed). */
  invalidate(options?: { catalog: boolean }): void;
}

/** What lives across requests in an experiments process. */
export interface ExperimentsResources {
  catalog: CachedCatalog<ExperimentsCatalog>;
  stop(): Promise<void>;
}

export function createExperimentsContext(
  base: BaseSubgraphContext, resources: ExperimentsResources, exitMetricsSource: ExitMetricsSource = fetchExitMetrics,
): ExperimentsContext {
  const { db } = base;
  let catalog: Promise<ExperimentsCatalog> | undefined;
  const loaders = {
    experimentsBySlug: new DataLoader((slugs: readonly string[]) => findExperimentsBySlugs(db, slugs)),
    experimentsById: new DataLoader((ids: readonly string[]) => findExperimentsByIds(db, ids)),
    revisions: new DataLoader((ids: readonly string[]) => revisionsOf(db, ids)),
    signOffs: new DataLoader((ids: readonly string[]) => signOffsOf(db, ids)),
    criteria: new DataLoader((ids: readonly string[]) => criteriaChecksOf(db, ids)),
    revisionPages: pagedLoader((ids, page) => revisionPagesOf(db, ids, page)),
    signOffPages: pagedLoader((ids, page: SignOffPage) => signOffPagesOf(db, ids, page)),
    reviewPages: pagedLoader((ids, page) => reviewPagesOf(db, ids, page)),
    auditLogPages: pagedLoader((ids, page) => auditLogPagesOf(db, ids, page)),
    enrollmentPages: pagedLoader((ids, page) => enrollmentPagesOf(db, ids, page)),
    enrollments: new DataLoader((ids: readonly string[]) => enrollmentsOf(db, ids)),
    enrollmentEvents: new DataLoader((ids: readonly string[]) => enrollmentEventsOf(db, ids)),
    enrolledAccounts: new DataLoader((ids: readonly string[]) => enrolledAccountCounts(db, ids)),
  };
  const exitMetrics = new DataLoader((slugs: readonly string[]) =>
    Promise.all(
      slugs.map(async (slug) => {
        const experiment = await loaders.experimentsBySlug.load(slug);
        const enrolled = experiment ? await loaders.enrolledAccounts.load(experiment.id) : 0;
        return exitMetricsSource(slug, base.caller, enrolled);
      }),
    ),
  );
  return {
    ...base,
    ...loaders,
    exitMetrics,
    catalog: () => (catalog ??= resources.catalog.get()),
    invalidate(options = { catalog: true }) {
      // After the write committed: this replica reads its own change at once (the others on NOTIFY).
      if (options.catalog) resources.catalog.invalidate();
      catalog = undefined;
      for (const loader of [...Object.values(loaders), exitMetrics]) loader.clearAll();
    },
  };
}
