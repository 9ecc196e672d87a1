/** The committed supergraph, and variants of it for the reload tests (composition-free: the text is edited). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, print, visit } from 'graphql';

export const SUPERGRAPH_PATH = resolve(__dirname, '../../schema/supergraph.graphql');

export const fullSupergraph = () => readFileSync(SUPERGRAPH_PATH, 'utf8');

/** The supergraph without one field of Query: what the gateway served before that field was added. */
export function withoutQueryField(sdl: string, field: string): string {
  let found = false;
  const edited = visit(parse(sdl), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== 'Query') return undefined;
      found = node.fields?.some((f) => f.name.value === field) ?? false;
      return { ...node, fields: node.fields?.filter((f) => f.name.value !== field) };
    },
  });
  if (!found) throw new Error(`Query.${field} is not in the supergraph`);
  return print(edited);
}
