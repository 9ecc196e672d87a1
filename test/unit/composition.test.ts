import { readFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../../schema/composition';

describe('supergraph composition', () => {
  it('composes the four subgraph schemas without errors', () => {
    const result = composeSupergraph();
    if (!result.ok) throw new Error(`Composition failed:\n${result.errors.join('\n')}`);
    expect(result.supergraphSdl).toContain('join__Graph');
  });

  it('matches the checked-in schema/supergraph.graphql (run `npm run compose` when this fails)', () => {
    const result = composeSupergraph();
    if (!result.ok) throw new Error(`Composition failed:\n${result.errors.join('\n')}`);
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(result.supergraphSdl);
  });
});
