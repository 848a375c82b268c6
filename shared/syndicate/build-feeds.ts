/**
 * The feed-building use case: a batch of article events touches some feeds (everything, each
 * article's source, each of its categories); each touched feed is rebuilt once and written in
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1. Identical bytes are not rewritten, so ETags change only
 * when content does, and feeds the batch does not touch are not even rendered.
 *
 * Paging (RFC 5005): a feed shows its newest FEED_SIZE articles in listing order (the order
 * Bantin stored them). Older ones are cut, FEED_SIZE at a time and oldest first, into archive
 * pages `{feed}/archive/{n}` that keep their articles forever: page n is written when it is
 * cut, once more when page n+1 appears (to gain its `next-archive` link), and again only if one
 * of its articles is edited. The cut points live in the builder's state, so a rebuild reads the
 * current window and the uncut tail, never the whole history.
 *
 * After a rebuild the WebSub hub is pinged for every current feed file that changed, and the
 * feed directory (OPML and HTML) is rewritten when the set of feeds changed.
 */

import * as z from 'zod';
import { mapWithConcurrency } from '../concurrency.js';
import type { Article } from '../domain/article.js';
import { categorySlug } from '../domain/category.js';
import type { ArticleEvent } from '../domain/events.js';
import { type FeedScope, feedPath, type ListedArticle, scopesOf } from '../domain/feed-listing.js';
import type { Source } from '../domain/source.js';
import { ValidationError } from '../domain/validation.js';
import type { ArticleRepository, ContentStore, SourceRepository, WebSubHub } from '../ports.js';
import { scopesTouchedBy } from './feed-scope.js';
import type { FeedSource, Prepared } from './render/feed-article.js';
import { type CatalogFeed, renderIndexHtml, renderOpml, sortCatalog } from './render/feed-index.js';
import { type FeedDescriptor, renderFeeds } from './render/render-feeds.js';

export { feedPath, scopesTouchedBy };

export const FEED_SIZE = 50;

export const FEED_FORMATS = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;

/** The feed directory's files and their types. */
export const INDEX_FILES = {
  'index.opml': 'text/x-opml; charset=utf-8',
  'index.html': 'text/html; charset=utf-8',
} as const;

export const CACHE_CONTROL = {
  /** Current feeds change within minutes; readers should revalidate (ETag/304 keep it cheap). */
  current: 'public, max-age=60, stale-while-revalidate=300',
  /** Archive pages keep their articles; they change only to gain a next-archive link or an edit. */
  archive: 'public, max-age=86400',
  index: 'public, max-age=300',
} as const;

/** The Cache-Control of a file under `feeds/`, by its path (for servers whose store drops the header). */
export function feedCacheControl(path: string): string {
  if (/(^|\/)archive\/\d+\.[a-z]+$/.test(path)) return CACHE_CONTROL.archive;
  if (/(^|\/)index\.(opml|html)$/.test(path)) return CACHE_CONTROL.index;
  return CACHE_CONTROL.current;
}

/** RSS <ttl>: minutes a reader may cache a current feed (WebSub pushes sooner). */
const TTL_MINUTES = { current: 15, archive: 24 * 60 };
/** Most archive pages cut in one rebuild of one feed; a longer backlog is cut over the next rebuilds. */
export const MAX_NEW_PAGES_PER_BUILD = 20;
const ARTICLE_LOADS = 8;
const SCOPE_CONCURRENCY = 4;

export interface BuildFeedsDeps {
  sources: SourceRepository;
  articles: ArticleRepository;
  content: ContentStore;
  /** Public URL under which feed files are served, e.g. https://feeds.example.com/feeds */
  feedsBaseUrl: string;
  /** WebSub hub: advertised in every feed and pinged when a current feed changes. */
  hub?: { url: string; publisher: WebSubHub };
  log?: (level: 'info' | 'warn', message: string, details?: Record<string, unknown>) => void;
}

