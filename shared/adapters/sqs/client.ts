/** The SQS client, created once per process (see dynamodb/client.ts). */
import { SQSClient } from '@aws-sdk/client-sqs';

let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  // The queue URL's host need not be the endpoint (true on AWS, and the stand-in's is not resolvable).
  sqs ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return sqs;
}
