/** The printed table and bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchConfig } from './config';
import { COMPONENTS, MACHINE_COMPONENTS, SUBGRAPH_COMPONENTS } from './cpu';
import { failed, type ScenarioSummary } from './load';
import type { OpenLoopResult } from './open-loop';
import type { SeedTimings } from './seed';
import type { BootstrapCost } from './statements';
import type { VerificationSummary } from './verify';

/** A table this large read by sequential scan during Bootstrap is a missing index. */
const LARGE_TABLE_ROWS = 10_000;

export interface ScenarioReport extends ScenarioSummary {
  failedRequests: number;
  /** CPU ms per request of the gateway process that served the scenario. */
  gatewayCpuMs: number | null;
  /** CPU ms per request of the four subgraphs and PostgreSQL together. */
  subgraphsCpuMs: number | null;
  /** Throughput against Hive Gateway's JS and Rust planners, and gateway CPU against the hand-written bound. */
  ratios: { vsHiveJs: number | null; vsHiveRust: number | null; cpuVsBound: number | null };
}

export interface BenchReport {
  finishedAt: string;
  scenarios: ScenarioReport[];
  openLoop: OpenLoopResult[];
  bootstrapCost: BootstrapCost;
  /** Large tables that Bootstrap reads by sequential scan, autovacuum during the load (should be empty). */
  warnings: string[];
  verification: VerificationSummary;
  seeding: SeedTimings & { experimentsViaApiSeconds: number };
  settings: BenchConfig & { node: string; cpus: number; cpuModel: string; platform: string };
}

export const RESULTS_FILE = resolve(__dirname, 'results', 'latest.json');

export function buildReport(
  summaries: ScenarioSummary[], openLoop: OpenLoopResult[], cost: BootstrapCost, verification: VerificationSummary,
  seeding: BenchReport['seeding'], settings: BenchReport['settings'], autovacuumedDuringLoad: string[],
): BenchReport {
  const byComponent = (component: string) => summaries.find((x) => x.component === component);
  const gatewayCpu = (x: ScenarioSummary | undefined) => x?.cpuMsPerRequest[x.component] ?? null;
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a != null && b ? a / b : null);
  return {
    finishedAt: new Date().toISOString(),
    scenarios: summaries.map((x) => {
      const subgraphs = SUBGRAPH_COMPONENTS.map((c) => x.cpuMsPerRequest[c]);
      return {
        ...x,
        failedRequests: x.runs.reduce((n, r) => n + failed(r), 0),
        gatewayCpuMs: gatewayCpu(x),
        subgraphsCpuMs: subgraphs.every((v) => v !== undefined) ? subgraphs.reduce((n, v) => n + v, 0) : null,
        // The peers have no conditional GETs: the 304 row is compared with our full answer only.
        ratios: x.expect === 'not-modified' ? { vsHiveJs: null, vsHiveRust: null, cpuVsBound: null } : {
          vsHiveJs: ratio(x.requestsPerSecond, byComponent('hive-js')?.requestsPerSecond),
          vsHiveRust: ratio(x.requestsPerSecond, byComponent('hive-rust')?.requestsPerSecond),
          cpuVsBound: ratio(gatewayCpu(x), gatewayCpu(byComponent('fixed-plan'))),
        },
      };
    }),
    openLoop,
    bootstrapCost: cost,
    warnings: [
      ...cost.tables
        .filter((t) => t.liveRows >= LARGE_TABLE_ROWS && t.seqRowsPerRequest > 0)
        .map((t) => `${t.table} (${t.liveRows} rows) is read by sequential scan: ${t.seqRowsPerRequest.toFixed(0)} rows per Bootstrap request`),
      ...autovacuumedDuringLoad.map((t) => `autovacuum/autoanalyze processed ${t} during the measurement (it shares the CPU with the load)`),
    ],
    verification,
    seeding,
    settings,
  };
}

