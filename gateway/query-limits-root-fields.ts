/**
 * Refuses operations with too many top-level fields (each one is at least one subgraph fetch),
 * counting a fragment's top-level fields once per use. `__typename` and other `__` fields are free.
 */
import { Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';
import { fragmentMemo } from './query-limits-fragments';
import { queryTooComplex, shownCount } from './errors';

export function maxRootFieldsRule(maxRootFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentFields = fragmentMemo(context, 0, (fragment) => fieldsOf(fragment.selectionSet));
    function fieldsOf(set: SelectionSetNode): number {
      let count = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) count += selection.name.value.startsWith('__') ? 0 : 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += fieldsOf(selection.selectionSet);
        else count += fragmentFields(selection.name.value);
      }
      return count;
    }
    return {
      OperationDefinition(operation) {
        const count = fieldsOf(operation.selectionSet);
        if (count > maxRootFields) {
          context.reportError(
            queryTooComplex(
              'rootFields',
              `The operation asks for ${shownCount(count)} top-level fields; the limit is ${maxRootFields}. Split it into several requests or ask for fewer top-level fields.`,
              count,
              maxRootFields,
              operation,
            ),
          );
        }
      },
    };
  };
}
