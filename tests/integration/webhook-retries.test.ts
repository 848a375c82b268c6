/**
 * A webhook whose receiver is down is retried for half an hour (as SNS does), and nothing else
 * waits for it: `--once`'s cycle and the first round of `npm start` end once every event has been
 * tried once, and a stop keeps the deliveries still owed for the next start (attack run 28: the
 * schedules never started while one delivery was being retried).
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalHttpServer } from '../../infra/local/http-server.js';
import { type LocalStack, SAMPLE_SOURCE_ID } from '../../infra/local/local-stack.js';
import { registerWebhook } from '../../shared/syndicate/push/webhooks.js';
import { serveTestStack, startTestStack } from '../support/local-stack.js';
import { freePort } from '../support/processes.js';

let stack: LocalStack & { dataDir: string };
let http: LocalHttpServer;
let server: Server;
let healthy: Server;
let dataDir: string;
let downId: string;
let healthyId: string;
const notifications: string[] = [];
const delivered: string[] = [];

/** A receiver that confirms its subscription, then answers each notification `status`. */
function receiver(status: number, seen: string[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf-8')) as Record<string, unknown>;
      if (body.Type === 'SubscriptionConfirmation') {
        res.writeHead((await fetch(String(body.SubscribeURL))).ok ? 200 : 500).end();
        return;
      }
      seen.push(String(body.MessageId));
      res.writeHead(status).end();
    });
  });
}

async function register(on: Server): Promise<string> {
  await new Promise<void>((resolve) => on.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(on.address() as AddressInfo).port}/hook`;
  const hook = await registerWebhook(
    { endpoint, sourceId: SAMPLE_SOURCE_ID },
    { subscriptions: stack.webhooks, sources: stack.sources, allowLoopback: true },
  );
  expect(hook.status).toBe('confirmed');
  return hook.id;
}

beforeAll(async () => {
  const port = await freePort();
  stack = await startTestStack(port, { webhookRetryDelaysMs: [10 * 60_000] });
  dataDir = stack.dataDir;
  http = await serveTestStack(stack, { port });
  // One receiver is down (every notification 503), the other takes each.
  server = receiver(503, notifications);
  healthy = receiver(200, delivered);
  downId = await register(server);
  healthyId = await register(healthy);
});

afterAll(async () => {
  for (const s of [server, healthy]) {
    s?.closeAllConnections();
    s?.close();
  }
  await http?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('ends the cycle and the first round with deliveries still being retried, and keeps them at a stop', async () => {
  // The old cycle waited for the retries, and failed when its drain timed out.
  const summary = await stack.runCycle({ drainTimeoutMs: 20_000 });
  expect(summary.eventsPublished).toBe(6);
  // Each event was tried once (the retry is ten minutes away).
  expect(new Set(notifications).size).toBe(6);
  let firstRound = false;
  await stack.start({ everyMs: 3_600_000, input: {} }).then(() => {
    firstRound = true;
  });
  expect(firstRound).toBe(true);
  await stack.stop();
  const kept = readFileSync(join(dataDir, 'queues.json'), 'utf8');
  for (const id of new Set(notifications)) expect(kept).toContain(id);
  // Kept for the receiver that was down only: the one that took them does not get them again
  // after the next start (attack run 35), as SNS keeps each subscription's delivery apart.
  expect(new Set(delivered).size).toBe(6);
  const owed = (JSON.parse(kept) as Record<string, { body: string; messageAttributes?: unknown }[]>)[
    'webhook-deliveries'
  ]!;
  expect(owed).toHaveLength(6);
  for (const message of owed) {
    expect(JSON.stringify(message.messageAttributes)).toContain(downId);
    expect(JSON.stringify(message.messageAttributes)).not.toContain(healthyId);
  }
});
