/**
 * The local S3 answers conditional puts as AWS S3 does (If-None-Match, If-Match): fauxqs alone
 * accepts and ignores them, so a race guarded by them would pass every local test unguarded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';

let aws: EmbeddedAws;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bantin-s3-conditions-'));
  aws = await startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds' });
});

afterAll(async () => {
  await aws?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const put = (Key: string, Body: string, condition: { IfMatch?: string; IfNoneMatch?: string } = {}) =>
  aws.clients.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key, Body, ...condition }));

const read = async (Key: string) =>
  (await aws.clients.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key }))).Body!.transformToString();

/** The S3 error code and HTTP status of a refused put. */
async function refusal(attempt: Promise<unknown>): Promise<{ code: string; status: number | undefined }> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof S3ServiceException)
      return { code: error.name, status: error.$metadata.httpStatusCode };
    throw error;
  }
  throw new Error('the put was accepted');
}

describe('conditional puts on the local S3', () => {
  it('If-None-Match: * creates once; a second create is refused with 412 and changes nothing', async () => {
    const first = await put('state/a.json', 'one', { IfNoneMatch: '*' });
    expect(first.ETag).toMatch(/^"[a-f0-9]{32}"$/);
    expect(await refusal(put('state/a.json', 'two', { IfNoneMatch: '*' }))).toEqual({
      code: 'PreconditionFailed',
      status: 412,
    });
    expect(await read('state/a.json')).toBe('one');
  });

  it('If-Match replaces only the version it names', async () => {
    const { ETag: v1 } = await put('state/b.json', 'one');
    const { ETag: v2 } = await put('state/b.json', 'two', { IfMatch: v1 });
    expect(v2).not.toBe(v1);
    expect(await refusal(put('state/b.json', 'stale', { IfMatch: v1 }))).toEqual({
      code: 'PreconditionFailed',
      status: 412,
    });
    expect(await read('state/b.json')).toBe('two');
  });

  it('If-Match on a missing object is NoSuchKey (404)', async () => {
    expect(
      await refusal(put('state/none.json', 'x', { IfMatch: '"0123456789abcdef0123456789abcdef"' })),
    ).toEqual({
      code: 'NoSuchKey',
      status: 404,
    });
  });

  it('puts without a condition are unchanged', async () => {
    await put('state/c.json', 'one');
    await put('state/c.json', 'two');
    expect(await read('state/c.json')).toBe('two');
  });

  it('of eight racing creates of one key, exactly one wins; the others learn they lost', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => put('state/race.json', `writer ${i}`, { IfNoneMatch: '*' })),
    );
    const won = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') {
        expect(['PreconditionFailed', 'ConditionalRequestConflict']).toContain(
          (attempt.reason as S3ServiceException).name,
        );
      }
    }
    expect(await read('state/race.json')).toBe(`writer ${won[0]}`);
  });

  it('of eight racing replacements of one version, exactly one wins', async () => {
    const { ETag } = await put('state/swap.json', 'base');
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => put('state/swap.json', `writer ${i}`, { IfMatch: ETag })),
    );
    const won = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    expect(await read('state/swap.json')).toBe(`writer ${won[0]}`);
  });
});
