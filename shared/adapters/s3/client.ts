/** The S3 client, created once per process (see dynamodb/client.ts). */
import { S3Client } from '@aws-sdk/client-s3';

let s3: S3Client | undefined;

export function s3Client(): S3Client {
  // Path-style addressing for stand-ins that cannot serve bucket subdomains.
  s3 ??= new S3Client({ forcePathStyle: process.env.BANTIN_S3_PATH_STYLE === '1' });
  return s3;
}
