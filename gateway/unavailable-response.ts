/**
 * The answer the gateway gives itself for a subgraph that could not answer (timeout, refused
 * connection, HTTP 5xx, open breaker): no data, and one SERVICE_UNAVAILABLE error per field that
 * fetch would have filled, with the path the gateway maps into the client's answer. So the client
 * gets HTTP 200 with everything the other subgraphs gave, nulls where this one's fields go, and
 * errors whose paths point at them.
 */
import { Kind, type DocumentNode, type FieldNode, type SelectionSetNode } from 'graphql';

export interface MissingFieldError {
  message: string;
  path: (string | number)[];
  extensions: { code: 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR'; service: string };
}

/** Entity fetches name one error per entity and field; beyond this many entities the first ones stand for all. */
const MAX_ENTITY_ERRORS = 100;

/** Response keys (alias or name) of the fields a selection set asks for, through inline fragments. */
function responseKeys(set: SelectionSetNode | undefined): string[] {
  const keys: string[] = [];
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.push((selection.alias ?? selection.name).value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      keys.push(...responseKeys(selection.selectionSet));
    }
  }
  return [...new Set(keys)];
}

/** One error per field the fetch would have filled, each with the path the gateway maps into the client's answer. */
export function missingFieldErrors(document: DocumentNode, variables: Record<string, unknown> | undefined, template: Omit<MissingFieldError, 'path'>): MissingFieldError[] {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const error = (path: (string | number)[]): MissingFieldError => ({ ...template, path });
  const entities = operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities',
  );
  if (!entities) return responseKeys(operation.selectionSet).map((key) => error([key]));
  const fields = responseKeys(entities.selectionSet);
  const representations = Array.isArray(variables?.representations) ? variables.representations.length : 1;
  const errors: MissingFieldError[] = [];
  for (let i = 0; i < Math.min(representations, MAX_ENTITY_ERRORS); i++) {
    for (const field of fields) errors.push(error(['_entities', i, field]));
  }
  return errors;
}
