/** /readyz: every subgraph answers its own /readyz (which checks its database). */
import { SUBGRAPH_NAMES, subgraphUrl, type SubgraphName } from '../common/subgraph-registry';

export interface SubgraphReadiness {
  subgraph: SubgraphName;
  ready: boolean;
  detail?: string;
}

export async function checkSubgraphs(timeoutMs = 2000): Promise<SubgraphReadiness[]> {
  return Promise.all(
    SUBGRAPH_NAMES.map(async (subgraph) => {
      const url = subgraphUrl(subgraph).replace(/\/graphql$/, '/readyz');
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (res.ok) return { subgraph, ready: true };
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        return { subgraph, ready: false, detail: `HTTP ${res.status}${body.error ? `: ${body.error}` : ''}` };
      } catch (error) {
        return { subgraph, ready: false, detail: `unreachable at ${url}: ${(error as Error).message}` };
      }
    }),
  );
}
