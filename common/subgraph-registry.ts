/**
 * The subgraphs, declared once: name, default port, whether the platform can serve without it, and
 * its SLA tier. The launcher, the gateway (timeouts, breakers, readiness) and the docs derive from it.
 */
import type { Tier } from './sla-tiers';

export const SUBGRAPHS = {
  identity: { defaultPort: 4001, critical: true, tier: 'BETA' },
  agreements: { defaultPort: 4002, critical: true, tier: 'BETA' },
  experiments: { defaultPort: 4003, critical: false, tier: 'BETA' },
  feedback: { defaultPort: 4004, critical: false, tier: 'BETA' },
} as const satisfies Record<string, { defaultPort: number; critical: boolean; tier: Tier }>;


export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

export const DEFAULT_SUBGRAPH_PORTS = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [name, SUBGRAPHS[name].defaultPort]),
) as Record<SubgraphName, number>;

export const isCritical = (name: SubgraphName): boolean => SUBGRAPHS[name].critical;

export const urlVar = (name: SubgraphName) => `${name.toUpperCase()}_URL`;
export const portVar = (name: SubgraphName) => `${name.toUpperCase()}_PORT`;
export const databaseUrlVar = (name: SubgraphName) => `${name.toUpperCase()}_DATABASE_URL`;

/** Where the gateway finds a subgraph: <NAME>_URL, else localhost on <NAME>_PORT or the default port. */
export function subgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[urlVar(name)];
  if (explicit) return explicit;
  const port = env[portVar(name)] || String(DEFAULT_SUBGRAPH_PORTS[name]);
  return `http://127.0.0.1:${port}/graphql`;
}
