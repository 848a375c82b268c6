import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { IngestRequest } from '../../domain/events.js';
import type { IngestQueue } from '../../ports.js';
import { sqsClient } from './client.js';

const BATCH = 10; // SendMessageBatch takes at most 10 entries.

export class SqsIngestQueue implements IngestQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly sqs = sqsClient(),
  ) {}

  async send(requests: IngestRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH) {
      const batch = requests.slice(i, i + BATCH);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((request, n) => ({ Id: String(n), MessageBody: JSON.stringify(request) })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(
          `SQS refused ${result.Failed.length} ingest requests: ${result.Failed[0]?.Message ?? ''}`,
        );
      }
    }
  }
}