export interface BuildFeedsResult {
  feedsRebuilt: string[];
  filesWritten: number;
  filesUnchanged: number;
  /** Archive pages rendered, e.g. `all/archive/3` (written or unchanged). */
  archivePages: string[];
  /** Articles left out of some feed, with the reason. */
  skipped: { id: string; reason: string }[];
  /** Feed URLs the hub was told about. */
  pinged: string[];
  /** Whether feeds/index.opml and feeds/index.html were rewritten. */
  indexWritten: boolean;
}

const ArchiveStateSchema = z.object({ boundaries: z.array(z.string().min(1)) });
type ArchiveState = z.infer<typeof ArchiveStateSchema>;
const CatalogSchema = z.object({
  feeds: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['all', 'source', 'category']),
      title: z.string(),
      homeUrl: z.string(),
    }),
  ),
});

/** Rebuilds the feeds a batch of events touches; articles the events name are re-rendered even if archived. */
export async function buildFeedsForEvents(
  events: ArticleEvent[],
  deps: BuildFeedsDeps,
): Promise<BuildFeedsResult> {
  return buildFeeds(scopesTouchedBy(events), deps, events);
}

export async function buildFeeds(
  scopes: FeedScope[],
  deps: BuildFeedsDeps,
  events: ArticleEvent[] = [],
): Promise<BuildFeedsResult> {
  const result: BuildFeedsResult = {
    feedsRebuilt: [],
    filesWritten: 0,
    filesUnchanged: 0,
    archivePages: [],
    skipped: [],
    pinged: [],
    indexWritten: false,
  };
  const records = await deps.sources.list();
  const context: BuildContext = {
    deps,
    result,
    sources: new Map(records.map((r) => [r.source.id, r.source])),
    papers: Object.fromEntries(records.map((r) => [r.source.id, paperOf(r.source)])),
    siteUrl: deps.feedsBaseUrl.replace(/\/feeds\/?$/, '/'),
    articleCache: new Map(),
    preparedCache: new Map(),
  };
  // Feeds are independent (each has its own files and archive state): a few at once.
  const built = await mapWithConcurrency(scopes, SCOPE_CONCURRENCY, (scope) => {
    const touched = events.filter((event) => scopesOf(event).some((s) => feedPath(s) === feedPath(scope)));
    return buildScope(scope, touched, context);
  });
  result.feedsRebuilt = scopes.map(feedPath);
  result.archivePages.sort();
  await updateCatalog(
    built.map((b) => b.feed),
    context,
  );
  const changed = built.flatMap((b) => b.written);
  if (deps.hub && changed.length > 0) {
    result.pinged = changed.map((path) => `${deps.feedsBaseUrl}/${path}`);
    try {
      await deps.hub.publisher.publish(result.pinged);
    } catch (error) {
      deps.log?.('warn', 'WebSub hub ping failed', { hub: deps.hub.url, error });
    }
  }
  if (result.skipped.length > 0) {
    deps.log?.('warn', 'articles left out of feeds', { skipped: result.skipped });
  }
  return result;
}

interface BuildContext {
  deps: BuildFeedsDeps;
  result: BuildFeedsResult;
  sources: Map<string, Source>;
  papers: Record<string, FeedSource>;
  siteUrl: string;
  /** Bodies loaded once per rebuild, shared by the feeds of the batch. */
  articleCache: Map<string, Promise<Article | undefined>>;
  /** Articles prepared (sanitized, capped) once per rebuild. */
  preparedCache: Map<string, Prepared>;
}

