/**
 * The small interfaces through which the product talks to the outside world. Use cases
 * depend on these; `shared/adapters/` implements them on AWS (and so on the embedded
 * stand-ins, which speak the same wire protocols). The records they carry are in `domain/`.
 */
import type { Article, StoryCopy } from './domain/article.js';
import type { ArticleEntry, ExtractedChanges } from './domain/article-entry.js';
import type { AuditEntry } from './domain/audit-entry.js';
import type { ArticleEvent, FeedRequest, IngestRequest } from './domain/events.js';
import type { FeedListing, FeedScope, ListedArticle } from './domain/feed-listing.js';
import type { Rendition } from './domain/image.js';
import type { OutgoingMail } from './domain/outgoing-mail.js';
import type { Source } from './domain/source.js';
import type { SourceHealth, SourceRecord } from './domain/source-record.js';
import type { Webhook, WebhookFilter } from './domain/webhook.js';

export interface SourceRepository {
  /** Every source (a pass over the table: administration and rare jobs, not the hot path). */
  list(): Promise<SourceRecord[]>;
  /** One page of sources in id order, from after `cursor`; `next` continues it. */
  page(query: { limit: number; cursor?: string }): Promise<{ records: SourceRecord[]; next?: string }>;
  /** The enabled sources whose next poll is due at `now` (nextPollAt in shared/ingest/plan-ingest.ts). */
  due(now: Date): Promise<SourceRecord[]>;
  get(id: string): Promise<SourceRecord | undefined>;
  /** Creates or replaces a source's configuration; its health is kept. */
  put(source: Source): Promise<void>;
  /**
   * Replaces the configuration of a source that exists (its health is kept), and returns the
   * configuration it replaced, as it was at the write (two concurrent edits each get the other's,
   * or the one before both): undefined when there is none, as after a delete that ran meanwhile:
   * an edit never brings a deleted source back. With `keepEnabled`, the source stays on or off as
   * it is at the write, whatever `source.enabled` says: an edit that does not say whether the
   * source is on cannot undo a disable that lands between its read and its write. With
   * `revision`, only the configuration of that revision is replaced: 'stale' when another write
   * came first (an edit made from an older reading loses nothing of the newer one).
   */
  replace(
    source: Source,
    options?: { keepEnabled?: boolean; revision?: number },
  ): Promise<Source | undefined | 'stale'>;
  /**
   * Enables or disables a source, changing nothing else of its configuration (an edit saved
   * meanwhile stays); the configuration as it is now, and whether this call switched it (of two
   * disables at once, one does), or undefined when there is no such source.
   */
  setEnabled(id: string, enabled: boolean): Promise<{ source: Source; changed: boolean } | undefined>;
  /**
   * Stores a new source unless one with its id exists; returns false when it did. Its revision
   * starts at `firstRevision` (default 1).
   */
  create(source: Source, options?: { firstRevision?: number }): Promise<boolean>;
  /** Deletes a source (configuration and health; its articles stay); false when there was none. */
  remove(id: string): Promise<boolean>;
  /**
   * Takes the source's poll lease until `until`, unless a poll holds one that runs past `now`:
   * one poll of a source at a time, however often the queue delivers it (a redelivery, a second
   * "ingest now", a schedule that comes round before a long poll ends). Undefined when it is held
   * (or there is no such source); recordPoll gives it back, and a poll that dies keeps it only
   * until `until`: 'lapsed' says the lease taken was such a poll's, which never recorded its result
   * (what it stored may be unannounced).
   */
  claimPoll(id: string, now: Date, until: Date): Promise<'claimed' | 'lapsed' | undefined>;
  /** Records a poll's health, and ends its lease; false when the source is no more (deleted during its poll). */
  recordPoll(id: string, health: SourceHealth): Promise<boolean>;
  /** Adds and removes articles of the source's pending-images set (atomic set updates, safe under concurrency). */
  notePendingImages(id: string, changes: { add?: string[]; remove?: string[] }): Promise<void>;
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
  /**
   * Stores the entry unless one with the same id (article or alias) exists, returning false
   * when it did; lists it in each feed of `listing` that does not list it yet. Decided by the
   * caller (domain/feed-listing.ts), so a retry keeps the first key and archive pages stay cut.
   */
  create(entry: ArticleEntry, listing: FeedListing): Promise<boolean>;
  /** create() of many entries at once (a poll's new articles): true for each one it stored. */
  createMany(items: { entry: ArticleEntry; listing: FeedListing }[]): Promise<boolean[]>;
  /**
   * Lists stored article `articleId` in each feed of `listing` that does not list it yet (another
   * paper's copy of a story enters that paper's own feed); returns whether it added any.
   */
  addListing(articleId: string, listing: FeedListing): Promise<boolean>;
  /** The article with this id (never an alias). */
  get(id: string): Promise<ArticleEntry | undefined>;
  /**
   * Remembers that the URL `alias.url`, whose id is `alias.id` (articleIdFor of it), leads to
   * article `articleId`. The first alias of an id stays; an article's own id is never an alias.
   */
  addAlias(alias: { id: string; url: string }, articleId: string): Promise<void>;
  /**
   * Claims `alias` for `articleId` unless another article holds it (a conditional write, read
   * strongly after): the article that holds it, this one if the claim is new.
   */
  claimAlias(alias: { id: string; url: string }, articleId: string): Promise<string>;
  /**
   * Points many alias ids at their articles at once (in batches, unconditionally: an id already
   * there now leads to the article given). Only for ids no article's URL can have: a feed item's
   * own id (ingest's guidAlias), which the paper may give a later item again.
   */
  setAliases(aliases: readonly { alias: { id: string; url: string }; articleId: string }[]): Promise<void>;
  /** The article stored under `id`: its own id, or an alias of it. */
  resolve(id: string): Promise<ArticleEntry | undefined>;
  /**
   * resolve() of many ids at once (a poll's links): id → its article, for the ids that have one;
   * `consistent`: as last written (an event's reader that must see the write it announces).
   */
  resolveMany(ids: string[], options?: { consistent?: boolean }): Promise<Map<string, ArticleEntry>>;
  /** Marks a stored article's event as published; nothing when there is no such article. */
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
   * source, categories or publish flag); returns false when there is no such article, or it is
   * withdrawn.
   */
  updateExtracted(id: string, changes: ExtractedChanges): Promise<boolean>;
  /**
   * Marks article `id` withdrawn (unless it is already, or is no article: false), and takes it
   * out of each feed of `feeds` that lists it (its story keys stay: the story found again is
   * found as withdrawn): its listing items keep
   * their keys (listedKeys finds them, so the archive page that held it is found) but leave the
   * feeds' listings.
   */
  withdraw(
    id: string,
    withdrawal: NonNullable<ArticleEntry['withdrawn']>,
    feeds: FeedScope[],
  ): Promise<boolean>;
  /**
   * Undoes a withdrawal (false when article `id` is not withdrawn): the mark goes, and each feed
   * of `feeds` that listed it lists it again, under the key it had.
   */
  restore(id: string, feeds: FeedScope[]): Promise<boolean>;
  /** Newest by publication time (all, source); a category's newest by listing order. */
  newest(scope: FeedScope, limit: number): Promise<ArticleEntry[]>;
  /** A feed's articles in listing order (all, one source, one category). */
  listed(scope: FeedScope, query: ListingQuery): Promise<ListedArticle[]>;
  /** The listing keys of these articles in the feed of `scope` (absent ones are left out). */
  listedKeys(scope: FeedScope, articleIds: string[]): Promise<ListedArticle[]>;
}

