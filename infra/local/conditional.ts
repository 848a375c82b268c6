/**
 * Conditional and compressed answers of the local server, as S3 and CloudFront give them: 304
 * by RFC 9110 (If-None-Match compared weakly, If-Modified-Since only without it, and ignored when
 * invalid or in the future), gzip when the client accepts it (a `q=0` refuses it).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The opaque part of an entity tag: `W/"x"` and `"x"` are the same by weak comparison. */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

export function notModified(
  headers: IncomingHttpHeaders,
  etag: string,
  lastModified: Date | undefined,
  now = new Date(),
): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .some((tag) => tag.trim() === '*' || (etag !== '' && opaque(tag) === opaque(etag)));
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  if (!lastModified || Number.isNaN(since) || since > now.getTime()) return false;
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/** Whether Accept-Encoding allows gzip: named (or `*`) with a quality above 0. */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  let gzip: number | undefined;
  let any: number | undefined;
  for (const entry of String(headers['accept-encoding'] ?? '').split(',')) {
    const [name = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    const value = Number.isNaN(quality) ? 0 : quality;
    if (name === 'gzip' || name === 'x-gzip') gzip = value;
    else if (name === '*') any = value;
  }
  return (gzip ?? any ?? 0) > 0;
}
