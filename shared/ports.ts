/**
 * The small interfaces through which the product talks to the outside world. Use cases
 * depend on these; `shared/adapters/` implements them on AWS (and so on the embedded
 * stand-ins, which speak the same wire protocols).
 */
import type { Article, StoryCopy } from './domain/article.js';
import type { ArticleEvent, FeedRequest, IngestRequest } from './domain/events.js';
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
  /** Article pages extracted, stored or rejected (an article without title or body is rejected). */
  articlesExtracted?: number;
  /** Of those, the ones with an empty title, no date (page nor listing) or a body under 200 characters. */
  articlesIncomplete?: number;
  /** Of those, how many lacked each field. */
  emptyFields?: { title: number; date: number; body: number };
}

/**
 * What an administrator should look at: `failing` after 3 failed polls in a row;
 * `selectors-broken` when half or more of the source's recent articles come out incomplete where
 * they did not before (the paper changed its pages), until whole articles outnumber them again.
 */
export type SourceFlag = 'failing' | 'selectors-broken';

export interface SourceHealth {
  lastPoll?: PollRecord;
  consecutiveFailures: number;
  /** Conditional-GET validators per fetched URL. */
  validators: Record<string, { etag?: string; lastModified?: string }>;
  /** Recomputed at each poll; a poll that extracts nothing (not modified, no new links) keeps `selectors-broken`. */
  flags?: SourceFlag[];
  /** The newest extracted articles (at most 10, oldest first), judged for `selectors-broken`. */
  recentArticles?: JudgedArticle[];
}

/** One extracted article as source health judges it: whole, or lacking a title, a date or a body. */
export interface JudgedArticle {
  url: string;
  incomplete: boolean;
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
  /** Stores a new source unless one with its id exists; returns false when it did. */
  create(source: Source): Promise<boolean>;
  /** Deletes a source (configuration and health; its articles stay); false when there was none. */
  remove(id: string): Promise<boolean>;
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
  /** storyKeyFor(title) (shared/ingest/dedupe): finds the same story arriving from another paper. */
  storyKey?: string;
  /** The same story at other papers, found at ingest; each got an alias, no event, no feed item. */
  alsoPublishedBy?: StoryCopy[];
  /** The paper credited with the story when another published it first; absent: this entry's source. */
  originalSourceId?: string;
}

export type FeedScope =
  | { kind: 'all' }
  | { kind: 'source'; sourceId: string }
  /** `slug` as given by categorySlug (shared/domain/category.ts), e.g. `van-hoa`. */
  | { kind: 'category'; slug: string };

/**
 * An article's place in a feed. Feeds list articles in the order Bantin stored them, so every
 * new article enters at the top of each feed it belongs to (even one dated last week) and the
 * archive pages cut from the bottom never change.
 */
export interface ListedArticle {
  articleId: string;
  /** `{UTC instant the article was stored, ms precision}#{articleId}`: unique and sortable. */
  listedKey: string;
}

export interface ListingQuery {
  limit: number;
  /** Newest first (the current feed) or oldest first (cutting archive pages). */
  order: 'newest-first' | 'oldest-first';
  /** Only keys strictly after this one. */
  after?: string;
  /** Only keys up to and including this one. */
  upTo?: string;
}

export interface ArticleRepository {
  /** Stores the entry unless one with the same id exists; returns false when it did. */
  create(entry: ArticleEntry): Promise<boolean>;
  get(id: string): Promise<ArticleEntry | undefined>;
  /** Remembers that `url` (as first seen in a feed) leads to article `articleId`. */
  addAlias(url: string, articleId: string): Promise<void>;
  /** The article a URL was already resolved to, by its own id or an alias. */
  findByUrl(url: string): Promise<ArticleEntry | undefined>;
  markPublished(id: string): Promise<void>;
  /** Articles with this story key published within the window (ISO instants, inclusive), oldest first. */
  findByStoryKey(
    storyKey: string,
    window: { from: string; to: string },
    limit: number,
  ): Promise<ArticleEntry[]>;
  /**
   * Appends another paper's copy of the story to entry `id`, crediting `originalSourceId` when
   * given. `seenCopies` is how many copies the caller read: when the entry has another number
   * now (a concurrent writer) nothing is written and the result is false; read again and retry.
   */
  addStoryCopy(
    id: string,
    copy: StoryCopy,
    originalSourceId: string | undefined,
    seenCopies: number,
  ): Promise<boolean>;
  /**
   * Rewrites what a re-extraction may change of an existing article (never its id, URLs,
   * source, categories or publish flag); returns false when there is no such article.
   */
  updateExtracted(id: string, changes: ExtractedChanges): Promise<boolean>;
  /** Newest by publication time (all, source); a category's newest by listing order. */
  newest(scope: FeedScope, limit: number): Promise<ArticleEntry[]>;
  /** A feed's articles in listing order (all, one source, one category). */
  listed(scope: FeedScope, query: ListingQuery): Promise<ListedArticle[]>;
  /** The listing keys of these articles in the feed of `scope` (absent ones are left out). */
  listedKeys(scope: FeedScope, articleIds: string[]): Promise<ListedArticle[]>;
}

