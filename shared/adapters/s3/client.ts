/** The S3 client (see dynamodb/client.ts). */
import { S3Client } from '@aws-sdk/client-s3';

export const makeS3Client = (config: Record<string, unknown> = {}) => new S3Client(config);

let s3: S3Client | undefined;

export function s3Client(): S3Client {
  s3 ??= makeS3Client();
  return s3;
}
