/** In-memory implementations of the ports, for unit tests of the use cases. */
import type { Article } from '../../shared/domain/article.js';
import type { ArticleEvent, IngestRequest } from '../../shared/domain/events.js';
import type { Source } from '../../shared/domain/source.js';
import { articleIdFor } from '../../shared/ingest/normalize/identity.js';
import type {
  ArticleEntry,
  ArticleEventPublisher,
  ArticleRepository,
  ContentStore,
  FeedScope,
  IngestQueue,
  SourceHealth,
  SourceRecord,
  SourceRepository,
} from '../../shared/ports.js';

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
  async recordPoll(id: string, health: SourceHealth) {
    const record = this.records.get(id);
    if (!record) throw new Error(`no source ${id}`);
    this.records.set(id, { ...record, health });
  }
}

export class MemoryArticles implements ArticleRepository {
  readonly entries = new Map<string, ArticleEntry>();
  readonly aliases = new Map<string, string>();
  async create(entry: ArticleEntry) {
    if (this.entries.has(entry.id)) return false;
    this.entries.set(entry.id, { ...entry });
    return true;
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
  async markPublished(id: string) {
    const entry = this.entries.get(id);
    if (entry) entry.published = true;
  }
  async newest(scope: FeedScope, limit: number) {
    return [...this.entries.values()]
      .filter((e) => scope.kind === 'all' || e.sourceId === scope.sourceId)
      .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
      .slice(0, limit);
  }
}

export class MemoryContent implements ContentStore {
  readonly articles = new Map<string, Article>();
  readonly feeds = new Map<string, { body: string; contentType: string }>();
  async putArticle(article: Article) {
    this.articles.set(article.id, article);
  }
  async getArticle(id: string) {
    return this.articles.get(id);
  }
  async putFeedFile(path: string, body: string, contentType: string) {
    if (this.feeds.get(path)?.body === body) return false;
    this.feeds.set(path, { body, contentType });
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
