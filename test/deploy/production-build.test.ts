/**
 * The production build, run the way the containers run it: `npm run build` (platform/build.ts)
 * into a temporary /app, then each process started with its command from docker-compose.yml
 * (`node --enable-source-maps dist/…/main.js`, NODE_ENV=production, no tsx) against fresh
 * databases on the test platform's PostgreSQL, each owned by a login role that is not a superuser,
 * as deploy/postgres-init.sh creates them. The compiled subgraphs migrate their empty databases,
 * the compiled gateway (quotas in its own shared-store database) serves a signed-in user's
 * Bootstrap query over them, the account portal from dist/portal and GraphiQL from dist/ide, the
 * container probe tells ready from not, and every process stops on SIGTERM with exit code 0.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IDE_ASSET_PATH } from '../../common/ide-files';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraph-registry';
import { acceptCurrent } from '../support/agreements';
import { buildToTemp, spawnCompiled, type CompiledBuild } from '../support/compiled-build';
import { loadCompose, sourceEntry } from '../support/compose-file';
import { migrationsOf } from '../support/migrations';
import { withDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import { gql, signUpUser } from '../support/graphql-client';
import { testPlatform } from '../support/platform';
import { stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';

jest.setTimeout(240_000);

const suffix = randomBytes(4).toString('hex');
const secret = () => randomBytes(24).toString('hex');
/** One database and role per process that has one: every subgraph, and the gateways' quota store. */
const OWNERS = [...SUBGRAPH_NAMES, 'gateway'] as const;
type Owner = (typeof OWNERS)[number];
const dbName = (owner: Owner) => `bsg_build_${owner}_${suffix}`;
const passwords = Object.fromEntries(OWNERS.map((o) => [o, secret()])) as Record<Owner, string>;
const roleUrl = (owner: Owner) => `postgres://${dbName(owner)}:${passwords[owner]}@127.0.0.1:${testPlatform().pgPort}/${dbName(owner)}`;

/** The arguments after "node" of the compose service that runs entry, pointing into our dist/. */
function composeCommand(entry: string): string[] {
  const service = Object.values(loadCompose().services).find((s) => sourceEntry(s) === entry);
  if (!service?.command) throw new Error(`docker-compose.yml has no service running ${entry}`);
  return service.command.slice(1);
}

let compiled: CompiledBuild | undefined;
const processes: Partial<Record<Owner, NodeProcess>> = {};
let gatewayUrl = '';
let opsUrl = '';

