import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { articleIdFor } from '../../ingest/normalize/identity.js';
import type { ArticleEntry, ArticleRepository, FeedScope } from '../../ports.js';
import { documentClient } from '../aws-clients.js';

/**
 * Articles table. Article items are keyed by the digest of their canonical URL; alias items
 * (`aliasOf`) map the other URLs an article was seen at, so a feed link that redirects or
 * differs from the canonical URL is not fetched again. Aliases carry no index keys, so the
 * sparse indexes list only articles.
 */
export class DynamoArticleRepository implements ArticleRepository {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async create(entry: ArticleEntry): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...entry, feed: 'all', publishedUtc: utc(entry.publishedAt) },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(id: string): Promise<ArticleEntry | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { id } }));
    return Item && !Item.aliasOf ? toEntry(Item) : undefined;
  }

  async addAlias(url: string, articleId: string): Promise<void> {
    const id = articleIdFor(url);
    if (id === articleId) return;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id, url, aliasOf: articleId },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async findByUrl(url: string): Promise<ArticleEntry | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id: articleIdFor(url) } }),
    );
    if (!Item) return undefined;
    return typeof Item.aliasOf === 'string' ? this.get(Item.aliasOf) : toEntry(Item);
  }

  async markPublished(id: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id },
        UpdateExpression: 'SET published = :true',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  async newest(scope: FeedScope, limit: number): Promise<ArticleEntry[]> {
    const byFeed = scope.kind === 'all';
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byFeed ? 'byFeed' : 'bySource',
        KeyConditionExpression: byFeed ? 'feed = :key' : 'sourceId = :key',
        ExpressionAttributeValues: { ':key': byFeed ? 'all' : scope.sourceId },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(toEntry);
  }
}

function utc(iso: string): string {
  return new Date(iso).toISOString();
}

function toEntry(item: Record<string, unknown>): ArticleEntry {
  const { feed: _feed, publishedUtc: _sortKey, ...entry } = item;
  return entry as unknown as ArticleEntry;
}
