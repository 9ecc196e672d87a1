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

describe('new-subgraph names', () => {
  it('takes lower-case letters that no subgraph or platform part uses', () => {
    expect(nameProblem('surveys', SUBGRAPH_NAMES)).toBeNull();
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
  const plan = planSubgraph(ROOT, 'polls', 5, new Date(Date.UTC(2030, 0, 1)));
  const content = (path: string) => plan.changes.find((c) => c.path === path)?.content ?? '';

  it('composes with the registered subgraphs, and every client operation still validates', () => {
    const composed = composeWithNewSubgraph('polls', plan.port, plan.sdl);
    if (!composed.ok) throw new Error(composed.errors.join('\n'));
    expect(composed.supergraphSdl).toContain('polls: PollsState @join__field(graph: POLLS)');
    expect(brokenClientOperations(composed.supergraphSdl)).toEqual([]);
  });

  it('declares it in one registry line and adds its compose services, secrets and scrape target', () => {
    const registry = content('common/subgraph-registry.ts');
    expect(registry).toContain("  polls: { portOffset: 5, critical: false, tier: 'BETA', database: 'beta_polls', holdsAccountData: true },\n} as const satisfies");
    const compose = parseYaml(content('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string>; command?: string[]; depends_on?: Record<string, unknown> }>; volumes: Record<string, unknown> };
    expect(compose.services.polls.command).toEqual(['node', '--enable-source-maps', 'dist/subgraphs/polls/main.js']);
    expect(compose.services.polls.environment).toMatchObject({
      POLLS_PORT: '4005', SUBGRAPH_HOST: '0.0.0.0',
      POLLS_DATABASE_URL: 'postgres://polls:${POLLS_DB_PASSWORD:?set POLLS_DB_PASSWORD in the env file}@polls-db:5432/beta_polls',
    });
    expect(compose.services['polls-db'].environment).toMatchObject({ APP_ROLE: 'polls', APP_DATABASE: 'beta_polls' });
    expect(compose.services['gateway-1'].environment?.POLLS_URL).toBe('http://polls:4005/graphql');
    expect(compose.services['gateway-1'].depends_on).toMatchObject({ polls: { condition: 'service_started' } });
    expect(Object.keys(compose.volumes)).toContain('polls-data');
    expect(content('.env.example')).toMatch(/^POLLS_DB_PASSWORD=replace-with-openssl-rand-hex-32$/m);
    expect(content('ops/prometheus.yml')).toContain('"feedback:4004", "polls:4005"]');
    expect(content('test/e2e/authorization.test.ts')).toContain("'Account.polls': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },");
    expect(content('test/e2e/input-fuzz.test.ts')).toContain("  setPollsNote: () => ({ text: 'Written by the fuzz test.' }),\n};");
  });

  it('creates its process, domain, hooks, SDL, migrations with the beta stamp, e2e test and coverage fixture', () => {
    expect(plan.changes.filter((c) => c.created).map((c) => c.path)).toEqual([
      'subgraphs/polls/main.ts', 'subgraphs/polls/context.ts', 'subgraphs/polls/resolvers.ts', 'subgraphs/polls/notes.ts',
      'subgraphs/polls/account-data.ts', 'schema/polls.graphql', 'migrations/polls/index.ts', 'migrations/polls/1893456000000-PollsInit.ts',
      'test/e2e/polls.test.ts', 'test/support/account-fixtures/polls.ts',
    ]);
    expect(content('migrations/polls/1893456000000-PollsInit.ts')).toContain("await writeBetaStamp(q, 'polls');");
    expect(content('subgraphs/polls/main.ts')).toContain('accountData: pollsAccountData,');
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
