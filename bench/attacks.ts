/**
 * Times the request cost limits against a running gateway (see bench/attack-timings.ts); `npm run
 * bench` prints the same tables against its own platform. Not part of `npm test`.
 *
 *   GATEWAY_URL=http://localhost:4600/graphql node --import tsx bench/attacks.ts
 *   (GATEWAY_OPS_URL=http://127.0.0.1:4610 when the ops listener is not on the public port + 10)
 *
 * BENCH_ATTACK_RUNS (default 20) sets N.
 */
import { CASES, formatAttackRows, normalUnderAttack, timeAttacks } from './attack-timings';

const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
const RUNS = Number(process.env.BENCH_ATTACK_RUNS ?? 20);
/** The gateway's ops listener serves /metrics (OPS_PORT, by default the public port + 10). */
const OPS_URL = process.env.GATEWAY_OPS_URL ?? (() => {
  const url = new URL(GATEWAY_URL);
  return `${url.protocol}//127.0.0.1:${Number(url.port || 80) + 10}`;
})();

async function main() {
  console.log(`gateway ${GATEWAY_URL}, ${RUNS} requests per case after 3 warm-up requests\n`);
  console.log(formatAttackRows(await timeAttacks(GATEWAY_URL, `${OPS_URL}/metrics`, RUNS)));
  const u = await normalUnderAttack(GATEWAY_URL, { query: CASES[0].query }, 200);
  console.log(`\n${CASES[0].name}, ${u.requests} sequential requests: quiet p50 ${u.quietP50Ms.toFixed(1)} ms, p99 ${u.quietP99Ms.toFixed(1)} ms; ` +
    `with 5 attack loops beside it (${u.attacksSent} attacks sent) p50 ${u.attackedP50Ms.toFixed(1)} ms, p99 ${u.attackedP99Ms.toFixed(1)} ms ` +
    `(${(u.attackedP99Ms / u.quietP99Ms).toFixed(2)}x the quiet p99)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
