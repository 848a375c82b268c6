/**
 * Taking a stored article down: the entry is marked (kept, so its paper's link is never ingested
 * as new, nor read again or announced), it leaves every feed that lists it, and its
 * `article.withdrawn` event is made for the caller to publish (feeds and the archive page that
 * held it drop it, pending digests lose its clipping, webhooks hear of it). An administrator's
 * withdrawal (shared/admin/withdraw-article.ts) and a page its paper answers 410 Gone for
 * (corrections.ts) both come here.
 */
import type { ArticleEntry } from '../domain/article-entry.js';
import { type ArticleEvent, alsoListedIn, articleEventOf, listedCategories } from '../domain/events.js';
import { type FeedScope, scopesOf } from '../domain/feed-listing.js';
import type { ArticleRepository } from '../ports.js';

export type Withdrawal = NonNullable<ArticleEntry['withdrawn']>;

/**
 * Withdraws `entry` (a second time: finishes what a first one cut short, keeping its record).
 * `occurredAt`: the event's time.
 */
export async function withdrawStored(
  entry: ArticleEntry,
  withdrawal: Withdrawal,
  occurredAt: string,
  deps: { articles: Pick<ArticleRepository, 'withdraw'> },
): Promise<{ newlyWithdrawn: boolean; withdrawal: Withdrawal; feeds: FeedScope[]; event: ArticleEvent }> {
  const kept = entry.withdrawn ?? withdrawal;
  const feeds = scopesOf({ ...entry, categories: listedCategories(entry), ...alsoListedIn(entry) });
  const newlyWithdrawn = await deps.articles.withdraw(entry.id, kept, feeds);
  const event = articleEventOf({ ...entry, withdrawn: kept }, 'article.withdrawn', occurredAt);
  return { newlyWithdrawn, withdrawal: kept, feeds, event };
}

/**
 * Undoes a withdrawal (a mistaken one, a 410 that was not for good): listed again in the feeds it
 * left, under the keys it kept, and announced as updated (the feeds show it again, webhooks hear
 * of it). Its clippings, deleted, are not made again.
 */
export async function restoreStored(
  entry: ArticleEntry,
  occurredAt: string,
  deps: { articles: Pick<ArticleRepository, 'restore'> },
): Promise<{ restored: boolean; feeds: FeedScope[]; event: ArticleEvent }> {
  const feeds = scopesOf({ ...entry, categories: listedCategories(entry), ...alsoListedIn(entry) });
  const restored = await deps.articles.restore(entry.id, feeds);
  const { withdrawn: _undone, ...live } = entry;
  return { restored, feeds, event: articleEventOf(live, 'article.updated', occurredAt) };
}
