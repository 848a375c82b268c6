import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { type Article, ArticleSchema } from '../../domain/article.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { ContentStore } from '../../ports.js';
import { s3Client } from '../aws-clients.js';

/** Key layout of the content bucket. */
export const contentKeys = {
  article: (id: string) => `articles/${id}.json`,
  feed: (path: string) => `feeds/${path}`,
};

/** Cache lifetime of feed files at the edge and in readers. */
const FEED_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

export class S3ContentStore implements ContentStore {
  constructor(
    private readonly bucket: string,
    private readonly s3 = s3Client(),
  ) {}

  async putArticle(article: Article): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: contentKeys.article(article.id),
        Body: JSON.stringify(article),
        ContentType: 'application/json; charset=utf-8',
      }),
    );
  }

  async getArticle(id: string): Promise<Article | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: contentKeys.article(id) }),
      );
      const text = await object.Body!.transformToString('utf-8');
      return parseOrThrow(ArticleSchema, JSON.parse(text), `stored article ${id}`);
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putFeedFile(path: string, body: string, contentType: string): Promise<boolean> {
    const key = contentKeys.feed(path);
    const bytes = Buffer.from(body, 'utf-8');
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      if (head.ETag === etag) return false;
    } catch (error) {
      if (!(error instanceof NotFound || error instanceof NoSuchKey)) throw error;
    }
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        CacheControl: FEED_CACHE_CONTROL,
      }),
    );
    return true;
  }
}
