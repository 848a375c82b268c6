/** The SQS client (see dynamodb/client.ts). */
import { SQSClient } from '@aws-sdk/client-sqs';

// The queue URL's host need not be the endpoint (true on AWS, and the stand-in's is not resolvable).
export const makeSqsClient = (config: Record<string, unknown> = {}) =>
  new SQSClient({ useQueueUrlAsEndpoint: false, ...config });

let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  sqs ??= makeSqsClient();
  return sqs;
}
