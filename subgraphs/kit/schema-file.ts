/** Reads a subgraph's SDL from schema/, the contract the resolvers implement. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

export const SCHEMA_DIR = resolve(__dirname, '../../schema');

export function loadSubgraphSchema(name: string): DocumentNode {
  return parse(readFileSync(resolve(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
}
