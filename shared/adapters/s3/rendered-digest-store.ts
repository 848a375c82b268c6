import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { parseOrThrow } from '../../domain/validation.js';
import type { RenderedDigestStore } from '../../mail/ports.js';
import { type RenderedDigest, RenderedDigestSchema } from '../../mail/records.js';
import { s3Client } from './client.js';

/**
 * Rendered digests in the content bucket under `mail/` (private: the CDN serves only
 * `feeds/`), one JSON object per group of readers; a lifecycle rule removes them.
 */
export class S3RenderedDigestStore implements RenderedDigestStore {
  constructor(
    private readonly bucket: string,
    private readonly s3 = s3Client(),
  ) {}

  async put(key: string, digest: RenderedDigest): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(digest),
        ContentType: 'application/json; charset=utf-8',
      }),
    );
  }

  async get(key: string): Promise<RenderedDigest | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const json: unknown = JSON.parse(await object.Body!.transformToString('utf-8'));
      return parseOrThrow(RenderedDigestSchema, json, `rendered digest ${key}`);
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
