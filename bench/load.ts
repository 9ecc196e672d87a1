/**
 * Closed-loop load with autocannon (programmatic API): a warm-up per scenario, then R rounds in
 * which every scenario runs once (A, H, R, F, A, H, R, F, ...), so a slow spell of the shared
 * machine hits all of them alike. Every answer is checked against the account's seeded truth (a
 * GraphQL error or a wrong answer counts as failed); the medians are what the report shows.
 */
import autocannon from 'autocannon';
import { COMPONENTS, CpuMeter, MACHINE_COMPONENTS, type Component } from './cpu';
import type { Scenario } from './scenarios';
import type { BenchAccount } from './tokens';
import { canonicalAnswer } from './verify';

export interface RunResult {
  scenario: string;
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  durationSeconds: number;
  non2xx: number;
  socketErrors: number;
  graphqlErrors: number;
  /** Answers without errors that differ from the account's seeded truth. */
  wrongAnswers: number;
  /** Cores busy per process group during the run. */
  cpu: Partial<Record<Component, number>>;
}

let current: autocannon.Instance | undefined;

/** Stops a run in progress (Ctrl-C). */
export function stopLoad(): void {
  current?.stop();
}

export function runOnce(scenario: Scenario, expected: Map<number, string>, connections: number, durationSeconds: number, round: number, meter?: CpuMeter): Promise<RunResult> {
  let graphqlErrors = 0;
  let wrongAnswers = 0;
  let notModified = 0;
  const cpuBefore = meter?.sample();
  return new Promise((resolve, reject) => {
    current = autocannon(
      {
        url: scenario.url,
        method: scenario.method,
        connections,
        duration: durationSeconds,
        timeout: 30,
        requests: [
          {
            method: scenario.method,
            ...(scenario.method === 'POST' ? { body: scenario.body } : {}),
            // Another account's token on every request; its answer is checked when it arrives (one
            // request in flight per connection, so the connection's context names its account).
            setupRequest: (request, context) => {
              context.account = scenario.nextAccount();
              return { ...request, headers: scenario.headersFor(context.account as BenchAccount) };
            },
            onResponse: (status, body, context) => {
              if (scenario.expect === 'not-modified') {
                if (status === 304 && body.length === 0) notModified++;
                else wrongAnswers++;
                return;
              }
              if (status !== 200) return;
              if (body.includes('"errors"')) graphqlErrors++;
              else if (canonicalAnswer(body) !== expected.get((context.account as BenchAccount).n)) wrongAnswers++;
            },
          },
        ],
      },
      (error, result) => {
        current = undefined;
        if (error) return reject(error);
        resolve({
          scenario: scenario.key,
          round,
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          requests: result.requests.total,
          durationSeconds: result.duration,
          // A 304 is what the not-modified scenario expects, not a failure.
          non2xx: result.non2xx - notModified,
          socketErrors: result.errors,
          graphqlErrors,
          wrongAnswers,
          cpu: meter && cpuBefore ? CpuMeter.coresBusy(cpuBefore, meter.sample()) : {},
        });
      },
    );
  });
}

export const failed = (run: RunResult) => run.non2xx + run.socketErrors + run.graphqlErrors + run.wrongAnswers;

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface ScenarioSummary {
  key: string;
  name: string;
  component: Scenario['component'];
  expect: Scenario['expect'];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Median cores busy per process group. */
  cpu: Partial<Record<Component, number>>;
  /** Median CPU milliseconds per request per process group (steadier than req/s on a shared machine). */
  cpuMsPerRequest: Partial<Record<Component, number>>;
  runs: RunResult[];
}

export async function measure(
  list: Scenario[],
  expected: Map<number, string>,
  options: { connections: number; durationSeconds: number; warmupSeconds: number; repeats: number },
  log: (line: string) => void,
  meter?: CpuMeter,
): Promise<ScenarioSummary[]> {
  for (const scenario of list) {
    const warm = await runOnce(scenario, expected, options.connections, options.warmupSeconds, 0);
    if (failed(warm) > 0) log(`  warm-up ${scenario.key}: ${failed(warm)} FAILED requests`);
    log(`  warm-up ${scenario.key}: ${warm.requestsPerSecond.toFixed(0)} req/s`);
  }
  const runs: RunResult[] = [];
  for (let round = 1; round <= options.repeats; round++) {
    for (const scenario of list) {
      const run = await runOnce(scenario, expected, options.connections, options.durationSeconds, round, meter);
      runs.push(run);
      const bad = failed(run);
      log(`  round ${round}/${options.repeats} ${scenario.key}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${bad ? `, ${bad} FAILED requests` : ''}`);
    }
  }
  return list.map((scenario) => {
    const mine = runs.filter((r) => r.scenario === scenario.key);
    const measured = COMPONENTS.filter((c) => mine.every((r) => r.cpu[c] !== undefined));
    return {
      key: scenario.key,
      name: scenario.name,
      component: scenario.component,
      expect: scenario.expect,
      requestsPerSecond: median(mine.map((r) => r.requestsPerSecond)),
      p50Ms: median(mine.map((r) => r.p50Ms)),
      p99Ms: median(mine.map((r) => r.p99Ms)),
      cpu: Object.fromEntries(measured.map((c) => [c, median(mine.map((r) => r.cpu[c]!))])),
      cpuMsPerRequest: Object.fromEntries(
        measured.filter((c) => !MACHINE_COMPONENTS.includes(c)).map((c) => [c, median(mine.map((r) => (r.cpu[c]! / r.requestsPerSecond) * 1000))]),
      ),
      runs: mine,
    };
  });
}
