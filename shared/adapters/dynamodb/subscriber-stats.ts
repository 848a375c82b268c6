import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriberStats, SubscriberStatus } from '../../admin/subscribers.js';
import * as z from '../../domain/zod.js';
import { documentClient } from './client.js';

/** The counter item in the subscribers table; no subscriber's id (24 hex digits) looks like it. */
export const STATUS_COUNTS_ID = 'counts#status';

const STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed', 'unsubscribed', 'suppressed'];

/** The counter item as read: a number per status, absent until the first change to it. */
const CountsSchema = z.object(Object.fromEntries(STATUSES.map((status) => [status, z.optional(z.number())])));

/**
 * Counts a subscriber's status change on the counter item: one atomic ADD, -1 on the status it
 * left (none for a new subscriber) and +1 on the one it took. The subscriber repository calls it
 * after each save that changed a status, so each change is counted once.
 */
export async function countStatusChange(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: SubscriberStatus | undefined,
  to: SubscriberStatus,
): Promise<void> {
  if (from === to) return;
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { id: STATUS_COUNTS_ID },
      UpdateExpression: from ? 'ADD #to :one, #from :minusOne' : 'ADD #to :one',
      ExpressionAttributeNames: { '#to': to, ...(from ? { '#from': from } : {}) },
      ExpressionAttributeValues: { ':one': 1, ...(from ? { ':minusOne': -1 } : {}) },
    }),
  );
}

/**
 * Subscriber counts for the administrators: one read of the counter item the subscriber
 * repository keeps (no pass over the table, whatever the number of subscribers).
 */
export class DynamoSubscriberStats implements SubscriberStats {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async countByStatus(): Promise<Record<SubscriberStatus, number>> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id: STATUS_COUNTS_ID }, ConsistentRead: true }),
    );
    const counts = CountsSchema.parse(Item ?? {});
    return Object.fromEntries(
      STATUSES.map((status) => [status, Math.max(0, Number(counts[status] ?? 0))]),
    ) as Record<SubscriberStatus, number>;
  }
}