export interface ContentStore {
  putArticle(article: Article): Promise<void>;
  /**
   * Writes a new article's body unless one is stored under its id already (put if absent):
   * false when one is. Two polls racing for one article keep the first body; the poll whose
   * entry write wins then writes its own (putArticle), so body and entry name one paper.
   */
  createArticle(article: Article): Promise<boolean>;
  getArticle(id: string): Promise<Article | undefined>;
  /** The article's page as fetched (decoded to UTF-8), kept so it can be re-extracted later. */
  putRawPage(articleId: string, html: string): Promise<void>;
  getRawPage(articleId: string): Promise<string | undefined>;
  /**
   * Writes a feed file (text, or its UTF-8 bytes) unless the stored bytes are already identical;
   * returns whether it wrote. `changed`: the caller's own record says the stored bytes differ,
   * so they are not looked at.
   */
  putFeedFile(
    path: string,
    body: string | Uint8Array,
    contentType: string,
    options?: { cacheControl?: string; changed?: boolean },
  ): Promise<boolean>;
  /** The feed builder's private bookkeeping (archive boundaries, the feed catalog); never served. */
  getFeedState(name: string): Promise<VersionedState | undefined>;
  /**
   * Stores `state` only if the stored version is still `expected` (no state at all when
   * undefined): false when another writer came first, so concurrent builders cannot undo
   * each other's work.
   */
  putFeedState(name: string, state: unknown, expected: string | undefined): Promise<boolean>;
}

/** A stored state and its version, an opaque token (the S3 object's ETag). */
export interface VersionedState {
  value: unknown;
  version: string;
}

/** What the media store knows of one image, found by the hash of its bytes. */
export interface StoredMedia {
  hash: string;
  /** File names under `media/`, with what each holds. */
  original: MediaFileInfo;
  feed: MediaFileInfo;
  mail: MediaFileInfo;
}

export interface MediaFileInfo {
  name: string;
  type: Rendition['type'];
  width: number;
  height: number;
  bytes: number;
}

/** Article images copied once by content hash (`media/` in the content bucket), served for ever. */
export interface MediaStore {
  /** The image whose original is stored as `name` (`{sha256}.{ext}`), from the record that file carries. */
  find(name: string): Promise<StoredMedia | undefined>;
  /**
   * Stores one immutable file `media/{name}`; `original` marks a copy only the archive needs (a
   * cheaper storage class later); `record` goes with the original, written after every copy of
   * the image: a crash before it leaves the image to be stored again.
   */
  putFile(
    name: string,
    body: Uint8Array,
    type: string,
    options?: { original?: boolean; record?: StoredMedia },
  ): Promise<void>;
}

/** A WebSub hub (https://www.w3.org/TR/websub/): told when feeds change, it pushes to subscribers. */
export interface WebSubHub {
  /** Pings the hub for each changed feed URL; failures are logged, never thrown. */
  publish(feedUrls: string[]): Promise<void>;
}

/** The endpoint is subscribed already with another filter (SNS: "already exists with different attributes"). */
export class WebhookConflict extends Error {
  constructor(endpoint: string) {
    super(`${endpoint} is subscribed already with another filter`);
    this.name = 'WebhookConflict';
  }
}

/** Aggregators' HTTPS webhooks on the article-events stream (SNS subscriptions in AWS). */
export interface WebhookSubscriptions {
  /**
   * Subscribes `endpoint`; it is sent a SubscriptionConfirmation it must confirm before
   * deliveries. A WebhookConflict when it is subscribed already with another filter.
   */
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

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `target` narrows to one thing; `before` is the `id` to continue after. */
  list(query: { target?: string; limit: number; before?: string }): Promise<AuditEntry[]>;
}

/** Sends mail: SES in AWS, `.eml` files in a folder locally. */
export interface Mailer {
  /** Resolves with the provider's message id once the provider has accepted the message. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}
