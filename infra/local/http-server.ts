/**
 * Stands in for CloudFront (and, later, API Gateway) on localhost: serves the feed files
 * from the content bucket with ETag, Last-Modified, 304 and gzip (`/feeds/` is the feed
 * directory, feeds/index.html), the home page (home-page.ts), the outbox (outbox-page.ts), and
 * the SubscribeURL/UnsubscribeURL of local webhooks (/sns/confirm, /sns/unsubscribe), and the
 * re-hosted article images (/media/, media-route.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';
import { contentKeys } from '../../shared/adapters/s3/content-store.js';
import { escapeHtml } from '../../shared/html.js';
import { USER_AGENT } from '../../shared/ingest/fetch/fetcher.js';
import type { ArticleRepository, SourceRepository } from '../../shared/ports.js';
import { feedCacheControl } from '../../shared/syndicate/build-feeds.js';
import { retiredPapers } from '../../shared/syndicate/feed-catalog.js';
import { FEEDS_PREFLIGHT_HEADERS } from '../../shared/syndicate/feed-files.js';
import type { LocalApi } from './api-gateway.js';
import { acceptsGzip, notModified } from './conditional.js';
import { renderHomePage } from './home-page.js';
import { MEDIA_PATH, serveMedia } from './media-route.js';
import { type NextDigest, serveOutbox } from './outbox-page.js';
import { parseRequestTarget } from './request-target.js';

export interface LocalHttpServer {
  url: string;
  /** The address and port the server listens on. */
  address: AddressInfo;
  /** What the compressed-feed cache holds now. */
  gzipCacheStats(): { entries: number; bytes: number };
  stop(): Promise<void>;
}

/** Bounds of the compressed-feed cache: a few hundred feeds, 32 MB. */
export const GZIP_CACHE_LIMITS = { entries: 500, bytes: 32 * 1024 * 1024 };

/** Open connections at once; more are refused rather than left to exhaust memory and descriptors. */
const MAX_CONNECTIONS = 1_000;
/**
 * Open connections one client on another machine may hold (with HOST=0.0.0.0): one that opens
 * sockets and never finishes a request cannot take every one of MAX_CONNECTIONS. Processes on
 * this machine are not counted: they could stop the server anyway.
 */
export const MAX_CONNECTIONS_PER_CLIENT = 100;

/**
 * Counts each remote client's open connections; `admit` says whether one more from `address` may
 * stay (false: close it), `release` forgets one when it closes.
 */
export class ConnectionsPerClient {
  private readonly open = new Map<string, number>();

  admit(address: string | undefined): boolean {
    if (!address || isLoopbackAddress(address)) return true;
    const count = this.open.get(address) ?? 0;
    if (count >= MAX_CONNECTIONS_PER_CLIENT) return false;
    this.open.set(address, count + 1);
    return true;
  }

