/**
 * What a subgraph says when a signed request is not a GraphQL request it can run. graphql-http
 * refuses these with terse texts ("Missing query") or an empty body (405/406/415); a caller (the
 * gateway's developers, a test) is told instead what to send. Pure.
 */
const SHAPE: Record<string, string> = {
  'Missing body': 'The request has no body: POST a JSON object such as {"query": "{ __typename }"} with content-type: application/json.',
  'JSON body must be an object': 'The request body must be a JSON object such as {"query": "{ __typename }", "variables": {}}.',
  'Missing query': 'The request (its JSON body, or a GET\'s query string) has no "query": send the GraphQL document as a string in "query".',
  'Invalid query': '"query" must be a string holding the GraphQL document.',
  'Invalid variables': '"variables" must be a JSON object of variable names to values.',
  'Invalid operationName': '"operationName" must be a string naming an operation of the document.',
  'Invalid extensions': '"extensions" must be a JSON object.',
  'Unparsable URL': 'The query string could not be read: "variables" and "extensions" must be URL-encoded JSON objects.',
};

/** A request-shape error of graphql-http's, as a message that says what to change. */
export function requestShapeMessage(terse: string): string {
  return SHAPE[terse] ?? `The request is not a GraphQL request: ${terse.slice(0, 200)}.`;
}

const UNSERVED: Record<number, string> = {
  405: 'This endpoint takes POST (or GET for a query): send the operation with one of those.',
  406: 'This endpoint answers application/json or application/graphql-response+json (UTF-8): accept one of those.',
  415: 'Send the body as JSON (content-type: application/json; charset=utf-8).',
};

/** The message for an HTTP-level refusal graphql-http answers without a body. */
export function unservedMessage(status: number): string {
  return UNSERVED[status] ?? `The request could not be served (HTTP ${status}).`;
}
