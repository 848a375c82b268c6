/**
 * Generators of malformed HTTP traffic (fast-check arbitraries, sampled with a fixed seed so a
 * failure replays): raw request bytes for the local server, and API Gateway payload 2.0 events
 * for the HTTP handlers. Each case is built around the routes Bantin serves, so the garbage
 * reaches the code behind them, not only the HTTP parser.
 */
import { connect } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import type { HttpRoute } from '../../infra/topology.js';

/** Escapes that decode to nothing, or to something a path should not hold. */
const BAD_ESCAPES = [
  '%',
  '%%',
  '%E0%A4%A',
  '%ZZ',
  '%0',
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  '%F4%90%80%80',
  '%2e%2e',
  '%2F',
  '%u0041',
  '%25',
  '..',
  '//',
  '\\',
  '%0d%0a',
];

const PREFIXES = [
  '/',
  '',
  '/feeds/',
  '/feeds/sources/',
  '/feeds/categories/',
  '/outbox/',
  '/outbox',
  '/api/admin/sources/',
  '/api/admin/webhooks/',
  '/api/admin/',
  '/api/subscriptions',
  '/subscribe',
  '/subscriptions/',
  '/subscriptions/confirm',
  '/admin/',
  '/sns/confirm',
  '/healthz',
];

const text = (maxLength = 24) => fc.string({ unit: 'binary', maxLength });
const segment = fc.oneof(
  fc.constantFrom(...BAD_ESCAPES),
  fc.stringMatching(/^[a-z0-9.-]{0,16}$/),
  text(12).map(encodeURIComponent),
  fc.array(fc.constantFrom(...BAD_ESCAPES, 'a', '.', '/'), { maxLength: 6 }).map((parts) => parts.join('')),
);
const queryString = fc
  .array(fc.tuple(segment, segment), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
export const fuzzPath = fc
  .tuple(fc.constantFrom(...PREFIXES), fc.array(segment, { maxLength: 4 }), queryString)
  .map(([prefix, segments, query]) => `${prefix}${segments.join('/')}${query}`);

const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PRI'),
  fc.constantFrom('get', 'G\0T', '', 'GET GET', 'POST\t', 'MKCOL'),
  fc.stringMatching(/^[A-Z]{1,12}$/),
  text(8),
);
const version = fc.constantFrom(
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/2.0',
  'HTTP/0.9',
  'http/1.1',
  'HTTP/1.',
  'HTTP/11',
  '',
  'HTTP/1.1 extra',
  'HTTP/1.1\r\nX-Injected: 1',
);
const target = fc.oneof(
  fuzzPath,
  fc.constantFrom(
    '*',
    'http://[',
    '//%',
    'http://x:99999/',
    '//',
    '//evil.example/feeds/all.rss',
    'ftp://x/',
  ),
  fc.constantFrom('http://localhost/feeds/all.rss', 'https://localhost/%', 'http://localhost:1/outbox'),
  text(40),
);

const headerName = fc.oneof(
  fc.constantFrom(
    'host',
    'content-type',
    'content-length',
    'transfer-encoding',
    'authorization',
    'accept-encoding',
    'if-none-match',
    'if-modified-since',
    'origin',
    'referer',
    'cookie',
    'connection',
    'expect',
    'upgrade',
    'x-forwarded-for',
  ),
  fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
  text(10),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    '',
    'gzip',
    'chunked',
    'chunked, gzip',
    '-1',
    '99999999999999999999',
    'Bearer ',
    'Bearer \0',
    '*',
    '"x", *',
    'not a date',
    'null',
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=',
    '100-continue',
    'h2c',
    'close',
    'a=b; c',
  ),
  text(40),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const headerLines = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(headerName, headerValue).map(([n, v]) => `${n}: ${v}`) },
      { weight: 1, arbitrary: fc.constantFrom(' folded', 'no colon', ': no name', 'a\0b: c', 'x:\ry') },
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.join('\r\n'));

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '',
];
const JSON_ROUTES = [
  ['POST', '/api/subscriptions'],
  ['POST', '/subscribe'],
  ['POST', '/subscriptions/confirm'],
  ['POST', '/subscriptions/manage'],
  ['POST', '/subscriptions/unsubscribe'],
  ['POST', '/api/admin/sources'],
  ['PUT', '/api/admin/sources/bao-ha-nam'],
  ['POST', '/api/admin/preview'],
  ['POST', '/api/admin/sources/bao-ha-nam/reextract'],
  ['POST', '/api/admin/webhooks'],
  ['POST', '/api/admin/subscribers/suppress'],
  ['POST', '/feeds/all.rss'],
] as const;

