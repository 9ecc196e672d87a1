/**
 * `npm run new-subgraph -- NAME` in a throwaway copy of the checkout: a name that is taken or
 * malformed, or a subgraph whose schema does not compose, is refused with the reason (the
 * composition errors) and writes nothing; a good name gives a subgraph that type-checks, passes its
 * generated e2e test and the checks every subgraph must pass (composition, client operations,
 * authorization decisions, account-data coverage, the compose file) on the copy's own test
 * platform, and is served by the copy's `npm start`: its field answers through the gateway, the
 * gateway's readiness probes it, and deleting an account erases its rows in the new database.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { RESERVED_PORT_OFFSETS, SUBGRAPH_NAMES, SUBGRAPHS } from '../../common/subgraph-registry';
import { namesOf, nextPortOffset } from '../../platform/new-subgraph/names';
import { freePorts } from '../support/free-port';
import { gql, signUpUser, type TestUser } from '../support/graphql-client';
import { ok } from '../support/experiments';
import { removeDir, scratchDataDir, startLauncher, stopLauncher, type Launcher } from '../support/launcher';
import { copyProject, runNodeIn, sourceDigest, type ProjectCopy } from '../support/project-copy';

jest.setTimeout(600_000);

// A name no subgraph has yet (this checkout may already hold a generated one).
const NAME = ['surveys', 'polls', 'quizzes', 'ballots'].find((n) => !(SUBGRAPH_NAMES as string[]).includes(n))!;
const { Name } = namesOf(NAME);
const OFFSET = nextPortOffset(SUBGRAPH_NAMES.map((n) => SUBGRAPHS[n].portOffset), RESERVED_PORT_OFFSETS);
const generator = (project: string, args: string[]) => runNodeIn(project, ['--import', 'tsx', 'platform/new-subgraph.ts', ...args], 120_000);

let copy: ProjectCopy;
let launcher: Launcher | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  copy = await copyProject('new-subgraph-');
});

afterAll(async () => {
  await stopLauncher(launcher);
  if (process.env.KEEP_TEST_DATA === '1') {
    console.log(`new-subgraph copy kept in ${copy.dir}`);
  } else {
    if (dataDir) removeDir(dataDir);
    if (copy) removeDir(copy.dir);
  }
});

describe('npm run new-subgraph', () => {
  it('refuses a name that is missing, taken, reserved or not lower-case letters, and writes nothing', async () => {
    const before = sourceDigest(copy.project);
    const refusals: [string[], RegExp][] = [
      [[], /name the subgraph: npm run new-subgraph -- NAME/],
      [['feedback'], /"feedback" is already a subgraph/],
      [['Surveys'], /use lower-case letters a-z only/],
      [['gateway'], /"gateway" is already used by the platform/],
      [[NAME, 'other'], /One name at a time/],
    ];
    for (const [args, reason] of refusals) {
      const run = await generator(copy.project, args);
      expect({ args, code: run.code, reason: reason.test(run.output) }).toEqual({ args, code: 1, reason: true });
    }
    expect(sourceDigest(copy.project)).toEqual(before);
  });

  it('refuses a subgraph whose schema does not compose, printing the composition errors, and writes nothing', async () => {
    const before = sourceDigest(copy.project);
    // The template's field on Account takes the subgraph's name: agreements already owns Account.consent.
    const run = await generator(copy.project, ['consent']);
    expect(run.code).toBe(1);
    expect(run.output).toContain('Composition failed with the new consent subgraph, so nothing was written:');
    expect(run.output).toMatch(/^ {2}- Non-shareable field "Account\.consent" is resolved from multiple subgraphs/m);
    expect(sourceDigest(copy.project)).toEqual(before);
  });

  it('writes a subgraph that type-checks and passes its own e2e test and the checks every subgraph must pass', async () => {
    const before = sourceDigest(copy.project);
    const run = await generator(copy.project, [NAME]);
    if (run.code !== 0) throw new Error(run.output);
    expect(run.output).toContain(`Added the ${NAME} subgraph: port PORT+${OFFSET} (${4000 + OFFSET}), database beta_${NAME}`);

    const after = sourceDigest(copy.project);
    const created = Object.keys(after).filter((path) => !(path in before)).sort();
    expect(created).toEqual(expect.arrayContaining([
      `subgraphs/${NAME}/main.ts`, `subgraphs/${NAME}/resolvers.ts`, `subgraphs/${NAME}/notes.ts`, `subgraphs/${NAME}/account-data.ts`,
      `schema/${NAME}.graphql`, `migrations/${NAME}/index.ts`, `test/e2e/${NAME}.test.ts`, `test/support/account-fixtures/${NAME}.ts`,
    ]));
    expect(created.filter((path) => path.startsWith(`migrations/${NAME}/`) && /-\w+Init\.ts$/.test(path))).toHaveLength(1);
    const changed = Object.keys(before).filter((path) => after[path] !== before[path]).sort();
    expect(changed).toEqual([
      '.env.example', 'common/subgraph-registry.ts', 'docker-compose.yml', 'ops/prometheus.yml', 'schema/supergraph.graphql',
      'test/e2e/authorization.test.ts', 'test/e2e/input-fuzz.test.ts',
    ]);
    // One line declares it.
    const registry = readFileSync(join(copy.project, 'common/subgraph-registry.ts'), 'utf8');
    expect(registry.split('\n').filter((line) => line.includes(NAME))).toEqual([
      `  ${NAME}: { portOffset: ${OFFSET}, critical: false, tier: 'BETA', database: 'beta_${NAME}', holdsAccountData: true },`,
    ]);

    const tsc = await runNodeIn(copy.project, ['node_modules/typescript/bin/tsc', '--noEmit'], 300_000);
    if (tsc.code !== 0) throw new Error(`the generated subgraph does not type-check:\n${tsc.output}`);

    // One jest run in the copy: its globalSetup starts the copy's test platform, five subgraphs.
    const tests = [
      `test/e2e/${NAME}.test.ts`, 'test/e2e/account-data-coverage.test.ts', 'test/e2e/authorization.test.ts', 'test/unit/composition.test.ts',
      'test/unit/client-operations.test.ts', 'test/unit/subgraph-registry.test.ts', 'test/deploy/compose-environment.test.ts',
    ];
    const jest = await runNodeIn(copy.project, ['node_modules/jest/bin/jest.js', '--ci', '--verbose', ...tests], 480_000);
    if (jest.code !== 0) throw new Error(`tests fail in the copy with the generated subgraph:\n${jest.output}`);
    expect(jest.output).toMatch(/Test Suites: 7 passed, 7 total/);
    expect(jest.output).toContain(`account data of the ${NAME} subgraph`);
  });

  it('is served by npm start: its field answers through the gateway, readiness probes it, and account deletion erases its rows', async () => {
    expect(existsSync(join(copy.project, `subgraphs/${NAME}/main.ts`))).toBe(true);
    const names = [...SUBGRAPH_NAMES, NAME];
    const [gatewayPort, pgPort, opsPort, ...subgraphPorts] = await freePorts(3 + names.length);
    dataDir = scratchDataDir('bsg-new-subgraph-');
    launcher = startLauncher({
      DATA_DIR: dataDir, PORT: String(gatewayPort), PG_PORT: String(pgPort), OPS_PORT: String(opsPort),
      ...Object.fromEntries(names.map((name, i) => [`${name.toUpperCase()}_PORT`, String(subgraphPorts[i])])),
    }, copy.project);
    await launcher.ready;
    const url = `http://127.0.0.1:${gatewayPort}/graphql`;

    const user: TestUser = await signUpUser(NAME, undefined, { url });
    const as = { token: user.accessToken, url };
    ok(await gql(`mutation ($text: String!) { set${Name}Note(text: $text) { note } }`, { text: 'From npm start' }, as));
    const me = ok(await gql<{ me: Record<string, unknown> }>(`{ me { id ${NAME} { note } } }`, {}, as)).me;
    expect(me).toEqual({ id: user.accountId, [NAME]: { note: 'From npm start' } });

    const readiness = (await (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).json()) as { subgraphs: { subgraph: string; ready: boolean; critical: boolean }[] };
    expect(readiness.subgraphs.map((s) => s.subgraph)).toEqual(names);
    expect(readiness.subgraphs.find((s) => s.subgraph === NAME)).toEqual({ subgraph: NAME, critical: false, ready: true });

    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { postgresPassword: string };
    const notes = async () => {
      const client = new Client({ connectionString: `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/beta_${NAME}` });
      await client.connect();
      try {
        return Number((await client.query(`SELECT count(*) FROM notes WHERE account_id = $1`, [user.accountId])).rows[0].count);
      } finally {
        await client.end();
      }
    };
    expect(await notes()).toBe(1);
    expect(ok(await gql<{ deleteAccount: boolean }>(`mutation ($p: String!) { deleteAccount(password: $p) }`, { p: user.password }, as)).deleteAccount).toBe(true);
    expect(await notes()).toBe(0);
  });
});
