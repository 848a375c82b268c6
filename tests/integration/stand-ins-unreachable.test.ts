/**
 * Local mode lets the fetcher reach loopback (the sample newspaper, test receivers), but not the
 * local stand-ins of AWS: their S3 answers any GET, and a hostile source's link to it would have
 * ingest publish the bucket's objects. In AWS nothing of Bantin's is on loopback.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';
import { fetchResource } from '../../shared/ingest/fetch/fetcher.js';

let aws: EmbeddedAws;

beforeAll(async () => {
  aws = await startEmbeddedAws({
    dataDir: mkdtempSync(join(tmpdir(), 'bantin-stand-ins-')),
    feedsBaseUrl: 'http://localhost:8787/feeds',
    persist: false,
  });
  await aws.clients.s3.send(
    new PutObjectCommand({ Bucket: aws.bucket, Key: 'private/note.html', Body: '<p>not for sources</p>' }),
  );
});

afterAll(async () => {
  await aws?.stop();
});

describe('the fetcher in local mode', () => {
  it('refuses the stand-ins of AWS, by any loopback name', async () => {
    const s3 = new URL(aws.env.AWS_ENDPOINT_URL_S3!);
    const dynamo = new URL(aws.env.AWS_ENDPOINT_URL_DYNAMODB!);
    for (const url of [
      `${s3.origin}/${aws.bucket}/private/note.html`,
      `http://localhost:${s3.port}/${aws.bucket}/private/note.html`,
      `http://[::ffff:127.0.0.1]:${s3.port}/${aws.bucket}/private/note.html`,
      `${dynamo.origin}/`,
    ]) {
      await expect(fetchResource(url, { allowLoopback: true }), url).rejects.toMatchObject({
        code: 'refused',
        message: expect.stringContaining('a local stand-in of AWS'),
      });
    }
  });

  it('still reaches other loopback servers (the sample newspaper, a test receiver)', async () => {
    const server = createServer((_, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>tin</p>'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const page = await fetchResource(`http://127.0.0.1:${port}/tin.html`, { allowLoopback: true });
      expect(page.status).toBe(200);
    } finally {
      server.close();
    }
  });
});
