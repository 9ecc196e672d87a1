/**
 * Experiment.feedbackSummary and activity numbers from the rollup tables: a handful of rows per
 * experiment (one per day), so reading a summary costs the same with ten or ten million entries.
 * Windows are the last N UTC days including today.
 */
import type { Sql } from '../kit/database';

export interface FeedbackWindow {
  count: number;
  happy: number;
  sad: number;
  averageRating: number | null;
  uniqueAccounts: number;
}

export interface FeedbackSummary extends FeedbackWindow {
  last7Days: FeedbackWindow;
  last30Days: FeedbackWindow;
}

type Row = Record<string, string | null> & { experiment: string };

const window = (r: Row | undefined, suffix: string): FeedbackWindow => {
  const n = (key: string) => Number(r?.[`${key}${suffix}`] ?? 0);
  return {
    count: n('count'),
    happy: n('happy'),
    sad: n('sad'),
    averageRating: n('rating_count') > 0 ? Math.round((n('rating_sum') / n('rating_count')) * 100) / 100 : null,
    uniqueAccounts: n('uniques'),
  };
};

const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

export async function loadSummaries(sql: Sql, slugs: readonly string[]): Promise<FeedbackSummary[]> {
  const sums = (suffix: string, days: number | null) => {
    const filter = days === null ? '' : ` FILTER (WHERE day > ${TODAY} - ${days})`;
    return ['count', 'happy', 'sad', 'rating_sum', 'rating_count'].map((c) => `sum(${c})${filter} AS ${c}${suffix}`).join(', ');
  };
  const [daily, uniques] = await Promise.all([
    sql.query<Row>(`SELECT experiment, ${sums('', null)}, ${sums('_7', 7)}, ${sums('_30', 30)} FROM feedback_daily WHERE experiment = ANY($1) GROUP BY experiment`, [slugs]),
    // All-time from the counter; the windows count only rows active in the last 30 days (index range).
    sql.query<Row>(
      `SELECT t.experiment, t.unique_accounts AS uniques,
              (SELECT count(*) FROM feedback_accounts a WHERE a.experiment = t.experiment
                  AND a.last_at >= ((${TODAY} - 6)::timestamp AT TIME ZONE 'UTC')) AS uniques_7,
              (SELECT count(*) FROM feedback_accounts a WHERE a.experiment = t.experiment
                  AND a.last_at >= ((${TODAY} - 29)::timestamp AT TIME ZONE 'UTC')) AS uniques_30
         FROM feedback_totals t WHERE t.experiment = ANY($1)`,
      [slugs],
    ),
  ]);
  const byExperiment = new Map<string, Row>();
  for (const r of [...daily.rows, ...uniques.rows]) byExperiment.set(r.experiment, { ...byExperiment.get(r.experiment), ...r });
  return slugs.map((slug) => {
    const r = byExperiment.get(slug);
    return { ...window(r, ''), last7Days: window(r, '_7'), last30Days: window(r, '_30') };
  });
}

export interface Activity {
  activeAccounts7d: number;
  activeAccounts30d: number;
}

export async function loadActivity(sql: Sql, slugs: readonly string[]): Promise<Activity[]> {
  const { rows } = await sql.query<{ experiment: string; a7: string; a30: string }>(
    `SELECT experiment,
            count(DISTINCT account_id) FILTER (WHERE day > ${TODAY} - 7) AS a7,
            count(DISTINCT account_id) AS a30
       FROM usage_active_days WHERE experiment = ANY($1) AND day > ${TODAY} - 30 GROUP BY experiment`,
    [slugs],
  );
  const byExperiment = new Map(rows.map((r) => [r.experiment, r]));
  return slugs.map((slug) => ({ activeAccounts7d: Number(byExperiment.get(slug)?.a7 ?? 0), activeAccounts30d: Number(byExperiment.get(slug)?.a30 ?? 0) }));
}
