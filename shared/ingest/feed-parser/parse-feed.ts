/**
 * Reads a syndication feed — RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 —
 * into one shape (parsed-feed.ts). This file only dispatches, as Miniflux's `reader/parser` does:
 * repair-xml.ts mends broken XML text, xml-feed.ts reads RSS, RDF and Atom (rss.ts, atom.ts),
 * json-feed.ts reads JSON Feed. Dates are read by date/parse-date.ts from the raw element text.
 */
import { withoutUnsafeCharacters } from '../../domain/plain-text.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../domain/time.js';
import { readJsonFeed } from './json-feed.js';
import { FeedParseError, type ParsedFeed } from './parsed-feed.js';
import { removeInvalidCharacters } from './repair-xml.js';
import { readXmlFeed } from './xml-feed.js';

export interface ParseFeedOptions {
  /**
   * The feed's own URL, for resolving relative links. As in most readers, item links resolve
   * against the channel's home link when the feed gives one (itself resolved against this URL).
   */
  url: string;
  /** Zone for dates that carry no offset. Default Asia/Ho_Chi_Minh. */
  timeZone?: string;
}

export function parseFeed(text: string, options: ParseFeedOptions): ParsedFeed {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const cleaned = removeInvalidCharacters(text);
  const start = cleaned.trimStart();
  if (!start) throw new FeedParseError('the feed is empty');
  const context = { feedUrl: options.url, timeZone };
  const parsed =
    start.startsWith('{') || start.startsWith('[')
      ? readJsonFeed(start, context)
      : readXmlFeed(cleaned, context);
  return normalizeStrings(parsed);
}

/**
 * Unicode NFC for every string (Vietnamese sources mix precomposed and combining diacritics),
 * without the characters no text may hold (controls, noncharacters, lone surrogates).
 */
function normalizeStrings<T>(value: T): T {
  if (typeof value === 'string') return withoutUnsafeCharacters(value).normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((entry) => normalizeStrings(entry)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, normalizeStrings(entry)]),
    ) as T;
  }
  return value;
}
