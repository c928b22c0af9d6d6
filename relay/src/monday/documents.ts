// Every GraphQL document the relay sends to monday (API version 2026-10). Each asks for `complexity` too, so that the
// relay always knows its budget. monday/__tests__/documents.test.ts validates them all against monday's official
// schema, the aliased batch included.

const complexity = 'complexity { before after query reset_in_x_seconds }';
// A dropdown's labels are read as the labels they are (`values`), never by splitting `text` on ", " (a label may hold one).
const itemFields =
  'id name url state updated_at board { id } column_values { id type text value ... on DropdownValue { values { label } } }';

export const documents = {
  me: `query Me { me { id name email } ${complexity} }`,

  // The connect flow: whose token it is, and which account it reaches.
  meWithAccount: `query MeWithAccount { me { id name account { id name slug } } ${complexity} }`,

  // F13: the person who connected monday hears that the Salesforce side refused the relay.
  notifyUser: `mutation NotifyUser($userId: ID!, $targetId: ID!, $text: String!) {
    create_notification(user_id: $userId, target_id: $targetId, target_type: Project, text: $text) { text }
    ${complexity}
  }`,

  boardColumns: `query BoardColumns($boardIds: [ID!]) {
    boards(ids: $boardIds) { id name url columns { id title type settings } groups { id title } }
    ${complexity}
  }`,

  // The recipe builder's board picker: the account's active boards with their groups and columns, a page at a time.
  listBoards: `query ListBoards($limit: Int!, $page: Int!) {
    boards(limit: $limit, page: $page, state: active) { id name url groups { id title } columns { id title type } }
    ${complexity}
  }`,

  createColumn: `mutation CreateColumn($boardId: ID!, $id: String, $title: String!, $columnType: ColumnType!, $description: String) {
    create_column(board_id: $boardId, id: $id, title: $title, column_type: $columnType, description: $description) { id title type }
    ${complexity}
  }`,

  itemsByColumnValue: `query ItemsByColumnValue($boardId: ID!, $columnId: String!, $values: [String]!, $limit: Int!) {
    items_page_by_column_values(board_id: $boardId, columns: [{ column_id: $columnId, column_values: $values }], limit: $limit) {
      cursor
      items { ${itemFields} }
    }
    ${complexity}
  }`,

  readItems: `query ReadItems($itemIds: [ID!]) { items(ids: $itemIds, limit: 100) { ${itemFields} } ${complexity} }`,

  // The reconciliation poll: a board's items, the most recently updated first.
  recentlyUpdatedItems: `query RecentlyUpdatedItems($boardId: ID!, $limit: Int!) {
    boards(ids: [$boardId]) {
      items_page(limit: $limit, query_params: { order_by: [{ column_id: "__last_updated__", direction: desc }] }) {
        cursor
        items { id updated_at }
      }
    }
    ${complexity}
  }`,

  nextRecentlyUpdatedItems: `query NextRecentlyUpdatedItems($cursor: String!, $limit: Int!) {
    next_items_page(cursor: $cursor, limit: $limit) { cursor items { id updated_at } }
    ${complexity}
  }`,

  changeColumnValues: `mutation ChangeColumnValues($boardId: ID!, $itemId: ID!, $values: JSON!, $createLabels: Boolean) {
    change_multiple_column_values(board_id: $boardId, item_id: $itemId, column_values: $values, create_labels_if_missing: $createLabels) { id }
    ${complexity}
  }`,

  archiveItem: `mutation ArchiveItem($itemId: ID!) { archive_item(item_id: $itemId) { id } ${complexity} }`,

  deleteItem: `mutation DeleteItem($itemId: ID!) { delete_item(item_id: $itemId) { id } ${complexity} }`,

  createUpdate: `mutation CreateUpdate($itemId: ID!, $body: String!) { create_update(item_id: $itemId, body: $body) { id } ${complexity} }`,

  createWebhook: `mutation CreateWebhook($boardId: ID!, $url: String!, $event: WebhookEventType!, $config: JSON) {
    create_webhook(board_id: $boardId, url: $url, event: $event, config: $config) { id board_id event }
    ${complexity}
  }`,

  deleteWebhook: `mutation DeleteWebhook($id: ID!) { delete_webhook(id: $id) { id } ${complexity} }`,

  listWebhooks: `query ListWebhooks($boardId: ID!) { webhooks(board_id: $boardId) { id board_id event config } ${complexity} }`
} as const;

export interface NewItem {
  name: string;
  /** Column values as an object; sent as the JSON string monday expects. */
  columnValues: Record<string, unknown>;
  groupId?: string;
}

/**
 * Several create_item mutations in one request (GraphQL aliases item0, item1...), each with its own variables, so a
 * backlog costs one call per batch rather than one per record. monday runs them in order and answers each alias on
 * its own (a failed one is null with its own error).
 */
export function createItemsDocument(count: number): string {
  const variables: string[] = ['$boardId: ID!', '$createLabels: Boolean'];
  const mutations: string[] = [];
  for (let index = 0; index < count; index += 1) {
    variables.push(`$name${index}: String!`, `$values${index}: JSON`, `$group${index}: String`);
    mutations.push(
      `item${index}: create_item(board_id: $boardId, item_name: $name${index}, column_values: $values${index}, group_id: $group${index}, create_labels_if_missing: $createLabels) { id name url }`
    );
  }
  return `mutation CreateItems(${variables.join(', ')}) {\n  ${mutations.join('\n  ')}\n  ${complexity}\n}`;
}

/** Several change_multiple_column_values in one request (aliases update0, update1...). */
export function changeValuesDocument(count: number): string {
  const variables: string[] = ['$boardId: ID!', '$createLabels: Boolean'];
  const mutations: string[] = [];
  for (let index = 0; index < count; index += 1) {
    variables.push(`$item${index}: ID!`, `$values${index}: JSON!`);
    mutations.push(
      `update${index}: change_multiple_column_values(board_id: $boardId, item_id: $item${index}, column_values: $values${index}, create_labels_if_missing: $createLabels) { id }`
    );
  }
  return `mutation ChangeValues(${variables.join(', ')}) {\n  ${mutations.join('\n  ')}\n  ${complexity}\n}`;
}

export function changeValuesVariables(
  boardId: string,
  updates: { itemId: string; values: Record<string, unknown> }[],
  createLabels: boolean
): Record<string, unknown> {
  const variables: Record<string, unknown> = { boardId, createLabels };
  updates.forEach((update, index) => {
    variables[`item${index}`] = update.itemId;
    variables[`values${index}`] = JSON.stringify(update.values);
  });
  return variables;
}

export function createItemsVariables(
  boardId: string,
  items: NewItem[],
  createLabels: boolean
): Record<string, unknown> {
  const variables: Record<string, unknown> = { boardId, createLabels };
  items.forEach((item, index) => {
    variables[`name${index}`] = item.name;
    variables[`values${index}`] = JSON.stringify(item.columnValues);
    variables[`group${index}`] = item.groupId ?? null;
  });
  return variables;
}
