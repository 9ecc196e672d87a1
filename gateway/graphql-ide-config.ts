/**
 * Which IDE a browser gets at GET /graphql (GRAPHQL_IDE), and where the built GraphiQL lives
 * (GRAPHQL_IDE_DIR), in one place. Pure: the environment in, the configuration out.
 *
 * - graphiql (default): GraphiQL from this gateway's own files (ide/build.ts), no other origin, so
 *   it works offline and behind proxies that block CDNs;
 * - sandbox: Apollo Server's embedded Sandbox, which loads its code from Apollo's CDN;
 * - off: no page; a browser's GET /graphql without a query gets the usual GraphQL error.
 */
import { resolve } from 'node:path';
import { envString } from '../common/env';
import { StartupError } from '../common/startup-error';

export const GRAPHQL_IDES = ['graphiql', 'sandbox', 'off'] as const;
export type GraphqlIde = (typeof GRAPHQL_IDES)[number];

export interface GraphqlIdeConfig {
  ide: GraphqlIde;
  /** The IDE's built files (ide-manifest.json and what it lists); read only for graphiql. */
  dir: string;
}

/** Beside the compiled gateway (dist/ide, where `npm run build` puts it); npm start builds into DATA_DIR/ide. */
export const DEFAULT_IDE_DIR = resolve(__dirname, '../ide');

const isIde = (value: string): value is GraphqlIde => (GRAPHQL_IDES as readonly string[]).includes(value);

export function graphqlIdeConfigFrom(env: NodeJS.ProcessEnv): GraphqlIdeConfig {
  const raw = env.GRAPHQL_IDE?.trim().toLowerCase() || 'graphiql';
  if (!isIde(raw)) throw new StartupError(`GRAPHQL_IDE must be one of ${GRAPHQL_IDES.join(', ')}; got "${env.GRAPHQL_IDE}"`);
  return { ide: raw, dir: envString('GRAPHQL_IDE_DIR', DEFAULT_IDE_DIR, env) };
}
