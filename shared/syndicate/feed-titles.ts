/** A feed's title, description and home page, in Vietnamese: what readers see in their list. */

import { categorySlug } from '../domain/category.js';
import type { FeedScope } from '../domain/feed-listing.js';
import type { Source } from '../domain/source.js';

/** An article of the feed, by its categories as stored. */
interface Categorized {
  categories?: readonly string[];
}

export function feedTitle(
  scope: FeedScope,
  current: readonly Categorized[],
  context: { sources: Map<string, Source>; siteUrl: string },
): { title: string; description: string; homeUrl: string } {
  switch (scope.kind) {
    case 'all':
      return {
        title: 'Bantin — Tin mới nhất',
        description: 'Tin mới nhất từ mọi tờ báo Bantin theo dõi',
        homeUrl: context.siteUrl,
      };
    case 'source': {
      const source = context.sources.get(scope.sourceId);
      const name = source?.name ?? scope.sourceId;
      return {
        title: `${name} — Bantin`,
        description: `Tin mới nhất từ ${name}`,
        homeUrl: source?.homepage ?? context.siteUrl,
      };
    }
    case 'category': {
      const name = categoryName(scope.slug, current);
      return {
        title: `${name} — Bantin`,
        description: `Tin ${name} mới nhất từ các báo Bantin theo dõi`,
        homeUrl: context.siteUrl,
      };
    }
  }
}

/** The display name of a category: the spelling its newest articles use most (ties: the first in order). */
function categoryName(slug: string, current: readonly Categorized[]): string {
  const counts = new Map<string, number>();
  for (const article of current) {
    for (const name of article.categories ?? []) {
      const clean = name.replace(/\s+/g, ' ').trim().normalize('NFC');
      if (categorySlug(clean) === slug) counts.set(clean, (counts.get(clean) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0];
  return best?.[0] ?? slug;
}
