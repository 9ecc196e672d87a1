/**
 * Mutation-time reads of fields another subgraph owns. @requires only feeds entity fields, so a
 * mutation whose precondition lives in another subgraph (joinChannel needs the experimental opt-in,
 * recordUsage needs instrumentation consent) asks the owner with federation's own entity protocol
 * (`_entities`), signed for the same caller. Never another subgraph's database.
 */
import { encodeCaller, REQUEST_ID_HEADER, type CallerContext } from '../../common/caller-context';
import { envInt, envString } from '../../common/env';
import { subgraphUrl, type SubgraphName } from '../../common/subgraph-registry';
import { DomainError } from './errors';

export type Representation = { __typename: string } & Record<string, unknown>;

/** One `_entities` call for several representations of one type; results in input order (null where unknown). */
export async function fetchEntities<T>(subgraph: SubgraphName, representations: Representation[], selection: string, caller: CallerContext): Promise<(T | null)[]> {
  if (representations.length === 0) return [];
  const typename = representations[0].__typename;
  const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} ${selection} } }`;
  const url = subgraphUrl(subgraph);
  const requestBody = JSON.stringify({ query, variables: { representations } });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [REQUEST_ID_HEADER]: caller.requestId,
    // Signed for this subgraph, path and body only, so the owner cannot replay it elsewhere.
    ...encodeCaller({ ...caller, issuedAt: Date.now() }, { subgraph, method: 'POST', url, body: requestBody }, envString('GATEWAY_SECRET')),
  };
  let body: { data?: { _entities: (T | null)[] }; errors?: { message: string }[] };
  try {
    const res = await fetch(url, { method: 'POST', headers, body: requestBody, signal: AbortSignal.timeout(envInt('ENTITY_FETCH_TIMEOUT_MS', 10_000)) });
    body = (await res.json()) as typeof body;
  } catch {
    // The precondition cannot be checked now; nothing was written. Safe to retry.
    throw new DomainError('SERVICE_UNAVAILABLE', `The ${subgraph} service did not answer in time, so this change could not be checked and was not made; retry in a moment.`);
  }
  if (body.errors?.length || !body.data) {
    throw new DomainError('SERVICE_UNAVAILABLE', `The ${subgraph} service could not answer (${body.errors?.[0]?.message ?? 'no data'}), so this change was not made; retry in a moment.`);
  }
  return body.data._entities;
}

export async function fetchEntity<T>(subgraph: SubgraphName, representation: Representation, selection: string, caller: CallerContext): Promise<T | null> {
  const [entity] = await fetchEntities<T>(subgraph, [representation], selection, caller);
  return entity ?? null;
}
