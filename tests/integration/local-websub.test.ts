/**
 * A WebSub hub on the embedded stack (npm start passes WEBSUB_HUB_URL, as README's configuration
 * table gives it): the feeds
 * advertise the hub, and build-feeds pings it with the feeds that changed (the hub here is a
 * small server that records what it is told).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';

let hub: Server;
let hubUrl: string;
const pings: string[] = [];
let stack: LocalStack;

beforeAll(async () => {
  hub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      pings.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/hub`;
  stack = await startTestStack(8787, { websubHub: hubUrl });
  await stack.runCycle();
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => hub.close(() => resolve()));
});

it('advertises the hub in the feeds and pings it with the feeds that changed', async () => {
  const atom = await stack.aws.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'feeds/all.atom' }),
  );
  expect(await atom.Body!.transformToString()).toContain(`<link rel="hub" href="${hubUrl}"/>`);
  const told = pings.join('&');
  expect(told).toContain('hub.mode=publish');
  expect(decodeURIComponent(told)).toContain('/feeds/all.atom');
});
