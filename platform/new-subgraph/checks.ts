/**
 * What must hold before the generator writes anything: the supergraph still composes with the new
 * subgraph in it, and every registered client operation (client/operations) still validates
 * against the API that supergraph serves. The same two rules guard every later schema change in
 * the test suite (test/unit/composition.test.ts, test/unit/client-operations.test.ts).
 */
import { specifiedRules, validate, parse } from 'graphql';
import { composeSources, registeredSources, type CompositionResult } from '../../schema/composition';
import { apiSchemaOf } from '../../client/codegen/api-schema';
import { loadSourceFiles, trustedDocuments } from '../../client/codegen/documents';

/** The registered subgraphs plus the new one, as its SDL would be written. */
export function composeWithNewSubgraph(name: string, port: number, sdl: string): CompositionResult {
  return composeSources([...registeredSources(), { name, url: `http://127.0.0.1:${port}/graphql`, sdl }]);
}

/** "Operation: problem" for every client operation the supergraph no longer serves as written. */
export function brokenClientOperations(supergraphSdl: string): string[] {
  const schema = apiSchemaOf(supergraphSdl);
  return trustedDocuments(loadSourceFiles()).flatMap((document) =>
    validate(schema, parse(document.text), specifiedRules).map((error) => `${document.name}: ${error.message}`));
}
