import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../../shared/ingest/feed-parser/parsed-feed.js';
import { cli } from '../../support/cli.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/feeds/${name}`, import.meta.url));

const WINDOWS_1258_FEED = `<?xml version="1.0" encoding="windows-1258"?>
<rss version="2.0"><channel><title>Báo Hà Nam</title><link>https://baohanam.example.vn/</link>
<item><title>Tọa đàm chuyển đổi số</title><link>/tin/1.html</link><pubDate>27/06/2019 08:15</pubDate></item>
</channel></rss>`;

/**
 * windows-1258 has the Vietnamese vowels with circumflex, breve and horn precomposed, and the tone
 * marks only as combining characters: spell the text that way before encoding.
 */
function encodeWindows1258(text: string): Buffer {
  const spelled = text
    .normalize('NFD')
    .replace(/([A-Za-z])([\u0302\u0306\u031B])/g, (_, base: string, mark: string) =>
      (base + mark).normalize('NFC'),
    );
  return iconv.encode(spelled, 'windows-1258');
}

const run = (args: string[]) => cli(['parse-feed', ...args]);

describe('parse-feed command', () => {
  it('prints the parsed feed of a file as JSON and nothing else', async () => {
    const { code, stdout, stderr } = await run([fixturePath('provincial.rss')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.startsWith('{\n  "format": "rss",')).toBe(true);
    const feed = JSON.parse(stdout) as ParsedFeed;
    expect(feed.items).toHaveLength(6);
    expect(feed.items[0]?.publishedAt).toBe('2019-06-27T08:15:00+07:00');
  });

  it('takes --time-zone and --url', async () => {
    const { code, stdout } = await run([
      fixturePath('rss091.xml'),
      '--url',
      'https://mirror.example.vn/rss.xml',
      '--time-zone=UTC',
    ]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ParsedFeed).items[0]?.url).toBe(
      'https://baoquangninh.example.vn/du-lich/ha-long-don-khach.html',
    );
    const nonRfc = await run([fixturePath('non-rfc-dates.rss'), '--time-zone', 'UTC']);
    expect((JSON.parse(nonRfc.stdout) as ParsedFeed).items[0]?.publishedAt).toBe('2019-06-27T08:15:00Z');
  });

  it.each([
    [[fixturePath('no-such-feed.rss')], /no-such-feed\.rss: error: no such file \(ENOENT\)/],
    [[fixturePath('html-page.html')], /error: this is an HTML page, not a feed/],
    [[fixturePath('entity-bomb.xml')], /error: feeds with entity declarations are refused/],
  ])(
    'fails with exit code 1 and a message on stderr when the input is no feed: %j',
    async (args, message) => {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    },
  );

  it.each([
    [[], /usage: npm run cli -- parse-feed/],
    [['a.rss', 'b.rss'], /usage/],
    [[fixturePath('provincial.rss'), '--charset', 'utf-8'], /unknown option --charset[\s\S]*usage/],
    [
      [fixturePath('provincial.rss'), '--time-zone', 'Mars/Olympus'],
      /"Mars\/Olympus" is not an IANA time zone/,
    ],
    [
      [fixturePath('provincial.rss'), '--url', 'notaurl'],
      /--url "notaurl" is not an absolute http\(s\) or file URL/,
    ],
  ])(
    'fails with exit code 2, as extract does, for a mistake in the command line: %j',
    async (args, message) => {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    },
  );

  describe('over HTTP', () => {
    let server: Server;
    let base: string;
    const previous = process.env.BANTIN_ALLOW_LOOPBACK;

    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url === '/rss/windows-1258.xml') {
          response.writeHead(200, { 'content-type': 'application/rss+xml' });
          response.end(encodeWindows1258(WINDOWS_1258_FEED));
        } else if (request.url === '/moved') {
          response.writeHead(301, { location: '/rss/windows-1258.xml' });
          response.end();
        } else {
          response.writeHead(404);
          response.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterEach(() => {
      if (previous === undefined) delete process.env.BANTIN_ALLOW_LOOPBACK;
      else process.env.BANTIN_ALLOW_LOOPBACK = previous;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('fetches, decodes the declared encoding and resolves links against the final URL', async () => {
      process.env.BANTIN_ALLOW_LOOPBACK = '1';
      const { code, stdout, stderr } = await run([`${base}/moved`]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const feed = JSON.parse(stdout) as ParsedFeed;
      expect(feed.title).toBe('Báo Hà Nam');
      expect(feed.items[0]).toMatchObject({
        title: 'Tọa đàm chuyển đổi số',
        url: 'https://baohanam.example.vn/tin/1.html',
        publishedAt: '2019-06-27T08:15:00+07:00',
      });
    });

    it('refuses loopback addresses unless BANTIN_ALLOW_LOOPBACK=1, and says so', async () => {
      delete process.env.BANTIN_ALLOW_LOOPBACK;
      const { code, stderr } = await run([`${base}/rss/windows-1258.xml`]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/loopback/);
      expect(stderr).toContain('BANTIN_ALLOW_LOOPBACK=1');
    });

    it('reports HTTP errors', async () => {
      process.env.BANTIN_ALLOW_LOOPBACK = '1';
      const { code, stderr } = await run([`${base}/missing.xml`]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/HTTP 404/);
    });
  });
});
