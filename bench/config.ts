/** The benchmark's settings: defaults, overridden by BENCH_* environment variables (see bench/README.md). */
import os from 'node:os';

export interface BenchConfig {
  accounts: number;
  connections: number;
  durationSeconds: number;
  repeats: number;
  warmupSeconds: number;
  /** Accounts that get an access token; the load rotates over them. */
  tokenAccounts: number;
  /** Sequential Bootstrap requests over which the SQL statements per request are counted. */
  statementSampleRequests: number;
  /** Requests per attack case in the request-cost-limit timings. */
  attackRuns: number;
  /** Offered rates of the open-loop runs, requests per second. */
  openLoopRates: number[];
  openLoopSeconds: number;
  /** `compiled`: the platform runs `npm run build`'s output, as production does; `source`: the sources through tsx, as `npm start` does. */
  runtime: 'compiled' | 'source';
}

function positiveInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}".`);
  return value;
}

function runtime(raw: string | undefined): BenchConfig['runtime'] {
  if (raw === undefined || raw === '' || raw === 'compiled') return 'compiled';
  if (raw === 'source') return 'source';
  throw new Error(`BENCH_RUNTIME must be "compiled" (the default) or "source", got "${raw}".`);
}

export function loadConfig(): BenchConfig {
  const accounts = positiveInt('BENCH_ACCOUNTS', 500_000, 100);
  return {
    accounts,
    connections: positiveInt('BENCH_CONNECTIONS', 20),
    durationSeconds: positiveInt('BENCH_DURATION_SECONDS', 10),
    repeats: positiveInt('BENCH_REPEATS', 3),
    warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3),
    tokenAccounts: Math.min(positiveInt('BENCH_TOKEN_ACCOUNTS', 1000), accounts),
    statementSampleRequests: 500,
    attackRuns: positiveInt('BENCH_ATTACK_RUNS', 20),
    openLoopRates: (process.env.BENCH_OPEN_LOOP_RATES ?? '200,400').split(',').map((r) => {
      const rate = Number(r.trim());
      if (!Number.isInteger(rate) || rate < 1) throw new Error(`BENCH_OPEN_LOOP_RATES must be a comma-separated list of positive integers, got "${process.env.BENCH_OPEN_LOOP_RATES}".`);
      return rate;
    }),
    openLoopSeconds: positiveInt('BENCH_OPEN_LOOP_SECONDS', 10),
    runtime: runtime(process.env.BENCH_RUNTIME),
  };
}

export function machineSettings() {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.release()}` };
}
