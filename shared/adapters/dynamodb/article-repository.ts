import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../../concurrency.js';
import type { StoryCopy } from '../../domain/article.js';
import { type ArticleEntry, ArticleEntrySchema, type ExtractedChanges } from '../../domain/article-entry.js';
import {
  type FeedListing,
  type FeedScope,
  feedPath,
  type ListedArticle,
  ListedArticleSchema,
} from '../../domain/feed-listing.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { ArticleRepository, ListingQuery } from '../../ports.js';
import { batchGetAll } from './batch-get.js';
import { batchPutAll } from './batch-write.js';
import { documentClient } from './client.js';
import { writeIf } from './conditional-write.js';

/** Conditional writes in flight at once for a batch of entries. */
const WRITES_AT_ONCE = 8;

/**
 * Articles table. Article items are keyed by the digest of their canonical URL; alias items
 * (`aliasOf`) map the other URLs an article was seen at, so a feed link that redirects or
 * differs from the canonical URL is not fetched again. Aliases carry no index keys, so the
 * sparse indexes list only articles.
 *
 * Listing items (`list#{feed}#{articleId}`, index `byListing`) place an article in the feeds
 * the caller lists it in, under the key it gives.
 */
export class DynamoArticleRepository implements ArticleRepository {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async create(entry: ArticleEntry, listing: FeedListing): Promise<boolean> {
    const [created] = await this.createMany([{ entry, listing }]);
    return created!;
  }

