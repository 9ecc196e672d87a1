/**
 * Refuses operations nested deeper than a limit: the schema has cycles (Experiment → revisions →
 * experiment …), so without it one request could ask for an arbitrarily large tree. Fragments add
 * no level; `__` introspection fields do not count (graphql's MaxIntrospectionDepthRule bounds
 * introspection). Each fragment's depth is computed once.
 */
import { Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';
import { fragmentMemo } from './query-limits-fragments';
import { queryTooComplex, shownCount } from './errors';

export function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentDepth = fragmentMemo(context, 0, (fragment) => depthOf(fragment.selectionSet));
    function depthOf(set: SelectionSetNode | undefined): number {
      if (!set) return 0;
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (!selection.name.value.startsWith('__')) deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(selection.name.value));
        }
      }
      return deepest;
    }
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            queryTooComplex('depth', `The operation is nested ${shownCount(depth)} levels deep; the limit is ${maxDepth}. Ask for fewer nested fields.`, depth, maxDepth, operation),
          );
        }
      },
    };
  };
}
