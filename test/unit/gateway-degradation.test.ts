import { parse } from 'graphql';
import { unavailableFieldMessage as unavailableMessage } from '../../gateway/errors';
import { missingFieldErrors } from '../../gateway/unavailable-response';

const unavailableErrors = (doc: Parameters<typeof missingFieldErrors>[0], variables: Record<string, unknown>, service: string, reason: string) =>
  missingFieldErrors(doc, variables, { message: unavailableMessage(service, reason, 'req-1'), extensions: { code: 'SERVICE_UNAVAILABLE', service } });
import { SlaStanding } from '../../gateway/sla-standing';
import { subgraphPolicies } from '../../gateway/subgraph-policy';

describe('the errors standing in for a subgraph that did not answer', () => {
  it('point at each root field of a root fetch, by alias', () => {
    const doc = parse('query { list: experiments { slug } experiment(slug: "x") { slug } __typename }');
    expect(unavailableErrors(doc, {}, 'experiments', 'no answer within 400 ms').map((e) => e.path)).toEqual([['list'], ['experiment']]);
  });

  it('point at each field of each entity of an entity fetch, for the gateway to map onto the client path', () => {
    const doc = parse('query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { enabledFeatures { slug } suspendedFeatures { slug } __typename } } }');
    const errors = unavailableErrors(doc, { representations: [{}, {}] }, 'experiments', 'it could not be reached');
    expect(errors.map((e) => e.path)).toEqual([
      ['_entities', 0, 'enabledFeatures'], ['_entities', 0, 'suspendedFeatures'],
      ['_entities', 1, 'enabledFeatures'], ['_entities', 1, 'suspendedFeatures'],
    ]);
    expect(errors[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', service: 'experiments' } });
    expect(errors[0].message).toBe('The experiments service is unavailable (it could not be reached); the fields it provides are missing from this answer. Retry in a moment; if it persists, report it with the request id req-1.');
  });

  it('stop at 100 entities, however long the list', () => {
    const doc = parse('query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Experiment { feedbackSummary { count } } } }');
    expect(unavailableErrors(doc, { representations: new Array(5000).fill({}) }, 'feedback', 'x')).toHaveLength(100);
  });
});

describe('where an SLA tier stands', () => {
  it('compares availability and p95 latency over the window with the tier objectives', () => {
    const sla = new SlaStanding(60);
    const t0 = 1_000_000_000;
    for (let i = 0; i < 995; i++) sla.record('BETA', true, 20, t0 + i);
    for (let i = 0; i < 5; i++) sla.record('BETA', false, 3000, t0 + 1000 + i);
    const [beta, experimental] = sla.standing(t0 + 2000);
    expect(beta).toMatchObject({ tier: 'BETA', fetches: 1000, availabilityPercent: 99.5, p95Ms: 25, meetingObjectives: true });
    expect(experimental).toMatchObject({ tier: 'EXPERIMENTAL', fetches: 0, availabilityPercent: null, meetingObjectives: true });
    sla.record('BETA', false, 3000, t0 + 2000);
    expect(sla.standing(t0 + 2000)[0].meetingObjectives).toBe(false); // 99.4 % < 99.5 %
    expect(sla.standing(t0 + 70_000)[0].fetches).toBe(0); // the window moved on
  });
});

describe('per-subgraph call policy', () => {
  it('takes the timeout of the SLA tier unless the subgraph or the tier is overridden', () => {
    expect(subgraphPolicies({}).experiments).toMatchObject({ tier: 'BETA', critical: false, timeoutMs: 3000 });
    expect(subgraphPolicies({ SUBGRAPH_TIMEOUT_MS_BETA: '2000', EXPERIMENTS_TIMEOUT_MS: '700' })).toMatchObject({
      identity: { timeoutMs: 2000, critical: true }, experiments: { timeoutMs: 700 },
    });
    expect(() => subgraphPolicies({ BREAKER_MIN_CALLS: 'many' })).toThrow(/BREAKER_MIN_CALLS must be a non-negative integer/);
  });
});