  async createMany(items: { entry: ArticleEntry; listing: FeedListing }[]): Promise<boolean[]> {
    // Listing items first: an entry never exists unlisted.
    await this.writeListings(items.map(({ entry, listing }) => ({ articleId: entry.id, listing })));
    return mapWithConcurrency(items, WRITES_AT_ONCE, ({ entry }) =>
      writeIf(() =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...entry, feed: 'all', publishedUtc: utc(entry.publishedAt) },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      ),
    );
  }

  async addListing(articleId: string, listing: FeedListing): Promise<boolean> {
    return (await this.writeListings([{ articleId, listing }])) > 0;
  }

  /**
   * Writes the listing items that do not exist yet; returns how many. Each only if absent: a retry
   * after a crash keeps the first key, so an article never moves within a feed (archive pages stay
   * as cut). One item per key, as a batch refuses duplicates: an article twice keeps its first.
   */
  private async writeListings(items: { articleId: string; listing: FeedListing }[]): Promise<number> {
    const listed = new Map<string, { id: string; listing: string; listedKey: string; articleId: string }>();
    for (const { articleId, listing } of items) {
      for (const scope of listing.feeds) {
        const id = listingId(scope, articleId);
        if (!listed.has(id))
          listed.set(id, { id, listing: feedPath(scope), listedKey: listing.listedKey, articleId });
      }
    }
    // Read, then written in batches (which take no condition): only two polls racing on one new
    // article can both write, and then its key moves by the milliseconds between them, at the top.
    const keys = [...listed.keys()].map((id) => ({ id }));
    for (const item of await batchGetAll(this.db, this.tableName, keys)) listed.delete(String(item.id));
    // Oldest key first, as a batch takes 25 items a request: a builder that reads the listing
    // between two requests sees every key below the newest it sees, so the pages it cuts hold
    // what they would hold had it read after the last (else an article whose key sorts within a
    // page cut meanwhile lands in it later, and the page holds more than its 50).
    const writes = [...listed.values()].sort(
      (a, b) => compare(a.listedKey, b.listedKey) || compare(a.id, b.id),
    );
    await batchPutAll(this.db, this.tableName, writes);
    return writes.length;
  }

  async get(id: string): Promise<ArticleEntry | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { id } }));
    return Item && !Item.aliasOf ? toEntry(Item) : undefined;
  }

  async addAlias(alias: { id: string; url: string }, articleId: string): Promise<void> {
    if (alias.id === articleId) return;
    await writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id: alias.id, url: alias.url, aliasOf: articleId },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    );
  }

  async claimAlias(alias: { id: string; url: string }, articleId: string): Promise<string> {
    const written = await writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id: alias.id, url: alias.url, aliasOf: articleId },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    );
    if (written) return articleId;
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id: alias.id }, ConsistentRead: true }),
    );
    return typeof Item?.aliasOf === 'string' ? Item.aliasOf : articleId;
  }

  async setAliases(
    aliases: readonly { alias: { id: string; url: string }; articleId: string }[],
  ): Promise<void> {
    // One item an id (a batch refuses two): the last given wins, as it would one by one.
    const items = new Map(
      aliases.map(({ alias, articleId }) => [alias.id, { id: alias.id, url: alias.url, aliasOf: articleId }]),
    );
    await batchPutAll(this.db, this.tableName, [...items.values()]);
  }

  async resolve(id: string): Promise<ArticleEntry | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { id } }));
    if (!Item) return undefined;
    return typeof Item.aliasOf === 'string' ? this.get(Item.aliasOf) : toEntry(Item);
  }

  async resolveMany(
    ids: string[],
    options: { consistent?: boolean } = {},
  ): Promise<Map<string, ArticleEntry>> {
    const read = { consistentRead: options.consistent ?? false };
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(ids)].map((id) => ({ id })),
      read,
    );
    const articles = new Map<string, ArticleEntry>();
    const aliases = new Map<string, string>();
    for (const item of items) {
      if (typeof item.aliasOf === 'string') aliases.set(String(item.id), item.aliasOf);
      else articles.set(String(item.id), toEntry(item));
    }
    const targets = [...new Set(aliases.values())].filter((id) => !articles.has(id));
    const targetItems = await batchGetAll(
      this.db,
      this.tableName,
      targets.map((id) => ({ id })),
      read,
    );
    // An alias never points at another alias (addAlias takes article ids), so one hop is all.
    const targetArticles = new Map(
      targetItems.filter((item) => !item.aliasOf).map((item) => [String(item.id), toEntry(item)]),
    );
    for (const [alias, target] of aliases) {
      const entry = articles.get(target) ?? targetArticles.get(target);
      if (entry) articles.set(alias, entry);
    }
    return articles;
  }

  async markPublished(id: string): Promise<void> {
    await writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: 'SET published = :true',
          // Only an article item: an update of a missing key would create a stray item.
          ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(aliasOf)',
          ExpressionAttributeValues: { ':true': true },
        }),
      ),
    );
  }

  async findByStoryKey(
    storyKey: string,
    window: { from: string; to: string },
    limit: number,
  ): Promise<ArticleEntry[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byStory',
        KeyConditionExpression: 'storyKey = :key AND publishedUtc BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':key': storyKey, ':from': utc(window.from), ':to': utc(window.to) },
        Limit: limit,
      }),
    );
    return Items.map(toEntry);
  }

  async addStoryCopy(
    id: string,
    copy: StoryCopy,
    originalSourceId: string | undefined,
    seenCopies: number,
  ): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: `SET alsoPublishedBy = list_append(if_not_exists(alsoPublishedBy, :none), :copy)${
            originalSourceId ? ', originalSourceId = :original' : ''
          }`,
          // Only an article item, and only if no other writer added a copy since the caller read it.
          ConditionExpression:
            'attribute_exists(id) AND attribute_not_exists(aliasOf) AND ' +
            (seenCopies === 0
              ? '(attribute_not_exists(alsoPublishedBy) OR size(alsoPublishedBy) = :seen)'
              : 'size(alsoPublishedBy) = :seen'),
          ExpressionAttributeValues: {
            ':none': [],
            ':copy': [copy],
            ':seen': seenCopies,
            ...(originalSourceId ? { ':original': originalSourceId } : {}),
          },
        }),
      ),
    );
  }

  async updateExtracted(id: string, changes: ExtractedChanges): Promise<boolean> {
    const named = (['storyKey', 'bodyKey'] as const).filter((key) => changes[key] !== '');
    const gone = (['storyKey', 'bodyKey'] as const).filter((key) => changes[key] === '');
    const { moved } = changes;
    const keys = {
      set:
        named.map((key) => `, ${key} = :${key}`).join('') +
        (moved ? ', #url = :url, canonicalUrl = :canonicalUrl' : ''),
      remove: gone.length > 0 ? ` REMOVE ${gone.join(', ')}` : '',
      values: {
        ...Object.fromEntries(named.map((key) => [`:${key}`, changes[key]])),
        ...(moved ? { ':url': moved.url, ':canonicalUrl': moved.canonicalUrl } : {}),
      },
    };
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          // A key left empty is no key: the attribute goes (an index takes no empty string).
          UpdateExpression: `SET title = :title, publishedAt = :publishedAt, publishedUtc = :publishedUtc, updatedAt = :updatedAt, fingerprint = :fingerprint${keys.set}${keys.remove}`,
          // Only an article item: never an alias, never a new item, never a withdrawn article
          // (a re-extraction that read it before its withdrawal announces nothing).
          ConditionExpression:
            'attribute_exists(id) AND attribute_not_exists(aliasOf) AND attribute_not_exists(withdrawn)',
          ExpressionAttributeValues: {
            ':title': changes.title,
            ':publishedAt': changes.publishedAt,
            ':publishedUtc': utc(changes.publishedAt),
            ':updatedAt': changes.updatedAt,
            ':fingerprint': changes.fingerprint,
            ...keys.values,
          },
          ...(moved ? { ExpressionAttributeNames: { '#url': 'url' } } : {}),
        }),
      ),
    );
  }

  async withdraw(
    id: string,
    withdrawal: NonNullable<ArticleEntry['withdrawn']>,
    feeds: FeedScope[],
  ): Promise<boolean> {
    const marked = await writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          // Its story keys stay: the same story found again (a copy, the paper's own page under
          // a new address) is found as this withdrawn article, and kept out (ingest-source.ts).
          UpdateExpression: 'SET withdrawn = :withdrawn',
          ConditionExpression:
            'attribute_exists(id) AND attribute_not_exists(aliasOf) AND attribute_not_exists(withdrawn)',
          ExpressionAttributeValues: { ':withdrawn': withdrawal },
        }),
      ),
    );
    // Unlisted even when it was withdrawn before: a withdrawal cut short is finished by a retry.
    await this.setListed(id, feeds, false);
    return marked;
  }

  async restore(id: string, feeds: FeedScope[]): Promise<boolean> {
    const unmarked = await writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: 'REMOVE withdrawn',
          ConditionExpression: 'attribute_exists(id) AND attribute_exists(withdrawn)',
        }),
      ),
    );
    if (!unmarked) return false;
    await this.setListed(id, feeds, true);
    return true;
  }

  /**
   * Takes article `id`'s listing items out of their feeds' listings, or puts them back: without
   * its `listing` an item leaves the sparse index `byListing`, its key kept for its return.
   * Items that do not exist are left so (no stray item is made).
   */
  private async setListed(id: string, feeds: FeedScope[], listed: boolean): Promise<void> {
    await mapWithConcurrency(feeds, WRITES_AT_ONCE, (scope) =>
      writeIf(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { id: listingId(scope, id) },
            ...(listed
              ? {
                  UpdateExpression: 'SET listing = :listing',
                  ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(listing)',
                  ExpressionAttributeValues: { ':listing': feedPath(scope) },
                }
              : { UpdateExpression: 'REMOVE listing', ConditionExpression: 'attribute_exists(id)' }),
          }),
        ),
      ),
    );
  }

  async newest(scope: FeedScope, limit: number): Promise<ArticleEntry[]> {
    if (scope.kind === 'category') {
      const listed = await this.listed(scope, { limit, order: 'newest-first' });
      const entries = await mapWithConcurrency(listed, 8, (item) => this.get(item.articleId));
      return entries.filter((entry): entry is ArticleEntry => entry !== undefined);
    }
    const byFeed = scope.kind === 'all';
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byFeed ? 'byFeed' : 'bySource',
        KeyConditionExpression: byFeed ? 'feed = :key' : 'sourceId = :key',
        ExpressionAttributeValues: { ':key': scope.kind === 'source' ? scope.sourceId : 'all' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(toEntry);
  }

  async listed(scope: FeedScope, query: ListingQuery): Promise<ListedArticle[]> {
    const values: Record<string, string> = { ':listing': feedPath(scope) };
    let range = '';
    if (query.after !== undefined && query.upTo !== undefined) {
      // One sort-key condition per query: BETWEEN is inclusive, `after` is dropped below.
      range = ' AND listedKey BETWEEN :after AND :upTo';
      Object.assign(values, { ':after': query.after, ':upTo': query.upTo });
    } else if (query.after !== undefined) {
      range = ' AND listedKey > :after';
      values[':after'] = query.after;
    } else if (query.upTo !== undefined) {
      range = ' AND listedKey <= :upTo';
      values[':upTo'] = query.upTo;
    }
    const found: ListedArticle[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byListing',
          KeyConditionExpression: `listing = :listing${range}`,
          ExpressionAttributeValues: values,
          ScanIndexForward: query.order === 'oldest-first',
          Limit: Math.min(1000, query.limit - found.length + 1),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.listedKey === query.after) continue;
        found.push(toListed(item));
      }
      start = page.LastEvaluatedKey;
    } while (start && found.length < query.limit);
    return found.slice(0, query.limit);
  }

  async listedKeys(scope: FeedScope, articleIds: string[]): Promise<ListedArticle[]> {
    const ids = [...new Set(articleIds)];
    const keys = ids.map((articleId) => ({ id: listingId(scope, articleId) }));
    const found = new Map(
      (await batchGetAll(this.db, this.tableName, keys)).map((item) => [item.articleId, item]),
    );
    // In the order asked, as a batch read answers in any order.
    return ids.flatMap((id) => (found.has(id) ? [toListed(found.get(id)!)] : []));
  }
}

function listingId(scope: FeedScope, articleId: string): string {
  return `list#${feedPath(scope)}#${articleId}`;
}

function utc(iso: string): string {
  return new Date(iso).toISOString();
}

/** An article item as its entry; the index keys (`feed`, `publishedUtc`) are dropped. */
function toEntry(item: Record<string, unknown>): ArticleEntry {
  return parseOrThrow(ArticleEntrySchema, item, `article entry ${String(item.id)}`);
}

function toListed(item: Record<string, unknown>): ListedArticle {
  return parseOrThrow(ListedArticleSchema, item, `listing item ${String(item.id)}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