/** Bodies: JSON and forms that are almost right, and bytes that are nothing at all. */
export const fuzzBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      email: fc.oneof(fc.emailAddress(), fc.constantFrom('ban.doc@example.vn', 'a@b'), text(20)),
      sources: fc.oneof(fc.constantFrom([], ['bao-ha-nam']), fc.array(text(8), { maxLength: 3 })),
      frequency: fc.constantFrom('daily', 'weekly', 'instant', 'hourly', ''),
      sendHour: fc.oneof(fc.integer({ min: -5, max: 30 }), text(3)),
      timeZone: fc.constantFrom('Asia/Ho_Chi_Minh', 'Mars/Olympus', ''),
    })
    .map((value) => JSON.stringify(value)),
  fc.emailAddress().map((email) => JSON.stringify({ email })),
  fc
    .array(fc.tuple(segment, segment), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  fc.constantFrom(
    '{',
    '[1,',
    '{"__proto__":{"x":1}}',
    'null',
    '1e999999',
    '"\\ud800"',
    '\xff\xfe',
    'email=%',
  ),
  text(200),
);

export interface RawCase {
  kind: string;
  bytes: Buffer;
  /** The request is cut short: the client closes its side once it is sent. */
  unfinished?: boolean;
}

const request = (line: string, headers: string, body = '') =>
  Buffer.from(`${line}\r\n${headers}${headers ? '\r\n' : ''}\r\n${body}`, 'latin1');

/** Raw requests: request lines, paths, headers, bodies, and plain noise. */
export function rawCases(adminToken: string): Record<string, fc.Arbitrary<RawCase>> {
  const utf8 = (s: string) => Buffer.from(s, 'utf-8').toString('latin1');
  return {
    'request line': fc
      .tuple(method, target, version, fc.constantFrom(' ', '  ', '\t', ' \0'))
      .map(([m, t, v, sep]) => ({
        kind: 'request line',
        bytes: request(utf8([m, t, v].filter(Boolean).join(sep)), 'Host: localhost'),
      })),
    path: fc
      .tuple(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE'), fuzzPath, fc.boolean())
      .map(([m, path, admin]) => ({
        kind: 'path',
        bytes: request(
          utf8(`${m} ${path} HTTP/1.1`),
          `Host: localhost\r\nContent-Length: 0${admin ? `\r\nAuthorization: Bearer ${adminToken}` : ''}`,
        ),
      })),
    headers: fc
      .tuple(
        fc.constantFrom(
          'GET /feeds/all.rss',
          'GET /outbox',
          'POST /api/subscriptions',
          'GET /api/admin/sources',
        ),
        headerLines,
      )
      .map(([line, headers]) => ({ kind: 'headers', bytes: request(`${line} HTTP/1.1`, utf8(headers)) })),
    body: fc
      .tuple(
        fc.constantFrom(...JSON_ROUTES),
        fc.constantFrom(...CONTENT_TYPES),
        fuzzBody,
        fc.constantFrom('exact', 'chunked', 'bad-chunks', 'short', 'long', 'none'),
        fc.boolean(),
      )
      .map(([[m, path], type, body, framing, admin]) => {
        const bytes = Buffer.from(body, 'utf-8');
        const auth = admin ? `\r\nAuthorization: Bearer ${adminToken}` : '';
        const head = (extra: string) =>
          `${m} ${path} HTTP/1.1\r\nHost: localhost${type ? `\r\nContent-Type: ${type}` : ''}${auth}${extra}\r\n\r\n`;
        const framed = {
          exact: () => Buffer.concat([Buffer.from(head(`\r\nContent-Length: ${bytes.length}`)), bytes]),
          chunked: () =>
            Buffer.concat([
              Buffer.from(head('\r\nTransfer-Encoding: chunked')),
              Buffer.from(`${bytes.length.toString(16)}\r\n`),
              bytes,
              Buffer.from('\r\n0\r\n\r\n'),
            ]),
          'bad-chunks': () =>
            Buffer.concat([
              Buffer.from(head('\r\nTransfer-Encoding: chunked')),
              Buffer.from('zz\r\n'),
              bytes,
            ]),
          short: () => Buffer.concat([Buffer.from(head(`\r\nContent-Length: ${bytes.length + 7}`)), bytes]),
          long: () =>
            Buffer.concat([Buffer.from(head(`\r\nContent-Length: ${Math.max(0, bytes.length - 3)}`)), bytes]),
          none: () => Buffer.concat([Buffer.from(head('')), bytes]),
        }[framing];
        return { kind: `body (${framing})`, bytes: framed(), unfinished: framing === 'short' };
      }),
    noise: fc
      .oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(new Uint8Array([0x16, 0x03, 0x01, 0x00])))
      .map((bytes) => ({ kind: 'noise', bytes: Buffer.from(bytes), unfinished: true })),
  };
}

