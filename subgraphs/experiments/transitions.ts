/**
 * transitionExperiment: moves an experiment along the lifecycle table, refusing with
 * FAILED_PRECONDITION and the list of what is missing unless the transition's gate passes.
 * Nothing is stored when it refuses (the check and the change share one transaction).
 */
import type { Database, Sql } from '../kit/database';
import { badInput, conflict, DomainError, failedPrecondition } from '../kit/errors';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import type { Criterion } from './entry-criteria';
import type { Experiment } from './experiment';
import { EXPERIMENT_COLUMNS, requireExperiment } from './experiment-rows';
import type { ExitMetricsResult } from './exit-metrics';
import { missingForGate, type GateFacts, type GateSignOff, type MissingItem } from './gates';
import { describeExits, findTransition, rolesInto, STATUS_RULES, transitionsFrom, type Status, type Transition } from './lifecycle';
import { latestRevision } from './revision-rows';
import { activeSignOffs } from './sign-offs';
import { parseOptionalText } from './validation';

/** Loads the gate facts inside the caller's transaction. */
export async function loadGateFacts(sql: Sql, experiment: Experiment, exitMetrics: ExitMetricsResult | null): Promise<GateFacts> {
  const { rows } = await sql.query<{ criterion: Criterion }>(`SELECT criterion FROM entry_criteria WHERE experiment_id = $1`, [experiment.id]);
  const signOffs: GateSignOff[] = await activeSignOffs(sql, experiment.id);
  return {
    experiment,
    checkedCriteria: rows.map((r) => r.criterion),
    signOffs,
    hasReleasedRevision: (await latestRevision(sql, experiment.id)) !== null,
    exitMetrics,
  };
}

function notATransition(experiment: Experiment, to: Status): DomainError {
  return new DomainError('FAILED_PRECONDITION', `"${experiment.slug}" cannot move from ${experiment.status} to ${to}. ${describeExits(experiment.status)}`, {
    missing: ['ALLOWED_TRANSITION'],
    allowed: transitionsFrom(experiment.status).map((t) => t.to),
  });
}

/**
 * Updates the status and appends the audit entry; the gate was checked by the caller. A final
 * status records when it ended and `endReason`, which the accounts that had the feature are shown
 * (Account.endedFeatures); by default the transition's reason.
 */
export async function applyTransition(
  sql: Sql, experiment: Experiment, to: Status, reason: string | null, actor: Actor, details: Record<string, unknown> = {}, endReason: string | null = reason,
): Promise<Experiment> {
  const ends = STATUS_RULES[to].terminal;
  const { rows } = await sql.query<Experiment>(
    `UPDATE experiments AS e SET status = $2, updated_at = now(),
            entered_beta_at = CASE WHEN $2 = 'IN_BETA' THEN coalesce(e.entered_beta_at, now()) ELSE e.entered_beta_at END,
            ended_at = CASE WHEN $3 THEN now() ELSE e.ended_at END,
            end_reason = CASE WHEN $3 THEN $4 ELSE e.end_reason END
      WHERE e.id = $1 RETURNING ${EXPERIMENT_COLUMNS}`,
    [experiment.id, to, ends, ends ? endReason : null],
  );
  await appendAudit(sql, experiment.id, actor, 'TRANSITIONED', { from: experiment.status, reason, details });
  return rows[0];
}

export async function transitionExperiment(
  db: Database,
  rawSlug: string,
  to: Status,
  rawReason: string | null | undefined,
  actor: Actor,
  exitMetricsFor: (slug: string) => Promise<ExitMetricsResult>,
): Promise<Experiment> {
  const slug = rawSlug.trim();
  // Before the lookup, so someone who may not move experiments there cannot learn which slugs
  // exist (NOT_FOUND vs FORBIDDEN) — proposals are not public.
  assertRole(actor, rolesInto(to), `move an experiment to ${to}`);
  const before = await requireExperiment(db, slug);
  // A retried transition finds it done.
  if (before.status === to) return before;
  const transition = findTransition(before.status, to);
  if (!transition) throw notATransition(before, to);
  assertRole(actor, transition.roles, `move an experiment from ${transition.from} to ${transition.to}`);
  const reason = parseOptionalText(rawReason, 'reason', 2000);
  if (transition.reasonRequired && !reason) throw badInput(`Moving to ${to} needs a reason (it goes into the audit log).`, 'reason');
  // The network call to feedback happens before the transaction, so no lock waits on it.
  const exitMetrics = transition.gate === 'EXIT' ? await exitMetricsFor(slug) : null;

  return db.transaction(async (tx) => {
    const experiment = await requireExperiment(tx, slug, true);
    if (experiment.status === to) return experiment;
    if (experiment.status !== before.status) {
      throw conflict(`"${slug}" changed from ${before.status} to ${experiment.status} meanwhile; check it and retry.`);
    }
    const missing = missingForGate(transition.gate, await loadGateFacts(tx, experiment, exitMetrics));
    if (missing.length) throw refusal(experiment, transition, missing);
    return applyTransition(tx, experiment, to, reason, actor, { gate: transition.gate });
  });
}

export function refusal(experiment: Experiment, transition: Transition, missing: MissingItem[]): DomainError {
  return failedPrecondition(
    `"${experiment.slug}" cannot move from ${transition.from} to ${transition.to} yet. Missing: ${missing.map((m) => m.detail).join('; ')}.`,
    missing.map((m) => m.key),
  );
}

export interface GateStatus {
  to: Status;
  gate: Transition['gate'];
  roles: readonly string[];
  reasonRequired: boolean;
  allowed: boolean;
  missing: string[];
  details: string[];
  callerMayPerform: boolean;
}

/** For each transition out of the current status: would the gate pass, and what is missing. */
export function gateStatuses(experiment: Experiment, facts: GateFacts, callerRoles: readonly string[]): GateStatus[] {
  return transitionsFrom(experiment.status).map((t) => {
    const missing = missingForGate(t.gate, facts);
    return {
      to: t.to,
      gate: t.gate,
      roles: t.roles,
      reasonRequired: t.reasonRequired,
      allowed: missing.length === 0,
      missing: missing.map((m) => m.key),
      details: missing.map((m) => m.detail),
      callerMayPerform: callerRoles.some((r) => t.roles.includes(r)),
    };
  });
}
