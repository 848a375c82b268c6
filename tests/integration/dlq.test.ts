/**
 * `npm run cli -- dlq`: list the dead-letter queues, read their messages without moving them,
 * and redrive them to their work queue (receive, send, delete), against the embedded SQS
 * stand-in, both as `npm start` publishes it and through a stack's queue names (`--stack`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDlq } from '../../functions/cli/dlq.js';
import { queuePhysicalName } from '../../infra/constructs/work-queue.js';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';
import {
  LOCAL_ENDPOINTS_FILE,
  readLocalEndpoints,
  writeLocalEndpoints,
} from '../../infra/local/endpoints.js';
import { runScript } from '../support/processes.js';

let aws: EmbeddedAws;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bantin-dlq-'));
  aws = await startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds' });
  writeLocalEndpoints(dataDir, aws, 'http://localhost:8787');
});

afterAll(async () => {
  await aws?.stop();
});

const queue = (name: string) => aws.queues.find((q) => q.name === name)!;
/** Runs `dlq …` in this process (a subprocess costs seconds), with `env` set meanwhile. */
/** `env`: the variables to set for the run; an undefined one is unset. */
async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const settings = { BANTIN_DATA: dataDir, ...env };
  const saved = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runDlq(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function depth(url: string): Promise<number> {
  const { Attributes = {} } = await aws.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

async function deadLetter(url: string, body: unknown, attributes: Record<string, string> = {}) {
  await aws.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: JSON.stringify(body),
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
      ),
    }),
  );
}

/** A notification SNS gave up on: as it was sent, naming its webhook (UnsubscribeURL) and article. */
const webhookLetter = {
  Type: 'Notification',
  MessageId: '6f1c0d9e-2b1a-4c3e-9a7f-0e5d4c3b2a19',
  TopicArn: 'arn:aws:sns:ap-southeast-1:000000000000:bantin-article-events',
  Message: JSON.stringify({ type: 'article.published', articleId: 'b'.repeat(24) }),
  UnsubscribeURL: 'http://localhost:8787/sns/unsubscribe?subscription=x',
};

describe('dlq against a running npm start', () => {
  const requests = [1, 2, 3].map((n) => ({
    sourceId: `bao-${n}`,
    requestedAt: '2026-03-01T10:00:00+07:00',
    reason: 'schedule',
  }));

  it('lists every queue with its dead letters', async () => {
    for (const request of requests) await deadLetter(queue('ingest').dlqUrl, request);
    await deadLetter(queue('alerts').dlqUrl, { type: 'article.published' }, { kind: 'article.published' });
    await deadLetter(aws.webhookDeadLetters.url, webhookLetter);
    const result = await cli(['list']);
    expect(result.code, result.stderr).toBe(0);
    const depths = JSON.parse(result.stdout) as { queue: string; deadLetters: number }[];
    expect(depths.map((d) => d.queue).sort()).toEqual([...aws.queues.map((q) => q.name), 'webhooks'].sort());
    expect(depths.find((d) => d.queue === 'ingest')?.deadLetters).toBe(3);
    expect(depths.find((d) => d.queue === 'alerts')?.deadLetters).toBe(1);
    expect(depths.find((d) => d.queue === 'feeds')?.deadLetters).toBe(0);
    expect(depths.find((d) => d.queue === 'webhooks')?.deadLetters).toBe(1);
  });

  it('lists the work queues of a service from before the webhooks had a dead-letter queue', async () => {
    const older = mkdtempSync(join(tmpdir(), 'bantin-dlq-older-'));
    const { webhookDeadLetterUrl: _, ...endpoints } = readLocalEndpoints(dataDir)!;
    writeFileSync(join(older, LOCAL_ENDPOINTS_FILE), JSON.stringify(endpoints));
    const result = await cli(['list'], { BANTIN_DATA: older });
    expect(result.code, result.stderr).toBe(0);
    const depths = JSON.parse(result.stdout) as { queue: string }[];
    expect(depths.map((d) => d.queue).sort()).toEqual(aws.queues.map((q) => q.name).sort());
    expect(result.stderr).toContain('webhooks: the local service has no webhooks queue; restart npm start');
  });

  it("shows the webhooks' dead letters, and says why they cannot be redriven", async () => {
    const result = await cli(['list', 'webhooks']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { body: unknown }[]).map((l) => l.body)).toEqual([webhookLetter]);
    const redrive = await cli(['redrive', 'webhooks']);
    expect(redrive.code).toBe(2);
    expect(redrive.stderr).toContain('SNS cannot send a notification again to one webhook');
    expect(await depth(aws.webhookDeadLetters.url)).toBe(1);
  });

  it('shows the dead letters of a queue and leaves them there', async () => {
    const result = await cli(['list', 'ingest', '--limit', '5']);
    expect(result.code, result.stderr).toBe(0);
    const letters = JSON.parse(result.stdout) as { body: { sourceId: string } }[];
    expect(letters.map((l) => l.body.sourceId).sort()).toEqual(['bao-1', 'bao-2', 'bao-3']);
    expect(await depth(queue('ingest').dlqUrl)).toBe(3);
    // Put back visible at once: they can be received again straight away.
    const { Messages = [] } = await aws.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue('ingest').dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
      }),
    );
    expect(Messages.length).toBeGreaterThan(0);
  });

  it('redrives them to the work queue, bodies and attributes unchanged', async () => {
    const result = await cli(['redrive', 'alerts']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ queue: 'alerts', moved: 1, sentNotDeleted: 0, refused: [] });
    const again = await cli(['redrive', 'ingest']);
    expect(JSON.parse(again.stdout)).toMatchObject({ queue: 'ingest', moved: 3 });
    expect(await depth(queue('ingest').dlqUrl)).toBe(0);
    expect(await depth(queue('alerts').dlqUrl)).toBe(0);
    const { Messages = [] } = await aws.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue('alerts').url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages.map((m) => JSON.parse(m.Body!))).toEqual([{ type: 'article.published' }]);
    expect(Messages[0]!.MessageAttributes?.kind?.StringValue).toBe('article.published');
    expect(await depth(queue('ingest').url)).toBe(3);
  });

  it('moves no more than --limit', async () => {
    for (const request of requests) await deadLetter(queue('signups').dlqUrl, request);
    const result = await cli(['redrive', 'signups', '--limit', '2']);
    expect(JSON.parse(result.stdout)).toMatchObject({ moved: 2 });
    expect(await depth(queue('signups').dlqUrl)).toBe(1);
  });

  it('names the queues it knows, and says when no service runs', async () => {
    const unknown = await cli(['redrive', 'khong-co']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('ingest, feeds, digests, alerts, signups, bounces, webhooks');
    const none = await cli(['list'], { BANTIN_DATA: mkdtempSync(join(tmpdir(), 'bantin-empty-')) });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no running npm start.*--stack/);
  });
});

