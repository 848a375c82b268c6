import { PublishBatchCommand } from '@aws-sdk/client-sns';
import { type ArticleEvent, articleEventAttributes } from '../../domain/events.js';
import type { ArticleEventPublisher } from '../../ports.js';
import { snsClient } from './client.js';

const BATCH = 10; // PublishBatch takes at most 10 entries.

export class SnsArticleEventPublisher implements ArticleEventPublisher {
  constructor(
    private readonly topicArn: string,
    private readonly sns = snsClient(),
  ) {}

  async publish(events: ArticleEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const result = await this.sns.send(
        new PublishBatchCommand({
          TopicArn: this.topicArn,
          PublishBatchRequestEntries: batch.map((event, n) => ({
            Id: String(n),
            Message: JSON.stringify(event),
            MessageAttributes: Object.fromEntries(
              Object.entries(articleEventAttributes(event)).map(([name, value]) => [
                name,
                Array.isArray(value)
                  ? { DataType: 'String.Array', StringValue: JSON.stringify(value) }
                  : { DataType: 'String', StringValue: value },
              ]),
            ),
          })),
        }),
      );
      // A 200 can still carry failed entries.
      if (result.Failed && result.Failed.length > 0) {
        const reasons = result.Failed.map((f) => `${f.Id}: ${f.Code} ${f.Message ?? ''}`.trim()).join('; ');
        throw new Error(`SNS refused ${result.Failed.length} of ${batch.length} article events: ${reasons}`);
      }
    }
  }
}
