import { GetCommand, PutCommand, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Subscriber, SubscriberSchema, SubscriberStatusSchema } from '../../domain/subscriber.js';
import { parseOrThrow } from '../../domain/validation.js';
import * as z from '../../domain/zod.js';
import type { SubscriberRepository } from '../../mail/ports.js';
import type { SubscriberRecord } from '../../mail/records.js';
import { batchGetAll } from './batch-get.js';
import { documentClient } from './client.js';
import { writeIf } from './conditional-write.js';
import { countStatusChange } from './subscriber-stats.js';

/** Of the item a save replaced, only the status is needed (to count the change). */
const PreviousStatusSchema = z.object({ subscriber: z.object({ status: SubscriberStatusSchema }) });

/** Index partitions: spread writes of 100,000 subscribers over several keys. */
export const SUBSCRIBER_SHARDS = 8;

/**
 * Subscribers table: one item per subscriber (`subscriber`, validated on every read) with a
 * `version` for optimistic concurrency and sparse index keys derived on every write:
 * `digestShard` + `nextDigestUtc` (index `byDigestDue`) only for confirmed daily and weekly
 * subscribers, `alertShard` (index `byAlerts`) only for confirmed instant ones.
 */
export class DynamoSubscriberRepository implements SubscriberRepository {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async get(id: string): Promise<SubscriberRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async getMany(ids: string[]): Promise<SubscriberRecord[]> {
    const keys = [...new Set(ids)].map((id) => ({ id }));
    return (await batchGetAll(this.db, this.tableName, keys, { consistentRead: true })).map(toRecord);
  }

  async save(subscriber: Subscriber, expectedVersion: number | undefined): Promise<number | undefined> {
    const valid = parseOrThrow(SubscriberSchema, subscriber, `subscriber ${subscriber.id}`);
    const version = (expectedVersion ?? 0) + 1;
    let previous: Record<string, unknown> | undefined;
    const saved = await writeIf(async () => {
      ({ Attributes: previous } = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id: valid.id, subscriber: valid, version, ...indexKeys(valid) },
          ReturnValues: 'ALL_OLD',
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(id)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      ));
    });
    if (!saved) return undefined;
    // Only the writer of this version gets here: each status change is counted once.
    const before = PreviousStatusSchema.safeParse(previous).data?.subscriber.status;
    await countStatusChange(this.db, this.tableName, before, valid.status);
    return version;
  }

  async dueForDigest(now: Date): Promise<SubscriberRecord[]> {
    // The index holds keys only: the due readers' items are read after, 100 at a time.
    const shards = await Promise.all(
      Array.from({ length: SUBSCRIBER_SHARDS }, (_, shard) =>
        this.queryItems('byDigestDue', 'digestShard = :shard AND nextDigestUtc <= :now', {
          ':shard': `d${shard}`,
          ':now': now.toISOString(),
        }),
      ),
    );
    const keys = shards.flat().map((item) => ({ id: item.id }));
    const records = (await batchGetAll(this.db, this.tableName, keys)).map(toRecord);
    // A reader changed between the two reads (rescheduled, unsubscribed) is due no more.
    return records
      .filter((record) => {
        const due = indexKeys(record.subscriber).nextDigestUtc;
        return due !== undefined && due <= now.toISOString();
      })
      .sort((a, b) => a.subscriber.id.localeCompare(b.subscriber.id));
  }

  /** The earliest next digest of any confirmed daily or weekly subscriber (for the local outbox page). */
  async nextDigestDue(): Promise<Date | undefined> {
    const firsts = await Promise.all(
      Array.from({ length: SUBSCRIBER_SHARDS }, async (_, shard) => {
        const { Items = [] } = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'byDigestDue',
            KeyConditionExpression: 'digestShard = :shard',
            ExpressionAttributeValues: { ':shard': `d${shard}` },
            ProjectionExpression: 'nextDigestUtc',
            Limit: 1,
          }),
        );
        return Items[0]?.nextDigestUtc as string | undefined;
      }),
    );
    const earliest = firsts.filter((at): at is string => at !== undefined).sort()[0];
    return earliest ? new Date(earliest) : undefined;
  }

  async instantSubscribers(): Promise<SubscriberRecord[]> {
    const shards = await Promise.all(
      Array.from({ length: SUBSCRIBER_SHARDS }, (_, shard) =>
        this.query('byAlerts', 'alertShard = :shard', { ':shard': `a${shard}` }),
      ),
    );
    return shards.flat();
  }

  private async query(
    index: string,
    condition: string,
    values: Record<string, string>,
  ): Promise<SubscriberRecord[]> {
    return (await this.queryItems(index, condition, values)).map(toRecord);
  }

  private async queryItems(
    index: string,
    condition: string,
    values: Record<string, string>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.db, pageSize: 1000 },
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}

function indexKeys(subscriber: Subscriber): Record<string, string> {
  if (subscriber.status !== 'confirmed') return {};
  const shard = Number.parseInt(subscriber.id.slice(-2), 16) % SUBSCRIBER_SHARDS;
  if (subscriber.preferences.frequency === 'instant') return { alertShard: `a${shard}` };
  if (!subscriber.nextDigestAt) return {};
  return { digestShard: `d${shard}`, nextDigestUtc: new Date(subscriber.nextDigestAt).toISOString() };
}

function toRecord(item: Record<string, unknown>): SubscriberRecord {
  return {
    subscriber: parseOrThrow(SubscriberSchema, item.subscriber, `subscriber ${String(item.id)}`),
    version: Number(item.version ?? 0),
  };
}
