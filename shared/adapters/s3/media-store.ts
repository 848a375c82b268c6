import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { RenditionSchema } from '../../domain/article.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { MediaStore, StoredMedia } from '../../ports.js';
import { s3Client } from './client.js';

const FileSchema = RenditionSchema.omit({ url: true }).extend({
  name: z.string().regex(/^[a-f0-9]{64}(?:-\d+)?\.(?:jpg|png|gif|webp|avif)$/),
});
const StoredMediaSchema = z.object({
  hash: z.string().regex(/^[a-f0-9]{64}$/),
  original: FileSchema,
  feed: FileSchema,
  mail: FileSchema,
});

/** Key layout of the media files in the content bucket. */
export const mediaKeys = {
  /** Served by the CDN (`/media/*`) for ever: a name is a content hash, its bytes never change. */
  file: (name: string) => `media/${name}`,
  /** Outside `media/`, so never served. */
  record: (hash: string) => `state/media/${hash}.json`,
};

export const MEDIA_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The tag of originals no reader loads (a copy serves them): lifecycle rules move them to a cheaper class. */
export const ARCHIVE_TAG = { key: 'bantin-media', value: 'original' } as const;

export class S3MediaStore implements MediaStore {
  constructor(
    private readonly bucket: string,
    private readonly s3 = s3Client(),
  ) {}

  async find(hash: string): Promise<StoredMedia | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: mediaKeys.record(hash) }),
      );
      const json: unknown = JSON.parse(await object.Body!.transformToString('utf-8'));
      return parseOrThrow(StoredMediaSchema, json, `media record ${hash}`);
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putFile(
    name: string,
    body: Uint8Array,
    type: string,
    options: { original?: boolean } = {},
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: mediaKeys.file(name),
        Body: body,
        ContentType: type,
        CacheControl: MEDIA_CACHE_CONTROL,
        ...(options.original ? { Tagging: `${ARCHIVE_TAG.key}=${ARCHIVE_TAG.value}` } : {}),
      }),
    );
  }

  async record(media: StoredMedia): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: mediaKeys.record(media.hash),
        Body: JSON.stringify(media),
        ContentType: 'application/json; charset=utf-8',
      }),
    );
  }
}
