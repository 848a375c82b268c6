/**
 * `/media/{file}` on the local server, as CloudFront serves it in AWS: the re-hosted article
 * images from the content bucket, with their type and a year of immutable caching (a file's
 * name is its content hash, so its bytes never change).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { MEDIA_CACHE_CONTROL, mediaKeys } from '../../shared/adapters/s3/media-store.js';
import { notModified } from './conditional.js';

export const MEDIA_PATH = /^\/media\/([a-f0-9]{64}(?:-\d+)?\.(jpg|png|gif|webp|avif))$/;

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  store: { s3: S3Client; bucket: string },
  path: string,
): Promise<void> {
  const [, name, extension] = MEDIA_PATH.exec(path) ?? [];
  if (!name || !extension) return end(res, 404, 'not found');
  let object: GetObjectCommandOutput;
  try {
    object = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: mediaKeys.file(name) }));
  } catch (error) {
    if (error instanceof NoSuchKey) return end(res, 404, 'no such image');
    throw error;
  }
  const etag = object.ETag ?? '';
  const headers = {
    'content-type': TYPES[extension]!,
    'cache-control': MEDIA_CACHE_CONTROL,
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (etag && notModified(req.headers, etag, undefined)) {
    await object.Body?.transformToByteArray();
    res.writeHead(304, headers);
    return void res.end();
  }
  const body = Buffer.from(await object.Body!.transformToByteArray());
  res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function end(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
