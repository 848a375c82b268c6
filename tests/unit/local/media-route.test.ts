import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_PATH, serveMedia } from '../../../infra/local/media-route.js';
import { picture } from '../../support/images.js';

const HASH = 'c'.repeat(64);
let server: Server;
let base: string;
let photo: Buffer;
const keys: string[] = [];

beforeAll(async () => {
  photo = await picture('png', 40, 30);
  // The bucket as the S3 client answers: one object, media/{HASH}-600.png.
  const s3 = {
    send: async (command: { input: { Key: string } }) => {
      keys.push(command.input.Key);
      if (command.input.Key !== `media/${HASH}-600.png`) {
        throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
      }
      return { ETag: '"e1"', Body: { transformToByteArray: async () => new Uint8Array(photo) } };
    },
  } as unknown as S3Client;
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!MEDIA_PATH.test(path)) return void res.writeHead(404).end();
    serveMedia(req, res, { s3, bucket: 'content' }, path).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('/media/ on the local server', () => {
  it('serves a stored image with its type and a year of immutable caching', async () => {
    const response = await fetch(`${base}/media/${HASH}-600.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await response.arrayBuffer()).equals(photo)).toBe(true);
    expect(keys.at(-1)).toBe(`media/${HASH}-600.png`);
    const again = await fetch(`${base}/media/${HASH}-600.png`, { headers: { 'if-none-match': '"e1"' } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for an image it does not have, and serves nothing but media names', async () => {
    expect((await fetch(`${base}/media/${HASH}.jpg`)).status).toBe(404);
    for (const path of [
      '/media/../articles/x.json',
      `/media/${HASH}.svg`,
      '/media/state.json',
      `/media/${HASH}.JPG`,
    ]) {
      expect(MEDIA_PATH.test(path), path).toBe(false);
    }
  });
});
