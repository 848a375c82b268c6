/** In-memory implementations of the ports, for unit tests of the use cases. */
import type { Article, StoryCopy } from '../../shared/domain/article.js';
import type { ArticleEntry, ExtractedChanges } from '../../shared/domain/article-entry.js';
import type { AuditEntry } from '../../shared/domain/audit-entry.js';
import type { ArticleEvent, IngestRequest } from '../../shared/domain/events.js';
import {
  type FeedListing,
  type FeedScope,
  feedPath,
  type ListedArticle,
} from '../../shared/domain/feed-listing.js';
import type { Source } from '../../shared/domain/source.js';
import {
  NEW_SOURCE_HEALTH,
  type SourceHealth,
  type SourceRecord,
} from '../../shared/domain/source-record.js';
import type { IngestDeps } from '../../shared/ingest/ingest-source.js';
import { nextPollAt } from '../../shared/ingest/plan-ingest.js';
import type {
  ArticleEventPublisher,
  ArticleRepository,
  AuditLog,
  ContentStore,
  IngestQueue,
  ListingQuery,
  MediaStore,
  SourceRepository,
  StoredMedia,
  VersionedState,
} from '../../shared/ports.js';

/** The sources table as the DynamoDB adapter keeps it; reads return copies, as a database does. */
export class MemorySources implements SourceRepository {
  readonly records = new Map<string, SourceRecord>();
  async list() {
    return [...this.records.values()]
      .sort((a, b) => a.source.id.localeCompare(b.source.id))
      .map((record) => structuredClone(record));
  }
  async page(query: { limit: number; cursor?: string }) {
    const ids = [...this.records.keys()]
      .sort()
      .filter((id) => query.cursor === undefined || id > query.cursor);
    const records = ids.slice(0, query.limit).map((id) => this.records.get(id)!);
    return { records, ...(ids.length > query.limit ? { next: records.at(-1)!.source.id } : {}) };
  }
  /** As the adapter's index: enabled sources by next poll time. */
  async due(now: Date) {
    return [...this.records.values()].filter((record) => {
      const next = nextPollAt(record);
      return next !== undefined && next.getTime() <= now.getTime();
    });
  }
  async get(id: string) {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }
  async put(source: Source) {
    const existing = this.records.get(source.id);
    const health = existing?.health ?? NEW_SOURCE_HEALTH;
    const revision = (existing?.revision ?? 0) + 1;
    this.records.set(source.id, structuredClone({ ...existing, source, health, revision }));
  }
  async replace(source: Source, options: { keepEnabled?: boolean; revision?: number } = {}) {
    const existing = this.records.get(source.id);
    if (!existing) return undefined;
    if (options.revision !== undefined && options.revision !== (existing.revision ?? 0))
      return 'stale' as const;
    const before = existing.source;
    await this.put(options.keepEnabled ? { ...source, enabled: before.enabled } : source);
    return structuredClone(before);
  }
  async setEnabled(id: string, enabled: boolean) {
    const record = this.records.get(id);
    if (!record) return undefined;
    if (record.source.enabled === enabled) return { source: structuredClone(record.source), changed: false };
    record.source = { ...record.source, enabled };
    record.revision = (record.revision ?? 0) + 1;
    return { source: structuredClone(record.source), changed: true };
  }
  async create(source: Source, options: { firstRevision?: number } = {}) {
    if (this.records.has(source.id)) return false;
    const revision = options.firstRevision ?? 1;
    this.records.set(source.id, structuredClone({ source, health: NEW_SOURCE_HEALTH, revision }));
    return true;
  }
  async remove(id: string) {
    return this.records.delete(id);
  }
  /** A poll's lease is its record's pollingUntil, as the adapter keeps it. */
  async claimPoll(id: string, now: Date, until: Date) {
    const record = this.records.get(id);
    if (!record || (record.pollingUntil && Date.parse(record.pollingUntil) >= now.getTime()))
      return undefined;
    const lapsed = record.pollingUntil !== undefined;
    record.pollingUntil = until.toISOString();
    return lapsed ? ('lapsed' as const) : ('claimed' as const);
  }
  async recordPoll(id: string, health: SourceHealth) {
    const record = this.records.get(id);
    if (!record) return false;
    const { pollingUntil: _over, ...rest } = record;
    this.records.set(id, { ...rest, health: structuredClone(health) });
    return true;
  }
  async notePendingImages(id: string, changes: { add?: string[]; remove?: string[] }) {
    const record = this.records.get(id);
    if (!record) throw new Error(`no source ${id}`);
    const pending = new Set(record.pendingImages ?? []);
    for (const articleId of changes.remove ?? []) pending.delete(articleId);
    for (const articleId of changes.add ?? []) pending.add(articleId);
    this.records.set(id, { ...record, pendingImages: [...pending].sort() });
  }
}

