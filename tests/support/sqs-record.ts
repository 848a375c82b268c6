/** An SQS record as Lambda's event source hands it to a consumer, for tests that invoke one directly. */
import type { SQSRecord } from 'aws-lambda';

let sequence = 0;

export function sqsRecord(
  body: string,
  options: { messageId?: string; receiveCount?: number } = {},
): SQSRecord {
  sequence++;
  const messageId = options.messageId ?? `message-${sequence}`;
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:test',
    awsRegion: 'ap-southeast-1',
  };
}
