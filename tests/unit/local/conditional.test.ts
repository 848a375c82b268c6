import { describe, expect, it } from 'vitest';
import { acceptsGzip, notModified } from '../../../infra/local/conditional.js';

const ETAG = '"5d41402abc4b2a76b9719d911017c592"';
const MODIFIED = new Date('2026-11-30T10:00:00Z');
const NOW = new Date('2026-12-01T00:00:00Z');

describe('conditional answers of the local server', () => {
  it.each([
    ['the same tag', ETAG, true],
    ['the same tag, weak (a proxy that compresses weakens it)', `W/${ETAG}`, true],
    ['a list holding it', `"other", ${ETAG}`, true],
    ['any', '*', true],
    ['another tag', '"other"', false],
    ['the tag without its quotes', ETAG.slice(1, -1), false],
  ])('If-None-Match with %s', (_name, header, expected) => {
    expect(notModified({ 'if-none-match': header }, ETAG, MODIFIED, NOW)).toBe(expected);
  });

  it('reads If-Modified-Since only without If-None-Match, and ignores a date invalid or to come', () => {
    const since = (value: string, etag = ETAG) =>
      notModified({ 'if-modified-since': value }, etag, MODIFIED, NOW);
    expect(since(MODIFIED.toUTCString())).toBe(true);
    expect(since(new Date(MODIFIED.getTime() - 1000).toUTCString())).toBe(false);
    expect(since(new Date(NOW.getTime() + 86_400_000).toUTCString())).toBe(false);
    expect(since('yesterday')).toBe(false);
    expect(
      notModified(
        { 'if-none-match': '"other"', 'if-modified-since': NOW.toUTCString() },
        ETAG,
        MODIFIED,
        NOW,
      ),
    ).toBe(false);
  });

  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['gzip;q=0, identity', false],
    ['*;q=0', false],
    ['identity', false],
    ['', false],
    ['x-gzip', true],
  ])('Accept-Encoding %j allows gzip: %s', (header, expected) => {
    expect(acceptsGzip({ 'accept-encoding': header })).toBe(expected);
  });
});
