/**
 * Fetches a source URL over HTTP(S) with caps a hostile server cannot get around: separate
 * deadlines for connecting, for the headers and for the whole body; a body size enforced
 * while streaming; redirects followed one by one so each hop is checked again; and an SSRF
 * guard applied to the address actually connected to (so DNS rebinding cannot slip past).
 */
import { Agent, fetch, type Response } from 'undici';
import { assertFetchable, guardedLookup } from './address-guard.js';

export interface FetchOptions {
  /** Validators from the previous fetch of this URL, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** Deadline for the whole exchange, body included. */
  timeoutMs?: number;
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
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
    /** `too-large`: the body is over the size cap (fetching again cannot help). */
    readonly code?: 'too-large',
  ) {
    super(`${url}: ${message}`);
    this.name = 'FetchError';
  }
}

export const USER_AGENT = 'Bantin/0.1 (news syndication; +https://github.com/bantin/bantin)';
const DEFAULTS = { timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 };
const CONNECT_TIMEOUT_MS = 5_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** Requests in flight to one host at once: be a polite crawler. */
export const PER_HOST_CONCURRENCY = 4;

const agents = new Map<boolean, Agent>();
function agentFor(allowLoopback: boolean): Agent {
  let agent = agents.get(allowLoopback);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: CONNECT_TIMEOUT_MS, lookup: guardedLookup(allowLoopback) },
      headersTimeout: HEADERS_TIMEOUT_MS,
      bodyTimeout: HEADERS_TIMEOUT_MS,
    });
    agents.set(allowLoopback, agent);
  }
  return agent;
}

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
  const { timeoutMs, maxBytes, maxRedirects } = { ...DEFAULTS, ...options };
  const allowLoopback = options.allowLoopback ?? false;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    await assertFetchable(current, { allowLoopback });
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: options.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (options.referer) headers.referer = options.referer;
    if (hop === 0 && options.etag) headers['if-none-match'] = options.etag;
    if (hop === 0 && options.lastModified) headers['if-modified-since'] = options.lastModified;
    let response: Response;
    try {
      response = await fetch(current, {
        headers,
        redirect: 'manual',
        signal,
        dispatcher: agentFor(allowLoopback),
      });
    } catch (error) {
      throw new FetchError(current, describeNetworkError(error, timeoutMs));
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location)
        throw new FetchError(current, `redirect ${response.status} without a Location`, response.status);
      if (hop >= maxRedirects) throw new FetchError(url, `more than ${maxRedirects} redirects`);
      current = new URL(location, current).href;
      continue;
    }
    const common = {
      url: current,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
    if (response.status === 304) {
      await response.body?.cancel();
      return { ...common, notModified: true, body: new Uint8Array() };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchError(current, `HTTP ${response.status} ${response.statusText}`.trim(), response.status);
    }
    const body = await readCapped(response, maxBytes, current, timeoutMs);
    return { ...common, notModified: false, body };
  }
}

async function readCapped(
  response: Response,
  maxBytes: number,
  url: string,
  timeoutMs: number,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(
      url,
      `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`,
      undefined,
      'too-large',
    );
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new FetchError(url, `body exceeds the ${maxBytes}-byte limit`, undefined, 'too-large');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(url, describeNetworkError(error, timeoutMs));
  }
  return Buffer.concat(chunks);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no complete answer within ${timeoutMs} ms`;
  }
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