/** Rebuilds one feed; returns its catalog entry and the current feed files it wrote (relative to feeds/). */
async function buildScope(
  scope: FeedScope,
  touched: ArticleEvent[],
  context: BuildContext,
): Promise<{ feed: CatalogFeed; written: string[] }> {
  const { deps } = context;
  const path = feedPath(scope);
  const stateName = `archive/${path}`;
  const state = parseState(await deps.content.getFeedState(stateName), path, deps);
  const oldPages = state.boundaries.length;

  // 1. Cut full pages from the oldest end of the uncut tail while more than a feed's worth remains.
  const tail = await deps.articles.listed(scope, {
    order: 'oldest-first',
    after: state.boundaries.at(-1),
    limit: FEED_SIZE * (MAX_NEW_PAGES_PER_BUILD + 1) + 1,
  });
  const newPages: ListedArticle[][] = [];
  let cut = 0;
  while (tail.length - cut > FEED_SIZE && newPages.length < MAX_NEW_PAGES_PER_BUILD) {
    newPages.push(tail.slice(cut, cut + FEED_SIZE));
    cut += FEED_SIZE;
  }
  if (tail.length - cut > FEED_SIZE) {
    deps.log?.('info', 'archive backlog: more pages are cut at the next rebuilds', { feed: path });
  }
  const boundaries = [...state.boundaries, ...newPages.map((page) => page.at(-1)!.listedKey)];

  // 2. The current window.
  const current = await deps.articles.listed(scope, { order: 'newest-first', limit: FEED_SIZE });

  // 3. Pages to render: the new ones, the previous newest (its next-archive link), and pages
  //    holding an article this batch names that is no longer in the window (edited, or late).
  const pages = new Map<number, ListedArticle[] | undefined>();
  for (const [i, page] of newPages.entries()) pages.set(oldPages + i + 1, page);
  if (newPages.length > 0 && oldPages > 0) pages.set(oldPages, undefined);
  const inWindow = new Set([...current, ...newPages.flat()].map((item) => item.articleId));
  const archived = [...new Set(touched.map((event) => event.articleId))].filter((id) => !inWindow.has(id));
  if (archived.length > 0 && oldPages > 0) {
    for (const item of await deps.articles.listedKeys(scope, archived)) {
      const page = boundaries.findIndex((boundary) => item.listedKey <= boundary) + 1;
      if (page >= 1 && page <= oldPages && !pages.has(page)) pages.set(page, undefined);
    }
  }

  const currentArticles = await loadArticles(current, path, context);
  const title = feedTitle(scope, currentArticles, context);
  const base: Omit<FeedDescriptor, 'id' | 'selfBaseUrl' | 'title'> = {
    description: title.description,
    homeUrl: title.homeUrl,
    language: scope.kind === 'source' ? (context.sources.get(scope.sourceId)?.language ?? 'vi') : 'vi',
    sources: context.papers,
    ...(deps.hub ? { hubUrl: deps.hub.url } : {}),
  };
  const feedUrl = `${deps.feedsBaseUrl}/${path}`;
  const pageUrl = (n: number) => `${feedUrl}/archive/${n}`;

  // 4. Archive pages first, then the cut points, then the current feed: after a crash, the next
  //    rebuild cuts the same pages again (same bytes, nothing rewritten) and links them.
  for (const n of [...pages.keys()].sort((a, b) => a - b)) {
    const items =
      pages.get(n) ??
      (await deps.articles.listed(scope, {
        order: 'oldest-first',
        ...(n > 1 ? { after: boundaries[n - 2] } : {}),
        upTo: boundaries[n - 1],
        limit: 10 * FEED_SIZE,
      }));
    const descriptor: FeedDescriptor = {
      ...base,
      id: `${path}/archive/${n}`,
      title: `${title.title} — lưu trữ, trang ${n}`,
      selfBaseUrl: pageUrl(n),
      ttlMinutes: TTL_MINUTES.archive,
      archive: {
        isArchive: true,
        current: feedUrl,
        ...(n > 1 ? { prevArchive: pageUrl(n - 1) } : {}),
        ...(n < boundaries.length ? { nextArchive: pageUrl(n + 1) } : {}),
      },
    };
    const articles = await loadArticles(items, descriptor.id, context);
    await writeFeed(descriptor, articles, CACHE_CONTROL.archive, context);
    context.result.archivePages.push(`${path}/archive/${n}`);
  }
  if (newPages.length > 0) await deps.content.putFeedState(stateName, { boundaries } satisfies ArchiveState);

  const descriptor: FeedDescriptor = {
    ...base,
    id: path,
    title: title.title,
    selfBaseUrl: feedUrl,
    ttlMinutes: TTL_MINUTES.current,
    ...(boundaries.length > 0
      ? { archive: { isArchive: false, prevArchive: pageUrl(boundaries.length) } }
      : {}),
  };
  const written = await writeFeed(descriptor, currentArticles, CACHE_CONTROL.current, context);
  return { feed: { path, kind: scope.kind, title: title.title, homeUrl: title.homeUrl }, written };
}

