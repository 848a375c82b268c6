import { paginateScan } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { SubscriberStats, SubscriberStatus } from '../../admin/subscribers.js';
import { SubscriberStatusSchema } from '../../domain/subscriber.js';
import { documentClient } from '../aws-clients.js';

/** What the scan projects of each item. */
const StatusOnlySchema = z.object({ subscriber: z.object({ status: SubscriberStatusSchema }) });

/**
 * Subscriber counts for the administrators: one scan of the subscribers table reading only
 * each item's status (a few reads per thousand subscribers; the admin page asks now and then).
 */
export class DynamoSubscriberStats implements SubscriberStats {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async countByStatus(): Promise<Record<SubscriberStatus, number>> {
    const counts: Record<SubscriberStatus, number> = {
      pending: 0,
      confirmed: 0,
      unsubscribed: 0,
      suppressed: 0,
    };
    const pages = paginateScan(
      { client: this.db, pageSize: 1000 },
      {
        TableName: this.tableName,
        ProjectionExpression: '#subscriber.#status',
        ExpressionAttributeNames: { '#subscriber': 'subscriber', '#status': 'status' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const read = StatusOnlySchema.safeParse(item);
        // An item without a readable status is not a subscriber to count.
        if (read.success) counts[read.data.subscriber.status]++;
      }
    }
    return counts;
  }
}
