/**
 * AWS SDK clients, created once per process (Lambda reuses them across invocations).
 * Endpoints come from the SDK's own settings, so the embedded stand-ins are reached by
 * setting AWS_ENDPOINT_URL; nothing here knows whether it talks to AWS or to them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documents: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sns: SNSClient | undefined;
let sqs: SQSClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

export function s3Client(): S3Client {
  // Path-style addressing for stand-ins that cannot serve bucket subdomains.
  s3 ??= new S3Client({ forcePathStyle: process.env.BANTIN_S3_PATH_STYLE === '1' });
  return s3;
}

export function snsClient(): SNSClient {
  sns ??= new SNSClient({});
  return sns;
}

export function sqsClient(): SQSClient {
  // The queue URL's host need not be the endpoint (true on AWS, and the stand-in's is not resolvable).
  sqs ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return sqs;
}

/** Reads a required environment variable, failing with its name at cold start. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
