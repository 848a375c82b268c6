/**
 * The small interfaces through which the product talks to the outside world. Use cases
 * depend on these; `shared/adapters/` implements them on AWS (and so on the embedded
 * stand-ins, which speak the same wire protocols).
 */
import type { Article } from './domain/article.js';
import type { ArticleEvent, IngestRequest } from './domain/events.js';
import type { Source } from './domain/source.js';

/** How one poll of a source went; kept per source for the health view. */
export interface PollRecord {
  at: string;
  status: 'ok' | 'not-modified' | 'failed';
  httpStatus?: number;
  error?: string;
  durationMs: number;
  itemsSeen: number;
  itemsNew: number;
  itemsDuplicate: number;
  itemsFailed: number;
  eventsPublished: number;
  warnings: string[];
}

export interface SourceHealth {
  lastPoll?: PollRecord;
  consecutiveFailures: number;
  /** Conditional-GET validators per fetched URL. */
  validators: Record<string, { etag?: string; lastModified?: string }>;
}

export interface SourceRecord {
  source: Source;
  health: SourceHealth;
}

export interface SourceRepository {
  list(): Promise<SourceRecord[]>;
  get(id: string): Promise<SourceRecord | undefined>;
  /** Creates or replaces a source's configuration; its health is kept. */
  put(source: Source): Promise<void>;
  recordPoll(id: string, health: SourceHealth): Promise<void>;
}

/** What the article table keeps: metadata for listing and routing, and the publish flag. */
export interface ArticleEntry {
  id: string;
  sourceId: string;
  url: string;
  canonicalUrl: string;
  title: string;
  publishedAt: string;
  updatedAt: string;
  categories: string[];
  fingerprint: string;
  language: string;
  /** True once the article event reached the topic; a retry re-publishes while false. */
  published: boolean;
}

export type FeedScope = { kind: 'all' } | { kind: 'source'; sourceId: string };

export interface ArticleRepository {
  /** Stores the entry unless one with the same id exists; returns false when it did. */
  create(entry: ArticleEntry): Promise<boolean>;
  get(id: string): Promise<ArticleEntry | undefined>;
  /** Remembers that `url` (as first seen in a feed) leads to article `articleId`. */
  addAlias(url: string, articleId: string): Promise<void>;
  /** The article a URL was already resolved to, by its own id or an alias. */
  findByUrl(url: string): Promise<ArticleEntry | undefined>;
  markPublished(id: string): Promise<void>;
  newest(scope: FeedScope, limit: number): Promise<ArticleEntry[]>;
}

export interface ContentStore {
  putArticle(article: Article): Promise<void>;
  getArticle(id: string): Promise<Article | undefined>;
  /** Writes a feed file unless the stored bytes are already identical; returns whether it wrote. */
  putFeedFile(path: string, body: string, contentType: string): Promise<boolean>;
}

export interface ArticleEventPublisher {
  publish(events: ArticleEvent[]): Promise<void>;
}

export interface IngestQueue {
  send(requests: IngestRequest[]): Promise<void>;
}
