/**
 * Times the request cost limits against a running gateway: each attack request (the ones issue 8
 * measured, and the largest bodies the 1 MB limit lets through) beside ordinary queries, N times in
 * a row after a warm-up. Reports per request the median and p90 wall time seen by this client and
 * the gateway's own CPU time (from its /metrics `process_cpu_seconds_total`, read before and after
 * the N requests; the one scrape per N requests is included). Not part of `npm test`.
 *
 *   GATEWAY_URL=http://localhost:4600/graphql node --import tsx bench/attacks.ts
 *   (GATEWAY_OPS_URL=http://127.0.0.1:4610 when the ops listener is not on the public port + 10)
 *
 * BENCH_ATTACK_RUNS (default 20) sets N.
 */
const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
const RUNS = Number(process.env.BENCH_ATTACK_RUNS ?? 20);
/** The gateway's ops listener serves /metrics (OPS_PORT, by default the public port + 10). */
const METRICS_URL = process.env.GATEWAY_OPS_URL
  ? `${process.env.GATEWAY_OPS_URL}/metrics`
  : (() => {
      const url = new URL(GATEWAY_URL);
      return `${url.protocol}//127.0.0.1:${Number(url.port || 80) + 10}/metrics`;
    })();
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

const CASES: { name: string; query: string; normal?: boolean }[] = [
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

async function gatewayCpuSeconds(): Promise<number> {
  const text = await (await fetch(METRICS_URL)).text();
  const match = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!match) throw new Error(`no process_cpu_seconds_total at ${METRICS_URL}`);
  return Number(match[1]);
}

async function send(body: string): Promise<{ ms: number; outcome: string }> {
  const started = process.hrtime.bigint();
  const res = await fetch(GATEWAY_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string; limit?: string } }[] };
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const error = json.errors?.[0]?.extensions;
  return { ms, outcome: `${res.status} ${error ? `${error.code}${error.limit ? `/${error.limit}` : ''}` : 'data'}` };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main() {
  console.log(`gateway ${GATEWAY_URL}, ${RUNS} requests per case after 3 warm-up requests\n`);
  const rows: string[][] = [['case', 'body', 'answer', 'median ms', 'p90 ms', 'gateway CPU ms/request']];
  for (const c of CASES) {
    const body = JSON.stringify({ query: c.query });
    if (body.length > BODY_LIMIT) throw new Error(`${c.name}: body of ${body.length} bytes is over the 1 MB limit`);
    for (let i = 0; i < 3; i++) await send(body);
    const cpuBefore = await gatewayCpuSeconds();
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < RUNS; i++) ({ outcome } = await send(body).then((r) => (times.push(r.ms), r)));
    const cpuMs = ((await gatewayCpuSeconds()) - cpuBefore) * 1000 / RUNS;
    const size = body.length >= 1024 * 1024 ? `${(body.length / 1024 / 1024).toFixed(2)} MB` : `${(body.length / 1024).toFixed(1)} KB`;
    rows.push([c.name, size, outcome, quantile(times, 0.5).toFixed(1), quantile(times, 0.9).toFixed(1), cpuMs.toFixed(1)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => (j === 0 || j === 2 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
