// An estimate of a query's complexity, in the spirit of monday's: every field costs a point, a list multiplies what
// it contains by the number of entries it may return, and a mutation has a fixed cost of its own.
// https://developer.monday.com/api-reference/docs/rate-limits#complexity-limit
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  OperationTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped
} from 'graphql';

// How many entries a list field returns when the query does not say (the schema's default `limit`s).
const defaultPageSizes: Record<string, number> = {
  boards: 25,
  items: 25,
  items_page: 25,
  next_items_page: 25,
  items_page_by_column_values: 25,
  users: 200,
  updates: 25
};

export function operationOf(document: DocumentNode, operationName?: string): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION
  );
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
}

export function queryComplexity(
  document: DocumentNode,
  variables: Record<string, unknown>,
  mutationCost: number,
  operationName?: string
): number {
  const operation = operationOf(document, operationName);
  if (!operation) return 0;
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment])
  );

  const cost = (selectionSet: SelectionSetNode | undefined): number => {
    if (!selectionSet) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total += cost(fragments.get(selection.name.value)?.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += cost(selection.selectionSet);
      } else {
        const args = Object.fromEntries(
          (selection.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, variables)])
        );
        const ids = Array.isArray(args.ids) ? args.ids.length : undefined;
        const limit = typeof args.limit === 'number' ? args.limit : undefined;
        const entries = ids ?? limit ?? defaultPageSizes[selection.name.value] ?? 1;
        total += 1 + entries * cost(selection.selectionSet);
      }
    }
    return total;
  };

  // Each mutation has its fixed cost; the `complexity` field a mutation document may ask for is not a mutation.
  const mutations = operation.selectionSet.selections.filter(
    (selection) => selection.kind === Kind.FIELD && selection.name.value !== 'complexity'
  ).length;
  return (
    cost(operation.selectionSet) + (operation.operation === OperationTypeNode.MUTATION ? mutations * mutationCost : 0)
  );
}
