/**
 * The feed directory: the catalog of every feed built so far but deleted sources' (a state object
 * replaced by conditional writes, as feeds' states are), and its OPML and HTML pages.
 */
import * as z from '../domain/zod.js';
import type { BuildFeedsDeps, BuildFeedsResult } from './build-feeds.js';
import { CACHE_CONTROL, INDEX_FILES } from './feed-files.js';
import { type CatalogFeed, renderIndexHtml, renderOpml, sortCatalog } from './render/feed-index.js';

const CatalogSchema = z.object({
  revision: z._default(z.int().check(z.nonnegative()), 0),
  feeds: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['all', 'source', 'category']),
      title: z.string(),
      homeUrl: z.string(),
    }),
  ),
});

/**
 * One try; false when another builder stored the catalog first. After a lost try the files are
 * written again even if the catalog now lists every built feed: the lost try's files may be stale.
 */
export async function updateCatalogOnce(
  built: CatalogFeed[],
  removed: string[],
  context: { deps: Pick<BuildFeedsDeps, 'content' | 'feedsBaseUrl'>; result: BuildFeedsResult },
  retry: boolean,
): Promise<boolean> {
  const { deps } = context;
  const current = await deps.content.getFeedState('catalog');
  const stored = CatalogSchema.safeParse(current?.value);
  const feeds = new Map((stored.success ? stored.data.feeds : []).map((feed) => [feed.path, feed]));
  let changed = !stored.success || retry;
  // A deleted source's feed: aggregators importing the OPML must not subscribe to it.
  for (const path of removed) if (feeds.delete(path)) changed = true;
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
  if (!(await deps.content.putFeedState('catalog', { revision, feeds: catalog }, current?.version)))
    return false;
  context.result.indexWritten = true;
  return true;
}