/** The articles table as the DynamoDB adapter keeps it: entries, alias ids and listing items. */
export class MemoryArticles implements ArticleRepository {
  readonly entries = new Map<string, ArticleEntry>();
  readonly aliases = new Map<string, string>();
  /** Feed path → article id → listed key (the adapter's listing items). */
  readonly listings = new Map<string, Map<string, string>>();
  /** `{feed path}#{article id}` of listing items taken out of their feed's listing (withdrawn). */
  readonly unlisted = new Set<string>();
  async create(entry: ArticleEntry, listing: FeedListing) {
    await this.addListing(entry.id, listing);
    if (this.entries.has(entry.id) || this.aliases.has(entry.id)) return false;
    this.entries.set(entry.id, structuredClone(entry));
    return true;
  }
  async addListing(articleId: string, listing: FeedListing) {
    let added = false;
    for (const scope of listing.feeds) {
      const items = this.listings.get(feedPath(scope)) ?? new Map<string, string>();
      if (!items.has(articleId)) {
        items.set(articleId, listing.listedKey);
        added = true;
      }
      this.listings.set(feedPath(scope), items);
    }
    return added;
  }
  async createMany(items: { entry: ArticleEntry; listing: FeedListing }[]) {
    const created: boolean[] = [];
    for (const { entry, listing } of items) created.push(await this.create(entry, listing));
    return created;
  }
  async listed(scope: FeedScope, query: ListingQuery): Promise<ListedArticle[]> {
    const all = [...(this.listings.get(feedPath(scope)) ?? new Map<string, string>()).entries()]
      .map(([articleId, listedKey]) => ({ articleId, listedKey }))
      .filter(
        (l) =>
          !this.unlisted.has(`${feedPath(scope)}#${l.articleId}`) &&
          (query.after === undefined || l.listedKey > query.after) &&
          (query.upTo === undefined || l.listedKey <= query.upTo),
      )
      .sort((a, b) => (a.listedKey < b.listedKey ? -1 : 1));
    if (query.order === 'newest-first') all.reverse();
    return all.slice(0, query.limit);
  }
  async listedKeys(scope: FeedScope, articleIds: string[]): Promise<ListedArticle[]> {
    const listing = this.listings.get(feedPath(scope));
    return [...new Set(articleIds)].flatMap((articleId) => {
      const listedKey = listing?.get(articleId);
      return listedKey ? [{ articleId, listedKey }] : [];
    });
  }
  async get(id: string) {
    const entry = this.entries.get(id);
    return entry && structuredClone(entry);
  }
  async addAlias(alias: { id: string; url: string }, articleId: string) {
    if (alias.id === articleId || this.entries.has(alias.id) || this.aliases.has(alias.id)) return;
    this.aliases.set(alias.id, articleId);
  }
  async claimAlias(alias: { id: string; url: string }, articleId: string) {
    const holder = this.aliases.get(alias.id);
    if (holder !== undefined) return holder;
    this.aliases.set(alias.id, articleId);
    return articleId;
  }
  async setAliases(aliases: readonly { alias: { id: string; url: string }; articleId: string }[]) {
    for (const { alias, articleId } of aliases) this.aliases.set(alias.id, articleId);
  }
  async resolve(id: string) {
    return this.get(this.aliases.get(id) ?? id);
  }
  async resolveMany(ids: string[]) {
    const found = new Map<string, ArticleEntry>();
    for (const id of ids) {
      const entry = this.entries.get(this.aliases.get(id) ?? id);
      if (entry) found.set(id, structuredClone(entry));
    }
    return found;
  }
  async updateExtracted(id: string, changes: ExtractedChanges) {
    const entry = this.entries.get(id);
    if (!entry || entry.withdrawn) return false;
    const { storyKey, bodyKey, moved, ...fields } = changes;
    const { storyKey: _story, bodyKey: _body, ...rest } = entry;
    this.entries.set(id, {
      ...rest,
      ...fields,
      ...moved,
      ...(storyKey ? { storyKey } : {}),
      ...(bodyKey ? { bodyKey } : {}),
    });
    return true;
  }
  async markPublished(id: string) {
    const entry = this.entries.get(id);
    if (entry) entry.published = true;
  }
  async findByStoryKey(storyKey: string, window: { from: string; to: string }, limit: number) {
    const [from, to] = [Date.parse(window.from), Date.parse(window.to)];
    return [...this.entries.values()]
      .filter((e) => e.storyKey === storyKey)
      .filter((e) => Date.parse(e.publishedAt) >= from && Date.parse(e.publishedAt) <= to)
      .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt))
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }
  async addStoryCopy(id: string, copy: StoryCopy, originalSourceId: string | undefined, seenCopies: number) {
    const entry = this.entries.get(id);
    if (!entry || (entry.alsoPublishedBy ?? []).length !== seenCopies) return false;
    this.entries.set(id, {
      ...entry,
      alsoPublishedBy: [...(entry.alsoPublishedBy ?? []), copy],
      ...(originalSourceId ? { originalSourceId } : {}),
    });
    return true;
  }
  async withdraw(id: string, withdrawal: NonNullable<ArticleEntry['withdrawn']>, feeds: FeedScope[]) {
    const entry = this.entries.get(id);
    const marked = entry !== undefined && entry.withdrawn === undefined;
    if (entry && marked) this.entries.set(id, { ...entry, withdrawn: { ...withdrawal } });
    for (const scope of feeds) {
      if (this.listings.get(feedPath(scope))?.has(id)) this.unlisted.add(`${feedPath(scope)}#${id}`);
    }
    return marked;
  }
  async restore(id: string, feeds: FeedScope[]) {
    const entry = this.entries.get(id);
    if (!entry?.withdrawn) return false;
    const { withdrawn: _gone, ...rest } = entry;
    this.entries.set(id, rest);
    for (const scope of feeds) this.unlisted.delete(`${feedPath(scope)}#${id}`);
    return true;
  }
  /** Calls of newest(): a poll reads the paper's newest entries only when it needs them. */
  newestCalls = 0;
  async newest(scope: FeedScope, limit: number) {
    this.newestCalls++;
    if (scope.kind === 'category') {
      const listed = await this.listed(scope, { limit, order: 'newest-first' });
      return listed.flatMap(({ articleId }) => {
        const entry = this.entries.get(articleId);
        return entry ? [structuredClone(entry)] : [];
      });
    }
    return [...this.entries.values()]
      .filter((e) => scope.kind === 'all' || e.sourceId === scope.sourceId)
      .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }
}

