/**
 * Timings of the request cost limits (issue 8): each attack request beside ordinary queries, N
 * times in a row after a warm-up, with the median and p90 wall time and the gateway's own CPU per
 * request (process_cpu_seconds_total from its ops listener, read before and after the N requests);
 * and a normal query's latency while five attack requests run in a loop beside it, against its
 * quiet latency. Used by `npm run bench` and by bench/attacks.ts (against any running gateway).
 */
const BODY_LIMIT = 1024 * 1024;

function fanOut(levels: number): string {
  let doc = 'query FanOut { ...F0 }\n';
  for (let i = 0; i < levels; i++) doc += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `${doc}fragment F${levels} on Query { agreements { kind } }`;
}
const aliases = (n: number, selection: string) => `query Aliases { ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
/** Repeats `unit` inside `before … after` until the JSON body is just under the 1 MB limit. */
function fill(before: string, unit: string, after: string): string {
  const room = BODY_LIMIT - JSON.stringify({ query: before + after }).length - 64;
  return before + unit.repeat(Math.floor(room / JSON.stringify(unit).slice(1, -1).length)) + after;
}

export const CASES: { name: string; query: string; normal?: boolean }[] = [
  { name: 'normal: { agreements { kind currentVersion { version } } }', query: 'query Agreements { agreements { kind currentVersion { version } } }', normal: true },
  { name: 'normal: anonymous Bootstrap (me is null)', query: 'query Bootstrap { me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }', normal: true },
  { name: 'fragment fan-out 2^24 (1 KB)', query: fanOut(24) },
  { name: '10,000 aliases of agreements { kind }', query: aliases(10_000, 'agreements { kind }') },
  { name: '5,000 aliases of agreement texts', query: aliases(5_000, 'agreements { versions { text } }') },
  { name: '2,000 aliases of me { consent }', query: aliases(2_000, 'me { consent { compliant } }') },
  { name: '1 MB of fields (tokens)', query: fill('query Fields { me { ', 'id ', '} }') },
  { name: '1 MB of nested selections (tokens)', query: fill('query Nested { me ', '{ id ', '}') },
  { name: '1 MB of directives (tokens)', query: fill('query D { me { id ', '@include(if: true) ', '} }') },
  { name: '1 MB of the same field, no aliases (tokens)', query: fill('query Same { ', 'agreements { kind } ', '}') },
  { name: '1 MB string argument (1 token; served)', query: fill('query Str { experiment(slug: "', 'a', '") { slug } }') },
  { name: '1 MB comment (no tokens; served)', query: fill('# ', 'x', '\nquery Comment { agreements { kind } }') },
  { name: '11 top-level fields', query: `query Roots { ${'agreements { kind } '.repeat(11)}}` },
  { name: 'nested 16 levels deep', query: (() => { let s = 'slug'; for (let i = 0; i < 7; i++) s = `myEnrollment { experiment { ${s} } }`; return `query Deep { experiments { ${s} } }`; })() },
  { name: 'nested pages 100 × 100 (cost)', query: 'query Costly { experiments(first: 100) { slug revisions(first: 100) { version url sha256 releasedAt } } }' },
];

async function gatewayCpuSeconds(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const match = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!match) throw new Error(`no process_cpu_seconds_total at ${metricsUrl}`);
  return Number(match[1]);
}

async function send(gatewayUrl: string, body: string): Promise<{ ms: number; outcome: string }> {
  const started = process.hrtime.bigint();
  const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string; limit?: string } }[] };
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const error = json.errors?.[0]?.extensions;
  return { ms, outcome: `${res.status} ${error ? `${error.code}${error.limit ? `/${error.limit}` : ''}` : 'data'}` };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

export interface AttackRow {
  name: string;
  bodyBytes: number;
  outcome: string;
  medianMs: number;
  p90Ms: number;
  gatewayCpuMsPerRequest: number;
  normal: boolean;
}

export async function timeAttacks(gatewayUrl: string, metricsUrl: string, runs: number): Promise<AttackRow[]> {
  const rows: AttackRow[] = [];
  for (const c of CASES) {
    const body = JSON.stringify({ query: c.query });
    if (body.length > BODY_LIMIT) throw new Error(`${c.name}: body of ${body.length} bytes is over the 1 MB limit`);
    for (let i = 0; i < 3; i++) await send(gatewayUrl, body);
    const cpuBefore = await gatewayCpuSeconds(metricsUrl);
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < runs; i++) {
      const r = await send(gatewayUrl, body);
      times.push(r.ms);
      outcome = r.outcome;
    }
    const gatewayCpuMsPerRequest = ((await gatewayCpuSeconds(metricsUrl)) - cpuBefore) * 1000 / runs;
    rows.push({ name: c.name, bodyBytes: body.length, outcome, medianMs: quantile(times, 0.5), p90Ms: quantile(times, 0.9), gatewayCpuMsPerRequest, normal: Boolean(c.normal) });
  }
  return rows;
}

export function formatAttackRows(rows: AttackRow[]): string {
  const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`);
  const table = [['case', 'body', 'answer', 'median ms', 'p90 ms', 'gateway CPU ms/request'],
    ...rows.map((r) => [r.name, size(r.bodyBytes), r.outcome, r.medianMs.toFixed(1), r.p90Ms.toFixed(1), r.gatewayCpuMsPerRequest.toFixed(1)])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return table.map((row, i) => [row.map((cell, j) => (j === 0 || j === 2 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '),
    ...(i === 0 ? [widths.map((w) => '-'.repeat(w)).join('  ')] : [])].join('\n')).join('\n');
}

export interface UnderAttack {
  requests: number;
  quietP50Ms: number;
  quietP99Ms: number;
  attackedP50Ms: number;
  attackedP99Ms: number;
  attacksSent: number;
}

/** The normal query, sequentially, quiet and then with five attack loops running beside it. */
export async function normalUnderAttack(gatewayUrl: string, normal: { query: string; headers?: Record<string, string> }, requests: number): Promise<UnderAttack> {
  const body = JSON.stringify({ query: normal.query });
  const run = async () => {
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = process.hrtime.bigint();
      await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...normal.headers }, body }).then((r) => r.arrayBuffer());
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return times;
  };
  await run(); // warm-up
  const quiet = await run();
  const attackBodies = CASES.filter((c) => !c.normal && !c.name.includes('served')).slice(0, 5).map((c) => JSON.stringify({ query: c.query }));
  let attacking = true;
  let attacksSent = 0;
  const loops = attackBodies.map(async (attack) => {
    while (attacking) {
      await send(gatewayUrl, attack);
      attacksSent++;
    }
  });
  const attacked = await run();
  attacking = false;
  await Promise.all(loops);
  return {
    requests, attacksSent,
    quietP50Ms: quantile(quiet, 0.5), quietP99Ms: quantile(quiet, 0.99),
    attackedP50Ms: quantile(attacked, 0.5), attackedP99Ms: quantile(attacked, 0.99),
  };
}
