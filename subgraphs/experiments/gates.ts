/**
 * The gates, as pure functions over facts the callers load: what is missing before a transition
 * (ENTRY, EXIT) or a revision release. Each missing item has a stable key (clients branch on it;
 * it is what FAILED_PRECONDITION lists in extensions.missing) and a sentence for people.
 */
import { requiredCriteria, type Criterion } from './entry-criteria';
import type { ExitMetricsResult } from './exit-metrics';
import type { Experiment } from './experiment';
import type { GateName } from './lifecycle';
import { kindsOfGate, type SignOffKind } from './sign-off-rules';
import { compareVersionKeys } from './versions';

export interface MissingItem {
  key: string;
  detail: string;
}

export type GateExperiment = Pick<Experiment, 'hasUserData' | 'minFeedbackCount' | 'minHappyShare' | 'minActiveAccounts30d'>;
/** What a gate reads of a sign-off row (sign-offs.ts's SignOff has it). */
export interface GateSignOff {
  kind: SignOffKind;
  revisionKey: number[] | null;
  voidedAt: Date | null;
}

export interface GateFacts {
  experiment: GateExperiment;
  checkedCriteria: readonly Criterion[];
  signOffs: readonly GateSignOff[];
  hasReleasedRevision: boolean;
  /** Needed by the EXIT gate only; null when not fetched. */
  exitMetrics: ExitMetricsResult | null;
}

function standingKinds(signOffs: readonly GateSignOff[], versionKey: readonly number[] | null): Set<SignOffKind> {
  return new Set(
    signOffs
      .filter((s) => s.voidedAt === null)
      .filter((s) => (versionKey === null ? s.revisionKey === null : s.revisionKey !== null && compareVersionKeys(s.revisionKey, versionKey) === 0))
      .map((s) => s.kind),
  );
}

function missingSignOffs(kinds: readonly SignOffKind[], have: Set<SignOffKind>, suffix = ''): MissingItem[] {
  return kinds.filter((k) => !have.has(k)).map((k) => ({ key: `SIGN_OFF:${k}`, detail: `the ${k} sign-off${suffix}` }));
}

export function missingForEntry(facts: GateFacts): MissingItem[] {
  const checked = new Set(facts.checkedCriteria);
  return [
    ...requiredCriteria(facts.experiment)
      .filter((c) => !checked.has(c))
      .map((c) => ({ key: `ENTRY_CRITERION:${c}`, detail: `the entry criterion ${c}` })),
    ...missingSignOffs(kindsOfGate('ENTRY'), standingKinds(facts.signOffs, null)),
    ...(facts.hasReleasedRevision ? [] : [{ key: 'RELEASED_REVISION', detail: 'a released revision' }]),
  ];
}

export function missingForExit(facts: GateFacts): MissingItem[] {
  const e = facts.experiment;
  const exitKinds = kindsOfGate('EXIT').filter((k) => k !== 'USER_DATA_REVIEW' || e.hasUserData);
  const missing = missingSignOffs(exitKinds, standingKinds(facts.signOffs, null));
  const numbers = facts.exitMetrics;
  if (!numbers || !numbers.available) {
    const why = numbers ? numbers.reason : 'feedback numbers not fetched';
    missing.push(
      { key: 'FEEDBACK_THRESHOLD', detail: `at least ${e.minFeedbackCount} feedback entries: ${why}` },
      { key: 'ADOPTION_THRESHOLD', detail: `at least ${e.minActiveAccounts30d} active accounts in 30 days: ${why}` },
    );
    return missing;
  }
  const m = numbers.metrics;
  if (m.feedbackCount < e.minFeedbackCount) {
    missing.push({ key: 'FEEDBACK_THRESHOLD', detail: `at least ${e.minFeedbackCount} feedback entries (has ${m.feedbackCount})` });
  }
  if (e.minHappyShare !== null) {
    const rated = m.happy + m.sad;
    const share = rated === 0 ? 0 : m.happy / rated;
    if (share < e.minHappyShare) {
      missing.push({ key: 'SATISFACTION_THRESHOLD', detail: `a happy share of at least ${e.minHappyShare} (has ${share.toFixed(3)} of ${rated} rated)` });
    }
  }
  if (m.activeAccounts30d < e.minActiveAccounts30d) {
    missing.push({ key: 'ADOPTION_THRESHOLD', detail: `at least ${e.minActiveAccounts30d} active accounts in 30 days (has ${m.activeAccounts30d})` });
  }
  return missing;
}

export function missingForGate(gate: GateName, facts: GateFacts): MissingItem[] {
  if (gate === 'ENTRY') return missingForEntry(facts);
  if (gate === 'EXIT') return missingForExit(facts);
  return [];
}

/** A revision is released only with standing QA, UX and INFRASEC sign-offs for that version. */
export function missingForRelease(signOffs: readonly GateSignOff[], versionKey: readonly number[]): MissingItem[] {
  return missingSignOffs(kindsOfGate('REVISION'), standingKinds(signOffs, versionKey), ' for this revision');
}
