// The local mode's stand-ins kept in its data folder (standins.json), so that a restart finds the same records, board
// and items as the relay's own store does. Written a moment after each change, atomically (a temporary file renamed).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { MondaySnapshot } from '../standins/monday/state';
import type { OutboxBatch } from './package-emulator';
import type { RecordsSnapshot } from '../standins/salesforce/records';

const savedStateSchema = z.object({
  version: z.literal(1),
  boardId: z.string(),
  boardUserId: z.string(),
  relayUserId: z.string(),
  salesforce: z.custom<RecordsSnapshot>((value) => typeof value === 'object' && value !== null),
  monday: z.custom<MondaySnapshot>((value) => typeof value === 'object' && value !== null),
  /** The emulated package's change batches the relay had not taken (a run that was stopped or killed). */
  outbox: z.array(z.custom<OutboxBatch>((value) => typeof value === 'object' && value !== null)).default([])
});

export type SavedState = z.infer<typeof savedStateSchema>;

export class SavedStateFile {
  private timer: NodeJS.Timeout | undefined;
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'standins.json');
  }

  /** The saved state; undefined when there is none. A file that cannot be read stops the start, saying which. */
  read(): SavedState | undefined {
    if (!existsSync(this.path)) return undefined;
    try {
      return savedStateSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (error) {
      throw new Error(
        `${this.path} cannot be read (${error instanceof Error ? error.message : String(error)}); start with --reset to begin afresh`,
        { cause: error }
      );
    }
  }

  write(state: SavedState): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.path);
  }

  /** Writes `take()` a moment after the last call (changes come in bursts). */
  writeSoon(take: () => SavedState): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.write(take());
    }, 200);
  }

  /** Writes what is waiting now (at shutdown). */
  writeNow(take: () => SavedState): void {
    clearTimeout(this.timer);
    this.write(take());
  }
}
