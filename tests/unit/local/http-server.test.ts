/**
 * The local server's exposure: it listens on this machine only unless told otherwise, and the
 * outbox (every mail, with its confirm and unsubscribe links) is for this machine's user or the
 * administrator. Its compressed-feed cache stays within its bounds.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApi } from '../../../infra/local/api-gateway.js';
import {
  ConnectionsPerClient,
  fromThisMachine,
  type LocalHttpServer,
  MAX_CONNECTIONS_PER_CLIENT,
  startHttpServer,
} from '../../../infra/local/http-server.js';
import { FetchError, fetchResource } from '../../../shared/ingest/fetch/fetcher.js';
import { MemorySources } from '../../support/in-memory.js';

const TOKEN = 'outbox-test-token';
const MESSAGE = [
  'From: Bantin <ban-tin@bantin.example>',
  'To: ban-doc@bantin.example',
  'Subject: Xac nhan',
  'Date: Mon, 01 Jun 2026 00:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'http://localhost:8787/subscriptions/confirm?token=secret-link',
  '',
].join('\r\n');

let server: LocalHttpServer;

beforeAll(async () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'bantin-outbox-'));
  writeFileSync(join(outboxDir, '2026-06-01T00-00-00-confirmation-1.eml'), MESSAGE);
  const s3 = {
    send: async () => {
      throw new NoSuchKey({ message: 'no such key', $metadata: {} });
    },
  } as unknown as S3Client;
  server = await startHttpServer({
    port: 0,
    s3,
    bucket: 'test',
    sources: new MemorySources(),
    api: createLocalApi({ adminToken: TOKEN, routes: [], runner: { invoke: async () => undefined } }),
    outboxDir,
  });
});

afterAll(async () => {
  await server?.stop();
});

/** A GET with the Host header chosen (fetch would not let a test set it). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.address.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local server', () => {
  it('listens on 127.0.0.1 unless a host is given', () => {
    expect(server.address.address).toBe('127.0.0.1');
  });

  it('answers a method it does not serve with 405 and the methods it does (RFC 9110: Allow)', async () => {
    const response = await fetch(`http://127.0.0.1:${server.address.port}/feeds/all.rss`, {
      method: 'DELETE',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('shows the outbox to a browser on this machine', async () => {
    for (const host of [`localhost:${server.address.port}`, `127.0.0.1:${server.address.port}`]) {
      const listing = await get('/outbox', { host });
      expect(listing.status).toBe(200);
      expect(listing.body).toContain('Xac nhan');
    }
    const message = await get('/outbox/2026-06-01T00-00-00-confirmation-1.eml.raw', { host: 'localhost' });
    expect(message.body).toContain('token=secret-link');
    // For a terminal: the newest mail, or one, as plain text with its links whole.
    for (const path of ['/outbox/latest.txt', '/outbox/2026-06-01T00-00-00-confirmation-1.eml.txt']) {
      const text = await get(path, { host: 'localhost' });
      expect(text.status).toBe(200);
      expect(text.body).toContain('Subject: Xac nhan');
      expect(text.body).toContain('http://localhost:8787/subscriptions/confirm?token=secret-link');
    }
    expect((await get('/outbox/nothing-here.eml.txt', { host: 'localhost' })).status).toBe(404);
    expect((await get('/outbox/latest.txt', { host: 'attacker.example' })).status).not.toBe(200);
    // A message's page shows the header lines it has: a confirmation has no List-Unsubscribe row.
    const page = await get('/outbox/2026-06-01T00-00-00-confirmation-1.eml', { host: 'localhost' });
    expect(page.body).toContain('Người nhận (To)');
    expect(page.body).not.toContain('List-Unsubscribe');
  });

  it('lets no other site frame the outbox, whose message pages hold the one-click unsubscribe (attack run 22)', async () => {
    for (const path of ['/outbox', '/outbox/2026-06-01T00-00-00-confirmation-1.eml']) {
      const response = await fetch(`http://127.0.0.1:${server.address.port}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it("refuses the outbox to Bantin's own fetcher: a source linking there would syndicate the mail", async () => {
    const url = `http://127.0.0.1:${server.address.port}/outbox/2026-06-01T00-00-00-confirmation-1.eml.raw`;
    const refused = await fetchResource(url, { allowLoopback: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FetchError);
    expect((refused as FetchError).status).toBe(403);
    // The same request from a browser on this machine is shown.
    expect(
      (await get('/outbox/2026-06-01T00-00-00-confirmation-1.eml.raw', { host: 'localhost' })).status,
    ).toBe(200);
  });

  it('refuses the outbox to a page that reached this machine under another name (DNS rebinding)', async () => {
    for (const path of ['/outbox', '/outbox/2026-06-01T00-00-00-confirmation-1.eml.raw']) {
      const refused = await get(path, { host: 'attacker.example:8787' });
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain('secret-link');
    }
    expect((await get('/outbox', { host: 'attacker.example', authorization: 'Bearer wrong' })).status).toBe(
      403,
    );
  });

  it('shows the outbox to the administrator from anywhere', async () => {
    const listing = await get('/outbox', { host: 'bantin.lan:8787', authorization: `Bearer ${TOKEN}` });
    expect(listing.status).toBe(200);
    expect(listing.body).toContain('Xac nhan');
  });

  it.each([
    ['127.0.0.1', 'localhost:8787', true],
    ['::1', '[::1]:8787', true],
    ['::ffff:127.0.0.1', '127.0.0.1', true],
    ['127.0.0.2', 'localhost', true],
    ['192.168.1.20', 'localhost:8787', false],
    ['10.0.0.5', '10.0.0.1:8787', false],
    ['::ffff:192.168.1.20', 'localhost', false],
    ['127.0.0.1', 'attacker.example', false],
    ['127.0.0.1', 'attacker.example@127.0.0.1', false],
    ['127.0.0.1', 'attacker.example/@localhost', false],
    ['127.0.0.1', '', false],
    [undefined, 'localhost', false],
  ])('a request from %s for Host %s comes from this machine: %s', (remoteAddress, host, expected) => {
    expect(fromThisMachine({ socket: { remoteAddress } as never, headers: { host } })).toBe(expected);
  });
});

describe('the compressed-feed cache', () => {
  it.each([
    ['entries', { entries: 20, bytes: 10 * 1024 * 1024 }],
    ['bytes', { entries: 1_000, bytes: 100 * 1024 }],
  ])('keeps within its bound of %s however many feeds change', async (_bound, limits) => {
    // Every feed distinct and barely compressible: each one a new ETag, as rebuilt feeds are.
    const s3 = {
      send: async (command: GetObjectCommand) => {
        const body = randomBytes(2_000 + (command.input.Key!.length % 7) * 1_000);
        return {
          ETag: `"${createHash('md5').update(body).digest('hex')}"`,
          ContentType: 'application/rss+xml; charset=utf-8',
          Body: { transformToByteArray: async () => body },
        };
      },
    } as unknown as S3Client;
    const feeds = await startHttpServer({
      port: 0,
      s3,
      bucket: 'test',
      sources: new MemorySources(),
      gzipCacheLimits: limits,
    });
    try {
      let largest = { entries: 0, bytes: 0 };
      for (let n = 0; n < 100; n++) {
        const response = await fetch(`${feeds.url.replace('localhost', '127.0.0.1')}/feeds/f${n}.rss`, {
          headers: { 'accept-encoding': 'gzip' },
        });
        expect(response.headers.get('content-encoding')).toBe('gzip');
        await response.arrayBuffer();
        const stats = feeds.gzipCacheStats();
        largest = {
          entries: Math.max(largest.entries, stats.entries),
          bytes: Math.max(largest.bytes, stats.bytes),
        };
      }
      expect(largest.entries).toBeLessThanOrEqual(limits.entries);
      expect(largest.bytes).toBeLessThanOrEqual(limits.bytes);
      expect(feeds.gzipCacheStats().entries).toBeGreaterThan(10); // it still caches
    } finally {
      await feeds.stop();
    }
  });
});

describe('connections per client', () => {
  it('lets one remote client hold at most its share, and counts its closed ones out', () => {
    const clients = new ConnectionsPerClient();
    for (let n = 0; n < MAX_CONNECTIONS_PER_CLIENT; n++) expect(clients.admit('203.0.113.7')).toBe(true);
    expect(clients.admit('203.0.113.7')).toBe(false);
    // Another client is not held back by the first.
    expect(clients.admit('198.51.100.2')).toBe(true);
    clients.release('203.0.113.7');
    expect(clients.admit('203.0.113.7')).toBe(true);
    // Processes on this machine are not counted.
    for (let n = 0; n < MAX_CONNECTIONS_PER_CLIENT * 2; n++) expect(clients.admit('127.0.0.1')).toBe(true);
    expect(clients.admit('::ffff:127.0.0.1')).toBe(true);
  });
});