export class MemoryContent implements ContentStore {
  readonly articles = new Map<string, Article>();
  readonly feeds = new Map<string, { body: string; contentType: string; cacheControl?: string }>();
  readonly feedState = new Map<string, VersionedState>();
  private stateVersions = 0;
  /** Every feed file write, in order (identical bytes are not written). */
  readonly writes: string[] = [];
  /** Feed files whose stored bytes were looked at before writing (a HEAD request on S3). */
  readonly checks: string[] = [];
  async putArticle(article: Article) {
    this.articles.set(article.id, article);
  }
  async createArticle(article: Article) {
    if (this.articles.has(article.id)) return false;
    this.articles.set(article.id, article);
    return true;
  }
  readonly rawPages = new Map<string, string>();
  async putRawPage(articleId: string, html: string) {
    this.rawPages.set(articleId, html);
  }
  async getRawPage(articleId: string) {
    return this.rawPages.get(articleId);
  }
  async getArticle(id: string) {
    return this.articles.get(id);
  }
  async putFeedFile(
    path: string,
    bytes: string | Uint8Array,
    contentType: string,
    options?: { cacheControl?: string; changed?: boolean },
  ) {
    // Kept as text, as the files are read back (tests compare and parse them).
    const body = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf-8');
    if (!options?.changed) {
      this.checks.push(path);
      if (this.feeds.get(path)?.body === body) return false;
    }
    this.feeds.set(path, { body, contentType, cacheControl: options?.cacheControl });
    this.writes.push(path);
    return true;
  }
  async getFeedState(name: string) {
    return structuredClone(this.feedState.get(name));
  }
  async putFeedState(name: string, state: unknown, expected: string | undefined) {
    if (this.feedState.get(name)?.version !== expected) return false;
    this.feedState.set(name, { value: structuredClone(state), version: String(++this.stateVersions) });
    return true;
  }
}

export class MemoryMedia implements MediaStore {
  readonly files = new Map<
    string,
    { body: Uint8Array; type: string; original: boolean; record?: StoredMedia }
  >();
  /** Every file write, in order. */
  readonly writes: string[] = [];
  async find(name: string) {
    return this.files.get(name)?.record;
  }
  async putFile(
    name: string,
    body: Uint8Array,
    type: string,
    options?: { original?: boolean; record?: StoredMedia },
  ) {
    this.files.set(name, {
      body,
      type,
      original: options?.original ?? false,
      ...(options?.record ? { record: options.record } : {}),
    });
    this.writes.push(name);
  }
}

/** The audit table: entries by their time-sortable id. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry) {
    this.entries.push(structuredClone(entry));
  }
  async list(query: { target?: string; limit: number; before?: string }) {
    return this.entries
      .filter(
        (e) =>
          (query.target === undefined || e.target === query.target) && (!query.before || e.id < query.before),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map((e) => structuredClone(e));
  }
}

export class MemoryPublisher implements ArticleEventPublisher {
  readonly published: ArticleEvent[] = [];
  failNext = 0;
  async publish(events: ArticleEvent[]) {
    if (this.failNext > 0 && events.length > 0) {
      this.failNext--;
      throw new Error('topic unavailable');
    }
    this.published.push(...events);
  }
}

export class MemoryQueue implements IngestQueue {
  readonly sent: IngestRequest[] = [];
  async send(requests: IngestRequest[]) {
    this.sent.push(...requests);
  }
}

export type MemoryIngestDeps = ReturnType<typeof memoryIngestDeps>;

/** Ingest dependencies on in-memory ports, fetching through `fetch`, with the clock stopped at `now`. */
export function memoryIngestDeps(fetch: IngestDeps['fetch'], now: string) {
  return {
    sources: new MemorySources(),
    articles: new MemoryArticles(),
    content: new MemoryContent(),
    events: new MemoryPublisher(),
    fetch,
    allowLoopback: false,
    now: () => new Date(now),
  } satisfies IngestDeps;
}
