/**
 * `npm run bench`: starts its own platform and the peer gateways (Hive Gateway with its JS and its
 * Rust planner, the hand-written fixed-plan bound) in front of the same subgraphs, seeds a realistic
 * population, verifies every gateway's Bootstrap answers, measures them side by side (closed loop,
 * interleaved; then open loop at fixed rates) and prints medians and ratios (bench/README.md).
 */
import { loadConfig, machineSettings } from './config';
import { CpuMeter } from './cpu';
import { launchAll } from './experiments';
import { measure, stopLoad } from './load';
import { startBenchPlatform, stopBenchPlatform, stopOnSignals } from './platform';
import { EXPERIMENTS } from './population';
import { buildReport, formatReport, writeReport } from './report';
import { BOOTSTRAP_QUERY, notModifiedScenario, scenarios } from './scenarios';
import { formatAttackRows, normalUnderAttack, timeAttacks } from './attack-timings';
import { seedPopulation } from './seed';
import { bootstrapCost } from './statements';
import { autoMaintenanceBetween, snapshotTables } from './table-stats';
import { mintTokens, sampleAccountNumbers } from './tokens';
import { expectedAnswers, verifyResponses } from './verify';
import { startPeers, stopPeersOnExit } from './peers';
import { openLoop, type OpenLoopResult } from './open-loop';
import { join } from 'node:path';
import { buildToTemp } from '../test/support/compiled-build';

let removeBuild = () => {};
const log = (line: string) => process.stdout.write(`${line}\n`);
const since = (started: number) => ((Date.now() - started) / 1000).toFixed(1);

