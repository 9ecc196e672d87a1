/**
 * The sign-off rules, pure: each kind's gate and signer role, and whether a sign-off may be given
 * (the role, not the owner, a status that takes that gate's sign-offs). sign-offs.ts stores them.
 */
import { badInput, forbidden } from '../kit/errors';
import { assertRole, type Actor } from './actor';
import type { Experiment } from './experiment';
import { assertStatusAllows, type StatusAction } from './status-preconditions';

export const SIGN_OFF_KINDS = ['SECURITY', 'PRIVACY', 'PRODUCT', 'QA', 'UX', 'INFRASEC', 'EXIT_UX', 'EXIT_PRODUCT', 'USER_DATA_REVIEW'] as const;
export type SignOffKind = (typeof SIGN_OFF_KINDS)[number];
export type SignOffGate = 'ENTRY' | 'REVISION' | 'EXIT';

/** Per kind: the gate it belongs to and the role a signer needs. */
export const SIGN_OFF_RULES: Record<SignOffKind, { gate: SignOffGate; role: string }> = {
  SECURITY: { gate: 'ENTRY', role: 'SECURITY' },
  PRIVACY: { gate: 'ENTRY', role: 'PRIVACY' },
  PRODUCT: { gate: 'ENTRY', role: 'PRODUCT' },
  QA: { gate: 'REVISION', role: 'QA' },
  UX: { gate: 'REVISION', role: 'UX' },
  INFRASEC: { gate: 'REVISION', role: 'OPS' },
  EXIT_UX: { gate: 'EXIT', role: 'UX' },
  EXIT_PRODUCT: { gate: 'EXIT', role: 'PRODUCT' },
  USER_DATA_REVIEW: { gate: 'EXIT', role: 'PRIVACY' },
};

export const kindsOfGate = (gate: SignOffGate) => SIGN_OFF_KINDS.filter((k) => SIGN_OFF_RULES[k].gate === gate);

/** The status precondition of each gate's sign-offs. */
const SIGN_OFF_ACTION: Record<SignOffGate, StatusAction> = { ENTRY: 'ENTRY_SIGN_OFF', REVISION: 'REVISION_SIGN_OFF', EXIT: 'EXIT_SIGN_OFF' };

/** Checks a sign-off against the experiment; pure, so the rules are unit-testable. */
export function checkSignOff(experiment: Experiment, kind: SignOffKind, actor: Actor): void {
  const rule = SIGN_OFF_RULES[kind];
  if (!rule) throw badInput(`Unknown sign-off kind "${kind}".`, 'kind');
  assertRole(actor, [rule.role], `give the ${kind} sign-off`);
  if (experiment.ownerId === actor.accountId) {
    throw forbidden(`You own "${experiment.slug}", so you cannot sign it off; ask another ${rule.role} colleague.`);
  }
  assertStatusAllows(experiment, SIGN_OFF_ACTION[rule.gate]);
}
