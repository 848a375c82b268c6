/**
 * Fetches a source URL over HTTP(S) with caps a hostile server cannot get around: separate
 * deadlines for connecting, for the headers and for the whole body; a body size enforced
 * while streaming; redirects followed one by one so each hop is checked again; and an SSRF
 * guard applied to the address actually connected to (so DNS rebinding cannot slip past).
 * Node's own http and https clients (loaded by the AWS SDK anyway): a fetch library would add
 * half a megabyte to every cold start of the functions that fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { withoutUnsafeCharacters } from '../../domain/plain-text.js';
import { assertFetchable, guardedLookup } from './address-guard.js';

export interface FetchOptions {
  /** Validators from the previous fetch of this URL, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /**
   * Where the validators came from when the URL redirected there: they are sent to that hop
   * (a redirecting address knows nothing of the resource's ETag), not to the first.
   */
  validatorsUrl?: string;
  /** Deadline for the whole exchange, body included. */
  timeoutMs?: number;
  /** Time to connect, and longest silence while waiting for the headers or the body (defaults below). */
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Loopback addresses are refused unless the local mode allows them (sample newspaper). */
  allowLoopback?: boolean;
  accept?: string;
  /** The page that links the resource, sent as a browser would (papers refuse images to other sites). */
  referer?: string;
}

export interface FetchedResource {
  /** The URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string;
  etag?: string;
  lastModified?: string;
  body: Uint8Array;
}

export class FetchError extends Error {
  /** What went wrong, without the URL the message starts with. */
  readonly reason: string;

  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
    /**
     * Why fetching again cannot help: `too-large`, the body is over the size cap; `refused`, the
     * URL or the address its host resolves to is one Bantin never fetches (address-guard.ts).
     */
    readonly code?: 'too-large' | 'refused',
  ) {
    super(`${url}: ${message}`);
    this.reason = message;
    this.name = 'FetchError';
  }
}

export const USER_AGENT = 'Bantin/0.1 (news syndication; +https://github.com/bantin/bantin)';
const DEFAULTS = { timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 };
const CONNECT_TIMEOUT_MS = 5_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** Requests in flight to one host at once: be a polite crawler. */
export const PER_HOST_CONCURRENCY = 4;

/** Kept-alive connections per mode; every new connection's address goes through the guard. */
const agents = new Map<boolean, { http: HttpAgent; https: HttpsAgent }>();
function agentsFor(allowLoopback: boolean): { http: HttpAgent; https: HttpsAgent } {
  let found = agents.get(allowLoopback);
  if (!found) {
    const options = { keepAlive: true, lookup: guardedLookup(allowLoopback) };
    found = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    agents.set(allowLoopback, found);
  }
  return found;
}

/** Sends a GET and resolves with the response head; its body is read by the caller. */
function send(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  options: { allowLoopback: boolean; connectTimeoutMs: number; idleTimeoutMs: number },
  retry = true,
): Promise<IncomingMessage> {
  const { allowLoopback, connectTimeoutMs, idleTimeoutMs } = options;
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const agent = secure ? agentsFor(allowLoopback).https : agentsFor(allowLoopback).http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(target, { headers, signal, agent });
    // Silent for idleTimeoutMs, waiting for the headers or for more of the body: give up. Timers
    // run before the I/O that came while the process was busy (another page of the poll being
    // read for seconds): what came meanwhile is read first (afterWaitingIo), and counts.
    request.setTimeout(idleTimeoutMs, () => {
      const read = request.socket?.bytesRead;
      afterWaitingIo(() => {
        if (request.socket?.bytesRead === read) {
          const reason = `nothing received for ${idleTimeoutMs} ms`;
          if (request.socket) givenUp.set(request.socket, reason);
          request.destroy(new Error(reason));
        }
      });
    });
    request.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () =>
          afterWaitingIo(() => {
            if (socket.connecting) request.destroy(new Error(`no connection within ${connectTimeoutMs} ms`));
          }),
        connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.once('response', resolve);
    // "101 Switching Protocols" to a GET: Node hands the socket to an upgrade listener, and with
    // none it ends the request with neither an answer nor an error (the fetch then hung for good,
    // holding its host's slot). A request closed unanswered fails, whatever closed it.
    request.once('upgrade', (response: IncomingMessage, socket: { destroy: () => void }) => {
      socket.destroy();
      reject(new Error(`the server answered ${response.statusCode} (switching protocols) to a GET`));
    });
    request.once('close', () => reject(new Error('the connection closed before an answer')));
    request.once('error', (error: NodeJS.ErrnoException) => {
      // The server closed a kept-alive connection just as this GET went out on it, so nothing was
      // answered: sending it again on a new connection is safe (Node's documented remedy).
      const closedUnderUs = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      if (retry && request.reusedSocket && closedUnderUs && !signal.aborted) {
        resolve(send(url, headers, signal, options, false));
      } else reject(error);
    });
    request.end();
  });
}

