/**
 * The schema clients see: the supergraph's API schema (no join__/link__ machinery, nothing
 * @inaccessible), built the way the gateway builds it. Codegen types and document validation use it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';

export const SUPERGRAPH_PATH = resolve(__dirname, '../../schema/supergraph.graphql');

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export const apiSchema = (): GraphQLSchema => apiSchemaOf(readFileSync(SUPERGRAPH_PATH, 'utf8'));
