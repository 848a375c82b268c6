/**
 * The feed directory: the catalog of every feed built so far but deleted sources' (a state object
 * replaced by conditional writes, as feeds' states are), and its OPML and HTML pages.
 */

import type { FeedScope } from '../domain/feed-listing.js';
import * as z from '../domain/zod.js';
import type { BuildFeedsDeps, BuildFeedsResult } from './build-feeds.js';
import { CACHE_CONTROL, INDEX_FILES } from './feed-files.js';
import { type CatalogFeed, renderIndexHtml, renderOpml, sortCatalog } from './render/feed-index.js';

const CatalogSchema = z.object({
  revision: z._default(z.int().check(z.nonnegative()), 0),
  /** What every feed file was written with beyond its items (feedSettings): its links, its hub. */
  settings: z.optional(z.string()),
  feeds: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['all', 'source', 'category']),
      title: z.string(),
      homeUrl: z.string(),
    }),
  ),
  /**
   * Deleted sources' names and home pages: their articles stay in the feeds, credited to them
   * as before (without it, the next rebuild credited a bare host name and changed every item).
   */
  retired: z.optional(z.array(z.object({ id: z.string(), name: z.string(), homeUrl: z.string() }))),
});

/** Deleted papers kept by name at most (the oldest forgotten first). */
const MAX_RETIRED = 500;
/** The feed title a source's feed is written with: `${name} — Bantin` (feedTitle). */
const SOURCE_TITLE_SUFFIX = ' — Bantin';

/**
 * The papers of deleted sources, as the catalog knows them: those retired before, and those
 * whose feeds it still lists (the build that takes them out reads them there).
 */
export function retiredPapers(catalog: StoredCatalog): Map<string, { name: string; homepage: string }> {
  const stored = parseCatalog(catalog?.value);
  const papers = new Map<string, { name: string; homepage: string }>();
  if (!stored.success) return papers;
  for (const paper of stored.data.retired ?? [])
    papers.set(paper.id, { name: paper.name, homepage: paper.homeUrl });
  for (const feed of stored.data.feeds) {
    const id = feed.kind === 'source' ? feed.path.split('/')[1] : undefined;
    if (id && feed.title.endsWith(SOURCE_TITLE_SUFFIX))
      papers.set(id, { name: feed.title.slice(0, -SOURCE_TITLE_SUFFIX.length), homepage: feed.homeUrl });
  }
  return papers;
}

/** Parses of stored catalogs, by the value read: a build reads its catalog once and uses it twice. */
const parsed = new WeakMap<object, ReturnType<typeof CatalogSchema.safeParse>>();

function parseCatalog(value: unknown): ReturnType<typeof CatalogSchema.safeParse> {
  if (typeof value !== 'object' || value === null) return CatalogSchema.safeParse(value);
  let result = parsed.get(value);
  if (!result) {
    result = CatalogSchema.safeParse(value);
    parsed.set(value, result);
  }
  return result;
}

/**
 * One try; false when another builder stored the catalog first. After a lost try the files are
 * written again even if the catalog now lists every built feed: the lost try's files may be stale.
 */
export async function updateCatalogOnce(
  built: CatalogFeed[],
  removed: string[],
  context: {
    deps: Pick<BuildFeedsDeps, 'content' | 'feedsBaseUrl' | 'hub'>;
    result: BuildFeedsResult;
    /** The catalog as read at the build's start, for its first try (read afresh after a lost one). */
    catalog?: StoredCatalog;
  },
  retry: boolean,
): Promise<boolean> {
  const { deps } = context;
  const current = !retry && context.catalog ? context.catalog : await deps.content.getFeedState('catalog');
  const stored = parseCatalog(current?.value);
  const feeds = new Map((stored.success ? stored.data.feeds : []).map((feed) => [feed.path, feed]));
  const settings = feedSettings(deps);
  let changed = !stored.success || retry || stored.data.settings !== settings;
  // A deleted source's feed: aggregators importing the OPML must not subscribe to it. Its paper
  // is kept by name, for its articles still in the feeds.
  const retired = new Map(
    (stored.success ? (stored.data.retired ?? []) : []).map((paper) => [paper.id, paper]),
  );
  for (const path of removed) {
    const feed = feeds.get(path);
    if (!feed) continue;
    feeds.delete(path);
    changed = true;
    const id = path.split('/')[1];
    if (id && feed.title.endsWith(SOURCE_TITLE_SUFFIX)) {
      retired.delete(id);
      retired.set(id, { id, name: feed.title.slice(0, -SOURCE_TITLE_SUFFIX.length), homeUrl: feed.homeUrl });
    }
  }
  for (const feed of built) {
    const known = feeds.get(feed.path);
    if (!known || known.title !== feed.title || known.homeUrl !== feed.homeUrl || known.kind !== feed.kind) {
      feeds.set(feed.path, feed);
      changed = true;
    }
  }
  if (!changed) return true;
  const catalog = sortCatalog([...feeds.values()]);
  // The files first: a crash before the catalog is saved only means they are rendered again.
  for (const [file, render] of [
    ['index.opml', renderOpml],
    ['index.html', renderIndexHtml],
  ] as const) {
    const wrote = await deps.content.putFeedFile(
      file,
      render(catalog, deps.feedsBaseUrl),
      INDEX_FILES[file],
      {
        cacheControl: CACHE_CONTROL.index,
      },
    );
    if (wrote) context.result.filesWritten++;
    else context.result.filesUnchanged++;
  }
  const revision = (stored.success ? stored.data.revision : 0) + 1;
  const kept = [...retired.values()].slice(-MAX_RETIRED);
  const state = { revision, settings, feeds: catalog, ...(kept.length > 0 ? { retired: kept } : {}) };
  if (!(await deps.content.putFeedState('catalog', state, current?.version))) return false;
  context.result.indexWritten = true;
  return true;
}

/** The catalog's stored state as read (value and version). */
export type StoredCatalog = Awaited<ReturnType<BuildFeedsDeps['content']['getFeedState']>>;

/**
 * What every feed file is written with beyond its items: the feeds' base URL (self links) and the
 * WebSub hub they advertise. A change of either (a deploy, `WEBSUB_HUB_URL` set) reaches every
 * feed at the next build (feedsToRefresh), not only those new articles touch.
 */
export function feedSettings(deps: Pick<BuildFeedsDeps, 'feedsBaseUrl' | 'hub'>): string {
  return JSON.stringify([deps.feedsBaseUrl, deps.hub?.url ?? '']);
}

/**
 * Every feed of the catalog, when it was written with other settings than these (feedSettings);
 * none when the same, or when there is no catalog yet (no feed written before).
 */
export function feedsToRefresh(
  catalog: StoredCatalog,
  deps: Pick<BuildFeedsDeps, 'feedsBaseUrl' | 'hub'>,
): FeedScope[] {
  const stored = parseCatalog(catalog?.value);
  if (!stored.success || stored.data.settings === feedSettings(deps)) return [];
  return stored.data.feeds.flatMap((feed): FeedScope[] => {
    if (feed.kind === 'all') return [{ kind: 'all' }];
    const [, name] = feed.path.split('/');
    if (!name) return [];
    return [feed.kind === 'source' ? { kind: 'source', sourceId: name } : { kind: 'category', slug: name }];
  });
}