beforeAll(async () => {
  const builtAndPorts = Promise.all([buildToTemp(), freePorts(2 + SUBGRAPH_NAMES.length)]);
  await withDatabase('postgres', async (db) => {
    for (const owner of OWNERS) {
      const name = dbName(owner);
      await db.query(`CREATE ROLE ${name} LOGIN PASSWORD '${passwords[owner]}'`);
      await db.query(`CREATE DATABASE ${name} OWNER ${name}`);
      await db.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
    }
  });
  const [build, [gatewayPort, opsPort, ...subgraphPorts]] = await builtAndPorts;
  compiled = build;
  const port = Object.fromEntries(SUBGRAPH_NAMES.map((n, i) => [n, subgraphPorts[i]])) as Record<SubgraphName, number>;
  const common = {
    GATEWAY_SECRET: secret(),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${port[n]}/graphql`])),
  };
  const identityKeySecret = secret();
  for (const name of SUBGRAPH_NAMES) {
    const prefix = name.toUpperCase();
    processes[name] = spawnCompiled(compiled.appDir, composeCommand(`subgraphs/${name}/main.ts`), {
      ...common,
      SUBGRAPH_HOST: '127.0.0.1',
      [`${prefix}_PORT`]: String(port[name]),
      [`${prefix}_DATABASE_URL`]: roleUrl(name),
      ...(name === 'identity' ? { IDENTITY_KEY_SECRET: identityKeySecret } : {}),
    });
  }
  await Promise.all(SUBGRAPH_NAMES.map((name) => waitForHttpOk(`http://127.0.0.1:${port[name]}/readyz`, processes[name]!, 90_000)));
  processes.gateway = spawnCompiled(compiled.appDir, composeCommand('gateway/main.ts'), {
    ...common,
    PORT: String(gatewayPort),
    GATEWAY_HOST: '127.0.0.1',
    OPS_PORT: String(opsPort),
    OPS_HOST: '127.0.0.1',
    TRUST_PROXY_HOPS: '1',
    RATE_LIMIT_DATABASE_URL: roleUrl('gateway'),
  });
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  opsUrl = `http://127.0.0.1:${opsPort}`;
  await waitForHttpOk(`${opsUrl}/readyz`, processes.gateway, 90_000);
});

afterAll(async () => {
  await Promise.all(Object.values(processes).map((p) => stopNode(p)));
  await withDatabase('postgres', async (db) => {
    for (const owner of OWNERS) {
      await db.query(`DROP DATABASE IF EXISTS ${dbName(owner)} WITH (FORCE)`);
      await db.query(`DROP ROLE IF EXISTS ${dbName(owner)}`);
    }
  });
  compiled?.remove();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('the production build', () => {
  it('holds JavaScript with source maps and the files the code reads beside it, no TypeScript', () => {
    const dist = join(compiled!.appDir, 'dist');
    const files = filesUnder(dist);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['gateway/main.js', 'gateway/main.js.map', 'platform/probe.js', 'platform/admin.js', 'schema/supergraph.graphql', 'subgraphs/agreements/texts/terms-of-service.v1.md', 'portal/index.html', 'portal/portal-manifest.json', 'ide/index.html', 'ide/ide-manifest.json']));
    for (const name of SUBGRAPH_NAMES) expect(files).toEqual(expect.arrayContaining([`subgraphs/${name}/main.js`, `schema/${name}.graphql`]));
    const loadsTs = files.filter((f) => f.endsWith('.js') && /require\("(tsx|typescript|ts-node)[/"]/.test(readFileSync(join(dist, f), 'utf8')));
    expect(loadsTs).toEqual([]);
    // Tests, bench and the development launcher are not part of it.
    expect(files.filter((f) => /^(test|bench)\//.test(f) || f === 'platform/start.js')).toEqual([]);
  });

  it.each(SUBGRAPH_NAMES)('compiled %s migrated its empty database from JavaScript and stamped it', async (name) => {
    const { applied, stamp } = await withDatabase(dbName(name), async (db) => ({
      applied: (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id')).rows.map((r) => r.name),
      stamp: (await db.query<{ subgraph: string }>('SELECT subgraph FROM beta_environment')).rows.map((r) => r.subgraph),
    }));
    expect(applied).toEqual(migrationsOf(name).map((m) => m.name));
    expect(stamp).toEqual([name]);
  });

  it('serves a new user Bootstrap through the compiled gateway and subgraphs', async () => {
    const user = await signUpUser('build', undefined, { url: gatewayUrl });
    // The agreement texts are read from dist/subgraphs/agreements/texts at the first start.
    const accepted = await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'], { url: gatewayUrl });
    expect(accepted.compliant).toBe(true);
    const res = await gql<{ me: { id: string; email: string; channel: string; consent: { compliant: boolean }; enabledFeatures: unknown[] } }>(
      `query Bootstrap { me { id email channel consent { compliant } enabledFeatures { slug } } }`,
      {},
      { url: gatewayUrl, token: user.accessToken },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({ id: user.accountId, email: user.email, channel: 'BETA', consent: { compliant: true }, enabledFeatures: [] });
  });

  it('serves the account portal bundled into dist/portal at / from the compiled gateway, by default', async () => {
    const manifest = JSON.parse(readFileSync(join(compiled!.appDir, 'dist/portal/portal-manifest.json'), 'utf8')) as { script: string };
    const page = await fetch(gatewayUrl.replace(/\/graphql$/, '/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain(`<script src="/${manifest.script}" defer></script>`);
    const script = await fetch(gatewayUrl.replace(/\/graphql$/, `/${manifest.script}`));
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(10_000);
  });

  it('serves GraphiQL bundled into dist/ide to a browser\'s GET /graphql from the compiled gateway, by default', async () => {
    const manifest = JSON.parse(readFileSync(join(compiled!.appDir, 'dist/ide/ide-manifest.json'), 'utf8')) as { script: string };
    const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain(`<script src="${IDE_ASSET_PATH}/${manifest.script}" defer nonce="`);
    const script = await fetch(gatewayUrl.replace(/\/graphql$/, `${IDE_ASSET_PATH}/${manifest.script}`));
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('counts request quotas in the shared store, a table the gateway created as a non-superuser', async () => {
    const keys = await withDatabase(dbName('gateway'), async (db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM gateway_rate_limits')).rows[0].n);
    expect(keys).toBeGreaterThan(0);
  });

  it('has a container probe that exits 0 for a ready process and 1, with the reason, for one that does not answer', async () => {
    const probe = (url: string) => {
      const p = spawnCompiled(compiled!.appDir, ['dist/platform/probe.js', url], {});
      return p.exited.then((code) => ({ code, stderr: p.output().stderr.trim() }));
    };
    expect(await probe(`${opsUrl}/readyz`)).toEqual({ code: 0, stderr: '' });
    const [closed] = await freePorts(1);
    const down = await probe(`http://127.0.0.1:${closed}/readyz`);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(new RegExp(`^http://127.0.0.1:${closed}/readyz did not answer: .*ECONNREFUSED`));
  });

  it('stops every compiled process on SIGTERM with exit code 0 (drained, as an orchestrator expects)', async () => {
    await stopNode(processes.gateway);
    await Promise.all(SUBGRAPH_NAMES.map((name) => stopNode(processes[name])));
    const codes = Object.fromEntries(await Promise.all(OWNERS.map(async (o) => [o, await processes[o]!.exited] as const)));
    expect(codes).toEqual(Object.fromEntries(OWNERS.map((o) => [o, 0])));
  });
});