function table(headers: string[], rows: string[][], alignLeft: number[] = [0]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const last = headers.length - 1;
  const line = (cells: string[]) =>
    cells.map((c, i) => (alignLeft.includes(i) ? (i === last ? c : c.padEnd(widths[i])) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

export function formatReport(report: BenchReport): string {
  const s = report.settings;
  const times = (v: number | null) => (v == null ? '-' : `${fixed(v, 2)}x`);
  const ms = (v: number | null) => (v == null ? '-' : fixed(v, 2));
  const scenarioRows = report.scenarios.map((x) => [
    `${x.key}  ${x.name}`, fixed(x.requestsPerSecond, 0), fixed(x.p50Ms), fixed(x.p99Ms), ms(x.gatewayCpuMs), ms(x.subgraphsCpuMs),
    times(x.ratios.vsHiveJs), times(x.ratios.vsHiveRust), times(x.ratios.cpuVsBound),
    x.failedRequests ? `${x.failedRequests} FAILED` : '0',
  ]);
  const openRows = report.openLoop.map((o) => {
    const x = report.scenarios.find((y) => y.key === o.scenario)!;
    return [`${o.scenario}  ${x.name}`, String(o.offeredPerSecond), fixed(o.completedPerSecond, 0), fixed(o.p50Ms), fixed(o.p95Ms), fixed(o.p99Ms), fixed(o.maxMs),
      o.gatewayRssMb == null ? '-' : fixed(o.gatewayRssMb, 0), o.failed ? `${o.failed} FAILED` : '0'];
  });
  const cost = report.bootstrapCost;
  const statementRows = cost.statements.map((x) => [x.subgraph, fixed(x.perRequest, 2), fixed(x.rawPerRequest, 2), String(x.background)]);
  const total = cost.statements.reduce((n, x) => n + x.perRequest, 0);
  const tableRows = cost.tables.map((t) => [
    t.table, String(t.liveRows), fixed(t.seqScansPerRequest, 2), fixed(t.seqRowsPerRequest, 1), fixed(t.idxScansPerRequest, 2), fixed(t.idxRowsPerRequest, 1),
  ]);
  const components = COMPONENTS.filter((c) => report.scenarios.some((x) => x.cpu[c] !== undefined));
  const cpuRows = report.scenarios.map((x) => [
    x.key,
    ...components.map((c) =>
      x.cpu[c] === undefined ? '-' : MACHINE_COMPONENTS.includes(c) ? fixed(x.cpu[c], 2) : `${fixed(x.cpu[c], 2)} / ${fixed(x.cpuMsPerRequest[c]!, 2)}`),
  ]);
  const seed = report.seeding;
  const settingsRows = [
    ['our platform runs (BENCH_RUNTIME)', s.runtime === 'compiled' ? 'compiled: npm run build output, no tsx (as in production)' : 'source: TypeScript through tsx (as npm start)'],
    ['accounts (BENCH_ACCOUNTS)', String(s.accounts)],
    ['connections (BENCH_CONNECTIONS)', String(s.connections)],
    ['duration per run (BENCH_DURATION_SECONDS)', `${s.durationSeconds} s`],
    ['repeats (BENCH_REPEATS)', String(s.repeats)],
    ['warm-up per scenario (BENCH_WARMUP_SECONDS)', `${s.warmupSeconds} s`],
    ['accounts with tokens (BENCH_TOKEN_ACCOUNTS)', String(s.tokenAccounts)],
    ['open-loop rates (BENCH_OPEN_LOOP_RATES)', `${s.openLoopRates.join(', ')} req/s, ${s.openLoopSeconds} s each`],
    ['seeding (SQL + VACUUM ANALYZE)', `${fixed(seed.totalSeconds)} s (rows ${fixed(seed.totalSeconds - seed.vacuumAnalyzeSeconds)} s, VACUUM ANALYZE ${fixed(seed.vacuumAnalyzeSeconds)} s)`],
    ['experiments via the API', `${fixed(seed.experimentsViaApiSeconds)} s`],
    ['rows', Object.entries(seed.rows).map(([t, n]) => `${t} ${n}`).join(', ')],
    ['node', s.node],
    ['CPUs', `${s.cpus} x ${s.cpuModel}`],
    ['OS', s.platform],
  ];
  return [
    `Bootstrap through each gateway (closed loop: median of ${s.repeats} interleaved runs of ${s.durationSeconds}s, ${s.connections} connections; every answer checked against the seeded truth)`,
    table(['gateway', 'req/s', 'p50 ms', 'p99 ms', 'gateway CPU ms/req', 'subgraphs+PG CPU ms/req', 'req/s vs Hive JS', 'req/s vs Hive Rust', 'gateway CPU vs bound', 'failed'], scenarioRows),
    '',
    `Open loop: requests sent at a fixed rate for ${s.openLoopSeconds}s each, latency from each request's scheduled time; gateway RSS after the run`,
    table(['gateway', 'offered/s', 'done/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'RSS MB', 'failed'], openRows),
    '',
    `SQL statements per Bootstrap query (${cost.requests} sequential requests; background = statements in an idle interval as long)`,
    table(['subgraph', 'per request', 'raw', 'background'], statementRows),
    `total: ${fixed(total, 2)} statements per Bootstrap`,
    '',
    'Settings',
    table(['setting', 'value'], settingsRows, [0, 1]),
    '',
    `Verified before measuring: ${report.verification.accounts} sampled accounts answered exactly as seeded ` +
      `(${report.verification.compliant} compliant, ${report.verification.withFeatures} with features, ` +
      `${fixed(report.verification.averageFeatures, 2)} features on average; consent ledger proof verified)`,
    '',
    `CPU during the runs: cores busy / CPU ms per request (medians; ${s.cpus} cores in all; the load generator is this process; ` +
      `"other processes" is work on the machine that is not this benchmark's)`,
    table(['scenario', ...components], cpuRows),
    '',
    'Table reads per Bootstrap query (pg_stat_user_tables; includes the background above)',
    table(['table', 'rows', 'seq scans', 'seq rows read', 'index scans', 'index rows'], tableRows),
    ...(report.warnings.length
      ? report.warnings.map((w) => `WARNING: ${w}`)
      : [`no table of ${LARGE_TABLE_ROWS}+ rows is read by sequential scan; no autovacuum ran during the measurement`]),
  ].join('\n');
}

export function writeReport(report: BenchReport): string {
  mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  return RESULTS_FILE;
}
