// Links to Salesforce: new or changed record ⇄ item links become Monday_Link__c records (the record page reads them),
// upserted on Link_Key__c (recordId:itemId), 200 a call. They are pushed on their own once the oldest has waited
// batchWaitMs (or at shutdown), or carried by the next write of records to Salesforce as a second subrequest of one
// composite call (./client.ts `writeCollections`), which costs no request of its own: a stream of creates from
// monday then spends one Salesforce call per 200 records and their links, not two.
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Link } from '../store/links';
import type { LinkRepository } from '../store/ports';
import type { SalesforceWriter } from '../write/salesforce-writer';
import type { CollectionResult, SalesforceClient, CollectionWrite } from './client';
import type { PackageNames } from './package-names';

const linksPerPush = 200;
/** Monday_Link__c.Item_Snapshot__c is a Long Text Area of 32,768 characters. */
const snapshotLimit = 32_768;

export interface LinkPushParts {
  links: LinkRepository;
  salesforce: SalesforceClient;
  /** Writes the links (the client above only names the package's objects as the org does). */
  writer: SalesforceWriter;
  clock: Clock;
  logger: Logger;
  /** How long a partial batch of links may wait for more (0: never). */
  batchWaitMs: number;
  /** A board's name when the relay knows it, pushed with the links for the record page. */
  boardName?: (boardId: string) => string | undefined;
  /** A column's title when the relay knows it, for the links' key column values. */
  columnTitle?: (boardId: string, columnId: string) => string | undefined;
}

/** Links ready to go, as one upsert collection, and what to do with Salesforce's answer. */
export interface PreparedLinks {
  collection: CollectionWrite;
  settle(results: CollectionResult[]): Promise<void>;
}

export class LinkPush {
  constructor(private readonly parts: LinkPushParts) {}

  /** The links waiting (up to 200), named as the org names the package's fields, or undefined when there are none. */
  async prepare(names: PackageNames): Promise<PreparedLinks | undefined> {
    const links = await this.parts.links.unpushed(linksPerPush);
    if (links.length === 0) return undefined;
    // One record per Link_Key__c: the two recipes of a two-way board link the same record and item, and an upsert
    // cannot carry one external id twice. The latest state of the pair is the one pushed.
    const groups = new Map<string, Link[]>();
    for (const link of links) {
      const key = `${link.recordId}:${link.itemId}`;
      groups.set(key, [...(groups.get(key) ?? []), link]);
    }
    const latest = [...groups.values()].map((group) =>
      group.reduce((last, link) => (link.lastSyncAt >= last.lastSyncAt ? link : last))
    );
    return {
      collection: {
        objectApiName: names.qualify('Monday_Link__c'),
        externalIdField: names.qualify('Link_Key__c'),
        records: latest.map((link) => names.toOrg(this.recordOf(link)))
      },
      settle: async (results) => {
        await this.parts.links.markPushed(
          latest.flatMap((link, index) =>
            results[index]?.success === true ? (groups.get(`${link.recordId}:${link.itemId}`) ?? []) : []
          )
        );
        const refused = results.filter((result) => !result.success);
        if (refused.length > 0)
          this.parts.logger.error({ refused: refused.map((result) => result.errors) }, 'links refused by Salesforce');
      }
    };
  }

  /**
   * Pushes the links waiting, in a call of their own: at once when `now` (a shutdown), otherwise once the oldest has
   * waited batchWaitMs, so that a burst goes in full calls or with the records it follows.
   */
  async push(now = false): Promise<void> {
    try {
      // Every sync round asks: the age of the oldest link waiting decides, read alone, and the links are read and made
      // into records only when they go (building 200 of them each round to find they may wait was most of what the
      // relay allocated under a backlog: a sampling heap profile put it at a quarter to a third).
      const oldestAt = await this.parts.links.oldestUnpushedAt();
      if (oldestAt === undefined || (!now && this.parts.clock.now() - oldestAt < this.parts.batchWaitMs)) return;
      const prepared = await this.prepare(await this.parts.salesforce.packageNames());
      if (!prepared) return;
      const [answer] = await this.parts.writer.writeCollections([prepared.collection]);
      if (answer instanceof Error) throw answer;
      if (answer) await prepared.settle(answer);
    } catch (error) {
      // Links stay unpushed and go with the next round.
      this.parts.logger.warn({ err: error }, 'links could not be pushed to Salesforce yet');
    }
  }

  private recordOf(link: Link): Record<string, unknown> {
    return {
      Link_Key__c: `${link.recordId}:${link.itemId}`,
      Record_Id__c: link.recordId,
      Object_Api_Name__c: link.objectApiName,
      Item_Id__c: link.itemId,
      Board_Id__c: link.boardId,
      Recipe__c: link.recipeId,
      Item_Name__c: link.itemName,
      Item_Url__c: link.itemUrl,
      ...this.snapshotField(link),
      ...this.boardNameField(link.boardId),
      Last_Sync_Time__c: new Date(link.lastSyncAt).toISOString(),
      Last_Sync_Status__c: link.lastStatus,
      Last_Error__c: link.lastError?.slice(0, 255) ?? null
    };
  }

  /**
   * The key column values as the record page shows them, {"column title": "text"} (titles when known); a link
   * without them leaves the pushed ones alone.
   */
  private snapshotField(link: Link): { Item_Snapshot__c?: string } {
    if (!link.snapshot) return {};
    const byTitle = Object.fromEntries(
      Object.entries(link.snapshot).map(([columnId, text]) => [
        this.parts.columnTitle?.(link.boardId, columnId) ?? columnId,
        text
      ])
    );
    let json = JSON.stringify(byTitle);
    // The field holds 32,768 characters: long texts are shortened rather than the JSON cut (which would not parse).
    if (json.length > snapshotLimit)
      json = JSON.stringify(
        Object.fromEntries(Object.entries(byTitle).map(([title, text]) => [title, text.slice(0, 200)]))
      ).slice(0, snapshotLimit);
    return { Item_Snapshot__c: json };
  }

  /** Board_Name__c when the name is known: an unknown name (just after a restart) leaves the pushed one alone. */
  private boardNameField(boardId: string): { Board_Name__c?: string } {
    const name = this.parts.boardName?.(boardId);
    return name ? { Board_Name__c: name.slice(0, 255) } : {};
  }
}
