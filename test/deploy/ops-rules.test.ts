/**
 * ops/alerts.yml and ops/grafana-dashboard.json against the platform they watch: every expression
 * is valid PromQL (parsed with Prometheus's own grammar, @prometheus-io/lezer-promql), every metric
 * it selects is one the running test platform exports (the gateway's ops /metrics and each
 * subgraph's /metrics), the rules are well-formed, and the alerts and panels cover what operators
 * rely on: SLA burn against the objectives of common/sla-tiers.ts, breakers, crash loops, the
 * account-deletion backlog. Only metric names are read from /metrics, never values that other
 * test files change.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_LEVELS, TIERS } from '../../common/sla-tiers';
import { SUBGRAPH_NAMES, isCritical } from '../../common/subgraph-registry';
import { testPlatform } from '../support/platform';

const ROOT = resolve(__dirname, '../..');

interface AlertRule {
  alert?: string;
  record?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}
interface RuleFile {
  groups?: { name?: string; rules?: AlertRule[] }[];
}
interface Panel {
  id?: number;
  type?: string;
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

const alerts = parse(readFileSync(resolve(ROOT, 'ops/alerts.yml'), 'utf8')) as RuleFile;
const rules = (alerts.groups ?? []).flatMap((g) => g.rules ?? []);
const dashboard = JSON.parse(readFileSync(resolve(ROOT, 'ops/grafana-dashboard.json'), 'utf8')) as {
  panels: Panel[];
  templating?: { list?: { type?: string; query?: string | { query?: string } }[] };
};
const scrape = parse(readFileSync(resolve(ROOT, 'ops/prometheus.yml'), 'utf8')) as { rule_files: string[]; scrape_configs: { job_name: string }[] };

const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
const dashboardExprs = [
  ...allPanels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr).filter((e): e is string => typeof e === 'string')),
  ...(dashboard.templating?.list ?? []).filter((v) => v.type === 'query').map((v) => (typeof v.query === 'string' ? v.query : v.query?.query ?? '')),
];
const alertExprs = rules.map((r) => String(r.expr));

/** Grafana's range variables stand for a duration; Prometheus needs one to parse the expression. */
const asPromQL = (expr: string) => expr.replace(/\$\{?(__rate_interval|__interval|__range)\}?/g, '5m');

/** Syntax errors (as positions) and the metric names the expression selects. */
function analyse(expr: string): { errors: number[]; metrics: string[]; nameMatchers: boolean } {
  const text = asPromQL(expr);
  const errors: number[] = [];
  const metrics = new Set<string>();
  let nameMatchers = false;
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') metrics.add(text.slice(node.from, node.to));
      if (node.name === 'LabelName' && text.slice(node.from, node.to) === '__name__') nameMatchers = true;
    },
  });
  return { errors, metrics: [...metrics], nameMatchers };
}

/** Metric names in an exposition: from the TYPE lines, so a labelled metric without samples yet counts too. */
function exposedNames(exposition: string): string[] {
  return [...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => {
    if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
    return [name];
  });
}

/** Recorded by Prometheus itself for every target, not exported by a process. */
const PROMETHEUS_OWN = ['up'];

let exported: Set<string>;
let gatewayExposition: string;
/** Prometheus's PromQL grammar (an ES module with a CommonJS build: loaded with import()). */
let parser: typeof import('@prometheus-io/lezer-promql', { with: { 'resolution-mode': 'import' } }).parser;

beforeAll(async () => {
  ({ parser } = await import('@prometheus-io/lezer-promql'));
  const p = testPlatform();
  const get = async (url: string) => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return res.text();
  };
  gatewayExposition = await get(`http://127.0.0.1:${p.opsPort}/metrics`);
  const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((n) => get(`http://127.0.0.1:${p.subgraphPorts[n]}/metrics`)));
  exported = new Set([gatewayExposition, ...subgraphs].flatMap(exposedNames));
});

describe.each([
  ['ops/alerts.yml', alertExprs],
  ['ops/grafana-dashboard.json', dashboardExprs],
])('%s', (file, exprs) => {
  it('holds expressions', () => {
    expect(exprs.length).toBeGreaterThan(5);
  });

  it('is valid PromQL throughout', () => {
    const invalid = exprs.map((expr) => ({ expr, errors: analyse(expr).errors })).filter((r) => r.errors.length > 0);
    expect({ file, invalid }).toEqual({ file, invalid: [] });
    // Every template variable is one the check above could stand in for.
    expect(exprs.filter((e) => /\$/.test(asPromQL(e)))).toEqual([]);
  });

  it('selects only metrics the platform exports', () => {
    const used = [...new Set(exprs.flatMap((e) => analyse(e).metrics))].sort();
    expect(used.length).toBeGreaterThan(5);
    const unknown = used.filter((m) => !exported.has(m) && !PROMETHEUS_OWN.includes(m));
    expect({ file, unknown }).toEqual({ file, unknown: [] });
    expect(exprs.filter((e) => analyse(e).nameMatchers)).toEqual([]);
  });
});

