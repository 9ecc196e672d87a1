/** Composes the SDL files of the registered subgraphs (common/subgraph-registry.ts) into the supergraph the gateway serves. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { composeServices } from '@apollo/composition';
import { SUBGRAPH_NAMES, DEFAULT_SUBGRAPH_PORTS } from '../common/subgraph-registry';

export const SUPERGRAPH_PATH = resolve(__dirname, 'supergraph.graphql');
export const SCHEMA_DIR = __dirname;

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export interface SubgraphSource {
  name: string;
  /** The URL written into the supergraph (the gateway replaces it with <NAME>_URL or its port). */
  url: string;
  sdl: string;
}

/** The registered subgraphs' SDL files as they are on disk. */
export function registeredSources(): SubgraphSource[] {
  return SUBGRAPH_NAMES.map((name) => ({
    name,
    url: `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`,
    sdl: readFileSync(resolve(SCHEMA_DIR, `${name}.graphql`), 'utf8'),
  }));
}

/** Composes any set of subgraphs (the new-subgraph generator composes one that is not written yet). */
export function composeSources(sources: SubgraphSource[]): CompositionResult {
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const source of sources) {
    try {
      services.push({ name: source.name, url: source.url, typeDefs: parse(source.sdl) });
    } catch (error) {
      return { ok: false, errors: [`${source.name}: ${(error as Error).message}`] };
    }
  }
  const result = composeServices(services);
  if (result.errors || !result.supergraphSdl) {
    return { ok: false, errors: (result.errors ?? []).map((e) => e.message) };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

export function composeSupergraph(): CompositionResult {
  return composeSources(registeredSources());
}
