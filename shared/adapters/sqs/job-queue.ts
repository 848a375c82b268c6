import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { JobQueue } from '../../mail/ports.js';
import { sqsClient } from './client.js';

/** A queue of JSON messages, sent ten at a time (SendMessageBatch's limit), failures thrown. */
export class SqsJobQueue<T> implements JobQueue<T> {
  constructor(
    private readonly queueUrl: string,
    private readonly sqs = sqsClient(),
  ) {}

  async send(items: T[]): Promise<void> {
    for (let i = 0; i < items.length; i += 10) {
      const batch = items.slice(i, i + 10);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((item, n) => ({ Id: String(n), MessageBody: JSON.stringify(item) })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        const reasons = result.Failed.map((f) => `${f.Id}: ${f.Code} ${f.Message ?? ''}`.trim()).join('; ');
        throw new Error(`SQS refused ${result.Failed.length} of ${batch.length} messages: ${reasons}`);
      }
    }
  }
}
