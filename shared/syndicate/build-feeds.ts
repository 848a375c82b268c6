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
 * current window (and the uncut tail when a page is due), never the whole history.
 *
 * The state also keeps the current window's items as the renderers need them (sanitized, capped),
 * so a rebuild reads from the content store only the articles new to the window and those the
 * batch says were updated, and prepares only those; and it keeps a hash of each current feed
 * file as written, so a file whose bytes changed is written without first reading what is stored.
 *
 * After a rebuild the WebSub hub is pinged for every current feed file that changed, and the
 * feed directory (OPML and HTML) is rewritten when the set of feeds changed.
 *
 * Builders run concurrently. Each feed's state carries a revision, replaced only if no other
 * builder replaced it since it was read (a conditional write); a builder that wrote files and
 * then loses that race builds the feed again from a fresh read. So the last files written come
 * from a read made after every other builder's, and any interleaving of batches leaves the
 * same files as running them one after another.
 */

import { mapWithConcurrency, pauseAfterLostRace } from '../concurrency.js';
import type { ArticleEvent } from '../domain/events.js';
import { type FeedScope, feedPath, type ListedArticle, scopesOf } from '../domain/feed-listing.js';
import type { Source } from '../domain/source.js';
import { ValidationError } from '../domain/validation.js';
import type { ArticleRepository, ContentStore, SourceRepository, WebSubHub } from '../ports.js';
import { feedsToRefresh, retiredPapers, type StoredCatalog, updateCatalogOnce } from './feed-catalog.js';
import { CACHE_CONTROL, FEED_FORMATS } from './feed-files.js';
import { scopesTouchedBy } from './feed-scope.js';
import {
  contentHash,
  type FeedState,
  parseState,
  preparedWith,
  RECENT_PAGES,
  type WindowItem,
} from './feed-state.js';
import { feedTitle } from './feed-titles.js';
import { type FeedSource, paperById, prepareFeedArticle } from './render/feed-article.js';
import type { CatalogFeed } from './render/feed-index.js';
import { type FeedDescriptor, renderPrepared } from './render/render-feeds.js';

export { CACHE_CONTROL, FEED_FORMATS, feedCacheControl, INDEX_FILES } from './feed-files.js';
export { feedPath, scopesTouchedBy };

export const FEED_SIZE = 50;

/** RSS <ttl>: minutes a reader may cache a current feed (WebSub pushes sooner). */
const TTL_MINUTES = { current: 15, archive: 24 * 60 };
/** Most archive pages cut in one rebuild of one feed; a longer backlog is cut over the next rebuilds. */
export const MAX_NEW_PAGES_PER_BUILD = 20;
const ARTICLE_LOADS = 8;
const SCOPE_CONCURRENCY = 4;

