/**
 * /readyz: every subgraph answers its own /readyz (which checks its database). The answer names
 * the failing subgraphs and how they fail, but not their addresses or their raw error text (the
 * gateway's port is public); those go to the log.
 */
import type { Logger } from '../common/logger';
import { SUBGRAPH_NAMES, subgraphUrl, type SubgraphName } from '../common/subgraph-registry';

export interface SubgraphReadiness {
  subgraph: SubgraphName;
  ready: boolean;
  detail?: string;
}

export async function checkSubgraphs(log: Logger, timeoutMs = 2000): Promise<SubgraphReadiness[]> {
  return Promise.all(
    SUBGRAPH_NAMES.map(async (subgraph) => {
      const url = subgraphUrl(subgraph).replace(/\/graphql$/, '/readyz');
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (res.ok) return { subgraph, ready: true };
        const body = (await res.json().catch(() => ({}))) as { status?: string; error?: string };
        log.warn('subgraph not ready', { subgraph, url, status: res.status, error: body.error });
        return { subgraph, ready: false, detail: `HTTP ${res.status}${body.error ? ' (its database does not answer)' : ''}` };
      } catch (error) {
        log.warn('subgraph unreachable', { subgraph, url, error });
        return { subgraph, ready: false, detail: (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable' };
      }
    }),
  );
}
