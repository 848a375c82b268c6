/** The S3 client (see dynamodb/client.ts). */
import { S3Client } from '@aws-sdk/client-s3';

// Checksums only where S3 requires them (e.g. DeleteObjects): TLS already guards the bytes, and a
// CRC32 of every body in JavaScript costs about a tenth of a request's CPU.
export const makeS3Client = (config: Record<string, unknown> = {}) =>
  new S3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...config,
  });

let s3: S3Client | undefined;

export function s3Client(): S3Client {
  s3 ??= makeS3Client();
  return s3;
}
