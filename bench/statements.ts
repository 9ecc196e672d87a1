/**
 * What one Bootstrap query costs the databases, from N sequential Bootstrap requests (different
 * accounts): SQL statements per subgraph (subgraph_db_queries_total from each subgraph's /metrics,
 * minus what the subgraph ran on its own — background sweeps, the gateway's revocation poll — in an
 * idle interval, scaled to the same length) and the table reads behind them (pg_stat_user_tables).
 */
import { subgraphQueryCount } from '../test/support/subgraph-client';
import type { TestPlatform } from '../test/support/platform';
import { send, type Scenario } from './scenarios';
import { snapshotTables, STATS_FLUSH_WAIT_MS, tableReads, type TableReads } from './table-stats';

export const SUBGRAPHS = ['identity', 'agreements', 'experiments', 'feedback'] as const;

export interface StatementCount {
  subgraph: string;
  /** Background-corrected statements per Bootstrap request. */
  perRequest: number;
  /** Without the correction. */
  rawPerRequest: number;
  /** Statements the subgraph runs on its own in an interval as long as the requests took (from idle intervals around them). */
  background: number;
}

export interface BootstrapCost {
  requests: number;
  statements: StatementCount[];
  tables: TableReads[];
}

async function counts(platform: TestPlatform): Promise<Record<string, number>> {
  const values = await Promise.all(SUBGRAPHS.map((s) => subgraphQueryCount(s, platform)));
  return Object.fromEntries(SUBGRAPHS.map((s, i) => [s, values[i]]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function bootstrapCost(platform: TestPlatform, bootstrap: Scenario, requests: number): Promise<BootstrapCost> {
  // Idle first: earlier requests' table statistics reach the counters, and the subgraphs'
  // background statements are counted (before and after the requests, to cover their periods).
  const idleBefore = await counts(platform);
  let idleStarted = Date.now();
  await sleep(STATS_FLUSH_WAIT_MS);
  const tablesBefore = await snapshotTables(platform);
  const before = await counts(platform);
  let idleMs = Date.now() - idleStarted;
  const started = Date.now();
  for (let i = 0; i < requests; i++) {
    const res = await send(bootstrap);
    if (res.status !== 200 || res.body.includes('"errors"')) throw new Error(`Bootstrap failed while counting statements: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
  const elapsed = Date.now() - started;
  const after = await counts(platform);
  idleStarted = Date.now();
  await sleep(Math.max(elapsed, STATS_FLUSH_WAIT_MS));
  const idleAfter = await counts(platform);
  idleMs += Date.now() - idleStarted;
  const tablesAfter = await snapshotTables(platform);
  const statements = SUBGRAPHS.map((subgraph) => {
    const raw = after[subgraph] - before[subgraph];
    const idleStatements = before[subgraph] - idleBefore[subgraph] + idleAfter[subgraph] - after[subgraph];
    const background = (idleStatements * elapsed) / idleMs;
    return { subgraph, perRequest: Math.max(0, raw - background) / requests, rawPerRequest: raw / requests, background: Number(background.toFixed(1)) };
  });
  return { requests, statements, tables: tableReads(tablesBefore, tablesAfter, requests) };
}
