import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, stat } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedRange } from '../../../shared/ingest/fetch/address-guard.js';
import { fetchResource, PER_HOST_CONCURRENCY } from '../../../shared/ingest/fetch/fetcher.js';

let server: Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/feed': (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end('<rss/>');
  },
  '/always-304': (_req, res) => void res.writeHead(304).end(),
  '/no-content': (_req, res) => void res.writeHead(204).end(),
  '/partial': (_req, res) =>
    void res
      .writeHead(206, { 'content-type': 'text/html', 'content-range': 'bytes 0-99/5000' })
      .end('x'.repeat(100)),
  '/gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('Tin mới'));
  },
  '/br': (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' })
      .end(brotliCompressSync('Tin mới'));
  },
  '/deflate': (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' })
      .end(deflateSync('Tin mới'));
  },
  '/cookies': (_req, res) => {
    res.writeHead(200, [
      ['content-type', 'text/html; charset=utf-8'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    res.end('ok');
  },
  '/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const write = () => {
      while (res.write(chunk)) {}
      res.once('drain', write);
    };
    write();
    res.on('close', () => res.removeAllListeners('drain'));
  },
  '/silent': () => {
    // never answers
  },
  '/to-private': (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end(),
  '/to-metadata': (_req, res) =>
    res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/hop': (_req, res) => res.writeHead(302, { location: '/feed' }).end(),
  '/slow': (_req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200).end('ok');
    }, 50);
  },
  '/missing': (_req, res) => res.writeHead(404).end('no'),
  '/bad-gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end('not gzip at all');
  },
  '/cut-short': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
    res.write('<html><body>Tin');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  '/bad-location': (_req, res) => res.writeHead(302, { location: 'http://[::1' }).end(),
  // A compressed page whose end is the connection's close, closed at 60 % of its gzip bytes.
  '/gzip-cut-at-close': (req) => {
    const gzip = gzipSync(
      Buffer.from(`<html><body>${'<p>Tin mới trong ngày.</p>'.repeat(200)}KẾT THÚC</body></html>`),
    );
    const head =
      'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\nconnection: close\r\n\r\n';
    req.socket.end(Buffer.concat([Buffer.from(head), gzip.subarray(0, Math.floor(gzip.length * 0.6))]));
  },
  // Its length given: a stream without its trailer is read as browsers read it.
  '/gzip-no-trailer': (_req, res) => {
    const gzip = gzipSync('Tin mới').subarray(0, -8);
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'content-encoding': 'gzip',
        'content-length': String(gzip.length),
      })
      .end(gzip);
  },
  '/stall-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
    res.write('<html><body>Tin');
    // then nothing more
  },
  '/trickle': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const timer = setInterval(() => res.write('a'), 20);
    res.on('close', () => clearInterval(timer));
  },
};

beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/missing']!)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const local = { allowLoopback: true };