describe('ops/alerts.yml', () => {
  const durations = /^\d+[smhd]$/;

  it('is a Prometheus rule file: groups of alerts with expr, for, a severity and a summary', () => {
    expect(alerts.groups?.length).toBeGreaterThan(0);
    for (const group of alerts.groups!) {
      expect(typeof group.name).toBe('string');
      expect(group.rules?.length).toBeGreaterThan(0);
    }
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(rules.length);
    for (const rule of rules) {
      expect({
        alert: typeof rule.alert === 'string' && /^[A-Z][A-Za-z]+$/.test(rule.alert),
        expr: typeof rule.expr === 'string' && rule.expr.trim().length > 0,
        for: typeof rule.for === 'string' && durations.test(rule.for),
        severity: ['critical', 'warning'].includes(String(rule.labels?.severity)),
        summary: typeof rule.annotations?.summary === 'string' && rule.annotations.summary.length > 0,
      }).toEqual({ alert: true, expr: true, for: true, severity: true, summary: true });
    }
  });

  const selecting = (metric: string) => rules.filter((r) => analyse(String(r.expr)).metrics.includes(metric)).map((r) => r.alert);

  it('alerts on SLA burn (fast, slow, steady) against the objectives the gateway publishes from common/sla-tiers.ts', () => {
    const burn = rules.filter((r) => /BudgetBurn/.test(String(r.alert)));
    expect(burn.map((r) => r.alert)).toEqual(['SlaErrorBudgetBurnFast', 'SlaErrorBudgetBurnSlow', 'SlaErrorBudgetBurnSteady']);
    for (const rule of burn) {
      expect(analyse(String(rule.expr)).metrics.sort()).toEqual(['gateway_sla_availability_objective_ratio', 'gateway_sla_fetches_total']);
    }
    // The objective series carry the numbers of common/sla-tiers.ts, so the rules need no copy.
    for (const tier of TIERS) {
      const line = gatewayExposition.match(new RegExp(`^gateway_sla_availability_objective_ratio\\{tier="${tier}"\\} (\\S+)$`, 'm'));
      expect({ tier, objective: Number(line?.[1]) }).toEqual({ tier, objective: SERVICE_LEVELS[tier].availabilityTarget / 100 });
      const latency = gatewayExposition.match(new RegExp(`^gateway_sla_latency_p95_objective_seconds\\{tier="${tier}"\\} (\\S+)$`, 'm'));
      expect({ tier, latency: Number(latency?.[1]) }).toEqual({ tier, latency: SERVICE_LEVELS[tier].latencyP95TargetMs / 1000 });
    }
  });

  it('pages when a critical subgraph\'s breaker opens, and only warns for an optional one', () => {
    const critical = SUBGRAPH_NAMES.filter(isCritical).sort();
    const matcher = (alert: string, op: string) => {
      const expr = String(rules.find((r) => r.alert === alert)?.expr);
      return expr.match(new RegExp(`subgraph${op}"([^"]+)"`))?.[1].split('|').sort();
    };
    expect(matcher('CriticalSubgraphBreakerOpen', '=~')).toEqual(critical);
    expect(matcher('OptionalSubgraphBreakerOpen', '!~')).toEqual(critical);
    expect(rules.find((r) => r.alert === 'CriticalSubgraphBreakerOpen')?.labels?.severity).toBe('critical');
    expect(selecting('gateway_subgraph_breaker_state').sort()).toEqual(['CriticalSubgraphBreakerOpen', 'OptionalSubgraphBreakerOpen']);
  });

  it('alerts on crash loops and on an account-deletion backlog', () => {
    expect(selecting('process_start_time_seconds')).toEqual(['ProcessCrashLooping']);
    expect(selecting('identity_account_deletion_oldest_pending_seconds')).toEqual(['AccountDeletionBacklog', 'AccountDeletionOverdue']);
  });

  it('warns when a gateway refuses a new supergraph, and when replicas serve different ones', () => {
    expect(selecting('gateway_supergraph_reloads_total')).toEqual(['SupergraphReloadRefused']);
    expect(selecting('gateway_supergraph_info')).toEqual(['SupergraphsDiffer']);
  });

  it('selects the scrape jobs ops/prometheus.yml defines, and is the rule file it loads', () => {
    const jobs = scrape.scrape_configs.map((c) => c.job_name).sort();
    const selected = [...new Set([...alertExprs, ...dashboardExprs].flatMap((e) => [...e.matchAll(/job=~"([^"]+)"/g)].flatMap((m) => m[1].split('|'))))].sort();
    expect(selected).toEqual(jobs);
    expect(scrape.rule_files).toEqual(['alerts.yml']);
  });
});

describe('ops/grafana-dashboard.json', () => {
  const panels = allPanels(dashboard.panels);
  const showing = (metric: string) => panels.filter((p) => (p.targets ?? []).some((t) => analyse(String(t.expr)).metrics.includes(metric))).map((p) => p.title);

  it('has panels with unique ids and a query each', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels.filter((p) => p.type !== 'row')) expect({ title: p.title, queries: (p.targets ?? []).length > 0 }).toEqual({ title: p.title, queries: true });
  });

  it('shows requests, p50 and p99 per operation, subgraph latency and errors, breakers, SLA standing and the deletion backlog', () => {
    expect(showing('gateway_operations_total').length).toBeGreaterThan(0);
    const perOperation = panels.flatMap((p) => (p.targets ?? []).map((t) => String(t.expr))).filter((e) => /gateway_operation_duration_seconds_bucket/.test(e) && /by \(operation, le\)/.test(e));
    expect(perOperation.map((e) => e.match(/histogram_quantile\(([\d.]+)/)?.[1]).sort()).toEqual(['0.5', '0.99']);
    for (const metric of [
      'gateway_subgraph_fetch_duration_seconds_bucket',
      'gateway_subgraph_fetch_errors_total',
      'gateway_subgraph_breaker_state',
      'gateway_sla_fetches_total',
      'gateway_sla_availability_objective_ratio',
      'identity_account_deletions_pending',
      'identity_account_deletion_oldest_pending_seconds',
    ]) {
      expect({ metric, panels: showing(metric).length > 0 }).toEqual({ metric, panels: true });
    }
  });
});
