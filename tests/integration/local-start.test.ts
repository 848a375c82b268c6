/**
 * `npm start` on a fresh data folder: the first round runs ingest → feeds → digests in that order,
 * so the demo subscriber's first digest holds what was just ingested; a restart keeps the admin token.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFolderError } from '../../infra/local/data-folder.js';
import { type LocalStack, SAMPLE_SOURCE_ID, startLocalStack } from '../../infra/local/local-stack.js';
import { DEMO_SUBSCRIBER_EMAIL, outboxFiles } from '../../infra/local/mail.js';
import { projectRoot, startTestStack } from '../support/local-stack.js';

let stack: LocalStack & { dataDir: string };
let stopped = false;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  if (!stopped) await stack?.stop();
});

describe('the first round of a fresh start', () => {
  it('ingests, writes the feeds, then the demo digest with the six new articles', async () => {
    expect(await stack.nextDigest()).toMatchObject({ writtenBy: undefined });
    await stack.start();
    const digests = outboxFiles(stack.outboxDir).filter((name) => name.includes('-digest-'));
    expect(digests).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(stack.outboxDir, digests[0]!)));
    expect([mail.to].flat()[0]?.value[0]?.address).toBe(DEMO_SUBSCRIBER_EMAIL);
    expect(String(mail.text).match(/^\* /gm)).toHaveLength(6);
    const feed = await stack.aws.clients.s3.send(
      new GetObjectCommand({
        Bucket: stack.aws.bucket,
        Key: `feeds/sources/${SAMPLE_SOURCE_ID}.rss`,
      }),
    );
    expect((await feed.Body!.transformToString()).match(/<item>/g)).toHaveLength(6);
    // Next: tomorrow's (or today's) 07:00, written at a plan-digests run at or after it.
    const next = await stack.nextDigest();
    expect(next!.writtenBy!.getTime()).toBeGreaterThanOrEqual(next!.dueAt.getTime());
  });

  it('keeps the generated admin token in the data folder, so a restart keeps it', async () => {
    const token = readFileSync(join(stack.dataDir, 'admin-token'), 'utf8');
    expect(token).toBe(stack.adminToken);
    expect(token.length).toBeGreaterThanOrEqual(24);
    await stack.stop();
    stopped = true;
    const said: string[] = [];
    const startOn = (port: number) =>
      startLocalStack({
        projectRoot,
        dataDir: stack.dataDir,
        port,
        samplePort: 0,
        log: (message) => said.push(message),
      });
    const restarted = await startOn(8787);
    try {
      expect(restarted.adminToken).toBe(token);
      expect(said.filter((m) => m.includes('was served at'))).toEqual([]);
    } finally {
      await restarted.stop();
    }
    // A start that serves nothing (its port was in use) is not remembered as the folder's address.
    await (await startOn(8799)).stop();
    // Served at another address, the folder's user is told what keeps the old links.
    await (await startOn(8812)).stop();
    // (The start on 8799 said so too, and left 8787 as the folder's address.)
    expect(said.filter((m) => m.includes('was served at'))).toEqual([
      expect.stringContaining('was served at http://localhost:8787, now at http://localhost:8799'),
      expect.stringContaining('was served at http://localhost:8787, now at http://localhost:8812'),
    ]);
  });

  it('stops a start on a damaged webhooks file, naming it, and leaves the folder as it found it', async () => {
    // After the test above, no stack runs on this folder.
    const file = join(stack.dataDir, 'webhooks.json');
    writeFileSync(file, '[{"id": "arn:aws:sns:x", "endp');
    await expect(
      startLocalStack({ projectRoot, dataDir: stack.dataDir, port: 8787, samplePort: 0 }),
    ).rejects.toThrow(DataFolderError);
    expect(readFileSync(file, 'utf8')).toBe('[{"id": "arn:aws:sns:x", "endp');
    expect(existsSync(join(stack.dataDir, 'local-aws.json'))).toBe(false);
    expect(existsSync(join(stack.dataDir, 'bantin.pid'))).toBe(false);
  });
});
