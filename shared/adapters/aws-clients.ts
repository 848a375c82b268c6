/**
 * AWS SDK clients. The handlers' wiring makes them with `make…` from the settings its platform
 * gives (none in AWS; the stand-ins' endpoints locally); the adapters' default clients, for
 * scripts and tests, take the SDK's own settings. Nothing here knows whether it talks to AWS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type ClientConfig = Record<string, unknown>;

export const makeDocumentClient = (config: ClientConfig = {}) =>
  DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
export const makeS3Client = (config: ClientConfig = {}) => new S3Client(config);
export const makeSnsClient = (config: ClientConfig = {}) => new SNSClient(config);
// The queue URL's host need not be the endpoint (true on AWS, and the stand-in's is not resolvable).
export const makeSqsClient = (config: ClientConfig = {}) =>
  new SQSClient({ useQueueUrlAsEndpoint: false, ...config });

let documents: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sns: SNSClient | undefined;
let sqs: SQSClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  documents ??= makeDocumentClient();
  return documents;
}

export function s3Client(): S3Client {
  s3 ??= makeS3Client();
  return s3;
}

export function snsClient(): SNSClient {
  sns ??= makeSnsClient();
  return sns;
}

export function sqsClient(): SQSClient {
  sqs ??= makeSqsClient();
  return sqs;
}
