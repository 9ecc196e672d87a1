/** Composes the four subgraph SDL files into the supergraph the gateway serves. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { SUBGRAPH_NAMES, DEFAULT_SUBGRAPH_PORTS } from '../common/subgraph-registry';

export const SUPERGRAPH_PATH = resolve(__dirname, 'supergraph.graphql');

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export function composeSupergraph(): CompositionResult {
  const services = SUBGRAPH_NAMES.map((name) => ({
    name,
    url: `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`,
    typeDefs: parse(readFileSync(resolve(__dirname, `${name}.graphql`), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors || !result.supergraphSdl) {
    return { ok: false, errors: (result.errors ?? []).map((e) => e.message) };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