/**
 * Runs `check` once the I/O already waiting has been handled: a timer's callback comes before
 * the event loop reads its sockets, and setImmediate's after.
 */
function afterWaitingIo(check: () => void): void {
  setImmediate(check);
}

/**
 * The body as sent, decompressed as fetch would (leniently: a stream without its end keeps what
 * came), except when the connection's close ends the body (no length, not chunked): there only
 * the compressed stream's own end tells a whole page from one cut short (attack run 32: 60 % of a
 * gzip page was stored as the article), so a stream without it fails.
 */
function decodedBody(response: IncomingMessage): Readable {
  const strict = closeDelimited(response);
  const flush = strict
    ? { flush: constants.Z_SYNC_FLUSH }
    : { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip(flush)
      : encoding === 'deflate'
        ? createInflate(flush)
        : encoding === 'br'
          ? createBrotliDecompress({
              flush: constants.BROTLI_OPERATION_FLUSH,
              ...(strict ? {} : { finishFlush: constants.BROTLI_OPERATION_FLUSH }),
            })
          : undefined;
  return decoder ? pipeline(response, decoder, () => {}) : response;
}

/** Whether the body ends with the connection: no Content-Length, not chunked. */
function closeDelimited(response: IncomingMessage): boolean {
  return (
    response.headers['content-length'] === undefined &&
    !/chunked/i.test(String(response.headers['transfer-encoding'] ?? ''))
  );
}

const header = (response: IncomingMessage, name: string): string | undefined => {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

export async function fetchResource(url: string, options: FetchOptions = {}): Promise<FetchedResource> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new FetchError(url, 'not a valid URL');
  }
  return hostLimiter.run(host, () => fetchWithRedirects(url, options));
}

async function fetchWithRedirects(url: string, options: FetchOptions): Promise<FetchedResource> {
  const { timeoutMs } = { ...DEFAULTS, ...options };
  // The deadline, like the other timeouts, lets what arrived while the process was busy be read
  // first: an answer that came in time is not lost to the seconds another page took to read.
  const controller = new AbortController();
  const deadline = setTimeout(
    () =>
      afterWaitingIo(() =>
        controller.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, 'TimeoutError')),
      ),
    timeoutMs,
  );
  deadline.unref();
  try {
    return await fetchWithin(url, options, controller.signal);
  } finally {
    clearTimeout(deadline);
  }
}