/** The fields of an article entry a re-extraction of its stored page may change. */
export type ExtractedChanges = Pick<ArticleEntry, 'title' | 'publishedAt' | 'updatedAt' | 'fingerprint'>;

export interface ContentStore {
  putArticle(article: Article): Promise<void>;
  getArticle(id: string): Promise<Article | undefined>;
  /** The article's page as fetched (decoded to UTF-8), kept so it can be re-extracted later. */
  putRawPage(articleId: string, html: string): Promise<void>;
  getRawPage(articleId: string): Promise<string | undefined>;
  /** Writes a feed file unless the stored bytes are already identical; returns whether it wrote. */
  putFeedFile(
    path: string,
    body: string,
    contentType: string,
    options?: { cacheControl?: string },
  ): Promise<boolean>;
  /** The feed builder's private bookkeeping (archive boundaries, the feed catalog); never served. */
  getFeedState(name: string): Promise<unknown | undefined>;
  putFeedState(name: string, state: unknown): Promise<void>;
}

/** A WebSub hub (https://www.w3.org/TR/websub/): told when feeds change, it pushes to subscribers. */
export interface WebSubHub {
  /** Pings the hub for each changed feed URL; failures are logged, never thrown. */
  publish(feedUrls: string[]): Promise<void>;
}

/** What a webhook receives: the article events of one source or one category. */
export type WebhookFilter = { kind: 'source'; sourceId: string } | { kind: 'category'; slug: string };

export interface Webhook {
  /**
   * The SNS subscription ARN in AWS (`PendingConfirmation` in a listing while SNS waits for the
   * endpoint to confirm); a local id in local mode.
   */
  id: string;
  endpoint: string;
  /** Unknown only for an AWS subscription still pending confirmation (SNS lists no attributes for it). */
  filter?: WebhookFilter;
  status: 'pending-confirmation' | 'confirmed';
}

/** Aggregators' HTTPS webhooks on the article-events stream (SNS subscriptions in AWS). */
export interface WebhookSubscriptions {
  /** Subscribes `endpoint`; it is sent a SubscriptionConfirmation it must confirm before deliveries. */
  register(endpoint: string, filter: WebhookFilter): Promise<Webhook>;
  list(): Promise<Webhook[]>;
  /** Returns false when no such webhook exists. */
  remove(id: string): Promise<boolean>;
}

export interface ArticleEventPublisher {
  publish(events: ArticleEvent[]): Promise<void>;
}

export interface IngestQueue {
  send(requests: IngestRequest[]): Promise<void>;
}

/** The feed builder's queue, for feeds wanted without an article event (a new source's, still empty). */
export interface FeedRequestQueue {
  send(requests: FeedRequest[]): Promise<void>;
}

/** One administrator change: who, when, what (before and after, and the changed paths). */
export interface AuditEntry {
  /** Sortable by time: `{UTC instant}#{random}`. */
  id: string;
  /** UTC instant, ISO 8601. */
  at: string;
  actor: string;
  /** e.g. `source.create`, `source.update`, `source.ingest`, `subscriber.suppress`. */
  action: string;
  /** What was changed, as `kind:id`, e.g. `source:bao-ha-nam`. */
  target: string;
  before?: unknown;
  after?: unknown;
  changes: { path: string; before?: unknown; after?: unknown }[];
  details?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `target` narrows to one thing; `before` is the `id` to continue after. */
  list(query: { target?: string; limit: number; before?: string }): Promise<AuditEntry[]>;
}

/** What a message is, for logs, SES tags and the local outbox. */
export type MailKind = 'digest' | 'alert' | 'confirmation' | 'notice';

export interface OutgoingMail {
  /** The one recipient (the envelope's and the To header's). */
  to: string;
  /** The complete MIME message (shared/mail/mime.ts). */
  raw: Uint8Array;
  kind: MailKind;
}

/** Sends mail: SES in AWS, `.eml` files in a folder locally. */
export interface Mailer {
  /** Resolves with the provider's message id once the provider has accepted the message. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}
