/**
 * Corrections: a stored article that its paper changed after Bantin read it. A listing says so
 * (an item's `updated` later than the copy kept), or the paper moved the article to a new address
 * under the same feed item id (an edited headline made a new slug). The page is read again and
 * the article re-extracted in place, announced with `article.updated`: never stored twice.
 */

import { mapWithConcurrency } from '../concurrency.js';
import type { ArticleEntry } from '../domain/article-entry.js';
import type { ArticleEvent } from '../domain/events.js';
import type { Source } from '../domain/source.js';
import { toZonedIso } from '../domain/time.js';
import { siteOf } from '../domain/web-url.js';
import { headlinesRelated, isSameBody } from './dedupe/same-story.js';
import type { DiscoveredLink } from './discover/discover-links.js';
import { FetchError } from './fetch/fetcher.js';
import type { IngestDeps } from './ingest-source.js';
import { aliasOf, articleIdFor } from './normalize/identity.js';
import { readArticlePage } from './read-page.js';
import { withdrawStored } from './withdrawal.js';

/** What reading corrections again takes from the poll. */
export interface CorrectionWork {
  source: Source;
  deps: IngestDeps;
  now: () => Date;
  /** Runs a page fetch when the poll's other fetches leave room. */
  fetchPage: <T>(task: () => Promise<T>) => Promise<T>;
  /** The links whose feed id no other link of the listings carries: by it, a moved article is found. */
  guids: ReadonlySet<DiscoveredLink>;
}

/**
 * A stored article to read again: its listing says it changed, or it moved to the link's address
 * (`moved`: the stored headline, which the page read must be an edit of).
 */
export type Correction = { link: DiscoveredLink; id: string; moved?: { title: string } };

/** The key under which an article is found by its feed item's id (kept as an alias). */
export function guidAlias(sourceId: string, guid: string): { id: string; url: string } {
  const key = `urn:bantin:guid:${sourceId}:${guid}`;
  return { id: articleIdFor(key), url: key };
}

/** The listings' links whose feed id is theirs alone (a feed repeating one id on every item names none). */
export function listedOnce(links: readonly DiscoveredLink[]): Set<DiscoveredLink> {
  const counts = new Map<string, number>();
  for (const { guid } of links) if (guid) counts.set(guid, (counts.get(guid) ?? 0) + 1);
  return new Set(links.filter((link) => link.guid && counts.get(link.guid) === 1));
}

/**
 * The paper's stored article a new link is, moved: the feed item's id is that article's, and the
 * listing's headline is an edit of its own (the paper made the new address from the edited
 * headline, attack run 33: the story was stored and announced twice).
 */
export function movedArticle(
  link: DiscoveredLink,
  stored: ReadonlyMap<string, ArticleEntry>,
  work: Pick<CorrectionWork, 'source' | 'guids'>,
): ArticleEntry | undefined {
  if (!work.guids.has(link)) return undefined;
  const entry = stored.get(guidAlias(work.source.id, link.guid!).id);
  if (!entry || entry.sourceId !== work.source.id || !entry.published) return undefined;
  return !link.title || headlinesRelated(link.title, entry.title) ? entry : undefined;
}

/** Stored articles a poll fetches again for the corrections their listings announce, at most. */
export const MAX_CORRECTIONS = 5;

/**
 * Whether the listing says the stored article changed after the copy Bantin keeps, by more than
 * a minute (clocks and rounding): `now`; `later` when that time is still ahead of the clock (it is
 * looked at again once it has passed); `none` otherwise, and for another source's article (a
 * story another paper stored first: its own listing corrects it).
 */
export function correctionOf(
  link: DiscoveredLink,
  stored: ArticleEntry,
  sourceId: string,
  now: Date,
): 'now' | 'later' | 'none' {
  if (!link.updatedAt || stored.sourceId !== sourceId) return 'none';
  const updated = Date.parse(link.updatedAt);
  if (!(updated > Date.parse(stored.updatedAt) + 60_000)) return 'none';
  return updated <= now.getTime() + 60_000 ? 'now' : 'later';
}

/**
 * Fetches the pages of corrected articles again, keeps them, and re-extracts the articles from
 * them as an administrator's re-extraction does (shared/admin/reextract-source.ts): each whose
 * text changed is rewritten in place and announced with `article.updated`, so feeds and
 * aggregators get the correction. A page that cannot be read again, or leads elsewhere, leaves
 * its article as stored, with a warning.
 */
