/**
 * The embedded stand-ins keep tables and objects across a restart on the same data folder (what
 * `npm start` needs), or, with `persist: false`, keep them in memory only and write nothing there.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'bantin-embedded-aws-'));
  folders.push(folder);
  return folder;
}

const start = (
  dataDir: string,
  options: { persist?: boolean; onS3Write?: (b: string, k: string) => void } = {},
) => startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds', ...options });

async function write(aws: EmbeddedAws): Promise<void> {
  await aws.clients.dynamodb.send(
    new PutItemCommand({ TableName: aws.tableNames.sources, Item: { id: { S: 'bao-ha-nam' } } }),
  );
  await aws.clients.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'feeds/all.rss', Body: 'tin' }));
}

async function read(aws: EmbeddedAws): Promise<{ item: boolean; object: string | undefined }> {
  const { Item } = await aws.clients.dynamodb.send(
    new GetItemCommand({ TableName: aws.tableNames.sources, Key: { id: { S: 'bao-ha-nam' } } }),
  );
  try {
    const object = await aws.clients.s3.send(
      new GetObjectCommand({ Bucket: aws.bucket, Key: 'feeds/all.rss' }),
    );
    return { item: Item !== undefined, object: await object.Body!.transformToString() };
  } catch (error) {
    if (error instanceof NoSuchKey) return { item: Item !== undefined, object: undefined };
    throw error;
  }
}

describe('the embedded stand-ins', () => {
  it('keep tables and objects in the data folder across a restart', async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir);
    await write(first);
    await first.stop();
    // The DynamoDB stand-in's LevelDB is closed at stop: a second start can open it.
    const second = await start(dataDir);
    try {
      expect(await read(second)).toEqual({ item: true, object: 'tin' });
    } finally {
      await second.stop();
    }
  });

  it('without persistence, write nothing to the data folder and forget everything at stop', async () => {
    const dataDir = dataFolder();
    const writes: string[] = [];
    const first = await start(dataDir, { persist: false, onS3Write: (_bucket, key) => writes.push(key) });
    await write(first);
    expect(await read(first)).toEqual({ item: true, object: 'tin' });
    await first.stop();
    expect(writes).toEqual(['feeds/all.rss']);
    expect(readdirSync(dataDir)).toEqual([]);
    const second = await start(dataDir, { persist: false });
    try {
      expect(await read(second)).toEqual({ item: false, object: undefined });
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(false);
  });
});
