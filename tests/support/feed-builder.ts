/** Builds feeds on in-memory ports: a newspaper of generated articles, stored as ingest would. */
import { type Article, ArticleSchema } from '../../shared/domain/article.js';
import { entryOf } from '../../shared/domain/article-entry.js';
import { type ArticleEvent, articleEventOf } from '../../shared/domain/events.js';
import { listingOf } from '../../shared/domain/feed-listing.js';
import { SourceSchema } from '../../shared/domain/source.js';
import type { ContentStore, WebSubHub } from '../../shared/ports.js';
import type { BuildFeedsDeps } from '../../shared/syndicate/build-feeds.js';
import { MemoryArticles, MemoryContent, MemorySources } from './in-memory.js';

export const FEEDS_BASE = 'https://feeds.bantin.example/feeds';

export class FeedWorld {
  readonly sources = new MemorySources();
  readonly articles = new MemoryArticles();
  readonly content = new MemoryContent();
  readonly pings: string[][] = [];
  readonly logs: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  hubFails = false;
  private clock = Date.parse('2026-03-01T00:00:00Z');
  private count = 0;

  /** Sets the storing clock, e.g. back in time to list an article behind archive pages already cut. */
  setClock(ms: number): void {
    this.clock = ms;
  }

  get now(): number {
    return this.clock;
  }

  async addSource(id: string, name: string): Promise<void> {
    await this.sources.put(
      SourceSchema.parse({
        id,
        name,
        homepage: `https://${id}.example.vn/`,
        kind: 'feed',
        urls: [`https://${id}.example.vn/rss/tin-moi.rss`],
      }),
    );
  }

  /** Stores an article (body, then entry) and returns its event, as ingest does. */
  async store(overrides: Partial<Article> & { sourceId: string }): Promise<ArticleEvent> {
    this.count++;
    this.clock += 1000;
    const n = this.count;
    const id = (overrides.id ?? n.toString(16).padStart(24, '0')).slice(0, 24);
    const published = new Date(Date.parse('2026-01-01T00:00:00Z') + n * 3_600_000);
    const iso = published.toISOString().replace('.000Z', '+00:00');
    const article = ArticleSchema.parse({
      id,
      url: `https://${overrides.sourceId}.example.vn/tin/${n}.html`,
      canonicalUrl: `https://${overrides.sourceId}.example.vn/tin/${n}.html`,
      title: `Bài số ${n}: Hà Nam phát triển kinh tế`,
      summary: `Tóm tắt bài ${n}`,
      contentHtml: `<p>Nội dung bài ${n} có <strong>chữ đậm</strong> &amp; ký tự đặc biệt.</p>`,
      contentText: `Nội dung bài ${n}`,
      publishedAt: iso,
      updatedAt: iso,
      author: 'Phóng viên',
      images: [],
      categories: ['Kinh tế'],
      attribution: '',
      language: 'vi',
      fingerprint: '0123456789abcdef',
      ingestedAt: iso,
      ...overrides,
    });
    return this.storeRaw(article);
  }

  /** Stores whatever it is given, valid or not (hostile stored bodies). */
  async storeRaw(article: Article): Promise<ArticleEvent> {
    await this.content.putArticle(article);
    // Listed at a clock that advances per article: listing order = storing order.
    const entry = { ...entryOf(article), published: true };
    await this.articles.create(entry, listingOf(entry, new Date(this.clock)));
    return articleEventOf(entry, 'article.published', article.ingestedAt);
  }

  deps(withHub = true): BuildFeedsDeps {
    const publisher: WebSubHub = {
      publish: async (urls) => {
        if (this.hubFails) throw new Error('hub down');
        this.pings.push(urls);
      },
    };
    return {
      sources: this.sources,
      articles: this.articles,
      content: this.content,
      feedsBaseUrl: FEEDS_BASE,
      ...(withHub ? { hub: { url: 'https://hub.example.net/', publisher } } : {}),
      log: (level, message, details) => this.logs.push({ level, message, details }),
    };
  }

  feed(path: string): string {
    const file = this.content.feeds.get(path);
    if (!file) throw new Error(`no feed file ${path}; have ${[...this.content.feeds.keys()].join(', ')}`);
    return file.body;
  }

  json(path: string): {
    items: { id: string; title: string; date_modified: string }[];
    next_url?: string;
    _archive?: Record<string, unknown>;
    title: string;
    hubs?: unknown;
  } {
    return JSON.parse(this.feed(`${path}.json`));
  }
}

/**
 * A content store whose first `putFeedFile` or `putFeedState` of `name` waits until `release()`
 * is called: a builder held back there, while another runs.
 */
export function heldAt(content: ContentStore, write: 'putFeedFile' | 'putFeedState', name: string) {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const arrived = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let held = false;
  const store: ContentStore = Object.create(content);
  const original = content[write].bind(content) as (name: string, ...rest: unknown[]) => Promise<unknown>;
  (store as unknown as Record<typeof write, typeof original>)[write] = async (first, ...rest) => {
    if (!held && first === name) {
      held = true;
      reached();
      await gate;
    }
    return original(first, ...rest);
  };
  return { store, arrived, release };
}