describe('npm run cli -- dlq', () => {
  it('is a command of the CLI', async () => {
    const result = await runScript('functions/cli/main.ts', ['dlq', 'list'], { BANTIN_DATA: dataDir });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { queue: string }[]).map((d) => d.queue)).toContain('ingest');
  }, 120_000);
});

describe('dlq with --stack: the queues by the names the stack gives them', () => {
  it('finds NAME-QUEUE and NAME-QUEUE-dlq and redrives between them', async () => {
    const create = async (name: string) =>
      (await aws.clients.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const url = await create(queuePhysicalName('BantinThu', 'feeds'));
    const dlqUrl = await create(queuePhysicalName('BantinThu', 'feeds', true));
    await deadLetter(dlqUrl, { type: 'article.updated', articleId: 'a'.repeat(24) });
    const env = {
      AWS_REGION: aws.env.AWS_REGION!,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_SQS: aws.env.AWS_ENDPOINT_URL_SQS!,
    };
    const result = await cli(['redrive', 'feeds', '--stack', 'BantinThu'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ moved: 1 });
    expect(await depth(dlqUrl)).toBe(0);
    expect(await depth(url)).toBe(1);
    const missing = await cli(['list', '--stack', 'KhongCo'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('KhongCo-ingest');
    expect(missing.stderr).toContain('is the stack "KhongCo" deployed here?');
  });

  it('names a missing region or missing credentials as such, not as a stack not deployed (newcomer run 49)', async () => {
    const nowhere = {
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_PROFILE: undefined,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
      AWS_ENDPOINT_URL_SQS: aws.env.AWS_ENDPOINT_URL_SQS!,
    };
    for (const region of [undefined, '']) {
      const noRegion = await cli(['list', '--stack', 'Bantin'], {
        ...nowhere,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
      });
      expect(noRegion.code).toBe(1);
      expect(noRegion.stderr).toContain('no AWS region');
      expect(noRegion.stderr).not.toContain('deployed here');
    }
    const noCredentials = await cli(['list', '--stack', 'Bantin'], {
      ...nowhere,
      AWS_REGION: aws.env.AWS_REGION!,
    });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toContain('no AWS credentials');
    expect(noCredentials.stderr).not.toContain('deployed here');
  });
});
