/**
 * Fetches a source URL over HTTP(S) with caps a hostile server cannot get around: a deadline
 * for the whole exchange, a body size enforced while streaming, and redirects followed one
 * by one so each hop is checked again.
 */
import { assertFetchable } from './address-guard.js';

export interface FetchOptions {
  /** Validators from the previous fetch of this URL, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Loopback addresses are refused unless the local mode allows them (sample newspaper). */
  allowLoopback?: boolean;
  accept?: string;
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
  ) {
    super(`${url}: ${message}`);
    this.name = 'FetchError';
  }
}

export const USER_AGENT = 'Bantin/0.1 (+https://github.com/bantin; news syndication bot)';
const DEFAULTS = { timeoutMs: 15_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 };

export async function fetchResource(url: string, options: FetchOptions = {}): Promise<FetchedResource> {
  const { timeoutMs, maxBytes, maxRedirects } = { ...DEFAULTS, ...options };
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    await assertFetchable(current, { allowLoopback: options.allowLoopback ?? false });
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: options.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (hop === 0 && options.etag) headers['if-none-match'] = options.etag;
    if (hop === 0 && options.lastModified) headers['if-modified-since'] = options.lastModified;
    let response: Response;
    try {
      response = await fetch(current, { headers, redirect: 'manual', signal });
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
    throw new FetchError(url, `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
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
        throw new FetchError(url, `body exceeds the ${maxBytes}-byte limit`);
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
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  return `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`;
}