  release(address: string | undefined): void {
    if (!address || isLoopbackAddress(address)) return;
    const count = (this.open.get(address) ?? 1) - 1;
    if (count <= 0) this.open.delete(address);
    else this.open.set(address, count);
  }
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/** Headlines on the home page. */
const HEADLINES = 10;

export async function startHttpServer(options: {
  port: number;
  /** The interface to listen on: this machine only unless told otherwise. */
  host?: string;
  s3: S3Client;
  bucket: string;
  sources: SourceRepository;
  /** The newest articles, listed on the home page. */
  articles?: Pick<ArticleRepository, 'newest'>;
  /** The API Gateway stand-in: topology routes are tried before the built-in pages. */
  api?: LocalApi;
  /** Local mail: the outbox folder, listed and rendered at /outbox, and when the next digest is due. */
  outboxDir?: string;
  nextDigest?: NextDigest;
  /** Local webhooks: the SubscribeURL and UnsubscribeURL of their SNS-style messages are served here. */
  webhooks?: { confirm(id: string, token: string): Promise<boolean>; remove(id: string): Promise<boolean> };
  gzipCacheLimits?: { entries: number; bytes: number };
}): Promise<LocalHttpServer> {
  // By ETag: the same bytes compress once. Bounded: every rebuilt feed brings a new ETag.
  const limits = options.gzipCacheLimits ?? GZIP_CACHE_LIMITS;
  const gzipCache = new LRUCache<string, Buffer>({
    max: limits.entries,
    maxSize: limits.bytes,
    sizeCalculation: (gzipped) => Math.max(1, gzipped.length),
  });

  async function serveFeed(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    let object: GetObjectCommandOutput;
    try {
      object = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: path.slice(1) }));
    } catch (error) {
      if (error instanceof NoSuchKey)
        return sendText(res, 404, 'no such feed (yet): it is written after the first ingest');
      throw error;
    }
    const etag = object.ETag ?? '';
    const modified = object.LastModified ?? new Date();
    const gzip = acceptsGzip(req.headers);
    const headers: Record<string, string> = {
      'content-type': object.ContentType ?? 'application/octet-stream',
      // fauxqs keeps no Cache-Control: the builder's choice for this path, as S3 would return it.
      'cache-control': object.CacheControl ?? feedCacheControl(path),
      // Compressed here, the bytes are not the object's: its tag is a weak one then (as nginx
      // does), so no cache takes the gzip and identity answers for the same bytes.
      etag: gzip && etag && !etag.startsWith('W/') ? `W/${etag}` : etag,
      'last-modified': modified.toUTCString(),
      vary: 'accept-encoding',
      // As the feeds' CloudFront response headers policy answers: readers in browsers on other
      // origins may fetch the feeds (the JSON Feed above all).
      ...(req.headers.origin
        ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' }
        : {}),
    };
    const body: Buffer = Buffer.from(await object.Body!.transformToByteArray());
    if (notModified(req.headers, etag, modified)) {
      res.writeHead(304, headers);
      return void res.end();
    }
    let payload: Buffer = body;
    if (gzip) {
      payload = gzipCache.get(etag) ?? gzipSync(body);
      if (etag) gzipCache.set(etag, payload);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  async function homePage(res: ServerResponse): Promise<void> {
    const [records, headlines, retired] = await Promise.all([
      options.sources.list(),
      // Withdrawn articles are in no feed, and not here (a few more read, to show ten).
      options.articles
        ? options.articles
            .newest({ kind: 'all' }, HEADLINES * 2)
            .then((entries) => entries.filter((entry) => !entry.withdrawn).slice(0, HEADLINES))
        : [],
      retiredNames(),
    ]);
    sendText(
      res,
      200,
      renderHomePage({ records, headlines, retired, now: new Date() }),
      'text/html; charset=utf-8',
    );
  }

  /** Deleted papers' names, as the feeds' catalog keeps them: headlines of theirs name them so. */
  async function retiredNames(): Promise<Map<string, string>> {
    try {
      const object = await options.s3.send(
        new GetObjectCommand({ Bucket: options.bucket, Key: contentKeys.feedState('catalog') }),
      );
      const value: unknown = JSON.parse(await object.Body!.transformToString());
      return new Map([...retiredPapers({ value, version: '' })].map(([id, paper]) => [id, paper.name]));
    } catch {
      return new Map(); // No feed built yet, or a catalog this version cannot read.
    }
  }

  /** What SNS's SubscribeURL and UnsubscribeURL do, for the local webhooks. */
  async function snsEndpoint(res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const id = query.get('subscription') ?? '';
    const ok =
      path === '/sns/confirm'
        ? await options.webhooks!.confirm(id, query.get('token') ?? '')
        : await options.webhooks!.remove(id);
    if (!ok) return sendText(res, 404, 'no such subscription, or a wrong token');
    const action = path === '/sns/confirm' ? 'ConfirmSubscription' : 'Unsubscribe';
    sendText(
      res,
      200,
      `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${action}Result><SubscriptionArn>${escapeHtml(id)}</SubscriptionArn></${action}Result></${action}Response>`,
      'text/xml; charset=utf-8',
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    if (!target) return sendText(res, 400, 'bad request: a malformed request target');
    if (options.api && (await options.api.handle(req, res))) return;
    const path = target.path;
    // A browser's CORS preflight of a feed, answered as the feeds' CloudFront function answers it.
    if (req.method === 'OPTIONS' && (path === '/feeds' || path.startsWith('/feeds/'))) {
      res.writeHead(204, { ...FEEDS_PREFLIGHT_HEADERS });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'method not allowed', undefined, { allow: 'GET, HEAD' });
    }
    if (path === '/') return homePage(res);
    if (path === '/healthz') return sendText(res, 200, 'ok');
    if (options.outboxDir && (path === '/outbox' || path.startsWith('/outbox/'))) {
      // Every mail with its confirm, manage and unsubscribe links: for this machine's user or the
      // administrator, never for Bantin's own fetcher (a source linking here would syndicate them).
      if (fetchedByBantin(req) || (!fromThisMachine(req) && !options.api?.isAdmin(req))) {
        return sendText(
          res,
          403,
          'the outbox is shown only on this machine, or to the administrator (Authorization: Bearer <admin token>)',
        );
      }
      return serveOutbox(res, options.outboxDir, path, options.nextDigest);
    }
    if (path === '/feeds' || path === '/feeds/') return serveFeed(req, res, '/feeds/index.html');
    if (MEDIA_PATH.test(path)) return serveMedia(req, res, options, path);
    if (/^\/feeds\/[a-z0-9/-]+\.(rss|atom|json|opml|html)$/.test(path) && !path.includes('..')) {
      return serveFeed(req, res, path);
    }
    if (options.webhooks && (path === '/sns/confirm' || path === '/sns/unsubscribe')) {
      return snsEndpoint(res, path, target.query);
    }
    return sendText(res, 404, 'not found');
  }

  // Nothing a request does may stop the server: every failure becomes an answer (or a closed socket).
  const server: Server = createServer(
    // Slow or silent clients may not hold sockets and half-read requests for long: the deadlines
    // are checked every 2 s (Node's default, 30 s, let a half-sent request live 10–40 s).
    { requestTimeout: 30_000, headersTimeout: 10_000, connectionsCheckingInterval: 2_000 },
    (req, res) => {
      route(req, res).catch((error: unknown) => answerFailure(res, error));
    },
  );
  server.maxConnections = MAX_CONNECTIONS;
  const perClient = new ConnectionsPerClient();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress;
    if (!perClient.admit(address)) {
      socket.destroy();
      return;
    }
    socket.once('close', () => perClient.release(address));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://localhost:${address.port}`,
    address,
    gzipCacheStats: () => ({ entries: gzipCache.size, bytes: gzipCache.calculatedSize }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request from Bantin's fetcher: it always names itself (USER_AGENT), and is no one's browser. */
function fetchedByBantin(req: Pick<IncomingMessage, 'headers'>): boolean {
  return req.headers['user-agent'] === USER_AGENT;
}

/**
 * A request from this machine, addressed to it by a loopback name: a page elsewhere that points
 * its own host name at 127.0.0.1 (DNS rebinding) sends its own name in Host, and is refused.
 */
export function fromThisMachine(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  const isLoopback = (address: string | undefined) => address !== undefined && isLoopbackAddress(address);
  const sent = req.headers.host ?? '';
  if (/[@/\\?#]/.test(sent)) return false; // a host and a port, nothing a URL parser would read past
  let host: string;
  try {
    host = new URL(`http://${sent}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return isLoopback(req.socket.remoteAddress) && (host === 'localhost' || isLoopback(host));
}

function answerFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  // An escape that decodes to nothing, wherever it was read, is the client's error.
  if (error instanceof URIError) return void sendText(res, 400, 'bad request: a malformed percent-escape');
  console.error(`[http] request failed: ${error instanceof Error ? error.stack : String(error)}`);
  sendText(res, 500, 'internal error (logged)');
}

function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
