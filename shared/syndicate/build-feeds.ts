/**
 * The feed-building use case: a batch of article events touches some feeds (everything, and
 * each article's source); each touched feed is rebuilt once from the newest articles and
 * written in RSS 2.0, Atom 1.0 and JSON Feed 1.1. Identical bytes are not rewritten, so
 * ETags change only when content does.
 */

import { mapWithConcurrency } from '../concurrency.js';
import type { Article } from '../domain/article.js';
import type { ArticleEvent } from '../domain/events.js';
import type { ArticleRepository, ContentStore, FeedScope, SourceRepository } from '../ports.js';
import { type FeedDescriptor, renderFeeds } from './feeds/render-feeds.js';

export const FEED_SIZE = 50;

export const FEED_FORMATS = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;

export interface BuildFeedsDeps {
  sources: SourceRepository;
  articles: ArticleRepository;
  content: ContentStore;
  /** Public URL under which feed files are served, e.g. https://feeds.example.com/feeds */
  feedsBaseUrl: string;
  log?: (level: 'info' | 'warn', message: string, details?: Record<string, unknown>) => void;
}

export interface BuildFeedsResult {
  feedsRebuilt: string[];
  filesWritten: number;
  filesUnchanged: number;
}

/** The feed path (without extension) of a scope: `all` or `sources/{id}`. */
export function feedPath(scope: FeedScope): string {
  return scope.kind === 'all' ? 'all' : `sources/${scope.sourceId}`;
}

export function scopesTouchedBy(events: ArticleEvent[]): FeedScope[] {
  const sourceIds = [...new Set(events.map((e) => e.sourceId))].sort();
  return [{ kind: 'all' }, ...sourceIds.map((sourceId) => ({ kind: 'source' as const, sourceId }))];
}

export async function buildFeeds(scopes: FeedScope[], deps: BuildFeedsDeps): Promise<BuildFeedsResult> {
  const result: BuildFeedsResult = { feedsRebuilt: [], filesWritten: 0, filesUnchanged: 0 };
  const sourceNames = new Map((await deps.sources.list()).map((r) => [r.source.id, r.source]));
  for (const scope of scopes) {
    const path = feedPath(scope);
    const entries = await deps.articles.newest(scope, FEED_SIZE);
    const loaded = await mapWithConcurrency(entries, 8, (entry) => deps.content.getArticle(entry.id));
    const articles = loaded.filter((a): a is Article => a !== undefined);
    if (articles.length < entries.length) {
      deps.log?.('warn', 'feed built without articles whose body is missing', {
        feed: path,
        missing: entries.filter((e) => !articles.some((a) => a.id === e.id)).map((e) => e.id),
      });
    }
    const source = scope.kind === 'source' ? sourceNames.get(scope.sourceId) : undefined;
    const descriptor: FeedDescriptor = {
      id: path,
      title: source ? `${source.name} — Bantin` : 'Bantin — Tin mới nhất',
      description: source ? `Tin mới nhất từ ${source.name}` : 'Tin mới nhất từ mọi tờ báo Bantin theo dõi',
      homeUrl: source?.homepage ?? deps.feedsBaseUrl.replace(/\/feeds\/?$/, '/'),
      selfBaseUrl: `${deps.feedsBaseUrl}/${path}`,
      language: source?.language ?? 'vi',
    };
    const rendered = renderFeeds(descriptor, articles);
    for (const format of Object.keys(FEED_FORMATS) as (keyof typeof FEED_FORMATS)[]) {
      const wrote = await deps.content.putFeedFile(
        `${path}.${format}`,
        rendered[format],
        FEED_FORMATS[format],
      );
      if (wrote) result.filesWritten++;
      else result.filesUnchanged++;
    }
    result.feedsRebuilt.push(path);
  }
  return result;
}
