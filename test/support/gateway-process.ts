/**
 * A gateway process of a test's own, in front of the shared test platform's subgraphs (or of
 * proxies a test puts in between): free ports for its public and ops listeners, the platform's
 * secrets, and any setting the test overrides.
 */
import { join } from 'node:path';
import { freePorts } from './free-port';
import { subgraphUrlEnv, testPlatform } from './platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from './processes';

export interface GatewayProcess {
  proc: NodeProcess;
  url: string;
  port: number;
  opsUrl: string;
  stop(): Promise<void>;
}

export async function startOwnGateway(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const p = testPlatform();
  const [port, opsPort] = await freePorts(2);
  const proc = spawnNode('gateway/main.ts', [], {
    ...p.env,
    PORT: String(port),
    OPS_PORT: String(opsPort),
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_SECRET: p.gatewaySecret,
    ...subgraphUrlEnv(p),
    IDENTITY_JWKS_URL: `http://127.0.0.1:${p.subgraphPorts.identity}/.well-known/jwks.json`,
    IDENTITY_REVOKED_SESSIONS_URL: `http://127.0.0.1:${p.subgraphPorts.identity}/internal/revoked-sessions`,
    LOG_LEVEL: 'warn',
    // The portal the shared platform's launcher built (platform/start.ts).
    PORTAL_DIR: join(p.dataDir, 'portal'),
    GRAPHQL_IDE_DIR: join(p.dataDir, 'ide'),
    ...env,
  });
  await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, proc);
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    opsUrl: `http://127.0.0.1:${opsPort}`,
    stop: () => stopNode(proc),
  };
}
