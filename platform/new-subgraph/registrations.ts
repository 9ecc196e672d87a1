/**
 * The edits that register a new subgraph in files other than its own: pure text in, text out, each
 * at a marker line. A missing marker stops the generator before anything is written, naming the
 * file and the line it looked for (the file changed shape: add the lines by hand, or update this).
 */

export class MissingMarkerError extends Error {
  override name = 'MissingMarkerError';
}

function insertAt(text: string, file: string, marker: string | RegExp, insertion: string, where: 'before' | 'after'): string {
  const match = typeof marker === 'string' ? { index: text.indexOf(marker), length: marker.length } : (() => {
    const m = marker.exec(text);
    return { index: m ? m.index : -1, length: m ? m[0].length : 0 };
  })();
  if (match.index < 0) throw new MissingMarkerError(`${file} has no ${String(marker)} to add the new subgraph ${where}`);
  const at = where === 'before' ? match.index : match.index + match.length;
  return text.slice(0, at) + insertion + text.slice(at);
}

/** common/subgraph-registry.ts: one declaration line at the end of SUBGRAPHS. */
export function registerDeclaration(registry: string, line: string): string {
  return insertAt(registry, 'common/subgraph-registry.ts', /^\} as const satisfies Record<string, SubgraphDeclaration>;$/m, `${line}\n`, 'before');
}

export interface ComposeAddition {
  name: string;
  NAME: string;
  port: number;
  /** The rendered service and database blocks (platform/templates/subgraph/compose-*.yml.tpl). */
  service: string;
  database: string;
}

/**
 * docker-compose.yml: the subgraph's URL for the gateways (and the subgraphs that read entities),
 * the gateways' start order, the subgraph's service, its PostgreSQL server and that server's volume.
 */
export function addToCompose(compose: string, add: ComposeAddition): string {
  const file = 'docker-compose.yml';
  let text = insertAt(compose, file, /^x-subgraph-urls: &subgraph-urls\n(?: {2}\S.*\n)+/m, `  ${add.NAME}_URL: http://${add.name}:${add.port}/graphql\n`, 'after');
  // New subgraphs are optional: the gateways start without waiting for them to be healthy.
  text = insertAt(text, file, /^ {4}ratelimit-db: \{ condition: service_healthy \}$/m, `    ${add.name}: { condition: service_started }\n`, 'before');
  text = insertAt(text, file, /^ {2}# deploy\/postgres-init\.sh runs once/m, add.service, 'before');
  text = insertAt(text, file, /^ {2}# The gateways' request quotas/m, add.database, 'before');
  return insertAt(text, file, /^ {2}ratelimit-data:$/m, `  ${add.name}-data:\n`, 'before');
}

/** .env.example: the password of the subgraph's database role, next to the others. */
export function addToEnvExample(envExample: string, NAME: string): string {
  return insertAt(envExample, '.env.example', /^# The gateways' role in the shared rate-limit database/m, `${NAME}_DB_PASSWORD=replace-with-openssl-rand-hex-32\n`, 'before');
}

/** ops/prometheus.yml: the subgraph's /metrics in the beta-subgraphs scrape job. */
export function addScrapeTarget(prometheus: string, name: string, port: number): string {
  return insertAt(prometheus, 'ops/prometheus.yml', /job_name: beta-subgraphs\n(?:.*\n)*? *- targets: \[[^\]]*/, `, "${name}:${port}"`, 'after');
}

/**
 * test/e2e/authorization.test.ts: the template's own decisions for its fields, so the schema walk
 * (which fails on a field without a decision) holds them to what the template implements.
 */
export function addAuthorizationDecisions(testFile: string, decisions: string): string {
  return insertAt(testFile, 'test/e2e/authorization.test.ts', /^ {2}\/\/ Account: personal data$/m, decisions, 'before');
}

/** test/e2e/input-fuzz.test.ts: arguments that would succeed, for the fuzz to break one at a time. */
export function addFuzzBaseArgs(testFile: string, entry: string): string {
  return insertAt(testFile, 'test/e2e/input-fuzz.test.ts', /\n\};\n\nconst identifier: LeafKind/, `\n${entry}`, 'before');
}