export async function refetchCorrections(
  corrections: readonly Correction[],
  work: CorrectionWork,
): Promise<{ updated: number; warnings: string[]; notMoved: DiscoveredLink[]; withdrawn: ArticleEvent[] }> {
  const { source, deps } = work;
  const warnings: string[] = [];
  // Articles whose paper now answers 410 Gone: taken down there, so here too.
  const withdrawn: ArticleEvent[] = [];
  const fetched: Correction[] = [];
  // The moved articles' new addresses (the page as fetched, and as it names itself).
  const movedTo = new Map<string, { url: string; canonicalUrl: string }>();
  // Links whose feed id is a stored article's but whose page is another story: new articles.
  const notMoved: DiscoveredLink[] = [];
  await mapWithConcurrency(corrections, MAX_CORRECTIONS, async ({ link, id, moved }) => {
    try {
      const read = await readArticlePage(source, link, {
        fetch: (url, options) => work.fetchPage(() => deps.fetch(url, options)),
        allowLoopback: deps.allowLoopback,
      });
      if (siteOf(read.url) !== siteOf(link.url)) {
        warnings.push(`${link.url}: listed as corrected, but it now leads to ${read.url}: left as stored`);
      } else if (!moved && read.id !== id && !(await isAddressOf(read.id, id, deps))) {
        warnings.push(
          `${link.url}: listed as corrected, but the page is now another article's: left as stored`,
        );
      } else if (moved && !(await isMovedCopy(read.extracted, id, moved.title, deps))) {
        // A feed that gave a later item an earlier one's id, under a headline alike: read as new.
        notMoved.push(link);
      } else {
        await deps.content.putRawPage(id, read.html);
        // The article's new address (and its page's) lead to it from now on.
        if (moved) {
          for (const url of new Set([link.url, read.canonicalUrl]))
            await deps.articles.addAlias(aliasOf(url), id);
          movedTo.set(id, { url: read.url, canonicalUrl: read.canonicalUrl });
        }
        fetched.push({ link, id });
      }
    } catch (error) {
      // The paper's own site saying so: not another site a redirect led to (attack run 38).
      const takenDown =
        error instanceof FetchError && error.status === 410 && siteOf(error.url) === siteOf(link.url);
      const entry = takenDown ? await deps.articles.get(id) : undefined;
      if (entry && !entry.withdrawn) {
        // HTTP's own word for a page taken down for good (a retraction, a legal request): the
        // feeds and aggregators drop it too (attack run 37: it stayed in every feed forever).
        const at = toZonedIso(work.now());
        const gone = { at, reason: `its paper answers 410 Gone at ${link.url}`, by: `source:${source.id}` };
        withdrawn.push((await withdrawStored(entry, gone, at, deps)).event);
        warnings.push(
          `${link.url}: listed as corrected, and its page answers 410 Gone: withdrawn from the feeds`,
        );
        return;
      }
      warnings.push(
        `${link.url}: listed as corrected, but could not be read again (left as stored): ${message(error)}`,
      );
    }
  });
  if (fetched.length === 0) return { updated: 0, warnings, notMoved, withdrawn };
  try {
    // Loaded with the first correction: most polls have none.
    const { reextractSource } = await import('../admin/reextract-source.js');
    const result = await reextractSource(
      source.id,
      { ...deps, now: work.now },
      { articleIds: fetched.map((f) => f.id), movedTo },
    );
    // A correction that takes most of the text away (a retraction, a rewrite) is not applied as
    // one: re-extraction keeps such an article for an administrator to look at.
    for (const item of result.items) {
      if (item.outcome === 'skipped')
        warnings.push(`${item.url}: listed as corrected, not applied: ${item.reason}`);
    }
    return { updated: result.updated, warnings, notMoved, withdrawn };
  } catch (error) {
    // The source deleted meanwhile, a store that failed: the poll goes on, the articles as stored.
    warnings.push(`corrections not applied: ${message(error)}`);
    return { updated: 0, warnings, notMoved, withdrawn };
  }
}

/** Publication times further apart than this are two articles, whatever their headlines. */
const MOVED_DATE_SLACK_MS = 12 * 60 * 60 * 1000;

/**
 * Whether a page read at a moved article's new address is that article: a headline that is an
 * edit of its own, the same text (edited, not replaced) and the same publication time. A daily
 * column under one feed id ("Giá vàng hôm nay 3/12", then "… 4/12") has headlines alike and is
 * another article each day (attack run 36: each day overwrote the day before, and was never
 * announced).
 */
async function isMovedCopy(
  page: { title: string; contentText: string; publishedAt: string | null },
  id: string,
  storedTitle: string,
  deps: IngestDeps,
): Promise<boolean> {
  if (!headlinesRelated(page.title, storedTitle)) return false;
  const stored = await deps.content.getArticle(id);
  if (!stored || !isSameBody(page.contentText, stored.contentText)) return false;
  return (
    !page.publishedAt ||
    Math.abs(Date.parse(page.publishedAt) - Date.parse(stored.publishedAt)) <= MOVED_DATE_SLACK_MS
  );
}

/**
 * Whether the page's own address is another address of the article: an article moved, or found
 * again under another URL, names its new address as canonical (kept as an alias of it).
 */
async function isAddressOf(pageId: string, articleId: string, deps: IngestDeps): Promise<boolean> {
  return (await deps.articles.resolveMany([pageId])).get(pageId)?.id === articleId;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
