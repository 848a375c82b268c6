import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../support/cli.js';

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const NATIONAL = fixture('pages/national/toa-dam-qcdc.html');
const PROVINCIAL = fixture('pages/provincial/le-hoi-van-hoa.html');
const FIELDS = [
  'title',
  'url',
  'publishedAt',
  'author',
  'summary',
  'contentHtml',
  'contentText',
  'images',
  'attribution',
  'language',
];

const run = (args: string[]) => cli(['extract', ...args]);

describe('cli extract', () => {
  it('prints one JSON object with exactly the public fields for one input', async () => {
    const { code, stdout } = await run([
      PROVINCIAL,
      '--url',
      'https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html',
    ]);
    expect(code).toBe(0);
    const article = JSON.parse(stdout);
    expect(Object.keys(article)).toEqual(FIELDS);
    expect(article.url).toBe('https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html');
    expect(article.author).toBe('Lan Anh');
    expect(article.images[0].url).toBe('https://baohanam.example.vn/uploads/2019/06/22/van-hoa-1.jpg');
  });

  it('uses the page canonical over --url, and --url over the file path', async () => {
    const canonical = JSON.parse((await run([PROVINCIAL, '--url', 'https://mirror.example/x.html'])).stdout);
    expect(canonical.url).toBe('https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html');
    const given = JSON.parse(
      (await run([NATIONAL, '--url', 'https://tintuc-quocgia.example.vn/a.html'])).stdout,
    );
    expect(given.url).toBe('https://tintuc-quocgia.example.vn/a.html');
    const path = JSON.parse((await run([NATIONAL])).stdout);
    expect(path.url).toMatch(/^file:\/\/.*toa-dam-qcdc\.html$/);
  });

  it('prints JSON Lines in input order, with an error line for a failed input', async () => {
    const { code, stdout, stderr } = await run([NATIONAL, '/no/such/file.html', PROVINCIAL]);
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].title).toMatch(/^Tọa đàm/);
    expect(lines[1]).toEqual({ input: '/no/such/file.html', error: expect.stringContaining('ENOENT') });
    expect(lines[2].title).toBe('Khai mạc Tuần Văn hóa - Du lịch năm 2019');
    expect(stderr).toContain('/no/such/file.html: error:');
  });

  it('refuses a file larger than a page may be, before reading it, and goes on with the others', async () => {
    const huge = join(mkdtempSync(join(tmpdir(), 'bantin-cli-')), 'huge.html');
    writeFileSync(huge, '<html><body><p>');
    truncateSync(huge, 51 * 1024 * 1024); // sparse: nothing is written
    const { code, stdout } = await run([huge, NATIONAL, '--jobs', '1']);
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ input: huge, error: '51 MB, more than the 50 MB a page may be' });
    expect(lines[1].title).toMatch(/^Tọa đàm/);
  });

  it.skipIf(!existsSync('/dev/zero'))(
    'holds what says no size (a device, a pipe) to the same limit as it reads, not after',
    async () => {
      // /dev/zero has no end: read whole, it would take the process's memory first.
      const { code, stdout } = await run(['/dev/zero', NATIONAL, '--jobs', '1']);
      expect(code).toBe(1);
      const [zero, page] = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(zero).toEqual({ input: '/dev/zero', error: '51 MB, more than the 50 MB a page may be' });
      expect(page.title).toMatch(/^Tọa đàm/);
    },
  );

  it('keeps stdout empty when the only input fails', async () => {
    const { code, stdout, stderr } = await run(['/no/such/file.html']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error');
  });

  it('decodes with --charset and reads dates in --time-zone', async () => {
    const file = fixture('extract/pages/windows-1258/khong-khai-bao.html');
    const { stdout } = await run([file, '--charset', 'windows-1258', '--time-zone', 'Asia/Bangkok']);
    const article = JSON.parse(stdout);
    expect(article.title).toBe('Nông dân vùng bãi vào vụ thu hoạch cây ăn quả');
    expect(article.publishedAt).toBe('2020-12-12T09:30:00+07:00');
  });

  it('rejects bad options with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([NATIONAL, '--bogus', 'x'])).code).toBe(2);
    expect((await run([NATIONAL, '--time-zone', 'Mars/Base'])).code).toBe(2);
    expect((await run([NATIONAL, PROVINCIAL, '--url', 'https://a.example/'])).code).toBe(2);
    for (const url of ['notaurl', '/tin-tuc/bai.html', 'javascript:alert(1)', 'https://']) {
      const badUrl = await run([NATIONAL, '--url', url]);
      expect(badUrl).toMatchObject({ code: 2, stdout: '' });
      expect(badUrl.stderr).toContain(`--url "${url}" is not an absolute http(s) or file URL`);
    }
    for (const jobs of ['0', '1.5', 'many']) {
      const badJobs = await run([NATIONAL, PROVINCIAL, '--jobs', jobs]);
      expect(badJobs.code).toBe(2);
      expect(badJobs.stderr).toContain(`--jobs "${jobs}" is not a whole number of 1 or more`);
    }
    // A value that reads as another option says how to write it.
    const negative = await run([NATIONAL, '--jobs', '-1']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('is written --jobs=VALUE');
    expect((await run([NATIONAL, '--jobs=-1'])).stderr).toContain(
      '--jobs "-1" is not a whole number of 1 or more',
    );
    const tooMany = await run([NATIONAL, PROVINCIAL, '--jobs', String(4 * availableParallelism() + 1)]);
    expect(tooMany).toMatchObject({ code: 2, stdout: '' });
    expect(tooMany.stderr).toContain(`(4 a core)`);
    for (const label of ['nope', 'utf-7']) {
      const badCharset = await run([NATIONAL, PROVINCIAL, '--charset', label]);
      expect(badCharset).toMatchObject({ code: 2, stdout: '' });
      expect(badCharset.stderr).toContain(`--charset "${label}" is not a charset label Bantin reads`);
    }
  });

  it('fails with the reason for a file that is not an HTML page, or has no article text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bantin-cli-'));
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const cases: [string, RegExp][] = [
      [write('note.txt', 'Chỉ là một dòng chữ.\nKhông có thẻ nào.\n'), /not an HTML page \(plain text\)/],
      [
        write('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1])),
        /binary data/,
      ],
      [fixture('feeds/provincial.rss'), /a feed or JSON: read feeds with parse-feed/],
      [
        write('empty.html', '<!DOCTYPE html><html><head><title></title></head><body></body></html>'),
        /no article text found/,
      ],
    ];
    for (const [file, reason] of cases) {
      const { code, stdout, stderr } = await run([file]);
      expect(code, file).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(reason);
      expect(stderr).toContain(file);
    }
  });

  it('prints warnings on stderr only', async () => {
    const { stdout, stderr } = await run([PROVINCIAL]);
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toBe('');
  });
});