describe('fetchResource', () => {
  it('returns the body with its validators, and honours a conditional GET', async () => {
    const first = await fetchResource(`${base}/feed`, local);
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"' });
    expect(Buffer.from(first.body).toString()).toBe('<rss/>');
    const again = await fetchResource(`${base}/feed`, { ...local, etag: first.etag });
    expect(again).toMatchObject({ status: 304, notModified: true });
  });

  it('takes no 304 for an answer to a request that sent no validator', async () => {
    await expect(fetchResource(`${base}/always-304`, local)).rejects.toThrow(
      'HTTP 304 Not Modified, to a request that sent no validator',
    );
    const cached = await fetchResource(`${base}/always-304`, {
      ...local,
      lastModified: 'Tue, 01 Dec 2026 00:00:00 GMT',
    });
    expect(cached.notModified).toBe(true);
  });

  it('decompresses gzip', async () => {
    expect(Buffer.from((await fetchResource(`${base}/gzip`, local)).body).toString()).toBe('Tin mới');
  });

  it('decompresses brotli and deflate as browsers do', async () => {
    for (const path of ['/br', '/deflate']) {
      const { body } = await fetchResource(`${base}${path}`, local);
      expect(Buffer.from(body).toString('utf-8')).toBe('Tin mới');
    }
  });

  it('keeps the type of a response with repeated headers', async () => {
    const { contentType, body } = await fetchResource(`${base}/cookies`, local);
    expect(contentType).toBe('text/html; charset=utf-8');
    expect(Buffer.from(body).toString()).toBe('ok');
  });

  it('says why a body could not be read, and names a redirect to no URL', async () => {
    await expect(fetchResource(`${base}/bad-gzip`, local)).rejects.toThrow(
      'the body is not valid gzip data (incorrect header check)',
    );
    await expect(fetchResource(`${base}/cut-short`, local)).rejects.toThrow(
      'the server closed the connection before the end of the body',
    );
    await expect(fetchResource(`${base}/bad-location`, local)).rejects.toThrow(
      'redirect 302 to a Location that is no URL: http://[::1',
    );
  });

  it('refuses a compressed body the connection closed before its end, and reads one whose length was given (attack run 32)', async () => {
    await expect(fetchResource(`${base}/gzip-cut-at-close`, local)).rejects.toThrow(
      'the server closed the connection before the end of the body (its gzip data stops short)',
    );
    expect(Buffer.from((await fetchResource(`${base}/gzip-no-trailer`, local)).body).toString()).toBe(
      'Tin mới',
    );
  });

  it('follows redirects and reports the final URL', async () => {
    expect((await fetchResource(`${base}/hop`, local)).url).toBe(`${base}/feed`);
  });

  it('sends validators to the hop they belong to: a feed behind a redirect answers 304 there', async () => {
    const first = await fetchResource(`${base}/hop`, local);
    expect(first).toMatchObject({ url: `${base}/feed`, notModified: false, etag: '"v1"' });
    const again = await fetchResource(`${base}/hop`, {
      ...local,
      etag: '"v1"',
      validatorsUrl: `${base}/feed`,
    });
    expect(again).toMatchObject({ url: `${base}/feed`, notModified: true });
    // Without where they came from, they go to the first hop (the URL's own validators).
    expect(await fetchResource(`${base}/hop`, { ...local, etag: '"v1"' })).toMatchObject({
      notModified: false,
    });
    expect(await fetchResource(`${base}/feed`, { ...local, etag: '"v1"' })).toMatchObject({
      notModified: true,
    });
  });

  it('stops an endless body at the size limit without buffering past it', async () => {
    await expect(fetchResource(`${base}/endless`, { ...local, maxBytes: 1_000_000 })).rejects.toThrow(
      'body exceeds the 1000000-byte limit',
    );
  });

  it('says a body cut by its own limits was, not that the server closed the connection (attack run 21, F6)', async () => {
    await expect(
      fetchResource(`${base}/stall-body`, { ...local, timeoutMs: 60_000, idleTimeoutMs: 200 }),
    ).rejects.toThrow('nothing received for 200 ms');
    await expect(fetchResource(`${base}/trickle`, { ...local, timeoutMs: 300 })).rejects.toThrow(
      'no complete answer within 300 ms',
    );
  });

  it('refuses a body that ends with the connection and is still coming at the deadline or the idle limit (attack run 30)', async () => {
    // No length, not chunked: the body's end is the connection's close, which Bantin causes itself.
    const trickling = createNetServer((socket) => {
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n<html><body><p>Đoạn một.</p>',
      );
      const timer = setInterval(() => socket.write('<p>Đoạn tiếp.</p>'), 20);
      socket.on('close', () => clearInterval(timer));
      socket.on('error', () => clearInterval(timer));
    });
    const stalling = createNetServer((socket) => {
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n<html><body><p>Đoạn một.</p>',
      );
    });
    await new Promise<void>((resolve) => trickling.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const url = (server: typeof trickling) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await expect(fetchResource(url(trickling), { ...local, timeoutMs: 300 })).rejects.toThrow(
        'no complete answer within 300 ms',
      );
      await expect(
        fetchResource(url(stalling), { ...local, timeoutMs: 60_000, idleTimeoutMs: 200 }),
      ).rejects.toThrow('nothing received for 200 ms');
    } finally {
      trickling.close();
      stalling.close();
    }
  });

  it("shows a status line's reason without the server's control characters (attack run 21, F5)", async () => {
    // Node's own server refuses to send such a reason: a raw one does.
    const raw = createNetServer((socket) =>
      socket.end(
        'HTTP/1.1 404 \u001b]0;PWNED\u0007\u001b[31;1mRED\u001b[0m\u001b[2J\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno',
      ),
    );
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const port = (raw.address() as AddressInfo).port;
      const error = await fetchResource(`http://127.0.0.1:${port}/`, local).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/HTTP 404 \]0;PWNED\[31;1mRED\[0m\[2J$/);
      expect((error as Error).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    } finally {
      raw.close();
    }
  });

  it('gives up on a server that never answers', async () => {
    await expect(fetchResource(`${base}/silent`, { ...local, timeoutMs: 300 })).rejects.toThrow(
      'no complete answer within 300 ms',
    );
    // Silent for the time allowed between two reads, long before the deadline.
    await expect(
      fetchResource(`${base}/silent`, { ...local, timeoutMs: 60_000, idleTimeoutMs: 200 }),
    ).rejects.toThrow('nothing received for 200 ms');
  });

  it('refuses redirects into the private network and to the metadata service', async () => {
    await expect(fetchResource(`${base}/to-private`, local)).rejects.toThrow('10.0.0.1 is a private address');
    await expect(fetchResource(`${base}/to-metadata`, local)).rejects.toThrow(
      '169.254.169.254 is a linkLocal address',
    );
  });

  it('refuses more than five redirects', async () => {
    await expect(fetchResource(`${base}/loop`, local)).rejects.toThrow('more than 5 redirects');
  });

  it('refuses loopback unless the local mode allows it, by address and by name', async () => {
    await expect(fetchResource(`${base}/feed`)).rejects.toThrow('127.0.0.1 is a loopback address');
    await expect(fetchResource('http://0.0.0.0/feed')).rejects.toThrow('0.0.0.0 is an unspecified address');
    const port = new URL(base).port;
    await expect(fetchResource(`http://localhost:${port}/feed`)).rejects.toThrow(/resolves to .*loopback/);
  });

  it('refuses other schemes and credentials', async () => {
    await expect(fetchResource('file:///etc/passwd')).rejects.toThrow('only http and https');
    await expect(fetchResource('http://user:pw@example.com/')).rejects.toThrow('credentials');
  });

  it('refuses an answer with no body or a part of one (204, 206), naming it', async () => {
    await expect(fetchResource(`${base}/no-content`, local)).rejects.toThrow(/HTTP 204 No Content: no body/);
    await expect(fetchResource(`${base}/partial`, local)).rejects.toThrow(
      /HTTP 206 Partial Content: only part of the body/,
    );
  });

  it('reports HTTP errors with their status', async () => {
    await expect(fetchResource(`${base}/missing`, local)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps at most a few requests in flight per host', async () => {
    maxInFlight = 0;
    await Promise.all(Array.from({ length: 12 }, () => fetchResource(`${base}/slow`, local)));
    expect(maxInFlight).toBeLessThanOrEqual(PER_HOST_CONCURRENCY);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('sends a GET again when the server closed the kept-alive connection it went out on', async () => {
    // The second request on each connection meets a server that has just hung up, as one does
    // when its keep-alive timeout ends while the request is on its way.
    let connections = 0;
    const closing = createServer((req, res) => {
      const served = (req.socket as { served?: number } & typeof req.socket).served ?? 0;
      Object.assign(req.socket, { served: served + 1 });
      if (served >= 1) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`answer ${req.url}`);
    });
    closing.on('connection', () => connections++);
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(closing.address() as AddressInfo).port}`;
    try {
      const first = await fetchResource(`${origin}/first`, local);
      await new Promise((resolve) => setImmediate(resolve));
      const second = await fetchResource(`${origin}/second`, local);
      expect(Buffer.from(first.body).toString()).toBe('answer /first');
      expect(Buffer.from(second.body).toString()).toBe('answer /second');
      expect(connections).toBe(2);
    } finally {
      closing.closeAllConnections();
      closing.close();
    }
  });

  it('reads an answer that came while the process was busy, rather than timing out on the busy seconds', async () => {
    // A server in another process answers while this one is busy past the silence allowed (as a
    // poll reading a huge page is): the timer then runs before the socket is read, and the fetch
    // failed with "nothing received" though its answer was there.
    const dir = mkdtempSync(join(tmpdir(), 'bantin-busy-'));
    const got = join(dir, 'got');
    const sent = join(dir, 'sent');
    const server = spawn(
      process.execPath,
      [
        '-e',
        `const http = require('node:http'); const fs = require('node:fs');
         const s = http.createServer((req, res) => { fs.writeFileSync(${JSON.stringify(got)}, '');
           setTimeout(() => res.end('late but here', () => fs.writeFileSync(${JSON.stringify(sent)}, '')), 50); });
         s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const port = await new Promise<string>((resolve) =>
        server.stdout!.once('data', (d) => resolve(String(d).trim())),
      );
      const idleTimeoutMs = 3_000;
      // The whole exchange's deadline passes during the busy seconds too.
      const fetched = fetchResource(`http://127.0.0.1:${port}/slow`, {
        ...local,
        idleTimeoutMs,
        timeoutMs: idleTimeoutMs,
      });
      while (!existsSync(got)) await new Promise((resolve) => setTimeout(resolve, 5));
      // Busy, as a page read for seconds is (in an I/O callback, as a body's end is): the answer
      // comes meanwhile, and the silence allowed passes.
      await new Promise<void>((resolve) =>
        stat(dir, () => {
          const busyFrom = Date.now();
          while (!existsSync(sent) || Date.now() - busyFrom < idleTimeoutMs + 500) {}
          resolve();
        }),
      );
      expect(Buffer.from((await fetched).body).toString()).toBe('late but here');
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails at once on "101 Switching Protocols" to a GET, and frees its host for the next fetches', async () => {
    // Node hands such a socket to an upgrade listener; with none the request ended with neither an
    // answer nor an error, and the fetch waited forever holding one of its host's few slots.
    const switching = createNetServer((socket) => {
      socket.once('data', (request) => {
        if (request.toString().startsWith('GET /page'))
          socket.end(
            'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok',
          );
        else socket.write('HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: x\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => switching.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(switching.address() as AddressInfo).port}`;
    try {
      const answers = await Promise.allSettled(
        Array.from({ length: PER_HOST_CONCURRENCY + 2 }, (_, n) =>
          fetchResource(`${origin}/s101/${n}`, local),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe('rejected');
        expect(String((answer as PromiseRejectedResult).reason)).toMatch(
          /101|switching|closed before an answer/i,
        );
      }
      expect(Buffer.from((await fetchResource(`${origin}/page`, local)).body).toString()).toBe('ok');
    } finally {
      switching.close();
    }
  });
});

describe('refusedRange', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['192.168.1.1', 'private'],
    ['172.16.0.5', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
  ])('%s is %s', (address, range) => {
    expect(refusedRange(address, false)).toBe(range);
  });

  it('lets public addresses through', () => {
    expect(refusedRange('203.162.4.190', false)).toBeUndefined();
    expect(refusedRange('2001:ee0:4000::1', false)).toBeUndefined();
  });
});
