/** In-memory implementations of the ports, for unit tests of the use cases. */
import type { Article, StoryCopy } from '../../shared/domain/article.js';
import type { ArticleEvent, IngestRequest } from '../../shared/domain/events.js';
import type { Source } from '../../shared/domain/source.js';
import type { IngestDeps } from '../../shared/ingest/ingest-source.js';
import { articleIdFor } from '../../shared/ingest/normalize/identity.js';
import type {
  ArticleEntry,
  ArticleEventPublisher,
  ArticleRepository,
  ContentStore,
  ExtractedChanges,
  FeedScope,
  IngestQueue,
  ListedArticle,
  ListingQuery,
  SourceHealth,
  SourceRecord,
  SourceRepository,
  VersionedState,
} from '../../shared/ports.js';
import { feedPath, scopesOf } from '../../shared/syndicate/feed-scope.js';

export class MemorySources implements SourceRepository {
  readonly records = new Map<string, SourceRecord>();
  async list() {
    return [...this.records.values()];
  }
  async get(id: string) {
    return this.records.get(id);
  }
  async put(source: Source) {
    const health = this.records.get(source.id)?.health ?? { consecutiveFailures: 0, validators: {} };
    this.records.set(source.id, { source, health });
  }
  async create(source: Source) {
    if (this.records.has(source.id)) return false;
    this.records.set(source.id, { source, health: { consecutiveFailures: 0, validators: {} } });
    return true;
  }
  async remove(id: string) {
    return this.records.delete(id);
  }
  async recordPoll(id: string, health: SourceHealth) {
    const record = this.records.get(id);
    if (!record) throw new Error(`no source ${id}`);
    this.records.set(id, { ...record, health });
  }
}

export class MemoryArticles implements ArticleRepository {
  readonly entries = new Map<string, ArticleEntry>();
  readonly aliases = new Map<string, string>();
  /** Feed path → listing (as the DynamoDB adapter's listing items). */
  readonly listings = new Map<string, Map<string, string>>();
  /** The clock that keys listings; tests may set it. */
  now: () => Date = () => new Date();
  async create(entry: ArticleEntry) {
    const listedKey = `${this.now().toISOString()}#${entry.id}`;
    for (const scope of scopesOf(entry)) {
      const listing = this.listings.get(feedPath(scope)) ?? new Map<string, string>();
      if (!listing.has(entry.id)) listing.set(entry.id, listedKey);
      this.listings.set(feedPath(scope), listing);
    }
    if (this.entries.has(entry.id)) return false;
    this.entries.set(entry.id, { ...entry });
    return true;
  }
  async listed(scope: FeedScope, query: ListingQuery): Promise<ListedArticle[]> {
    const all = [...(this.listings.get(feedPath(scope)) ?? new Map<string, string>()).entries()]
      .map(([articleId, listedKey]) => ({ articleId, listedKey }))
      .filter(
        (l) =>
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
    return this.entries.get(id);
  }
  async addAlias(url: string, articleId: string) {
    this.aliases.set(articleIdFor(url), articleId);
  }
  async findByUrl(url: string) {
    const id = articleIdFor(url);
    return this.entries.get(this.aliases.get(id) ?? id);
  }
  async updateExtracted(id: string, changes: ExtractedChanges) {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.set(id, { ...entry, ...changes });
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
      .slice(0, limit);
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
  async newest(scope: FeedScope, limit: number) {
    return [...this.entries.values()]
      .filter((e) =>
        scope.kind === 'all'
          ? true
          : scope.kind === 'source'
            ? e.sourceId === scope.sourceId
            : scopesOf(e).some((s) => s.kind === 'category' && s.slug === scope.slug),
      )
      .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
      .slice(0, limit);
  }
}

export class MemoryContent implements ContentStore {
  readonly articles = new Map<string, Article>();
  readonly feeds = new Map<string, { body: string; contentType: string; cacheControl?: string }>();
  readonly feedState = new Map<string, VersionedState>();
  private stateVersions = 0;
  /** Every feed file write, in order (identical bytes are not written). */
  readonly writes: string[] = [];
  async putArticle(article: Article) {
    this.articles.set(article.id, article);
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
  async putFeedFile(path: string, body: string, contentType: string, options?: { cacheControl?: string }) {
    if (this.feeds.get(path)?.body === body) return false;
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
