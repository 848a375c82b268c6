/** The feeds a batch of article events touches (the feeds themselves: domain/feed-listing.ts). */
import type { ArticleEvent } from '../domain/events.js';
import { type FeedScope, feedPath, scopesOf } from '../domain/feed-listing.js';

/** The feeds a batch of events touches, each once, in a stable order. */
export function scopesTouchedBy(events: readonly ArticleEvent[]): FeedScope[] {
  const byPath = new Map<string, FeedScope>();
  for (const event of events) {
    for (const scope of scopesOf(event)) byPath.set(feedPath(scope), scope);
  }
  const order = { all: 0, source: 1, category: 2 } as const;
  return [...byPath.entries()]
    .sort(([a, x], [b, y]) => order[x.kind] - order[y.kind] || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, scope]) => scope);
}
