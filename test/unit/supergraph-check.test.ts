import { supergraphHash, supergraphProblem } from '../../gateway/supergraph-check';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { fullSupergraph, withoutQueryField } from '../support/supergraph-files';

describe('supergraph check (before a reload is applied)', () => {
  const full = fullSupergraph();

  it('accepts the committed supergraph and an edited one that is still a supergraph', () => {
    expect(supergraphProblem(full, SUBGRAPH_NAMES)).toBeNull();
    expect(supergraphProblem(withoutQueryField(full, 'experimentLifecycle'), SUBGRAPH_NAMES)).toBeNull();
  });

  it.each([
    ['an empty file', '  \n', 'the file is empty'],
    ['a half-written file', full.slice(0, Math.floor(full.length / 2)), /^Syntax Error/],
    ['plain GraphQL that is no supergraph', 'type Query { a: Int }', /supergraph/i],
    ['a supergraph whose Query type is gone', full.replace('type Query', 'type Qery'), /not a valid GraphQL schema.*unknown type Query/],
  ])('refuses %s, saying why in one line', (_name, sdl, why) => {
    const problem = supergraphProblem(sdl, SUBGRAPH_NAMES);
    expect(problem).toEqual(typeof why === 'string' ? why : expect.stringMatching(why));
    expect(problem).not.toContain('\n');
  });

  it('refuses a supergraph naming subgraphs the gateway cannot call', () => {
    expect(supergraphProblem(full, ['identity', 'agreements'])).toBe(
      'it names subgraphs the gateway does not know (experiments, feedback); known: identity, agreements',
    );
  });

  it('names a supergraph by the SHA-256 of its text, as sha256sum does', () => {
    // `printf abc | sha256sum`
    expect(supergraphHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(supergraphHash(full)).not.toBe(supergraphHash(`${full}\n`));
  });
});
