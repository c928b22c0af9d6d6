import { columnTypeRules } from '../dev/standins/monday/column-values';
import { MondayStandIn, type MondayStandInOptions } from '../dev/standins/monday/server';
import type { ColumnType, MondayBoard, MondayUser } from '../dev/standins/monday/state';

export const relayToken = 'relay-token-0001';

export interface GraphqlAnswer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
    [key: string]: unknown;
  };
}

/** POSTs a GraphQL document as the relay does: raw token, API-Version, JSON body. */
export async function graphql(
  standIn: MondayStandIn,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {}
): Promise<GraphqlAnswer> {
  const response = await fetch(standIn.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: relayToken, 'api-version': '2026-10', ...headers },
    body: JSON.stringify({ query, variables })
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphqlAnswer['body'] };
}

/** Every column type the stand-in serves. */
export const allColumnTypes = Object.keys(columnTypeRules) as ColumnType[];

export interface Fixture {
  standIn: MondayStandIn;
  relayUser: MondayUser;
  boardUser: MondayUser;
  board: MondayBoard;
}

/** A started stand-in with the relay's user, a person on the board, and a board with one column of each type. */
export async function startStandInWithBoard(options: MondayStandInOptions = {}): Promise<Fixture> {
  const standIn = await new MondayStandIn(options).start();
  const relayUser = standIn.addUser('Sync relay', 'relay@example.com', relayToken);
  const boardUser = standIn.addUser('Ada Lovelace', 'ada@example.com');
  const board = standIn.operations.createBoard('Deals', 'public');
  for (const type of allColumnTypes) standIn.operations.createColumn(board.id, { title: type, type, id: type });
  return { standIn, relayUser, boardUser, board };
}
