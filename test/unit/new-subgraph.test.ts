/**
 * The pure parts of `npm run new-subgraph`: which names it takes, which port offset it picks, how
 * it fills the template and registers the subgraph in the files it edits (planned in memory
 * against this checkout's real files), and that a failure after writing puts every file back.
 * test/launcher/new-subgraph.test.ts runs the whole generator in a copy of the checkout.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RESERVED_PORT_OFFSETS, SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { nameProblem, namesOf, nextPortOffset } from '../../platform/new-subgraph/names';
import { render } from '../../platform/new-subgraph/template';
import { addScrapeTarget, addToEnvExample, MissingMarkerError, registerDeclaration } from '../../platform/new-subgraph/registrations';
import { planSubgraph } from '../../platform/new-subgraph/plan';
import { composeWithNewSubgraph, brokenClientOperations } from '../../platform/new-subgraph/checks';
import { writeChanges } from '../../platform/new-subgraph/write';
import { sourceDigest } from '../support/project-copy';

const ROOT = resolve(__dirname, '../..');
// A name no subgraph has (this checkout may already hold generated ones).
const FREE = ['polls', 'tallies', 'ballots'].find((n) => !(SUBGRAPH_NAMES as string[]).includes(n))!;
const { Name: FREE_NAME, NAME: FREE_ENV } = namesOf(FREE);

describe('new-subgraph names', () => {
  it('takes lower-case letters that no subgraph or platform part uses', () => {
    expect(nameProblem(FREE, SUBGRAPH_NAMES)).toBeNull();
    expect(nameProblem(undefined, SUBGRAPH_NAMES)).toMatch(/^name the subgraph/);
    expect(nameProblem('experiments', SUBGRAPH_NAMES)).toMatch(/already a subgraph/);
    expect(nameProblem('ratelimit', SUBGRAPH_NAMES)).toMatch(/already used by the platform/);
    for (const bad of ['Surveys', 'sur-veys', 'sur_veys', 'survey2', 'ünï']) expect(nameProblem(bad, SUBGRAPH_NAMES)).toMatch(/lower-case letters a-z only/);
    expect(nameProblem('ab', SUBGRAPH_NAMES)).toMatch(/use 3 to 30/);
    expect(namesOf('surveys')).toEqual({ name: 'surveys', Name: 'Surveys', NAME: 'SURVEYS' });
  });

  it('picks the smallest free port offset, never the gateway\'s ops listener (PORT + 10)', () => {
    expect(nextPortOffset([1, 2, 3, 4], RESERVED_PORT_OFFSETS)).toBe(5);
    expect(nextPortOffset([1, 3], RESERVED_PORT_OFFSETS)).toBe(2);
    expect(nextPortOffset([1, 2, 3, 4, 5, 6, 7, 8, 9], RESERVED_PORT_OFFSETS)).toBe(11);
  });
});

describe('the template', () => {
  it('fills every placeholder, and refuses one it has no value for', () => {
    expect(render('type {{Name}}State @key { {{name}}: ID }', { name: 'polls', Name: 'Polls' })).toBe('type PollsState @key { polls: ID }');
    expect(render('${{{NAME}}_DB_PASSWORD:?set it}', { NAME: 'POLLS' })).toBe('${POLLS_DB_PASSWORD:?set it}');
    expect(() => render('{{name}} {{port}}', { name: 'polls' })).toThrow('template placeholder {{port}} has no value');
  });
});

describe('a planned subgraph (in memory, against this checkout)', () => {
  const plan = planSubgraph(ROOT, FREE, 5, new Date(Date.UTC(2030, 0, 1)));
  const content = (path: string) => plan.changes.find((c) => c.path === path)?.content ?? '';

  it('composes with the registered subgraphs, and every client operation still validates', () => {
    const composed = composeWithNewSubgraph(FREE, plan.port, plan.sdl);
    if (!composed.ok) throw new Error(composed.errors.join('\n'));
    expect(composed.supergraphSdl).toContain(`${FREE}: ${FREE_NAME}State @join__field(graph: ${FREE_ENV})`);
    expect(brokenClientOperations(composed.supergraphSdl)).toEqual([]);
  });

  it('declares it in one registry line and adds its compose services, secrets and scrape target', () => {
    const registry = content('common/subgraph-registry.ts');
    expect(registry).toContain(`  ${FREE}: { portOffset: 5, critical: false, tier: 'BETA', database: 'beta_${FREE}', holdsAccountData: true },\n} as const satisfies`);
    type Service = { environment?: Record<string, string>; command?: string[]; depends_on?: Record<string, unknown> };
    const compose = parseYaml(content('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
    expect(compose.services[FREE].command).toEqual(['node', '--enable-source-maps', `dist/subgraphs/${FREE}/main.js`]);
    expect(compose.services[FREE].environment).toMatchObject({
      [`${FREE_ENV}_PORT`]: '4005', SUBGRAPH_HOST: '0.0.0.0',
      [`${FREE_ENV}_DATABASE_URL`]: `postgres://${FREE}:\${${FREE_ENV}_DB_PASSWORD:?set ${FREE_ENV}_DB_PASSWORD in the env file}@${FREE}-db:5432/beta_${FREE}`,
    });
    expect(compose.services[`${FREE}-db`].environment).toMatchObject({ APP_ROLE: FREE, APP_DATABASE: `beta_${FREE}` });
    expect(compose.services['gateway-1'].environment?.[`${FREE_ENV}_URL`]).toBe(`http://${FREE}:4005/graphql`);
    expect(compose.services['gateway-1'].depends_on).toMatchObject({ [FREE]: { condition: 'service_started' } });
    expect(Object.keys(compose.volumes)).toContain(`${FREE}-data`);
    expect(content('.env.example')).toContain(`\n${FREE_ENV}_DB_PASSWORD=replace-with-openssl-rand-hex-32\n`);
    expect(content('ops/prometheus.yml')).toContain(`, "${FREE}:4005"]`);
    expect(content('test/e2e/authorization.test.ts')).toContain(`'Account.${FREE}': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },`);
    expect(content('test/e2e/input-fuzz.test.ts')).toContain(`  set${FREE_NAME}Note: () => ({ text: 'Written by the fuzz test.' }),\n};`);
  });

  it('creates its process, domain, hooks, SDL, migrations with the beta stamp, e2e test and coverage fixture', () => {
    expect(plan.changes.filter((c) => c.created).map((c) => c.path)).toEqual([
      `subgraphs/${FREE}/main.ts`, `subgraphs/${FREE}/context.ts`, `subgraphs/${FREE}/resolvers.ts`, `subgraphs/${FREE}/notes.ts`,
      `subgraphs/${FREE}/account-data.ts`, `schema/${FREE}.graphql`, `migrations/${FREE}/index.ts`, `migrations/${FREE}/1893456000000-${FREE_NAME}Init.ts`,
      `test/e2e/${FREE}.test.ts`, `test/support/account-fixtures/${FREE}.ts`,
    ]);
    expect(content(`migrations/${FREE}/1893456000000-${FREE_NAME}Init.ts`)).toContain(`await writeBetaStamp(q, '${FREE}');`);
    expect(content(`subgraphs/${FREE}/main.ts`)).toContain(`accountData: ${FREE}AccountData,`);
    expect(plan.changes.every((c) => !c.content.includes('{{'))).toBe(true);
  });
});

describe('registering in a file that changed shape', () => {
  it('stops before writing, naming the file and the line it looked for', () => {
    expect(() => registerDeclaration('export const SUBGRAPHS = {};', 'x')).toThrow(MissingMarkerError);
    expect(() => addToEnvExample('GATEWAY_SECRET=x\n', 'POLLS')).toThrow(/^\.env\.example has no .*rate-limit database/);
    expect(() => addScrapeTarget('scrape_configs: []\n', 'polls', 4005)).toThrow(/ops\/prometheus\.yml has no/);
  });
});

describe('writing a plan', () => {
  it('puts every file back, created ones removed, when a later step fails', () => {
    const root = mkdtempSync(join(tmpdir(), 'bsg-new-subgraph-'));
    try {
      mkdirSync(join(root, 'schema'));
      writeFileSync(join(root, 'schema/supergraph.graphql'), 'old supergraph');
      writeFileSync(join(root, 'registry.ts'), 'old registry');
      const before = sourceDigest(root);
      const undo = writeChanges(root, [
        { path: 'registry.ts', content: 'new registry', created: false },
        { path: 'subgraphs/polls/main.ts', content: 'new', created: true },
      ], ['schema/supergraph.graphql']);
      writeFileSync(join(root, 'schema/supergraph.graphql'), 'recomposed');
      expect(readFileSync(join(root, 'subgraphs/polls/main.ts'), 'utf8')).toBe('new');
      undo.restore();
      expect(sourceDigest(root)).toEqual(before);
      expect(() => readFileSync(join(root, 'subgraphs/polls/main.ts'))).toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
