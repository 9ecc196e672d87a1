/**
 * What an experiment's status must allow before staff or a user act on it: one table over the
 * lifecycle's STATUS_RULES, and one check. A refusal is FAILED_PRECONDITION whose `missing` holds
 * `STATUS:<ACTION>` (the keys are listed in docs/ARCHITECTURE.md, which a test compares with this
 * table) and whose message says in which statuses the action is possible and how to get there.
 * Pure: the callers load the experiment.
 */
import { DomainError, failedPrecondition } from '../kit/errors';
import { STATUSES, STATUS_RULES, transitionsFrom, type Status, type StatusRules } from './lifecycle';

/** The STATUS_RULES flags that allow an action (`served` and `terminal` describe, they allow nothing). */
type Allowance = Exclude<keyof StatusRules, 'served' | 'terminal'>;

interface StatusPrecondition {
  /** The flag of STATUS_RULES that must hold. */
  allowance: Allowance;
  /** The operation refused, for the docs. */
  operation: string;
  /** Completes "… only while <statuses>". */
  what: string;
  /** Whether the caller can move the experiment (staff), so the message names the transition; users cannot. */
  callerMayMove: boolean;
}

export const STATUS_PRECONDITIONS = {
  EDIT_DEFINITION: { allowance: 'editable', operation: 'updateExperiment (a change)', what: 'its definition can be edited', callerMayMove: true },
  SET_ROLLOUT: { allowance: 'rolloutSettable', operation: 'setRollout (a change)', what: 'its rollout can change', callerMayMove: true },
  CHECK_ENTRY_CRITERION: { allowance: 'entryWork', operation: 'checkEntryCriterion', what: 'entry criteria are checked', callerMayMove: true },
  ENTRY_SIGN_OFF: { allowance: 'entryWork', operation: 'signOff (SECURITY, PRIVACY, PRODUCT)', what: 'entry sign-offs are taken', callerMayMove: true },
  REVISION_SIGN_OFF: { allowance: 'revisionWork', operation: 'signOff (QA, UX, INFRASEC)', what: 'revision sign-offs are taken', callerMayMove: true },
  EXIT_SIGN_OFF: { allowance: 'exitWork', operation: 'signOff (EXIT_UX, EXIT_PRODUCT, USER_DATA_REVIEW)', what: 'exit sign-offs are taken', callerMayMove: true },
  RELEASE_REVISION: { allowance: 'revisionWork', operation: 'releaseRevision', what: 'revisions are released', callerMayMove: true },
  RECORD_REVIEW: { allowance: 'reviewable', operation: 'recordReview', what: 'monthly reviews are recorded', callerMayMove: true },
  OPT_IN: { allowance: 'enrollable', operation: 'optIn', what: 'accounts can opt in', callerMayMove: false },
} as const satisfies Record<string, StatusPrecondition>;

export type StatusAction = keyof typeof STATUS_PRECONDITIONS;

export const STATUS_ACTIONS = Object.keys(STATUS_PRECONDITIONS) as StatusAction[];

/** The stable key a refusal lists in `extensions.missing`. */
export const statusPreconditionKey = (action: StatusAction) => `STATUS:${action}`;

export function statusesAllowing(action: StatusAction): Status[] {
  return STATUSES.filter((s) => STATUS_RULES[s][STATUS_PRECONDITIONS[action].allowance]);
}

/** "A", "A or B", "A, B or C". */
const either = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : items[0] ?? 'never');

/** " Move it to X first …" when one transition from `status` leads to an allowing status; " X is final." for a final one. */
function wayOut(status: Status, allowed: readonly Status[]): string {
  if (STATUS_RULES[status].terminal) return ` ${status} is final.`;
  const next = transitionsFrom(status).find((t) => allowed.includes(t.to));
  return next ? ` Move it to ${next.to} first (transitionExperiment).` : '';
}

/** The refusal when the experiment's status does not allow the action, else null. */
export function statusRefusal(experiment: { slug: string; status: Status }, action: StatusAction): DomainError | null {
  const rule = STATUS_PRECONDITIONS[action];
  if (STATUS_RULES[experiment.status][rule.allowance]) return null;
  const allowed = statusesAllowing(action);
  const hint = rule.callerMayMove ? wayOut(experiment.status, allowed) : '';
  return failedPrecondition(
    `"${experiment.slug}" is ${experiment.status}: ${rule.what} only while it is ${either(allowed)}.${hint}`,
    [statusPreconditionKey(action)],
  );
}

export function assertStatusAllows(experiment: { slug: string; status: Status }, action: StatusAction): void {
  const refusal = statusRefusal(experiment, action);
  if (refusal) throw refusal;
}

/** The table as markdown, for docs/ARCHITECTURE.md (a test keeps the two equal). */
export function statusPreconditionsMarkdown(): string {
  const rows = STATUS_ACTIONS.map(
    (a) => `| \`${statusPreconditionKey(a)}\` | ${STATUS_PRECONDITIONS[a].operation} | ${statusesAllowing(a).join(', ')} |`,
  );
  return ['| missing | refused operation | allowed while |', '|---|---|---|', ...rows].join('\n');
}
