// F13 on the monday side: when Salesforce refuses the relay (a revoked token, a password reset), the monday user who
// connected the account gets a bell notification about one of the connection's boards, once per refusal. The
// package rings the Salesforce admins' bell from the connection status in the relay's answers.
// create_notification takes a board or item id with target_type Project; the notification comes from the token's
// user (or the app, with an app token). https://developer.monday.com/api-reference/reference/notification
import { z } from 'zod';
import type { Logger } from '../core/logger';
import type { MondayClient } from '../monday/client';
import { documents } from '../monday/documents';
import type { MondayWriter } from '../write/monday-writer';

const me = z.object({ data: z.object({ me: z.object({ id: z.coerce.string() }) }) });

export interface RefusalNoticeParts {
  monday: MondayClient;
  writer: MondayWriter;
  /** A board of the connection to point at: one of its recipes', else any the token sees. */
  board: () => Promise<string | undefined>;
  logger: Logger;
}

export class RefusalNotice {
  constructor(private readonly parts: RefusalNoticeParts) {}

  /** Tells the monday user that Salesforce refused the relay; a failure to tell is logged, never thrown. */
  async salesforceRefused(): Promise<boolean> {
    try {
      const board = await this.parts.board();
      if (!board) return false;
      const user = me.parse(await this.parts.monday.request(documents.meWithAccount, {})).data.me.id;
      await this.parts.writer.notify(
        user,
        board,
        'monday Sync: Salesforce refused the connection (access revoked or password changed). Changes are kept and ' +
          'will sync once a Salesforce admin clicks Reconnect on the Connection tab.'
      );
      return true;
    } catch (error) {
      this.parts.logger.warn({ err: error }, 'the monday user could not be told that Salesforce refused the relay');
      return false;
    }
  }
}
