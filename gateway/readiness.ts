/**
 * Readiness of the subgraphs: each subgraph's own /readyz (which checks its database). Results are
 * cached for a second and concurrent checks share one probe, so /readyz cannot be used to load the
 * subgraphs. The gateway is ready while every CRITICAL subgraph is: an optional one down degrades
 * answers but must not take every gateway replica out of rotation.
 */
import { SUBGRAPH_NAMES, isCritical, subgraphUrl, type SubgraphName } from '../common/subgraph-registry';

export interface SubgraphReadiness {
  subgraph: SubgraphName;
  critical: boolean;
  ready: boolean;
  /** Why it is not ready: for the ops listener only (it names internal addresses). */
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  subgraphs: SubgraphReadiness[];
}

async function probe(subgraph: SubgraphName, timeoutMs: number): Promise<SubgraphReadiness> {
  const url = subgraphUrl(subgraph).replace(/\/graphql$/, '/readyz');
  const critical = isCritical(subgraph);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.ok) return { subgraph, critical, ready: true };
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return { subgraph, critical, ready: false, detail: `HTTP ${res.status}${body.error ? `: ${body.error}` : ''}` };
  } catch (error) {
    return { subgraph, critical, ready: false, detail: `unreachable at ${url}: ${(error as Error).message}` };
  }
}

export class ReadinessProbe {
  private last?: { at: number; result: Promise<Readiness> };

  constructor(private readonly cacheMs = 1000, private readonly timeoutMs = 2000) {}

  check(now = Date.now()): Promise<Readiness> {
    if (this.last && now - this.last.at < this.cacheMs) return this.last.result;
    const result = Promise.all(SUBGRAPH_NAMES.map((s) => probe(s, this.timeoutMs))).then((subgraphs) => ({
      ready: subgraphs.every((s) => s.ready || !s.critical),
      subgraphs,
    }));
    this.last = { at: now, result };
    return result;
  }
}
