import { DomainError } from '../../subgraphs/kit/errors';
import { STATUSES, type Status } from '../../subgraphs/experiments/lifecycle';
import {
  STATUS_ACTIONS, assertStatusAllows, statusPreconditionKey, statusRefusal, statusesAllowing,
} from '../../subgraphs/experiments/status-preconditions';

const experiment = (status: Status) => ({ slug: 'rules', status });

describe('status preconditions (one table over the lifecycle)', () => {
  it('allows each action in exactly the statuses of the beta process', () => {
    const allowed = Object.fromEntries(STATUS_ACTIONS.map((a) => [a, statusesAllowing(a)]));
    expect(allowed).toEqual({
      EDIT_DEFINITION: ['PROPOSED', 'PAUSED'],
      SET_ROLLOUT: ['PROPOSED', 'IN_BETA', 'PAUSED'],
      CHECK_ENTRY_CRITERION: ['PROPOSED', 'PAUSED'],
      ENTRY_SIGN_OFF: ['PROPOSED', 'PAUSED'],
      REVISION_SIGN_OFF: ['PROPOSED', 'IN_BETA', 'PAUSED'],
      EXIT_SIGN_OFF: ['IN_BETA', 'PAUSED'],
      RELEASE_REVISION: ['PROPOSED', 'IN_BETA', 'PAUSED'],
      RECORD_REVIEW: ['IN_BETA', 'PAUSED'],
      OPT_IN: ['IN_BETA', 'PAUSED'],
    });
  });

  it('refuses every other status with FAILED_PRECONDITION and the action\'s own key, and lets the allowed ones through', () => {
    for (const action of STATUS_ACTIONS) {
      for (const status of STATUSES) {
        const refusal = statusRefusal(experiment(status), action);
        if (statusesAllowing(action).includes(status)) {
          expect(refusal).toBeNull();
          expect(() => assertStatusAllows(experiment(status), action)).not.toThrow();
          continue;
        }
        expect(refusal).toBeInstanceOf(DomainError);
        expect(refusal!.code).toBe('FAILED_PRECONDITION');
        expect(refusal!.extensions.missing).toEqual([`STATUS:${action}`]);
        expect(() => assertStatusAllows(experiment(status), action)).toThrow(refusal!.message);
      }
    }
  });

  it('gives every action a key of its own', () => {
    const keys = STATUS_ACTIONS.map(statusPreconditionKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('tells staff where the experiment must go first, or that it is final', () => {
    expect(statusRefusal(experiment('IN_BETA'), 'EDIT_DEFINITION')!.message).toBe(
      '"rules" is IN_BETA: its definition can be edited only while it is PROPOSED or PAUSED. Move it to PAUSED first (transitionExperiment).',
    );
    expect(statusRefusal(experiment('PROPOSED'), 'EXIT_SIGN_OFF')!.message).toBe(
      '"rules" is PROPOSED: exit sign-offs are taken only while it is IN_BETA or PAUSED. Move it to IN_BETA first (transitionExperiment).',
    );
    expect(statusRefusal(experiment('KILLED'), 'RELEASE_REVISION')!.message).toBe(
      '"rules" is KILLED: revisions are released only while it is PROPOSED, IN_BETA or PAUSED. KILLED is final.',
    );
  });

  it('does not tell a user to move an experiment they cannot move', () => {
    expect(statusRefusal(experiment('PROPOSED'), 'OPT_IN')!.message).toBe('"rules" is PROPOSED: accounts can opt in only while it is IN_BETA or PAUSED.');
  });
});
