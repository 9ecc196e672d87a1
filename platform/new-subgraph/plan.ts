/**
 * Everything `npm run new-subgraph -- NAME` would write, computed in memory: the new subgraph's own
 * files from the template, and the edits that register it elsewhere. Nothing touches the disk here,
 * so a failed check afterwards leaves the checkout as it was.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_GATEWAY_PORT } from '../../common/subgraph-registry';
import { namesOf, type SubgraphNames } from './names';
import { readTemplate, render } from './template';
import { addAuthorizationDecisions, addFuzzBaseArgs, addScrapeTarget, addToCompose, addToEnvExample, registerDeclaration } from './registrations';

export interface FileChange {
  /** Relative to the project root. */
  path: string;
  content: string;
  /** Absent before: the generator creates it (otherwise it edits it). */
  created: boolean;
}

export interface SubgraphPlan {
  names: SubgraphNames;
  portOffset: number;
  /** Its default port (PORT's default + offset): compose and the scrape job use it. */
  port: number;
  database: string;
  /** The new subgraph's SDL, composed with the others before anything is written. */
  sdl: string;
  changes: FileChange[];
}

/** Example note length of the template's domain rule. */
const MAX_NOTE_LENGTH = 500;

/** Template file → where it goes. */
const OWN_FILES: [template: string, target: (n: SubgraphNames, migrationTime: string) => string][] = [
  ['main.ts.tpl', (n) => `subgraphs/${n.name}/main.ts`],
  ['context.ts.tpl', (n) => `subgraphs/${n.name}/context.ts`],
  ['resolvers.ts.tpl', (n) => `subgraphs/${n.name}/resolvers.ts`],
  ['notes.ts.tpl', (n) => `subgraphs/${n.name}/notes.ts`],
  ['account-data.ts.tpl', (n) => `subgraphs/${n.name}/account-data.ts`],
  ['schema.graphql.tpl', (n) => `schema/${n.name}.graphql`],
  ['migrations-index.ts.tpl', (n) => `migrations/${n.name}/index.ts`],
  ['migration-init.ts.tpl', (n, time) => `migrations/${n.name}/${time}-${n.Name}Init.ts`],
  ['e2e.test.ts.tpl', (n) => `test/e2e/${n.name}.test.ts`],
  ['account-fixture.ts.tpl', (n) => `test/support/account-fixtures/${n.name}.ts`],
];

export function planSubgraph(root: string, name: string, portOffset: number, now: Date): SubgraphPlan {
  const names = namesOf(name);
  const port = DEFAULT_GATEWAY_PORT + portOffset;
  const database = `beta_${name}`;
  const migrationTime = String(now.getTime());
  const values = { ...names, port: String(port), portOffset: String(portOffset), database, migrationTime, maxNoteLength: String(MAX_NOTE_LENGTH) };
  const fill = (template: string) => render(readTemplate(template), values);
  const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

  const own: FileChange[] = OWN_FILES.map(([template, target]) => {
    const path = target(names, migrationTime);
    if (existsSync(resolve(root, path))) throw new Error(`${path} already exists: remove it first, or choose another name`);
    return { path, content: fill(template), created: true };
  });
  const edit = (path: string, change: (text: string) => string): FileChange => ({ path, content: change(read(path)), created: false });
  const edits: FileChange[] = [
    edit('common/subgraph-registry.ts', (text) => registerDeclaration(text, fill('registry-line.ts.tpl').trimEnd())),
    edit('docker-compose.yml', (text) =>
      addToCompose(text, { name, NAME: names.NAME, port, service: fill('compose-service.yml.tpl'), database: fill('compose-database.yml.tpl') })),
    edit('.env.example', (text) => addToEnvExample(text, names.NAME)),
    edit('ops/prometheus.yml', (text) => addScrapeTarget(text, name, port)),
    edit('test/e2e/authorization.test.ts', (text) => addAuthorizationDecisions(text, fill('authorization-decisions.ts.tpl'))),
    edit('test/e2e/input-fuzz.test.ts', (text) => addFuzzBaseArgs(text, fill('fuzz-base-args.ts.tpl').trimEnd())),
  ];
  const sdl = own.find((f) => f.path === `schema/${name}.graphql`)!.content;
  return { names, portOffset, port, database, sdl, changes: [...own, ...edits] };
}
