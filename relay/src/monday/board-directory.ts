// The boards a recipe can use, for the recipe builder in Salesforce: every active board of the account with its
// groups and columns, read a page of 50 at a time (boards with their columns are costly in complexity), and cached
// for a minute so that an admin moving between pickers does not spend the budget again.
import { z } from 'zod';
import type { Clock } from '../core/clock';
import type { MondayClient } from './client';
import { documents } from './documents';

const boardsPerPage = 50;
const cacheMs = 60_000;

const boardSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string().nullish(),
  groups: z.array(z.object({ id: z.string(), title: z.string() })).nullish(),
  columns: z.array(z.object({ id: z.string(), title: z.string(), type: z.string() })).nullish()
});

export interface BoardSummary {
  id: string;
  name: string;
  url: string | null;
  groups: { id: string; title: string }[];
  columns: { id: string; title: string; type: string }[];
}

export class BoardDirectory {
  private cached: { at: number; boards: BoardSummary[] } | undefined;

  constructor(
    private readonly monday: MondayClient,
    private readonly clock: Clock
  ) {}

  async boards(): Promise<BoardSummary[]> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.at < cacheMs) return this.cached.boards;
    const boards: BoardSummary[] = [];
    for (let page = 1; ; page += 1) {
      const answer = await this.monday.request(documents.listBoards, { limit: boardsPerPage, page });
      const found = z.array(boardSchema).parse(answer.data.boards ?? []);
      boards.push(
        ...found.map((board) => ({
          id: board.id,
          name: board.name,
          url: board.url ?? null,
          groups: board.groups ?? [],
          columns: board.columns ?? []
        }))
      );
      if (found.length < boardsPerPage) break;
    }
    this.cached = { at: now, boards };
    return boards;
  }
}
