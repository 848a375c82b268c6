/** Feed scopes and their paths under `feeds/`: `all`, `sources/{id}`, `categories/{slug}`. */
import { categorySlug } from '../../domain/category.js';
import type { ArticleEvent } from '../../domain/events.js';
import type { FeedScope } from '../../ports.js';

export function feedPath(scope: FeedScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'source':
      return `sources/${scope.sourceId}`;
    case 'category':
      return `categories/${scope.slug}`;
  }
}

/** Every feed an article belongs to: all, its source, each of its categories. */
export function scopesOf(article: { sourceId: string; categories: readonly string[] }): FeedScope[] {
  const slugs = [...new Set(article.categories.map(categorySlug))].sort();
  return [
    { kind: 'all' },
    { kind: 'source', sourceId: article.sourceId },
    ...slugs.map((slug) => ({ kind: 'category' as const, slug })),
  ];
}

/** The feeds a batch of events (and of sources whose feeds were requested) touches, each once, in a stable order. */
export function scopesTouchedBy(
  events: readonly ArticleEvent[],
  sourceIds: readonly string[] = [],
): FeedScope[] {
  const byPath = new Map<string, FeedScope>();
  const touching = [...events, ...sourceIds.map((sourceId) => ({ sourceId, categories: [] }))];
  for (const item of touching) {
    for (const scope of scopesOf(item)) byPath.set(feedPath(scope), scope);
  }
  const order = { all: 0, source: 1, category: 2 } as const;
  return [...byPath.entries()]
    .sort(([a, x], [b, y]) => order[x.kind] - order[y.kind] || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, scope]) => scope);
}
