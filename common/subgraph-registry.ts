/** The four subgraphs, their default ports and the environment variables that point at them. */
export const SUBGRAPH_NAMES = ['identity', 'agreements', 'experiments', 'feedback'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  identity: 4001,
  agreements: 4002,
  experiments: 4003,
  feedback: 4004,
};

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