/**
 * Sends one case over a fresh TCP connection and returns the status of the first answer, if
 * any. The write side closes when the server goes quiet (an unfinished request then ends), and
 * a connection that never closes is dropped: bounds against hanging, not assertions.
 */
export function exchange(port: number, bytes: Buffer, unfinished = false): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let status: number | undefined;
    const quiet = setTimeout(() => socket.end(), 1_000);
    const hang = setTimeout(() => socket.destroy(), 60_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const head = received.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3}) /.exec(head);
      if (match && head.includes('\r\n\r\n')) {
        status = Number(match[1]);
        socket.destroy();
      }
    });
    socket.on('error', () => {}); // a reset is a closed connection, judged by what came before
    socket.on('close', () => {
      clearTimeout(quiet);
      clearTimeout(hang);
      resolve(status);
    });
    if (unfinished) socket.end(bytes);
    else socket.write(bytes);
  });
}

/** Path parameters and query keys the handlers know, so the garbage goes past their first check. */
const KNOWN_PARAMS = ['confirm', 'manage', 'unsubscribe', 'bao-ha-nam', 'admin.js', 'admin.css', 'x'];
const QUERY_KEYS = ['token', 'limit', 'before', 'target', 'email', 'articles', 'articleUrl', 'dryRun'];

/** API Gateway HTTP API (payload 2.0) events for one route, with malformed everything it passes on. */
export function gatewayEvents(route: HttpRoute): fc.Arbitrary<APIGatewayProxyEventV2> {
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);
  const headers = fc
    .dictionary(
      fc.oneof(
        headerName.map((n) => n.toLowerCase()),
        fc.constant('content-type'),
      ),
      fc.oneof(
        fc.constantFrom(...CONTENT_TYPES),
        headerValue.map((v) => v.slice(0, 200)),
      ),
      { maxKeys: 6 },
    )
    .map((h): Record<string, string> => ({ host: 'api.bantin.example', ...h }));
  return fc
    .record({
      params: fc.tuple(...names.map(() => fc.oneof(fc.constantFrom(...KNOWN_PARAMS), segment, text(30)))),
      query: fc.option(
        fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), text(8)), fc.oneof(segment, text(30)), {
          maxKeys: 4,
        }),
        { nil: undefined },
      ),
      headers,
      body: fc.option(fuzzBody, { nil: undefined }),
      base64: fc.boolean(),
      cookies: fc.option(fc.array(text(20), { maxLength: 3 }), { nil: undefined }),
      sourceIp: fc.oneof(fc.ipV4(), fc.ipV6()),
      signedIn: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    })
    .map(({ params, query, headers, body, base64, cookies, sourceIp, signedIn }) => {
      const pathParameters = Object.fromEntries(names.map((name, i) => [name, params[i]!]));
      let rawPath = route.path;
      for (const [name, value] of Object.entries(pathParameters)) {
        rawPath = rawPath.replace(new RegExp(`\\{${name}\\+?\\}`), encodeURIComponent(value));
      }
      const routeKey = `${route.method} ${route.path}`;
      const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
        version: '2.0',
        routeKey,
        rawPath,
        rawQueryString: query ? new URLSearchParams(query).toString() : '',
        cookies,
        headers,
        queryStringParameters: query,
        pathParameters: names.length ? pathParameters : undefined,
        body: body === undefined ? undefined : base64 ? Buffer.from(body).toString('base64') : body,
        isBase64Encoded: body !== undefined && base64,
        requestContext: {
          accountId: '000000000000',
          apiId: 'fuzz',
          domainName: 'api.bantin.example',
          domainPrefix: 'api',
          http: {
            method: route.method,
            path: rawPath,
            protocol: 'HTTP/1.1',
            sourceIp,
            userAgent: headers['user-agent'] ?? '',
          },
          requestId: 'fuzz',
          routeKey,
          stage: '$default',
          time: new Date(0).toUTCString(),
          timeEpoch: 0,
        },
      };
      // API Gateway's JWT authorizer lets only signed-in administrators through to admin routes.
      if (route.auth === 'admin' && signedIn) {
        event.requestContext.authorizer = { jwt: { claims: { sub: 'fuzz', email: 'fuzz@bantin.example' } } };
      }
      return event;
    });
}