async function fetchWithin(
  url: string,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<FetchedResource> {
  const { timeoutMs, maxBytes, maxRedirects } = { ...DEFAULTS, ...options };
  const allowLoopback = options.allowLoopback ?? false;
  let current = url;
  for (let hop = 0; ; hop++) {
    await assertFetchable(current, { allowLoopback });
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: options.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (options.referer) headers.referer = options.referer;
    const validated = options.validatorsUrl ? current === options.validatorsUrl : hop === 0;
    if (validated && options.etag) headers['if-none-match'] = options.etag;
    if (validated && options.lastModified) headers['if-modified-since'] = options.lastModified;
    const conditional = 'if-none-match' in headers || 'if-modified-since' in headers;
    let response: IncomingMessage;
    try {
      response = await send(current, headers, signal, {
        allowLoopback,
        connectTimeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
        idleTimeoutMs: options.idleTimeoutMs ?? HEADERS_TIMEOUT_MS,
      });
    } catch (error) {
      const refused = [error, (error as Error | undefined)?.cause].some(
        (e) => e instanceof FetchError && e.code === 'refused',
      );
      throw new FetchError(
        current,
        describeNetworkError(error, timeoutMs),
        undefined,
        refused ? 'refused' : undefined,
      );
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && status !== 304) {
      response.destroy();
      const location = header(response, 'location');
      if (!location) throw new FetchError(current, `redirect ${status} without a Location`, status);
      if (hop >= maxRedirects) throw new FetchError(url, `more than ${maxRedirects} redirects`);
      if (!URL.canParse(location, current)) {
        throw new FetchError(
          current,
          `redirect ${status} to a Location that is no URL: ${location.slice(0, 200)}`,
          status,
        );
      }
      current = new URL(location, current).href;
      continue;
    }
    const common = {
      url: current,
      status,
      contentType: header(response, 'content-type') ?? '',
      etag: header(response, 'etag'),
      lastModified: header(response, 'last-modified'),
    };
    if (status === 304) {
      response.destroy();
      // Not modified since what? Without a validator sent, a 304 is a server that never delivers.
      if (!conditional)
        throw new FetchError(url, 'HTTP 304 Not Modified, to a request that sent no validator', 304);
      return { ...common, notModified: true, body: new Uint8Array() };
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      throw new FetchError(current, `HTTP ${status} ${reasonPhrase(response)}`.trim(), status);
    }
    // No body, or part of one though Bantin asked for no range: no page to read (it ended as
    // "no article text found", naming nothing of the cause).
    if (status === 204 || status === 205 || status === 206) {
      response.destroy();
      const what = status === 206 ? 'only part of the body, to a request for all of it' : 'no body';
      throw new FetchError(
        current,
        `HTTP ${status} ${reasonPhrase(response)}: ${what}`.replace(' :', ':'),
        status,
      );
    }
    const body = await readCapped(response, maxBytes, current, signal, timeoutMs);
    return { ...common, notModified: false, body };
  }
}

/**
 * The status line's reason as text to show: without controls (a hostile server's escape codes
 * set a terminal's title, colours, or cleared it, through the CLI's error), at most 100 characters.
 */
function reasonPhrase(response: IncomingMessage): string {
  return withoutUnsafeCharacters(response.statusMessage ?? '')
    .replace(/[\t\n\v\f\r]/g, ' ')
    .slice(0, 100)
    .trim();
}

async function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Uint8Array> {
  const declared = Number(header(response, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new FetchError(
      url,
      `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`,
      undefined,
      'too-large',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decodedBody(response) as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        response.destroy();
        throw new FetchError(url, `body exceeds the ${maxBytes}-byte limit`, undefined, 'too-large');
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(url, describeBodyError(error, response, signal, timeoutMs));
  }
  // A body whose end is the connection's close (no length, not chunked) ends normally when
  // Bantin gives up on it (its deadline, its idle limit): what came so far is no whole page
  // (attack run 30: a page that trickled past the deadline was stored cut short, the poll "ok").
  if (signal.aborted || (response.socket && givenUp.has(response.socket))) {
    throw new FetchError(url, describeBodyError(undefined, response, signal, timeoutMs));
  }
  return Buffer.concat(chunks);
}

/**
 * Connections Bantin gave up on itself (silent too long), with why: a body cut so is no server's
 * doing, though Node reports it as the connection aborted.
 */
const givenUp = new WeakMap<object, string>();

/**
 * Why a body could not be read: Bantin's own deadline or idle limit, its compression broken, or
 * the connection closed before its end.
 */
function describeBodyError(
  error: unknown,
  response: IncomingMessage,
  signal: AbortSignal,
  timeoutMs: number,
): string {
  if (signal.aborted) return describeNetworkError(signal.reason, timeoutMs);
  const ours = response.socket ? givenUp.get(response.socket) : undefined;
  if (ours) return ours;
  const encoding = header(response, 'content-encoding');
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code === 'Z_BUF_ERROR' && closeDelimited(response)) {
    return `the server closed the connection before the end of the body (its ${encoding ?? 'compressed'} data stops short)`;
  }
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI')) {
    return `the body is not valid ${encoding ?? 'compressed'} data (${error instanceof Error ? error.message : String(error)})`;
  }
  if (code === 'ECONNRESET' || (error instanceof Error && error.message === 'aborted')) {
    return 'the server closed the connection before the end of the body';
  }
  return describeNetworkError(error, timeoutMs);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no complete answer within ${timeoutMs} ms`;
  }
  // The address guard refused the host it resolved.
  if (error instanceof FetchError) return error.message.slice(error.url.length + 2);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  if (cause instanceof FetchError) return cause.message.slice(cause.url.length + 2);
  const causeText = cause ? ` (${cause.message})` : '';
  return `${error instanceof Error ? error.message : String(error)}${causeText}`;
}

/** At most PER_HOST_CONCURRENCY requests per host in this process; the rest wait their turn. */
class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    if ((this.active.get(host) ?? 0) >= PER_HOST_CONCURRENCY) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(host) ?? [];
        queue.push(resolve);
        this.waiting.set(host, queue);
      });
    }
    this.active.set(host, (this.active.get(host) ?? 0) + 1);
    try {
      return await task();
    } finally {
      const left = (this.active.get(host) ?? 1) - 1;
      if (left === 0) this.active.delete(host);
      else this.active.set(host, left);
      const next = this.waiting.get(host)?.shift();
      if (this.waiting.get(host)?.length === 0) this.waiting.delete(host);
      next?.();
    }
  }
}

const hostLimiter = new HostLimiter();
