/** `npm run compose`: writes schema/supergraph.graphql, or prints the composition errors and exits 1. */
import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from './composition';

const result = composeSupergraph();
if (!result.ok) {
  console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl);
console.log(`Wrote ${SUPERGRAPH_PATH}`);
