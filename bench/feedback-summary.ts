/**
 * `npm run bench:feedback`: what reading Experiment.feedbackSummary costs as feedback grows.
 * Side by side at each size, in one run: the real query through the gateway, the rollup SQL the
 * feedback subgraph sends, and the naive alternative (aggregating the feedback table itself).
 * BENCH_FEEDBACK_ROWS (default 100000,1000000,3000000) sets the sizes.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { gql } from '../test/support/graphql-client';
import { superuserUrl } from '../test/support/database';
import { loadSummaries } from '../subgraphs/feedback/summaries';
import { launch, makeCrew } from './experiments';
import { median } from './load';
import { startBenchPlatform, stopBenchPlatform, stopOnSignals } from './platform';

const SIZES = (process.env.BENCH_FEEDBACK_ROWS ?? '100000,1000000,3000000').split(',').map(Number);
const SLUG = 'bench-feedback';
const SUMMARY = `query Summary($slug: String!) { experiment(slug: $slug) { feedbackSummary {
  count happy sad averageRating uniqueAccounts last7Days { count uniqueAccounts } last30Days { count uniqueAccounts } } } }`;

/** What the summary would cost without rollups: the same numbers straight from `feedback`. */
const NAIVE = `SELECT count(*), count(*) FILTER (WHERE sentiment = 'HAPPY') AS happy, count(*) FILTER (WHERE sentiment = 'SAD') AS sad,
  avg(rating), count(DISTINCT account_id) AS uniques,
  count(*) FILTER (WHERE day > (now() AT TIME ZONE 'UTC')::date - 7) AS c7,
  count(DISTINCT account_id) FILTER (WHERE day > (now() AT TIME ZONE 'UTC')::date - 7) AS u7,
  count(*) FILTER (WHERE day > (now() AT TIME ZONE 'UTC')::date - 30) AS c30,
  count(DISTINCT account_id) FILTER (WHERE day > (now() AT TIME ZONE 'UTC')::date - 30) AS u30
  FROM feedback WHERE experiment = $1`;

/** Grows the feedback of one experiment to `total` rows (about 60 days of it), keeping the rollups consistent, as the API would. */
async function growTo(db: Client, from: number, total: number): Promise<void> {
  // Each growth step has its own accounts, each giving at most one feedback a day (the API's rule).
  await db.query(
    `INSERT INTO feedback (account_id, experiment, revision, sentiment, rating, locale, client_version, created_at, day)
     SELECT md5('account-' || $3 || '-' || (i % $4))::uuid, $1, '1.0.0', CASE WHEN i % 3 = 0 THEN 'SAD' ELSE 'HAPPY' END,
            CASE WHEN i % 2 = 0 THEN 1 + i % 5 END, 'en-US', '128.0', (d::timestamp AT TIME ZONE 'UTC') + make_interval(secs => i % 3600), d
       FROM generate_series($2::int, $3::int - 1) AS i,
            LATERAL (SELECT (now() AT TIME ZONE 'UTC')::date - ((i - $2) / $4) % 60 AS d) AS on_day`,
    [SLUG, from, total, Math.max(1, Math.ceil((total - from) / 60))],
  );
  await db.query(`DELETE FROM feedback_daily WHERE experiment = $1`, [SLUG]);
  await db.query(
    `INSERT INTO feedback_daily SELECT experiment, day, count(*), count(*) FILTER (WHERE sentiment = 'HAPPY'), count(*) FILTER (WHERE sentiment = 'SAD'),
            coalesce(sum(rating), 0), count(rating) FROM feedback WHERE experiment = $1 GROUP BY experiment, day`,
    [SLUG],
  );
  await db.query(`DELETE FROM feedback_accounts WHERE experiment = $1`, [SLUG]);
  await db.query(`INSERT INTO feedback_accounts SELECT experiment, account_id, max(created_at) FROM feedback WHERE experiment = $1 GROUP BY experiment, account_id`, [SLUG]);
  await db.query(
    `INSERT INTO feedback_totals SELECT experiment, count(*) FROM feedback_accounts WHERE experiment = $1 GROUP BY experiment
     ON CONFLICT (experiment) DO UPDATE SET unique_accounts = EXCLUDED.unique_accounts`,
    [SLUG],
  );
  await db.query(`VACUUM (ANALYZE) feedback, feedback_daily, feedback_accounts, feedback_totals`);
}

async function timeMs(times: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main() {
  const { platform } = await startBenchPlatform();
  stopOnSignals(() => undefined);
  const crew = await makeCrew(platform);
  await launch(platform, crew, { slug: SLUG, tier: 'BETA', optInPolicy: 'CHANNEL', rolloutPercent: 100, hasUserData: false, requiredAgreements: [], revisions: ['1.0.0'], finalStatus: 'IN_BETA' });
  const db = new Client({ connectionString: superuserUrl('beta_feedback', platform) });
  await db.connect();
  const sql = { query: async (text: string, params?: unknown[]) => { const r = await db.query(text, params); return { rows: r.rows, rowCount: r.rowCount ?? 0 }; } };
  const lines: string[] = [];
  let seeded = 0;
  try {
    for (const size of SIZES) {
      const started = performance.now();
      await growTo(db, seeded, size);
      seeded = size;
      const seedSeconds = (performance.now() - started) / 1000;
      const viaGateway = await timeMs(200, async () => {
        const res = await gql<{ experiment: { feedbackSummary: { count: number } } }>(SUMMARY, { slug: SLUG }, { url: platform.gatewayUrl });
        if (res.data?.experiment.feedbackSummary.count !== size) throw new Error(`summary counted ${res.data?.experiment.feedbackSummary.count}, expected ${size}: ${JSON.stringify(res.errors)}`);
      });
      const rollup = await timeMs(200, () => loadSummaries(sql, [SLUG]));
      const naive = await timeMs(10, () => db.query(NAIVE, [SLUG]));
      lines.push(`${String(size).padStart(9)}  ${seedSeconds.toFixed(1).padStart(7)}  ${viaGateway.toFixed(2).padStart(12)}  ${rollup.toFixed(2).padStart(12)}  ${naive.toFixed(1).padStart(10)}  ${(naive / rollup).toFixed(0).padStart(8)}x`);
      console.log(lines[lines.length - 1]);
    }
  } finally {
    await db.end();
    await stopBenchPlatform();
  }
  console.log(`\nfeedbackSummary of one experiment, medians (gateway and rollup SQL: 200 sequential reads; naive SQL: 10)\n` +
    `     rows  seed s  gateway ms  rollup SQL ms  naive SQL ms  naive/rollup\n${lines.join('\n')}\n` +
    `Rollup rows per experiment: one per day with feedback (~60 here); unique accounts from feedback_accounts (one row per account).`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopBenchPlatform();
  process.exit(1);
});
