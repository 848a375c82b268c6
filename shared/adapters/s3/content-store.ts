import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { type Article, ArticleSchema } from '../../domain/article.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { ContentStore, VersionedState } from '../../ports.js';
import { CACHE_CONTROL } from '../../syndicate/feed-files.js';
import { s3Client } from './client.js';

/** Key layout of the content bucket. */
export const contentKeys = {
  article: (id: string) => `articles/${id}.json`,
  /** The page an article was extracted from, for re-extraction after a configuration change. */
  rawPage: (id: string) => `raw/${id}.html`,
  feed: (path: string) => `feeds/${path}`,
  /** The gzip twin of a feed file whose type CloudFront does not compress (see GZIP_TWIN_TYPES). */
  feedGzip: (path: string) => `feeds/${path}.gz`,
  /** Outside `feeds/`, so never served. */
  feedState: (name: string) => `state/feeds/${name}.json`,
};

/**
 * Media types CloudFront does not compress (its list has application/rss+xml and text/html,
 * not these): their files get a gzip twin, which a CloudFront Function serves to clients that
 * accept gzip (infra/constructs/content-store.ts).
 */
export const GZIP_TWIN_TYPES = ['application/atom+xml', 'application/feed+json', 'text/x-opml'];

export class S3ContentStore implements ContentStore {
  constructor(
    private readonly bucket: string,
    private readonly s3 = s3Client(),
  ) {}

  async putArticle(article: Article): Promise<void> {
    await this.s3.send(this.articleWrite(article));
  }

  async createArticle(article: Article): Promise<boolean> {
    return writtenUnlessConflict(() => this.s3.send(this.articleWrite(article, { IfNoneMatch: '*' })));
  }

  private articleWrite(article: Article, condition: { IfNoneMatch?: string } = {}): PutObjectCommand {
    return new PutObjectCommand({
      Bucket: this.bucket,
      Key: contentKeys.article(article.id),
      Body: JSON.stringify(article),
      ContentType: 'application/json; charset=utf-8',
      ...condition,
    });
  }

  async putRawPage(articleId: string, html: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: contentKeys.rawPage(articleId),
        Body: html,
        ContentType: 'text/html; charset=utf-8',
      }),
    );
  }

  async getRawPage(articleId: string): Promise<string | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: contentKeys.rawPage(articleId) }),
      );
      return await object.Body!.transformToString('utf-8');
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
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

  async putFeedFile(
    path: string,
    body: string | Uint8Array,
    contentType: string,
    options: { cacheControl?: string; changed?: boolean } = {},
  ): Promise<boolean> {
    const key = contentKeys.feed(path);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf-8') : body;
    if (
      !options.changed &&
      (await this.storedEtag(key)) === `"${createHash('md5').update(bytes).digest('hex')}"`
    )
      return false;
    const cacheControl = options.cacheControl ?? CACHE_CONTROL.current;
    // The twin first: once the plain file is current, its twin is too.
    if (GZIP_TWIN_TYPES.includes(contentType.split(';')[0]!.trim())) {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: contentKeys.feedGzip(path),
          Body: gzipSync(bytes),
          ContentType: contentType,
          ContentEncoding: 'gzip',
          CacheControl: cacheControl,
        }),
      );
    }
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        CacheControl: cacheControl,
      }),
    );
    return true;
  }

  /** The object's ETag (the MD5 of its bytes: one part, no KMS), or undefined when there is none. */
  private async storedEtag(key: string): Promise<string | undefined> {
    try {
      return (await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ETag;
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async getFeedState(name: string): Promise<VersionedState | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: contentKeys.feedState(name) }),
      );
      const text = await object.Body!.transformToString('utf-8');
      // A state cut short (a write killed half-way) is no state: the builder rebuilds it from the
      // index and replaces it from this version, as it does a state that fails its schema.
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      return { value, version: object.ETag! };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putFeedState(name: string, state: unknown, expected: string | undefined): Promise<boolean> {
    return writtenUnlessConflict(() =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: contentKeys.feedState(name),
          Body: JSON.stringify(state),
          ContentType: 'application/json; charset=utf-8',
          ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
      ),
    );
  }
}

/**
 * A conditional write: true when made, false when its condition failed (412: another version is
 * stored; 409: another conditional put is in flight; 404: an `If-Match` object was deleted).
 */
async function writtenUnlessConflict(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status === 412 || status === 409 || status === 404) return false;
    throw error;
  }
}
