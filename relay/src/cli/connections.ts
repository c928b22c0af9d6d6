// `npm run connections -- list | delete <id>`: the connections admins made from the browser, and deleting the data
// of one they disconnected. A disconnect stops the work and deletes the tokens but keeps what was synced (links,
// held changes, dead letters) under the connection's id, so that a reconnect by mistake loses nothing; deleting is
// a separate, deliberate step. Reads the relay's store like `npm run dead-letters` (DATABASE_URL or RELAY_DATA_DIR).
import { parseConnectionRecord } from '../connections/connection-record';
import { runStoreCommand } from './store-command';
import type { ConnectionRepository } from '../store/ports';

const usage = 'Usage: npm run connections -- list | delete <connection id>';

const iso = (at: number | undefined): string => (at === undefined ? '' : new Date(at).toISOString());

/** Runs one command; answers the lines to print and the exit code. */
export async function connectionsCommand(
  args: string[],
  connections: ConnectionRepository
): Promise<{ lines: string[]; exitCode: number }> {
  const [command, id] = args;
  switch (command) {
    case 'list':
    case undefined: {
      const stored = await connections.list();
      if (stored.length === 0) return { lines: ['No connection made from the browser.'], exitCode: 0 };
      return {
        lines: stored.map(({ record: json }) => {
          const record = parseConnectionRecord(json);
          const since = record.state === 'disconnected' ? ` since ${iso(record.disconnectedAt)}` : '';
          return [
            record.id,
            `${record.state}${since}`,
            `${record.salesforce.username} (org ${record.salesforce.orgId}${record.salesforce.sandbox ? ', sandbox' : ''})`,
            record.monday ? `monday ${record.monday.accountName}` : 'monday not connected'
          ].join('\t');
        }),
        exitCode: 0
      };
    }
    case 'delete': {
      if (!id) return { lines: [usage], exitCode: 2 };
      const stored = await connections.get(id);
      if (!stored) return { lines: [`No connection ${id}.`], exitCode: 1 };
      if (parseConnectionRecord(stored.record).state !== 'disconnected')
        return {
          lines: [
            `${id} is not disconnected: disconnect it first from its page (/connections/${id}) or the package's Connection tab; nothing was deleted.`
          ],
          exitCode: 1
        };
      const rows = await connections.purge(id);
      return { lines: [`Deleted ${id} and everything kept for it (${rows} rows).`], exitCode: 0 };
    }
    default:
      return { lines: [usage], exitCode: 2 };
  }
}

if (require.main === module) runStoreCommand((args, store) => connectionsCommand(args, store.connections));
