/** The one shape every feed format — RSS, RDF, Atom, JSON Feed — is read into. */

export interface FeedItem {
  /** The item's guid/id; the link when the feed gives none. */
  guid: string;
  /** Absolute http(s) URL of the article, or '' when the item has none. */
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  contentHtml: string;
  /** ISO 8601 with offset, in the source time zone. */
  publishedAt: string | null;
  updatedAt: string | null;
  author: string;
  categories: string[];
  imageUrl: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  /** The home page the feed links to. */
  url: string;
  description: string;
  language: string;
  items: FeedItem[];
}

/** What every format reader needs besides the text. */
export interface FeedContext {
  /** The feed's own URL, for resolving relative links. */
  feedUrl: string;
  /** Zone for dates that carry no offset. */
  timeZone: string;
}

export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}
