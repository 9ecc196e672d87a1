/**
 * Which registered operation a typed document is: its name (read from the document), its
 * trusted-document id and whether it is a query (sent as GET) or a mutation (POST).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { registeredOperations } from './generated/operations';

export interface RegisteredOperation {
  name: string;
  id: string;
  kind: 'query' | 'mutation';
}

export function registeredOperation(document: TypedDocumentNode<unknown, never>): RegisteredOperation {
  const definition = document.definitions.find((d) => d.kind === 'OperationDefinition');
  const name = definition && 'name' in definition ? definition.name?.value : undefined;
  const registered = name ? registeredOperations[name] : undefined;
  if (!name || !registered) {
    // A programming error, not an answer: only documents generated from client/operations can be sent.
    throw new Error(`${name ?? 'This anonymous operation'} is not a registered operation: add it to client/operations and run npm run codegen.`);
  }
  return { name, ...registered };
}
