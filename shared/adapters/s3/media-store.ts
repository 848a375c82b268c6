import { HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand } from '@aws-sdk/client-s3';
import { RenditionSchema } from '../../domain/image.js';
import { parseOrThrow } from '../../domain/validation.js';
import * as z from '../../domain/zod.js';
import type { MediaStore, StoredMedia } from '../../ports.js';
import { s3Client } from './client.js';

const FileSchema = z.extend(z.omit(RenditionSchema, { url: true }), {
  name: z.string().check(z.regex(/^[a-f0-9]{64}(?:-\d+)?\.(?:jpg|png|gif|webp|avif)$/)),
});
const StoredMediaSchema = z.object({
  hash: z.string().check(z.regex(/^[a-f0-9]{64}$/)),
  original: FileSchema,
  feed: FileSchema,
  mail: FileSchema,
});

/** Key layout of the media files in the content bucket. */
export const mediaKeys = {
  /** Served by the CDN (`/media/*`) for ever: a name is a content hash, its bytes never change. */
  file: (name: string) => `media/${name}`,
};
/**
 * The user metadata of an original that holds the image's record (its copies and their sizes,
 * ASCII JSON well under S3's 2 KB): found by one HEAD, stored with no request of its own.
 */
const RECORD_METADATA = 'bantin-media';

export const MEDIA_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The tag of originals no reader loads (a copy serves them): lifecycle rules move them to a cheaper class. */
export const ARCHIVE_TAG = { key: 'bantin-media', value: 'original' } as const;

export class S3MediaStore implements MediaStore {
  constructor(
    private readonly bucket: string,
    private readonly s3 = s3Client(),
  ) {}

  async find(name: string): Promise<StoredMedia | undefined> {
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: mediaKeys.file(name) }),
      );
      const record = head.Metadata?.[RECORD_METADATA];
      // An original stored before records went with it: stored again, with its record.
      if (record === undefined) return undefined;
      return parseOrThrow(StoredMediaSchema, JSON.parse(record), `media record of ${name}`);
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putFile(
    name: string,
    body: Uint8Array,
    type: string,
    options: { original?: boolean; record?: StoredMedia } = {},
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: mediaKeys.file(name),
        Body: body,
        ContentType: type,
        CacheControl: MEDIA_CACHE_CONTROL,
        ...(options.original ? { Tagging: `${ARCHIVE_TAG.key}=${ARCHIVE_TAG.value}` } : {}),
        ...(options.record ? { Metadata: { [RECORD_METADATA]: JSON.stringify(options.record) } } : {}),
      }),
    );
  }
}
