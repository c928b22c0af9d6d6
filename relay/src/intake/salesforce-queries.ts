// Questions the package asks the relay for its recipe builder (the board and group pickers, the list of boards):
// signed the Standard Webhooks way with the same secrets as change batches, so only the org can ask. They read and
// change nothing, so a repeated webhook-id is answered again rather than refused.
import type { Clock } from '../core/clock';
import type { BoardDirectory, BoardSummary } from '../monday/board-directory';
import { type SignedRequest, verifySignedRequest } from './signature';

export class SalesforceQueries {
  constructor(
    private readonly secrets: readonly string[],
    private readonly clock: Clock,
    private readonly directory: BoardDirectory
  ) {}

  /** The account's active boards with their groups and columns; throws SignatureError for an unsigned request. */
  async boards(request: SignedRequest): Promise<{ boards: BoardSummary[] }> {
    verifySignedRequest(request, this.secrets, Math.floor(this.clock.now() / 1000));
    return { boards: await this.directory.boards() };
  }
}
