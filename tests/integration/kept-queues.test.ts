/**
 * Local mode keeps its queues across a restart, as SQS keeps messages until they are deleted:
 * waiting, received-but-not-deleted and dead-lettered messages are all there after a stop and a
 * start on the same data folder; a received one comes back ready with its receive count.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';

let dataDir: string;
let aws: EmbeddedAws | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'bantin-kept-queues-'));
});

afterEach(async () => {
  await aws?.stop();
  aws = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  const running = await startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds' });
  running.restoreKeptQueues();
  return running;
}

async function receiveAll(running: EmbeddedAws, url: string) {
  const { Messages = [] } = await running.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages.map((m) => ({
    body: m.Body,
    receives: m.Attributes?.ApproximateReceiveCount,
    kind: m.MessageAttributes?.kind?.StringValue,
  }));
}

describe('local queues across a restart', () => {
  it('keeps waiting, received and dead-lettered messages, each once', async () => {
    aws = await start();
    const alerts = aws.queues.find((q) => q.name === 'alerts')!;
    const send = (url: string, body: string) =>
      aws!.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: body,
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'article.published' } },
        }),
      );
    await send(alerts.url, 'received, not deleted');
    expect(await receiveAll(aws, alerts.url)).toHaveLength(1); // in flight: hidden for 5 minutes
    await send(alerts.url, 'waiting');
    await send(alerts.dlqUrl, 'dead letter');
    await aws.stop();
    aws = undefined;
    expect(existsSync(join(dataDir, 'queues.json'))).toBe(true);

    aws = await start();
    // Put back once: the file is gone (until the running service writes its queues again).
    expect(existsSync(join(dataDir, 'queues.json'))).toBe(false);
    // A new process: the queues have new URLs (the stand-in's port), the same names.
    const restarted = aws.queues.find((q) => q.name === 'alerts')!;
    const back = await receiveAll(aws, restarted.url);
    expect(back).toEqual(
      expect.arrayContaining([
        { body: 'received, not deleted', receives: '2', kind: 'article.published' },
        { body: 'waiting', receives: '1', kind: 'article.published' },
      ]),
    );
    expect(back).toHaveLength(2);
    expect(await receiveAll(aws, restarted.dlqUrl)).toEqual([
      { body: 'dead letter', receives: '1', kind: 'article.published' },
    ]);
  });

  it('keeps the queues while running, so a killed process loses at most its last second of them (attack run 35)', async () => {
    aws = await start();
    const file = join(dataDir, 'queues.json');
    const alerts = aws.queues.find((q) => q.name === 'alerts')!;
    await aws.clients.sqs.send(new SendMessageCommand({ QueueUrl: alerts.url, MessageBody: 'an alert' }));
    // Written within a second of the change, with no stop.
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 60_000, interval: 50 });
    const atKill = readFileSync(file, 'utf8');
    expect(JSON.parse(atKill)).toMatchObject({ alerts: [expect.objectContaining({ body: 'an alert' })] });
    // A kill: the process stops and writes nothing more; what the last write kept is what is left.
    await aws.stop();
    aws = undefined;
    writeFileSync(file, atKill);
    aws = await start();
    const restarted = aws.queues.find((q) => q.name === 'alerts')!;
    expect(await receiveAll(aws, restarted.url)).toEqual([
      { body: 'an alert', receives: '1', kind: undefined },
    ]);
    // Once every message is deleted, the file goes too (nothing is put back twice).
    const { Messages = [] } = await aws.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: restarted.url, VisibilityTimeout: 0 }),
    );
    for (const m of Messages)
      await aws.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: restarted.url, ReceiptHandle: m.ReceiptHandle! }),
      );
    await vi.waitFor(() => expect(existsSync(file)).toBe(false), { timeout: 60_000, interval: 50 });
  });

  it('sets an unreadable file aside and starts with empty queues', async () => {
    writeFileSync(join(dataDir, 'queues.json'), '{"alerts": [');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      aws = await start();
      expect(errors.mock.calls.flat().join('\n')).toMatch(/queues\.json could not be read/);
    } finally {
      errors.mockRestore();
    }
    expect(existsSync(join(dataDir, 'queues.json.unreadable'))).toBe(true);
    const alerts = aws.queues.find((q) => q.name === 'alerts')!;
    expect(await receiveAll(aws, alerts.url)).toEqual([]);
  });
});