async function main(): Promise<number> {
  const config = loadConfig();
  const machine = machineSettings();
  log(`bench: ${config.runtime} processes, ${config.accounts} accounts, ${config.connections} connections, ${config.durationSeconds}s x ${config.repeats} runs per scenario, node ${machine.node}, ${machine.cpus} CPUs`);
  stopOnSignals(stopLoad);

  let started = Date.now();
  if (config.runtime === 'compiled') {
    // Measure what production runs: the compiled processes of `npm run build`, no tsx.
    const compiled = await buildToTemp();
    removeBuild = () => compiled.remove();
    process.env.PLATFORM_BUILD_DIR = join(compiled.appDir, 'dist');
    // As the image sets it (graphql-js, for one, skips its development-only checks); the peers get it too.
    process.env.NODE_ENV = 'production';
    log(`production build (npm run build) in ${since(started)}s: the platform runs dist/**/main.js with NODE_ENV=production`);
    started = Date.now();
  }
  const { platform, launcherPid } = await startBenchPlatform();
  log(`platform started in ${since(started)}s (data in ${platform.dataDir})`);
  started = Date.now();
  const peers = await startPeers(platform);
  stopPeersOnExit(peers);
  log(`peer gateways started in ${since(started)}s: ${peers.map((p) => p.name).join(', ')}`);

  started = Date.now();
  await launchAll(platform, EXPERIMENTS);
  const experimentsViaApiSeconds = (Date.now() - started) / 1000;
  log(`${EXPERIMENTS.length} experiments created through the GraphQL API in ${experimentsViaApiSeconds.toFixed(1)}s`);

  log(`seeding ${config.accounts} accounts...`);
  const seeding = await seedPopulation(platform, config.accounts, log);
  log(`seeded in ${seeding.totalSeconds.toFixed(1)}s (VACUUM ANALYZE ${seeding.vacuumAnalyzeSeconds.toFixed(1)}s): ${Object.entries(seeding.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);

  const runSeconds = 3 * (config.warmupSeconds + config.durationSeconds * config.repeats);
  const accounts = await mintTokens(platform, sampleAccountNumbers(config.accounts, config.tokenAccounts), Math.max(900, runSeconds * 2 + 600));
  log(`${accounts.length} access tokens minted with identity's signing key`);

  const list = scenarios(platform, peers, accounts);
  const expected = await expectedAnswers(platform, accounts);
  started = Date.now();
  const verification = await verifyResponses(platform, accounts, list, expected);
  log(`verified in ${since(started)}s: through each of the ${list.length} gateways, ${verification.accounts} accounts answer Bootstrap exactly as seeded (${verification.compliant} compliant, ${verification.withFeatures} with features)`);

  log(`counting SQL statements and table reads over ${config.statementSampleRequests} sequential Bootstrap requests...`);
  const cost = await bootstrapCost(platform, list[0], config.statementSampleRequests);
  log(`SQL statements per Bootstrap: ${cost.statements.map((s) => `${s.subgraph} ${s.perRequest.toFixed(2)}`).join(', ')}`);

  const unchanged = await notModifiedScenario(list[0], accounts);
  log(`${accounts.length} ETags fetched for the conditional GET scenario (${unchanged.key})`);

  log('measuring (warm-up, then interleaved rounds)...');
  const tablesBefore = await snapshotTables(platform);
  const summaries = await measure([...list, unchanged], expected, config, log, new CpuMeter(launcherPid, platform.dataDir, Object.fromEntries(peers.map((p) => [p.component, p.pid]))));
  // Statistics of the last run's backends arrive within PGSTAT_IDLE_INTERVAL; autovacuum's own are immediate.
  const autovacuumed = autoMaintenanceBetween(tablesBefore, await snapshotTables(platform));

  log(`open loop at ${config.openLoopRates.join(', ')} req/s...`);
  const openLoopResults: OpenLoopResult[] = [];
  for (const rate of config.openLoopRates) {
    for (const scenario of list) {
      const result = await openLoop(scenario, expected, rate, config.openLoopSeconds);
      openLoopResults.push(result);
      log(`  ${scenario.key} at ${rate}/s: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms${result.failed ? `, ${result.failed} FAILED` : ''}`);
    }
  }

  const report = buildReport(summaries, openLoopResults, cost, verification, { ...seeding, experimentsViaApiSeconds }, { ...config, ...machine }, autovacuumed);
  const file = writeReport(report);
  log('');
  log(formatReport(report));
  log('');
  log(`written to ${file}`);

  log('');
  log(`request cost limits: each case ${config.attackRuns} times after 3 warm-ups (gateway CPU from its ops listener's process_cpu_seconds_total)`);
  log(formatAttackRows(await timeAttacks(platform.gatewayUrl, `http://127.0.0.1:${platform.opsPort}/metrics`, config.attackRuns)));
  const underAttack = await normalUnderAttack(platform.gatewayUrl, { query: BOOTSTRAP_QUERY, headers: list[0].headersFor(accounts[0]) }, 300);
  log(`Bootstrap, ${underAttack.requests} sequential requests: quiet p50 ${underAttack.quietP50Ms.toFixed(1)} ms, p99 ${underAttack.quietP99Ms.toFixed(1)} ms; ` +
    `with five attack loops beside it (${underAttack.attacksSent} attacks refused meanwhile) p50 ${underAttack.attackedP50Ms.toFixed(1)} ms, ` +
    `p99 ${underAttack.attackedP99Ms.toFixed(1)} ms = ${(underAttack.attackedP99Ms / underAttack.quietP99Ms).toFixed(2)}x the quiet p99`);
  const failedScenarios = [...new Set([...report.scenarios.filter((s) => s.failedRequests > 0).map((s) => s.key), ...report.openLoop.filter((o) => o.failed > 0).map((o) => o.scenario)])];
  if (failedScenarios.length) {
    log(`FAILED: ${failedScenarios.join(', ')} had failed requests (non-2xx, socket or GraphQL errors, or answers that differ from the seeded truth); the numbers are not valid.`);
    return 1;
  }
  return 0;
}

main()
  .then(
    (code) => code,
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      return 1;
    },
  )
  .then(async (code) => {
    await stopBenchPlatform();
    removeBuild();
    process.exit(code);
  })
  .catch((error: unknown) => {
    process.stderr.write(`bench platform did not stop: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
