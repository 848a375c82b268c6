/**
 * Renders a list of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1: one feed document
 * (feed-document.ts), three writers. The same articles always give the same bytes, so unchanged
 * feeds keep their ETags.
 *
 * Each feed links to itself, advertises its WebSub hub, and carries RFC 5005 archive links
 * (`prev-archive` from the current feed; `current`, `prev-archive`, `next-archive` and
 * `fh:archive` in archive pages). Each item credits its paper: RSS <source url>, atom:source,
 * `_source` in JSON Feed, and a credit line in the content.
 */
import { writeAtom } from './atom.js';
import type { ArticleLike, Prepared } from './feed-article.js';
import {
  type FeedDescriptor,
  type FeedDocument,
  type FeedFormat,
  prepareArticles,
  preparedFeedDocument,
} from './feed-document.js';
import { writeJsonFeed } from './json-feed.js';
import { writeRss } from './rss.js';

export type { FeedDescriptor } from './feed-document.js';

export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
  /** Articles left out, with the reason (bad URL, no title, no valid date…). */
  skipped: { id: string; reason: string }[];
}

/** The three formats as the bytes of their files (UTF-8). */
export interface RenderedFeedFiles {
  rss: Buffer;
  atom: Buffer;
  json: Buffer;
  skipped: { id: string; reason: string }[];
}

const WRITERS: Record<FeedFormat, (feed: FeedDocument) => Buffer> = {
  rss: writeRss,
  atom: writeAtom,
  json: writeJsonFeed,
};

/** `cache` keeps each article's preparation across the feeds of one rebuild (see feedDocument). */
export function renderFeeds(
  descriptor: FeedDescriptor,
  articles: ArticleLike[],
  cache?: Map<string, Prepared>,
): RenderedFeeds {
  const files = renderPrepared(descriptor, prepareArticles(articles, descriptor.sources, cache));
  return {
    rss: files.rss.toString('utf-8'),
    atom: files.atom.toString('utf-8'),
    json: files.json.toString('utf-8'),
    skipped: files.skipped,
  };
}

/** The files of the three formats of articles already prepared (prepareArticles, or a feed's stored window). */
export function renderPrepared(descriptor: FeedDescriptor, prepared: Prepared[]): RenderedFeedFiles {
  const { document, skipped } = preparedFeedDocument(descriptor, prepared);
  return { rss: writeRss(document), atom: writeAtom(document), json: writeJsonFeed(document), skipped };
}

/** One format of a feed document, as its file's bytes (the benchmark times each writer alone). */
export function renderFormat(document: FeedDocument, format: FeedFormat): Buffer {
  return WRITERS[format](document);
}