/** Renders and writes the three formats of one feed document; returns the files written. */
async function writeFeed(
  descriptor: FeedDescriptor,
  articles: Article[],
  cacheControl: string,
  context: BuildContext,
): Promise<string[]> {
  const path = descriptor.id;
  const rendered = renderFeeds(descriptor, articles, context.preparedCache);
  for (const skipped of rendered.skipped) {
    if (!context.result.skipped.some((s) => s.id === skipped.id)) context.result.skipped.push(skipped);
  }
  const written: string[] = [];
  for (const format of Object.keys(FEED_FORMATS) as (keyof typeof FEED_FORMATS)[]) {
    const file = `${path}.${format}`;
    if (
      await context.deps.content.putFeedFile(file, rendered[format], FEED_FORMATS[format], { cacheControl })
    ) {
      context.result.filesWritten++;
      written.push(file);
    } else context.result.filesUnchanged++;
  }
  return written;
}

/** Loads article bodies; a missing or unreadable one is left out with a logged reason, never fatal. */
async function loadArticles(items: ListedArticle[], path: string, context: BuildContext): Promise<Article[]> {
  const loaded = await mapWithConcurrency(items, ARTICLE_LOADS, async (item) => {
    let pending = context.articleCache.get(item.articleId);
    if (!pending) {
      pending = context.deps.content.getArticle(item.articleId).catch((error: unknown) => {
        // A stored body that no longer parses is one bad article; anything else (S3 down) is not.
        if (!(error instanceof ValidationError || error instanceof SyntaxError)) throw error;
        context.result.skipped.push({
          id: item.articleId,
          reason: `unreadable body: ${error.message.slice(0, 300)}`,
        });
        return undefined;
      });
      context.articleCache.set(item.articleId, pending);
    }
    return pending;
  });
  const missing = items.filter((_, i) => loaded[i] === undefined).map((item) => item.articleId);
  if (missing.length > 0) {
    context.deps.log?.('warn', 'feed built without articles whose body is missing or unreadable', {
      feed: path,
      missing,
    });
  }
  return loaded.filter((a): a is Article => a !== undefined);
}

function feedTitle(
  scope: FeedScope,
  current: Article[],
  context: BuildContext,
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
function categoryName(slug: string, current: Article[]): string {
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

async function updateCatalog(built: CatalogFeed[], context: BuildContext): Promise<void> {
  const { deps } = context;
  const stored = CatalogSchema.safeParse(await deps.content.getFeedState('catalog'));
  const feeds = new Map((stored.success ? stored.data.feeds : []).map((feed) => [feed.path, feed]));
  let changed = !stored.success;
  for (const feed of built) {
    const known = feeds.get(feed.path);
    if (!known || known.title !== feed.title || known.homeUrl !== feed.homeUrl || known.kind !== feed.kind) {
      feeds.set(feed.path, feed);
      changed = true;
    }
  }
  if (!changed) return;
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
  await deps.content.putFeedState('catalog', { feeds: catalog });
  context.result.indexWritten = true;
}

function parseState(value: unknown, path: string, deps: BuildFeedsDeps): ArchiveState {
  if (value === undefined) return { boundaries: [] };
  const parsed = ArchiveStateSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Cutting again from the oldest article gives the same pages, so the state is rebuilt, not trusted.
  deps.log?.('warn', 'unreadable archive state: pages are cut again', { feed: path });
  return { boundaries: [] };
}

function paperOf(source: Source): FeedSource {
  return {
    name: source.name,
    homepage: source.homepage,
    ...(source.kind === 'feed' && source.urls[0] ? { feedUrl: source.urls[0] } : {}),
  };
}
