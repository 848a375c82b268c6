/** The feeds a batch of article events (or feed requests) touches (the feeds themselves: domain/feed-listing.ts). */
import type { ArticleEvent } from '../domain/events.js';
import { type FeedScope, feedPath, scopesOf } from '../domain/feed-listing.js';

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