describe('cli extract over HTTP', () => {
  let server: Server;
  let base = '';
  const previous = process.env.BANTIN_ALLOW_LOOPBACK;
  beforeAll(async () => {
    const html = readFileSync(PROVINCIAL);
    server = createServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(301, { location: '/bai-viet.html' }).end();
        return;
      }
      if (req.url === '/rss') {
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(readFileSync(fixture('feeds/provincial.rss')));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    if (previous === undefined) delete process.env.BANTIN_ALLOW_LOOPBACK;
    else process.env.BANTIN_ALLOW_LOOPBACK = previous;
  });

  it('fetches a URL input when loopback is allowed', async () => {
    process.env.BANTIN_ALLOW_LOOPBACK = '1';
    const { code, stdout } = await run([`${base}/moved`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).title).toBe('Khai mạc Tuần Văn hóa - Du lịch năm 2019');
  });

  it('refuses loopback addresses otherwise, naming the variable that allows them', async () => {
    delete process.env.BANTIN_ALLOW_LOOPBACK;
    const { code, stderr } = await run([`${base}/bai-viet.html`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/loopback/);
    expect(stderr).toContain('BANTIN_ALLOW_LOOPBACK=1');
  });

  it('fails on a URL that serves a feed, not a page', async () => {
    process.env.BANTIN_ALLOW_LOOPBACK = '1';
    const { code, stdout, stderr } = await run([`${base}/rss`]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('(application/rss+xml)');
  });
});
