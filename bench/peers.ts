/**
 * The gateways measured beside ours, started by the benchmark in front of the same subgraphs:
 * Hive Gateway with its JavaScript planner, Hive Gateway with the Rust planner, and the hand-written
 * fixed-plan bound (bench/peers/). Each is one process, ready when it says so over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { SUBGRAPH_NAMES, urlVar } from '../common/subgraph-registry';
import { freePorts } from '../test/support/free-port';
import type { TestPlatform } from '../test/support/platform';
import type { GatewayComponent } from './cpu';

const ROOT = resolve(__dirname, '..');

export interface PeerGateway {
  component: Exclude<GatewayComponent, 'gateway'>;
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const PEERS: { component: PeerGateway['component']; name: string; entry: string; env: Record<string, string> }[] = [
  { component: 'hive-js', name: 'Hive Gateway 2.15, JS planner', entry: 'bench/peers/hive-gateway.ts', env: { HIVE_RUNTIME: 'js' } },
  { component: 'hive-rust', name: 'Hive Gateway 2.15, Rust planner', entry: 'bench/peers/hive-gateway.ts', env: { HIVE_RUNTIME: 'rust' } },
  { component: 'fixed-plan', name: 'hand-written fixed plan (bound)', entry: 'bench/peers/fixed-plan-gateway.ts', env: {} },
];

function start(platform: TestPlatform, peer: (typeof PEERS)[number], port: number): Promise<PeerGateway> {
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [urlVar(name), `http://127.0.0.1:${platform.subgraphPorts[name]}/graphql`]));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, peer.entry)], {
    cwd: ROOT,
    env: {
      ...process.env, ...subgraphUrls, ...peer.env,
      PORT: String(port),
      GATEWAY_SECRET: platform.gatewaySecret,
      SUPERGRAPH_PATH: resolve(ROOT, 'schema/supergraph.graphql'),
      IDENTITY_JWKS_URL: `http://127.0.0.1:${platform.subgraphPorts.identity}/.well-known/jwks.json`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.channel?.unref();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${peer.name} did not start within 60 s`)), 60_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolveReady({
        component: peer.component, name: peer.name, url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(kill);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${peer.name} exited with ${code} before it was ready`));
    });
  });
}

export async function startPeers(platform: TestPlatform): Promise<PeerGateway[]> {
  const ports = await freePorts(PEERS.length);
  return Promise.all(PEERS.map((peer, i) => start(platform, peer, ports[i])));
}

/** The peers are this process's children: stop them with it (the platform stops itself the same way). */
export function stopPeersOnExit(peers: PeerGateway[]): void {
  process.once('exit', () => {
    for (const p of peers) {
      try {
        process.kill(p.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}
