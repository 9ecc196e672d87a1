/**
 * A request refused only for bad input (a variable that does not coerce, a custom scalar literal
 * failing validation, input hygiene) is answered as a normal GraphQL response, HTTP 200. Apollo
 * Server answers those with 400 (or 500 for an error thrown by a plugin), and the gateway treats a
 * non-2xx subgraph answer as the subgraph failing: the client got INTERNAL_SERVER_ERROR
 * "400: Bad Request" instead of the coded error that says what to fix.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

export function badInputStatusPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.length > 0 && errors.every((e) => e.extensions?.code === 'BAD_USER_INPUT')) response.http.status = 200;
        },
      };
    },
  };
}
