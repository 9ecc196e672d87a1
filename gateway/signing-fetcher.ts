/**
 * Signs each subgraph fetch for exactly the request sent. RemoteGraphQLDataSource serialises the
 * body after willSendRequest, so the signature is made here, where the final url, method and body
 * string are known: willSendRequest puts the caller header in, this adds the call and signature
 * headers, then hands the request to the base fetcher (plain fetch, or whatever wraps it).
 */
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { CALLER_HEADER, signCall } from '../common/caller-context';

export type SubgraphFetcher = RemoteGraphQLDataSource['fetcher'];

export function signingFetcher(subgraph: string, secret: string, base: SubgraphFetcher): SubgraphFetcher {
  return (url, init = {}) => {
    const headers = { ...init.headers };
    const callerHeader = headers[CALLER_HEADER];
    // No caller header: nothing to vouch for, and the subgraph refuses the unsigned call.
    if (callerHeader) Object.assign(headers, signCall(callerHeader, { subgraph, method: init.method ?? 'GET', url, body: init.body }, secret));
    return base(url, { ...init, headers });
  };
}
