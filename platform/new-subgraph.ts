/**
 * `npm run new-subgraph -- NAME`: a working experiment subgraph from platform/templates/subgraph —
 * its process, resolvers, a small domain module and erase/export hooks, its SDL (a field on
 * Account and a mutation), its migrations with the beta stamp, an e2e test — registered in
 * common/subgraph-registry.ts (which gives it a port, a database and role, secrets, a place in the
 * gateway, the deletion saga and the export), in docker-compose.yml, .env.example, the Prometheus
 * scrape job and the schema-walking tests. It composes the supergraph with the new SDL and checks
 * the registered client operations first, and writes nothing when either fails; then it runs
 * `npm run compose` and `npm run codegen`. docs/ADDING_A_SUBGRAPH.md walks through it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { RESERVED_PORT_OFFSETS, SUBGRAPH_NAMES, SUBGRAPHS } from '../common/subgraph-registry';
import { nameProblem, nextPortOffset } from './new-subgraph/names';
import { planSubgraph, type SubgraphPlan } from './new-subgraph/plan';
import { brokenClientOperations, composeWithNewSubgraph } from './new-subgraph/checks';
import { writeChanges } from './new-subgraph/write';

const ROOT = resolve(__dirname, '..');
const USAGE = 'Usage: npm run new-subgraph -- NAME   (NAME: lower-case letters, e.g. surveys; see docs/ADDING_A_SUBGRAPH.md)';

class Refusal extends Error {}

/** `npm run <script>`'s command, run as a child: it must load the registry as just written. */
function runScript(script: string, label: string): void {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Refusal(`${label} failed, so every file was put back as it was:\n${stderr || stdout}`);
  }
}

function plan(name: string | undefined): SubgraphPlan {
  const problem = nameProblem(name, SUBGRAPH_NAMES);
  if (problem) throw new Refusal(`${problem}\n${USAGE}`);
  const offset = nextPortOffset(SUBGRAPH_NAMES.map((n) => SUBGRAPHS[n].portOffset), RESERVED_PORT_OFFSETS);
  try {
    return planSubgraph(ROOT, name!, offset, new Date());
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\nNothing was written.`);
  }
}

function generate(args: string[]): SubgraphPlan {
  if (args.length > 1) throw new Refusal(`One name at a time, got: ${args.join(' ')}\n${USAGE}`);
  const planned = plan(args[0]);
  const composed = composeWithNewSubgraph(planned.names.name, planned.port, planned.sdl);
  if (!composed.ok) {
    throw new Refusal(`Composition failed with the new ${planned.names.name} subgraph, so nothing was written:\n${composed.errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  const broken = brokenClientOperations(composed.supergraphSdl);
  if (broken.length) {
    throw new Refusal(`The new ${planned.names.name} subgraph breaks registered client operations (client/operations), so nothing was written:\n${broken.map((e) => `  - ${e}`).join('\n')}`);
  }
  const generated = readdirSync(resolve(ROOT, 'client/generated')).map((file) => `client/generated/${file}`);
  const undo = writeChanges(ROOT, planned.changes, ['schema/supergraph.graphql', ...generated]);
  try {
    runScript('schema/compose.ts', 'npm run compose');
    runScript('client/codegen/main.ts', 'npm run codegen');
  } catch (error) {
    undo.restore();
    throw error;
  }
  return planned;
}

function report(planned: SubgraphPlan): string {
  const { name } = planned.names;
  const listed = (created: boolean) => planned.changes.filter((c) => c.created === created).map((c) => `  ${c.path}`).join('\n');
  return [
    `Added the ${name} subgraph: port PORT+${planned.portOffset} (${planned.port}), database ${planned.database}, optional, BETA tier, holds account data.`,
    `Created:\n${listed(true)}`,
    `Registered in:\n${listed(false)}`,
    '  schema/supergraph.graphql, client/generated/ (npm run compose, npm run codegen)',
    'Next: npx tsc --noEmit, then `npx jest test/e2e/' + name + '.test.ts` and `npm test`; `npm start` serves it.',
    'Then make it the experiment\'s own: docs/ADDING_A_SUBGRAPH.md.',
  ].join('\n');
}

try {
  process.stdout.write(`${report(generate(process.argv.slice(2)))}\n`);
} catch (error) {
  const message = error instanceof Refusal ? error.message : `new-subgraph failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