export interface BuildFeedsDeps {
  /** Every source: read once per build (handlers may hand a recent copy). */
  sources: Pick<SourceRepository, 'list'>;
  articles: ArticleRepository;
  content: ContentStore;
  /** Public URL under which feed files are served, e.g. https://feeds.example.com/feeds */
  feedsBaseUrl: string;
  /** WebSub hub: advertised in every feed and pinged when a current feed changes. */
  hub?: { url: string; publisher: WebSubHub };
  log?: (level: 'info' | 'warn', message: string, details?: Record<string, unknown>) => void;
  /** The clock: dates a feed's first build, which is the date of a feed without articles. */
  now?: () => Date;
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

/**
 * Rebuilds the feeds a batch of events touches, and the feeds of the sources named in
 * `requestedSources` (written even when empty); articles the events name are re-rendered even if
 * archived.
 */
export async function buildFeedsForEvents(
  events: ArticleEvent[],
  deps: BuildFeedsDeps,
  requestedSources: string[] = [],
): Promise<BuildFeedsResult> {
  return buildFeeds(scopesTouchedBy(events, requestedSources), deps, events, requestedSources);
}

export async function buildFeeds(
  requested: FeedScope[],
  deps: BuildFeedsDeps,
  events: ArticleEvent[] = [],
  requestedSources: string[] = [],
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
  const [records, catalog] = await Promise.all([deps.sources.list(), deps.content.getFeedState('catalog')]);
  // Deleted sources' papers by the name their feeds had: their articles stay credited to them.
  const papers = {
    ...Object.fromEntries(retiredPapers(catalog)),
    ...Object.fromEntries(records.map((r) => [r.source.id, paperOf(r.source)])),
  };
  const context: BuildContext = {
    deps,
    result,
    sources: new Map(records.map((r) => [r.source.id, r.source])),
    papers,
    preparedWith: preparedWith(papers),
    siteUrl: deps.feedsBaseUrl.replace(/\/feeds\/?$/, '/'),
    loaded: new Map(),
    catalog,
  };
  // A source whose feeds were requested and that is no more was deleted (the request reads the
  // sources afresh): its files stay, with its articles, but the directory no longer lists it.
  const deleted = new Set(requestedSources.filter((id) => !context.sources.has(id)));
  // Feeds written with other links or another hub than these are all written again (those of
  // sources that still exist).
  const refresh = feedsToRefresh(catalog, deps).filter(
    (scope) => scope.kind !== 'source' || context.sources.has(scope.sourceId),
  );
  // A source's feeds requested (its name or home page changed): the category feeds its articles
  // are in credit it too, and are written again with it (they kept the old name till news came).
  const sourceCategories = requestedSources.flatMap((id) =>
    (records.find((record) => record.source.id === id)?.health.categories ?? []).map(
      (slug): FeedScope => ({ kind: 'category', slug }),
    ),
  );
  const byPath = new Map(
    [...requested, ...sourceCategories, ...refresh].map((scope) => [feedPath(scope), scope]),
  );
  // A paper an event names only as having run the story too (alsoListedIn) and that is no more
  // was deleted: its feed is not built again (that would list it in the directory once more).
  const ownSources = new Set([...events.map((event) => event.sourceId), ...requestedSources]);
  const scopes = [...byPath.values()].filter(
    (scope) =>
      scope.kind !== 'source' ||
      (!deleted.has(scope.sourceId) &&
        (context.sources.has(scope.sourceId) || ownSources.has(scope.sourceId))),
  );
  // Feeds are independent (each has its own files and archive state): a few at once.
  const built = await mapWithConcurrency(scopes, SCOPE_CONCURRENCY, (scope) => {
    const touched = events.filter((event) => scopesOf(event).some((s) => feedPath(s) === feedPath(scope)));
    return buildScope(scope, touched, context);
  });
  result.feedsRebuilt = scopes.map(feedPath);
  result.archivePages.sort();
  await updateCatalog(
    built.map((b) => b.feed),
    [...deleted].map((id) => feedPath({ kind: 'source', sourceId: id })),
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
  /** What items are prepared with now (feed-state.ts): stored items prepared otherwise are not used. */
  preparedWith: string;
  siteUrl: string;
  /** Bodies read and prepared once per rebuild, shared by the feeds of the batch. */
  loaded: Map<string, Promise<WindowItem | undefined>>;
  /** The catalog as read at the start (the first try of its update uses it). */
  catalog: StoredCatalog;
}

/** Tries of one feed (or the catalog) before the batch fails and SQS delivers it again. */
export const MAX_BUILD_ATTEMPTS = 10;

/**
 * Rebuilds one feed until its state write wins; returns its catalog entry and the current feed
 * files it wrote (relative to feeds/).
 */
async function buildScope(
  scope: FeedScope,
  touched: ArticleEvent[],
  context: BuildContext,
): Promise<{ feed: CatalogFeed; written: string[] }> {
  const written = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const built = await buildScopeOnce(scope, touched, context);
    for (const file of built.written) written.add(file);
    if (built.settled) return { feed: built.feed, written: [...written] };
    await lostRace(feedPath(scope), attempt, context.deps);
  }
}

/** After a lost state write: waits a little (less each other's way), or gives up. */
async function lostRace(what: string, attempt: number, deps: BuildFeedsDeps): Promise<void> {
  if (attempt >= MAX_BUILD_ATTEMPTS) {
    throw new Error(`${what}: other builders kept writing it (${attempt} tries); the batch is retried`);
  }
  deps.log?.('info', 'another builder wrote it first: built again', { feed: what, attempt });
  await pauseAfterLostRace(attempt);
}

/** One build of one feed; `settled` is false when another builder stored the feed's state first. */
async function buildScopeOnce(
  scope: FeedScope,
  touched: ArticleEvent[],
  context: BuildContext,
): Promise<{ feed: CatalogFeed; written: string[]; settled: boolean }> {
  const { deps } = context;
  const path = feedPath(scope);
  const stateName = `archive/${path}`;
  const stored = await deps.content.getFeedState(stateName);
  const state: FeedState = parseState(stored?.value, path, deps);
  const oldPages = state.boundaries.length;
  const writtenBefore = context.result.filesWritten;

  // 1. The current window, and the article before it: when that one is newer than the last cut
  //    point, the uncut tail holds more than a feed's worth (else it is not read at all).
  const newest = await deps.articles.listed(scope, { order: 'newest-first', limit: FEED_SIZE + 1 });
  const current = newest.slice(0, FEED_SIZE);
  const lastCut = state.boundaries.at(-1);
  const beforeWindow = newest[FEED_SIZE];
  const newPages =
    beforeWindow && (lastCut === undefined || beforeWindow.listedKey > lastCut)
      ? await cutPages(scope, lastCut, path, deps)
      : [];
  const boundaries = [...state.boundaries, ...newPages.map((page) => page.at(-1)!.listedKey)];

  // 2. Pages to render: the new ones, the previous newest (its next-archive link), and pages
  //    holding an article this batch names that is no longer in the window (edited, or late):
  //    not for a published article its page already held when rendered (its event came late).
  const pages = new Map<number, ListedArticle[] | undefined>();
  for (const [i, page] of newPages.entries()) pages.set(oldPages + i + 1, page);
  if (newPages.length > 0 && oldPages > 0) pages.set(oldPages, undefined);
  const inWindow = new Set([...current, ...newPages.flat()].map((item) => item.articleId));
  // Updated articles are read again; withdrawn ones are no longer listed: both leave the kept items.
  const updated = new Set(touched.filter((e) => e.type !== 'article.published').map((e) => e.articleId));
  const onPage = new Set(state.pages.flatMap((page) => page.ids));
  const archived = [...new Set(touched.map((event) => event.articleId))].filter(
    (id) => !inWindow.has(id) && (updated.has(id) || !onPage.has(id)),
  );
  if (archived.length > 0 && oldPages > 0) {
    for (const item of await deps.articles.listedKeys(scope, archived)) {
      const page = boundaries.findIndex((boundary) => item.listedKey <= boundary) + 1;
      if (page >= 1 && page <= oldPages && !pages.has(page)) pages.set(page, undefined);
    }
  }

  // The stored items (the window's and the newest page's), but those the batch says were updated
  // (read again) and those prepared otherwise.
  const usable = (items: WindowItem[]) =>
    state.preparedWith === context.preparedWith ? items.filter((item) => !updated.has(item.id)) : [];
  const kept = new Map([...usable(state.lastPage), ...usable(state.items)].map((item) => [item.id, item]));
  const load = (items: ListedArticle[], feed: string) => windowItems(items, feed, context, kept);
  const currentItems = await load(current, path);
  const title = feedTitle(scope, currentItems, context);
  const base: Omit<FeedDescriptor, 'id' | 'selfBaseUrl' | 'title'> = {
    description: title.description,
    homeUrl: title.homeUrl,
    language: scope.kind === 'source' ? (context.sources.get(scope.sourceId)?.language ?? 'vi') : 'vi',
    sources: context.papers,
    ...(deps.hub ? { hubUrl: deps.hub.url } : {}),
  };
  const feedUrl = `${deps.feedsBaseUrl}/${path}`;
  // A feed without articles is dated by its first build: stable, and not 1970 (which validators flag).
  const since =
    state.since && !Number.isNaN(Date.parse(state.since))
      ? state.since
      : (deps.now?.() ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const pageUrl = (n: number) => `${feedUrl}/archive/${n}`;

  // 3. Archive pages first, then the current feed, then the cut points: after a crash, the next
  //    rebuild cuts the same pages again (same bytes, nothing rewritten) and links them.
  const pageIds = new Map(state.pages.map((page) => [page.page, page.ids]));
  let lastPage = usable(state.lastPage);
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
    const pageItems = await load(items, descriptor.id);
    // A page cut now was never written, and the one before it gains its next-archive link: both
    // differ from what is stored, unless a crash or another builder cutting the same page at
    // once wrote them already (then the same bytes are written again, the ETag unchanged).
    const differs = n > oldPages || (newPages.length > 0 && n === oldPages);
    await writeFeed(descriptor, pageItems, CACHE_CONTROL.archive, context, differs ? 'differs' : {});
    pageIds.set(
      n,
      pageItems.map((item) => item.id),
    );
    if (n === boundaries.length) lastPage = pageItems;
    context.result.archivePages.push(`${path}/archive/${n}`);
  }
  const descriptor: FeedDescriptor = {
    ...base,
    id: path,
    title: title.title,
    selfBaseUrl: feedUrl,
    ttlMinutes: TTL_MINUTES.current,
    ...(currentItems.length === 0 ? { updated: since } : {}),
    ...(boundaries.length > 0
      ? { archive: { isArchive: false, prevArchive: pageUrl(boundaries.length) } }
      : {}),
  };
  const { written, files } = await writeFeed(
    descriptor,
    currentItems,
    CACHE_CONTROL.current,
    context,
    state.files,
  );
  const feed: CatalogFeed = { path, kind: scope.kind, title: title.title, homeUrl: title.homeUrl };
  const next: FeedState = {
    boundaries,
    revision: state.revision + 1,
    preparedWith: context.preparedWith,
    items: currentItems,
    files,
    pages: [...pageIds]
      .sort(([a], [b]) => b - a)
      .slice(0, RECENT_PAGES)
      .map(([page, ids]) => ({ page, ids })),
    lastPage,
    since,
  };
  // A build that wrote nothing changed nothing (its window and files are the stored ones): no state write.
  const unchanged =
    newPages.length === 0 &&
    context.result.filesWritten === writtenBefore &&
    state.preparedWith === next.preparedWith &&
    sameIds(state.items, currentItems) &&
    sameIds(state.lastPage, lastPage) &&
    state.since === since &&
    JSON.stringify(state.files) === JSON.stringify(files) &&
    JSON.stringify(state.pages) === JSON.stringify(next.pages);
  if (unchanged) return { feed, written, settled: true };
  const settled = await deps.content.putFeedState(stateName, next, stored?.version);
  return { feed, written, settled };
}

/** Cuts full pages from the oldest end of the uncut tail while more than a feed's worth remains. */
async function cutPages(
  scope: FeedScope,
  lastCut: string | undefined,
  path: string,
  deps: BuildFeedsDeps,
): Promise<ListedArticle[][]> {
  const tail = await deps.articles.listed(scope, {
    order: 'oldest-first',
    after: lastCut,
    limit: FEED_SIZE * (MAX_NEW_PAGES_PER_BUILD + 1) + 1,
  });
  const pages: ListedArticle[][] = [];
  let cut = 0;
  while (tail.length - cut > FEED_SIZE && pages.length < MAX_NEW_PAGES_PER_BUILD) {
    pages.push(tail.slice(cut, cut + FEED_SIZE));
    cut += FEED_SIZE;
  }
  if (tail.length - cut > FEED_SIZE) {
    deps.log?.('info', 'archive backlog: more pages are cut at the next rebuilds', { feed: path });
  }
  return pages;
}

/**
 * Renders and writes the three formats of one feed document; returns the files written and the
 * hash of each format's bytes. `record` holds the hashes of the files as last written: a file
 * whose hash differs is written without reading what is stored; one with the same hash, or with
 * none, is compared with the stored bytes first (a builder that lost a race may have written
 * others since). `'differs'`: the caller knows every file differs from what is stored.
 */
async function writeFeed(
  descriptor: FeedDescriptor,
  items: WindowItem[],
  cacheControl: string,
  context: BuildContext,
  record: Record<string, string> | 'differs' = {},
): Promise<{ written: string[]; files: Record<string, string> }> {
  const path = descriptor.id;
  const rendered = renderPrepared(
    descriptor,
    items.map((item) => item.prepared),
  );
  for (const skipped of rendered.skipped) {
    if (!context.result.skipped.some((s) => s.id === skipped.id)) context.result.skipped.push(skipped);
  }
  const written: string[] = [];
  const files: Record<string, string> = {};
  for (const format of Object.keys(FEED_FORMATS) as (keyof typeof FEED_FORMATS)[]) {
    const file = `${path}.${format}`;
    const hash = contentHash(rendered[format]);
    files[format] = hash;
    const changed = record === 'differs' || (record[format] !== undefined && record[format] !== hash);
    if (
      await context.deps.content.putFeedFile(file, rendered[format], FEED_FORMATS[format], {
        cacheControl,
        changed,
      })
    ) {
      context.result.filesWritten++;
      written.push(file);
    } else context.result.filesUnchanged++;
  }
  return { written, files };
}

/**
 * The items of listed articles: from `kept` (the feed's stored window) when there, else read from
 * the content store and prepared; a missing or unreadable body is left out with a logged reason,
 * never fatal.
 */
async function windowItems(
  items: ListedArticle[],
  path: string,
  context: BuildContext,
  kept: ReadonlyMap<string, WindowItem>,
): Promise<WindowItem[]> {
  const loaded = await mapWithConcurrency(
    items,
    ARTICLE_LOADS,
    async (item) => kept.get(item.articleId) ?? (await loadItem(item.articleId, context)),
  );
  const missing = items.filter((_, i) => loaded[i] === undefined).map((item) => item.articleId);
  if (missing.length > 0) {
    context.deps.log?.('warn', 'feed built without articles whose body is missing or unreadable', {
      feed: path,
      missing,
    });
  }
  return loaded.filter((item): item is WindowItem => item !== undefined);
}

/** Reads and prepares one article, once per rebuild. */
function loadItem(id: string, context: BuildContext): Promise<WindowItem | undefined> {
  let pending = context.loaded.get(id);
  if (!pending) {
    pending = context.deps.content.getArticle(id).then(
      (article) =>
        article && {
          id,
          categories: article.categories ?? [],
          prepared: prepareFeedArticle(article, paperById(context.papers, article.sourceId), context.papers),
        },
      (error: unknown) => {
        // A stored body that no longer parses is one bad article; anything else (S3 down) is not.
        if (!(error instanceof ValidationError || error instanceof SyntaxError)) throw error;
        context.result.skipped.push({ id, reason: `unreadable body: ${error.message.slice(0, 300)}` });
        return undefined;
      },
    );
    context.loaded.set(id, pending);
  }
  return pending;
}

/** Adds the built feeds to the catalog, takes the removed ones out, and rewrites the directory, until its state write wins. */
async function updateCatalog(built: CatalogFeed[], removed: string[], context: BuildContext): Promise<void> {
  for (let attempt = 1; !(await updateCatalogOnce(built, removed, context, attempt > 1)); attempt++) {
    await lostRace('catalog', attempt, context.deps);
  }
}

function sameIds(a: WindowItem[], b: WindowItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item.id === b[i]!.id);
}

function paperOf(source: Source): FeedSource {
  return {
    name: source.name,
    homepage: source.homepage,
    ...(source.kind === 'feed' && source.urls[0] ? { feedUrl: source.urls[0] } : {}),
  };
}
