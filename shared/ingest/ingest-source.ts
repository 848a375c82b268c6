/**
 * The ingest use case for one source: discover its new links, fetch and extract each new
 * article, store it (body in the content store, entry in the article repository with a
 * conditional write), then publish its event. An entry stored but not yet published is
 * published again on the next try, so a failed publish never loses an event.
 */

import { concurrencyLimit, mapWithConcurrency } from '../concurrency.js';
import type { Article } from '../domain/article.js';
import { type ArticleEntry, entryOf } from '../domain/article-entry.js';
import { type ArticleEvent, articleEventOf } from '../domain/events.js';
import { copyListingOf, listingOf } from '../domain/feed-listing.js';
import type { Source } from '../domain/source.js';
import { HEALTH_LIMITS, type PollRecord, type SourceHealth } from '../domain/source-record.js';
import { toZonedIso } from '../domain/time.js';
import { ValidationError } from '../domain/validation.js';
import { siteOf } from '../domain/web-url.js';
import type { ArticleEventPublisher, ArticleRepository, ContentStore, SourceRepository } from '../ports.js';
import { CategoryQuota } from './category-quota.js';
import {
  type Correction,
  correctionOf,
  guidAlias,
  listedOnce,
  MAX_CORRECTIONS,
  movedArticle,
  refetchCorrections,
} from './corrections.js';
import {
  bodyKeyFor,
  findSameStory,
  PollStories,
  recordStoryCopy,
  type StoryMatch,
  storyClaimedElsewhere,
  storyKeyFor,
} from './dedupe/same-story.js';
import type { DiscoveredLink } from './discover/discover-links.js';
import { MAX_SITEMAP_BYTES } from './discover/limits.js';
import { FetchError, type FetchedResource, type FetchOptions } from './fetch/fetcher.js';
import { withoutRefusedImages } from './images/refused-images.js';
import {
  IMAGE_TIME_BUDGET_MS,
  type ImageHosting,
  imageHostingFor,
  type MediaSettings,
} from './images/rehost-images.js';
import { canonicalizeUrl, parametersDroppedBy, withoutParameters } from './normalize/canonical-url.js';
import { aliasOf, articleIdFor } from './normalize/identity.js';
import { ExtractionTally, healthFlags } from './poll-health.js';
import { buildArticle, readArticlePage } from './read-page.js';

export { buildArticle, extractPage, type ReadPage, readArticlePage } from './read-page.js';

export interface IngestDeps {
  sources: SourceRepository;
  articles: ArticleRepository;
  content: ContentStore;
  events: ArticleEventPublisher;
  fetch: (url: string, options?: FetchOptions) => Promise<FetchedResource>;
  allowLoopback: boolean;
  /** Where article images are re-hosted (shared/ingest/images/); absent: they stay on the papers' servers. */
  media?: MediaSettings;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

/** Article pages fetched at once from one source (one host, usually). */
const PAGE_CONCURRENCY = 4;
/** New articles in the works at once: past the fetch, most of their time is spent waiting on the stores. */
const ARTICLE_CONCURRENCY = 16;
/** Links looked up in one batch read, just before their pages are fetched, and stored in one batch. */
const LINK_BATCH = 25;
/** Links a poll looks up once it has fetched its pages (each batch is one read of the index). */
export const MAX_LINKS_LOOKED_UP = 1_000;
/** Publish flags written at once. */
const FLAGS_AT_ONCE = 16;
/**
 * How long a poll starts fetching pages (its function has 150 s): a page whose fetch would start
 * later is left for the next poll, so what this one read is stored, announced and recorded in
 * time. A paper answering each page in 18 s never finished a poll, and its articles were stored
 * but never announced.
 */
export const POLL_PAGES_BUDGET_MS = 75_000;

/**
 * How long a poll holds its source (SourceRepository.claimPoll): the ingest function's timeout
 * (infra/topology.ts, checked by a test), after which a poll that died has surely ended.
 */
export const POLL_LEASE_MS = 150_000;

/** Raised instead of fetching a page once the poll's time for pages has run out. */
class OutOfTime extends Error {}

// Loaded by the first poll that needs them, not at a cold start: most sources are feeds, not
// listing pages or sitemaps; and a feed answered 304 Not Modified is not parsed (the feed
// parser, its XML parser and entity tables are).
const feedReader = () => import('./discover/discover-links.js');
const listingReader = () => import('./discover/discover-from-listing.js');
const sitemapReader = () => import('./discover/discover-from-sitemap.js');

/**
 * The links that are this source's to take: a link on the site of another source is that
 * source's article, whatever feed lists it (a feed re-serving another paper's items took them,
 * their ids and their place in the feeds). The other sources' sites are needed only when a link
 * leaves this source's own sites (sitesOfSources), and a site two sources share (a paper's
 * section feeds) is both's.
 */
async function ownLinks(
  source: Source,
  links: DiscoveredLink[],
  sources: Pick<SourceRepository, 'list'>,
  poll: PollRecord,
  now: Date,
): Promise<DiscoveredLink[]> {
  const own = ownSites(source);
  if (links.every((link) => own.has(siteOf(link.url)))) return links;
  let claimed: Map<string, string>;
  try {
    claimed = await othersSites(source, sources, now);
  } catch (error) {
    // Another source's unreadable record must not stop this one's poll: its links are taken.
    poll.warnings.push(`the other sources could not be read to see whose links these are: ${message(error)}`);
    return links;
  }
  const kept = links.filter((link) => !claimed.has(siteOf(link.url)));
  if (kept.length < links.length) {
    const owners = [...new Set(links.map((link) => claimed.get(siteOf(link.url))).filter(Boolean))];
    poll.warnings.push(
      `${links.length - kept.length} links on the site of another source (${owners.join(', ')}), left to it`,
    );
  }
  return kept;
}

/** The other source whose site a page is on (a link redirected there), when not on this source's own sites. */
async function ownerElsewhere(
  source: Source,
  url: string,
  sources: Pick<SourceRepository, 'list'>,
  now: Date,
): Promise<string | undefined> {
  const site = siteOf(url);
  if (ownSites(source).has(site)) return undefined;
  try {
    return (await othersSites(source, sources, now)).get(site);
  } catch {
    // Another source's unreadable record must not stop this one's poll (as in ownLinks).
    return undefined;
  }
}

function ownSites(source: Source): Set<string> {
  return new Set([source.homepage, ...source.urls].map(siteOf));
}

/** The sites of the other sources that are not this one's too, each with the source it is. */
async function othersSites(
  source: Source,
  sources: Pick<SourceRepository, 'list'>,
  now: Date,
): Promise<Map<string, string>> {
  const own = ownSites(source);
  const claimed = new Map<string, string>();
  for (const other of await sitesOfSources(sources, now)) {
    if (other.id === source.id) continue;
    for (const site of other.sites) if (!own.has(site)) claimed.set(site, other.id);
  }
  return claimed;
}

type SourceSites = { id: string; sites: string[] };

/**
 * The sites of every source, read from the table at most every SITES_KEPT_MS per process: a
 * scan reads each source's whole record (its health holds up to 5,000 seen links), and a source
 * whose links all leave its own site (a redirector, a mobile host) would scan at every poll.
 */
const SITES_KEPT_MS = 5 * 60_000;
const sitesRead = new WeakMap<object, { at: number; sources: SourceSites[] }>();

async function sitesOfSources(sources: Pick<SourceRepository, 'list'>, now: Date): Promise<SourceSites[]> {
  const kept = sitesRead.get(sources);
  if (kept && now.getTime() - kept.at < SITES_KEPT_MS) return kept.sources;
  const read = (await sources.list()).map(({ source }) => ({
    id: source.id,
    sites: [source.homepage, ...source.urls].map(siteOf),
  }));
  sitesRead.set(sources, { at: now.getTime(), sources: read });
  return read;
}

/** A poll's record, and whether it leaves the source flagged `failing`. */
export type IngestOutcome = PollRecord & { sourceId: string; failing: boolean };

export async function ingestSource(sourceId: string, deps: IngestDeps): Promise<IngestOutcome | undefined> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => {});
  const record = await deps.sources.get(sourceId);
  if (!record) {
    log('warn', 'ingest request for an unknown source', { sourceId });
    return undefined;
  }
  const { source, health } = record;
  if (!source.enabled) return undefined;

  const started = now();
  // One poll of a source at a time: two at once stored the same links and announced them twice.
  const claim = await deps.sources.claimPoll(sourceId, started, new Date(started.getTime() + POLL_LEASE_MS));
  if (!claim) {
    log('info', 'the source is being polled already', { sourceId });
    return undefined;
  }
  // Articles an earlier poll stored and never announced (it died, failed, or could not publish)
  // are owed: this poll announces them, whatever its listing says now (attack run 39: a listing
  // that had moved on by the retry left them in no feed, webhook or mail for good).
  let owed = claim === 'lapsed' || health.unannounced === true;
  const poll = newPollRecord(toZonedIso(started, source.timeZone));
  const validators = { ...health.validators };
  const toPublish: ArticleEvent[] = [];
  const tally = new ExtractionTally();
  const hosting = imageHostingFor(source, deps, started.getTime() + IMAGE_TIME_BUDGET_MS);
  const categories = new CategoryQuota(health.categories);
  let publishError: unknown;
  // Links this poll left for the next (deferred, out of time, not looked up, failed for now): the
  // next poll must read the listings in full to find them, not be told they are "not modified".
  let linksLeft = false;
  const lastSeen = new Set(health.seenLinks ?? []);
  // Links refused by an earlier poll and not due again yet, and those this poll refuses.
  const refused = new Map(
    Object.entries(health.refusedLinks ?? {}).filter(
      ([, retryAt]) => Date.parse(retryAt) > started.getTime(),
    ),
  );
  // Links found stored and announced, and links whose events this poll publishes.
  const seen: string[] = [];
  const announced: string[] = [];
  // Query parameters the paper's canonical URLs leave out: its links are read without them.
  // (Not those the administrator says choose an article.)
  const kept = new Set(source.keepLinkParams ?? []);
  const volatile = new Set((health.volatileParams ?? []).filter((name) => !kept.has(name)));
  const learned = new Set<string>();
  const choosing = new Set<string>();

  try {
    if (owed) {
      for (const entry of await unannouncedOf(source.id, deps.articles))
        toPublish.push(eventFor(entry, 'article.published', now));
    }
    const links = withoutVolatileParams(
      await ownLinks(source, await discover(source, validators, poll, deps), deps.sources, poll, started),
      volatile,
    );
    poll.itemsSeen = links.length;
    // The cap counts pages fetched, so it applies to new links only: a new link past it is left
    // for the next poll (it is still unknown then), never dropped behind links already stored.
    let pagesLeft = source.maxArticlesPerPoll;
    let deferred = 0;
    // Links the last poll found stored and announced are not even looked up; links refused
    // lately are left until their retry time.
    let leftRefused = 0;
    const unseen = links.filter((link) => {
      if (refused.has(seenKey(link.url))) {
        leftRefused++;
        return false;
      }
      const key = linkKey(link);
      if (!lastSeen.has(key)) return true;
      poll.itemsDuplicate++;
      seen.push(key);
      return false;
    });
    // Stored articles the listings say were changed since (a correction), fetched again below.
    const corrections: Correction[] = [];
    if (leftRefused > 0) {
      poll.warnings.push(
        `${leftRefused === 1 ? '1 link' : `${leftRefused} links`} refused by an earlier poll (no article in the page, too large, or at a refused address) left alone: a link is read again ${REFUSED_LINK_RETRY_MS / 3_600_000} hours after its refusal`,
      );
    }
    const work: NewLinkWork = {
      source,
      deps,
      now,
      warnings: poll.warnings,
      tally,
      hosting,
      fetchPage: concurrencyLimit(PAGE_CONCURRENCY),
      pagesUntil: started.getTime() + POLL_PAGES_BUDGET_MS,
      stories: new PollStories(),
      guids: listedOnce(links),
      categories,
      learned,
      choosing,
    };
    let outOfTime = 0;
    const countResults = (fresh: DiscoveredLink[], results: LinkResult[]) => {
      for (const [n, result] of results.entries()) {
        const link = fresh[n]!;
        if (result.kind === 'later') {
          outOfTime++;
          continue;
        }
        if (result.kind === 'failed') {
          poll.itemsFailed++;
          if (!result.lasting) linksLeft = true;
          poll.warnings.push(`${link.url}: skipped: ${result.reason}`);
          if (result.lasting) {
            refused.set(seenKey(link.url), toZonedIso(new Date(started.getTime() + REFUSED_LINK_RETRY_MS)));
          }
          log('warn', 'article skipped', { sourceId, url: link.url, reason: result.reason });
          continue;
        }
        if (result.kind === 'duplicate') poll.itemsDuplicate++;
        if (result.kind === 'new') poll.itemsNew++;
        if (result.event) toPublish.push(result.event);
        announced.push(linkKey(link));
        for (const warning of result.warnings) poll.warnings.push(`${link.url}: ${warning}`);
      }
    };
    // Two batches under way at most: the next one is looked up and fetched while the last is stored.
    let storing: Promise<void> = Promise.resolve();
    let notLookedUp = 0;
    let stoppedMidPoll: { links: number; deleted: boolean } | undefined;
    for (let start = 0; start < unseen.length; start += LINK_BATCH) {
      // Disabled or deleted while its pages were read: what is stored stays, no more is fetched;
      // the links left are read at its next poll (its listings' validators are not kept).
      if (start > 0 && pagesLeft > 0) {
        const current = await deps.sources.get(sourceId);
        if (!current?.source.enabled) {
          stoppedMidPoll = { links: unseen.length - start, deleted: !current };
          break;
        }
      }
      if (now().getTime() > work.pagesUntil) {
        outOfTime += unseen.length - start;
        break;
      }
      // With its pages fetched, a poll looks up a bounded number of links more (to count them, and
      // announce any stored but unannounced): a listing of 100,000 links held a poll for 75 s.
      if (pagesLeft === 0 && start >= MAX_LINKS_LOOKED_UP) {
        notLookedUp = unseen.length - start;
        break;
      }
      const batch = unseen.slice(start, start + LINK_BATCH);
      // Looked up a batch ahead of its fetches, not when the poll began: a racing poll may have stored some since.
      const stored = new Map(await deps.articles.resolveMany(batch.map((link) => articleIdFor(link.url))));
      // The links unknown by address, by their feed ids: an article the paper moved to a new
      // address (an edited headline). Known links, most of a poll's, cost no second read.
      const guids = batch.flatMap((link) =>
        work.guids.has(link) && !stored.has(articleIdFor(link.url))
          ? [guidAlias(sourceId, link.guid!).id]
          : [],
      );
      if (guids.length > 0)
        for (const [id, entry] of await deps.articles.resolveMany(guids)) stored.set(id, entry);
      const fresh: DiscoveredLink[] = [];
      for (const link of batch) {
        const known = stored.get(articleIdFor(link.url));
        const moved = known ? undefined : movedArticle(link, stored, work);
        if (moved) {
          poll.itemsDuplicate++;
          if (corrections.length < MAX_CORRECTIONS)
            corrections.push({ link, id: moved.id, moved: { title: moved.title } });
          else linksLeft = true;
          continue;
        }
        if (known) {
          poll.itemsDuplicate++;
          // A withdrawn article is never read again nor announced: its link is only seen.
          const correction =
            known.published && !known.withdrawn ? correctionOf(link, known, sourceId, now()) : 'none';
          if (correction === 'now' && corrections.length < MAX_CORRECTIONS) {
            corrections.push({ link, id: known.id });
          } else if (correction === 'now' || correction === 'later') {
            // Past this poll's five, or stamped ahead of the clock: looked at again next poll.
            linksLeft = true;
          } else if (known.published || known.withdrawn) seen.push(linkKey(link));
          else {
            toPublish.push(eventFor(known, 'article.published', now));
            announced.push(linkKey(link));
          }
        } else if (pagesLeft > 0) {
          pagesLeft--;
          fresh.push(link);
        } else deferred++;
      }
      const next = ingestNewLinks(fresh, work).then((results) => countResults(fresh, results));
      next.catch(() => {}); // awaited below; handled now, so a failure meanwhile is not an unhandled rejection
      await storing;
      storing = next;
    }
    await storing;
    if (corrections.length > 0 && !stoppedMidPoll && now().getTime() < work.pagesUntil) {
      const corrected = await refetchCorrections(corrections, work);
      poll.itemsCorrected = corrected.updated;
      // Each listed correction is looked at once, applied or not (its warning says why).
      const notMoved = new Set(corrected.notMoved);
      seen.push(...corrections.filter(({ link }) => !notMoved.has(link)).map(({ link }) => linkKey(link)));
      for (const warning of corrected.warnings) poll.warnings.push(warning);
      toPublish.push(...corrected.withdrawn);
      // Not the stored article moved after all (its page is another story): a new article.
      if (notMoved.size > 0) {
        poll.itemsDuplicate -= notMoved.size;
        countResults(corrected.notMoved, await ingestNewLinks(corrected.notMoved, work));
      }
    }
    if (deferred > 0 || notLookedUp > 0 || outOfTime > 0 || stoppedMidPoll) linksLeft = true;
    if (deferred > 0) {
      poll.warnings.push(
        `${deferred} new articles left for the next poll (at most ${source.maxArticlesPerPoll} are fetched per poll)`,
      );
    }
    if (notLookedUp > 0) {
      poll.warnings.push(
        `${notLookedUp} links not looked at: once its ${source.maxArticlesPerPoll} pages are fetched, a poll looks up ${MAX_LINKS_LOOKED_UP} links at most`,
      );
    }
    if (outOfTime > 0) {
      poll.warnings.push(
        `${outOfTime} links left for the next poll: pages are fetched for ${POLL_PAGES_BUDGET_MS / 1000} s of a poll, and the paper answered slowly`,
      );
    }
    // Images earlier polls could not re-host: the articles that got them are announced as updated
    // (not a withdrawn one: it leaves the list).
    const pending = hosting ? await notWithdrawn(record.pendingImages ?? [], sourceId, deps) : [];
    const rehosted = hosting ? await hosting.retryPending(pending, deps.content) : [];
    // Their events name the other papers that ran them (entryOf keeps the copies): those feeds show the images too.
    toPublish.push(...rehosted.map((article) => eventFor(entryOf(article), 'article.updated', now)));
    poll.warnings.push(...(hosting?.warnings ?? []));
    const leftOff = categories.warning();
    if (leftOff) poll.warnings.push(leftOff);
    // Deleted meanwhile: its new articles are stored, and announced to no feed (they would build
    // its feed again and list the source in the directory once more). Disabled: announced.
    if (
      stoppedMidPoll?.deleted ||
      ((toPublish.length > 0 || corrections.length > 0) && !(await deps.sources.get(sourceId)))
    ) {
      log('warn', 'source deleted during its poll: its new articles are stored, not announced', {
        sourceId,
        stored: toPublish.length,
      });
      return undefined;
    }
    if (stoppedMidPoll) {
      poll.warnings.push(
        `the source was disabled during this poll: ${stoppedMidPoll.links} links left for its next poll, no more pages fetched`,
      );
    }
    const events = onePublicationEach(toPublish);
    try {
      // Nothing to announce calls no publisher (a cold start loads the topic's client for none).
      if (events.length > 0) await deps.events.publish(events);
      await mapWithConcurrency(events, FLAGS_AT_ONCE, (event) =>
        deps.articles.markPublished(event.articleId),
      );
      poll.eventsPublished = events.length;
      seen.push(...announced);
      owed = false;
    } catch (error) {
      owed = true;
      publishError = error;
      poll.status = 'failed';
      poll.error = `stored ${events.length} articles but could not publish their events: ${message(error)}`;
    }
  } catch (error) {
    // What it stored before failing is announced by the next poll.
    owed = true;
    poll.status = 'failed';
    poll.error = message(error);
    if (error instanceof FetchError && error.status) poll.httpStatus = error.status;
    log('warn', 'poll failed', { sourceId, reason: poll.error });
  }

  poll.durationMs = now().getTime() - started.getTime();
  Object.assign(poll, tally.counts(), hosting?.counts());
  // A listing not read again (not modified, unreachable) leaves the last poll's links as they were.
  const seenLinks =
    poll.status === 'not-modified' || seen.length === 0
      ? health.seenLinks
      : seen.sort().slice(0, HEALTH_LIMITS.seenLinks);
  const consecutiveFailures = poll.status === 'failed' ? health.consecutiveFailures + 1 : 0;
  const nextHealth: SourceHealth = {
    lastPoll: bounded(poll),
    consecutiveFailures,
    // A failed poll keeps none, nor one that left links for the next: the retry, and the next
    // poll, read every listing in full (with them, a listing unchanged since it was read answered
    // 304, and the articles stored but not announced, the links left, or a feed that could not be
    // read, were never read again).
    validators: poll.status === 'failed' || linksLeft ? {} : validatorsKept(validators, health.validators),
    ...healthFlags(health, consecutiveFailures, tally.articles()),
    ...(seenLinks ? { seenLinks } : {}),
    ...(refused.size > 0 ? { refusedLinks: refusedKept(refused) } : {}),
    ...(categories.known().length > 0 ? { categories: categories.known() } : {}),
    ...volatileKept(volatile, new Set([...learned].filter((name) => !choosing.has(name)))),
    ...(owed ? { unannounced: true as const } : {}),
  };
  // Deleted during a poll that had nothing to announce: nothing is left to record it on.
  if (!(await deps.sources.recordPoll(source.id, nextHealth))) {
    log('warn', 'source deleted during its poll: its health is not recorded', { sourceId });
    return undefined;
  }
  if (hosting) await deps.sources.notePendingImages(source.id, hosting.pendingChanges());
  // Rethrown so the queue delivers the request again; the retry re-publishes the stored articles.
  if (publishError) throw publishError;
  return { sourceId: source.id, ...poll, failing: nextHealth.flags?.includes('failing') ?? false };
}

/** The refused links a record keeps: those due latest (the newest refusals), at most HEALTH_LIMITS.refusedLinks. */
function refusedKept(refused: ReadonlyMap<string, string>): Record<string, string> {
  const newest = [...refused].sort((a, b) => Date.parse(b[1]) - Date.parse(a[1]));
  return Object.fromEntries(newest.slice(0, HEALTH_LIMITS.refusedLinks));
}

/** The poll as the source's record keeps it: the first warnings, each and the error cut short. */
function bounded(poll: PollRecord): PollRecord {
  const { error } = poll;
  return {
    ...poll,
    warnings: boundedWarnings(poll.warnings),
    ...(error ? { error: cut(error, HEALTH_LIMITS.errorChars) } : {}),
  };
}

/**
 * A poll's warnings as its record and its log keep them: the first HEALTH_LIMITS.warnings, each cut
 * short, and how many more (a page's reason may quote it; a 2-million-character link was logged whole).
 */
export function boundedWarnings(warnings: readonly string[]): string[] {
  const kept = warnings.slice(0, HEALTH_LIMITS.warnings).map((w) => cut(w, HEALTH_LIMITS.warningChars));
  if (warnings.length > kept.length) kept.push(`and ${warnings.length - kept.length} more warnings`);
  return kept;
}

function cut(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

/**
 * The validators of the URLs this poll fetched (`discover` adds or replaces each), not those of
 * URLs no longer listed (a sitemap index's old children); the last poll's when this one fetched none.
 */
function validatorsKept(
  validators: SourceHealth['validators'],
  before: SourceHealth['validators'],
): SourceHealth['validators'] {
  const fetched = Object.entries(validators).filter(([url, value]) => before[url] !== value);
  if (fetched.length === 0) return before;
  return Object.fromEntries(fetched.slice(-HEALTH_LIMITS.validators));
}

/** A poll that has just started: nothing counted yet. */
export function newPollRecord(at: string): PollRecord {
  return {
    at,
    status: 'ok',
    durationMs: 0,
    itemsSeen: 0,
    itemsNew: 0,
    itemsDuplicate: 0,
    itemsFailed: 0,
    eventsPublished: 0,
    warnings: [],
  };
}

/**
 * A listing's validators as the source's record keeps them: an ETag or a date longer than any
 * server's real one (16,000 characters each on 20 listings) would push the record past
 * DynamoDB's 400 KB and lose the poll's record; it is not kept, and the next GET is unconditional.
 */
function keptValidators(resource: Pick<FetchedResource, 'etag' | 'lastModified'>) {
  const kept = (value: string | undefined, max: number) => (value && value.length <= max ? value : undefined);
  return { etag: kept(resource.etag, MAX_ETAG_CHARS), lastModified: kept(resource.lastModified, 64) };
}
const MAX_ETAG_CHARS = 256;
/** A redirect's target kept with the validators (longer: the next GET is unconditional), for the record's size as above. */
const MAX_VALIDATED_URL = 512;

/** Listings (feeds, section pages, sitemaps) of one source read at once. */
const LISTING_CONCURRENCY = 4;
/**
 * How long a poll starts reading listings: one whose fetch would start later is left for the next
 * poll (with a warning), so that pages still get their time (POLL_PAGES_BUDGET_MS). Ten feeds
 * answering in 18 s each, read one after another, used up the page budget on every poll.
 */
export const POLL_LISTINGS_BUDGET_MS = 40_000;

/**
 * Reads the source's listings (feeds) into candidate links, in the order of its URLs; also used
 * by the admin preview. A listing that fails is a warning while another is read: one section
 * gone (404) must not cost the others' articles. When every listing fails, the poll fails with
 * the first one's error.
 */
export async function discover(
  source: Source,
  validators: SourceHealth['validators'],
  poll: PollRecord,
  deps: Pick<IngestDeps, 'fetch' | 'allowLoopback' | 'now'>,
): Promise<DiscoveredLink[]> {
  const clock = deps.now ?? (() => new Date());
  const until = clock().getTime() + POLL_LISTINGS_BUDGET_MS;
  // A conditional GET, its validators recorded per URL; null when the resource has not changed.
  const fetchConditionally = async (url: string): Promise<FetchedResource | null> => {
    const { url: validatorsUrl, ...known } = validators[url] ?? {};
    const resource = await deps.fetch(url, {
      ...known,
      ...(validatorsUrl ? { validatorsUrl } : {}),
      allowLoopback: deps.allowLoopback,
      accept: ACCEPT[source.kind],
      ...(source.kind === 'sitemap' ? { maxBytes: MAX_SITEMAP_BYTES } : {}),
    });
    poll.httpStatus = resource.status;
    const kept = keptValidators(resource);
    // They belong to where the URL led (a feed behind a redirect answers 304 there, not here).
    const at = resource.url !== url && resource.url.length <= MAX_VALIDATED_URL ? { url: resource.url } : {};
    // A 304 need not repeat the validators (RFC 9110): those sent stay.
    validators[url] = resource.notModified
      ? { etag: kept.etag ?? known.etag, lastModified: kept.lastModified ?? known.lastModified, ...at }
      : { ...kept, ...at };
    return resource.notModified ? null : resource;
  };
  const read = async (url: string, fetched: string[]): Promise<DiscoveredLink[] | null> => {
    fetched.push(url);
    const resource = await fetchConditionally(url);
    if (!resource) return null;
    if (source.kind === 'feed') {
      const { discoverFromFeed } = await feedReader();
      // One by one: a spread of 150,000 items overflows the call stack.
      const links: DiscoveredLink[] = [];
      for (const link of discoverFromFeed(resource, source.timeZone)) links.push(link);
      return links;
    }
    if (source.kind === 'html') {
      const { discoverFromListing } = await listingReader();
      const found = discoverFromListing(resource, {
        linksSelector: source.selectors?.links,
        timeZone: source.timeZone,
      });
      if (found.length === 0) poll.warnings.push(`${url}: no article links found on the listing page`);
      return found;
    }
    const { discoverFromSitemap } = await sitemapReader();
    const sitemap = await discoverFromSitemap(resource, {
      timeZone: source.timeZone,
      fetchChild: (child) => {
        fetched.push(child);
        return fetchConditionally(child);
      },
      onChildError: (child, error) => {
        // Its validators would have the next poll find it "not modified", failure and all.
        validators[child] = {};
        poll.warnings.push(`${child}: not read (${reasonOf(error, child)}); the index's other sitemaps were`);
      },
    });
    poll.warnings.push(...sitemap.notes);
    // An index is read in full each time: its children change while it may not.
    if (sitemap.index) validators[url] = {};
    return sitemap.links;
  };
  type Outcome = { links: DiscoveredLink[] | null } | { error: unknown } | { late: true };
  const outcomes = await mapWithConcurrency(
    source.urls,
    LISTING_CONCURRENCY,
    async (url): Promise<Outcome> => {
      if (clock().getTime() > until) return { late: true };
      const fetched: string[] = [];
      try {
        return { links: await read(url, fetched) };
      } catch (error) {
        // Their validators (a sitemap index's children's too) would have the next poll find them
        // "not modified", failure and all.
        for (const done of fetched) validators[done] = {};
        return { error };
      }
    },
  );
  const failures = outcomes.flatMap((o, i) =>
    'error' in o ? [{ url: source.urls[i]!, error: o.error }] : [],
  );
  if (failures.length === source.urls.length) throw failures[0]!.error;
  for (const { url, error } of failures) {
    poll.warnings.push(`${url}: not read (${reasonOf(error, url)}); the other listings were`);
  }
  const late = source.urls.filter((_, i) => 'late' in outcomes[i]!);
  if (late.length > 0) {
    poll.warnings.push(
      `${late.length} listings left for the next poll: listings are read for ${POLL_LISTINGS_BUDGET_MS / 1000} s of a poll, and the paper answered slowly`,
    );
  }
  const links = outcomes.flatMap((o) => ('links' in o && o.links ? o.links : []));
  if (outcomes.every((o) => 'links' in o && o.links === null)) poll.status = 'not-modified';
  // Listing pages of one paper share many links (most-read boxes, several section pages).
  const seen = new Set<string>();
  return links.filter((link) => !seen.has(link.url) && Boolean(seen.add(link.url)));
}

const ACCEPT: Record<Source['kind'], string> = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
  html: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  sitemap: 'application/xml, text/xml;q=0.9, text/plain;q=0.5, */*;q=0.3',
};

type LinkResult =
  | { kind: 'new' | 'duplicate'; event?: ArticleEvent; warnings: string[] }
  /** `lasting`: reading the page again soon would fail the same way (refusedLinks). */
  | { kind: 'failed'; reason: string; lasting?: boolean }
  /** Not fetched: the poll's time for pages ran out. The next poll finds the link unknown again. */
  | { kind: 'later' };

/** A new link's article, its body stored, its entry still to write. */
type ReadyArticle = {
  kind: 'ready';
  entry: ArticleEntry;
  /** As stored: its event carries its excerpt and lead image. */
  article: Article;
  linkUrl: string;
  /** The listing's id of the item, kept as another key of the article (guidAlias). */
  guid?: string;
  warnings: string[];
  /** False when a body was stored under its id already (an earlier try, a racing poll). */
  bodyWritten: boolean;
};

interface NewLinkWork {
  source: Source;
  deps: IngestDeps;
  now: () => Date;
  /** The poll's warnings, for what concerns no one link. */
  warnings: string[];
  tally: ExtractionTally;
  hosting: ImageHosting | undefined;
  /** Runs a page fetch when fewer than PAGE_CONCURRENCY are under way. */
  fetchPage: <T>(task: () => Promise<T>) => Promise<T>;
  /** No page fetch starts after this instant (ms): POLL_PAGES_BUDGET_MS. */
  pagesUntil: number;
  /** This poll's new articles so far: a page listed under two URLs is one article. */
  stories: PollStories;
  /** The categories the source may still bring. */
  categories: CategoryQuota;
  /** Query parameters of links that this poll's pages named canonical URLs without. */
  learned: Set<string>;
  /** Query parameters this poll saw choose an article: two pages apart by them named one canonical URL. */
  choosing: Set<string>;
  /** The links whose feed id no other link of the listings carries: by it, a moved article is found. */
  guids: ReadonlySet<DiscoveredLink>;
}

/**
 * The links without the parameters the paper's canonical URLs leave out: a listing's
 * cache-busting `?v=…`, new at every poll, made every link new and every page fetched again at
 * each poll. Two links that become one are one.
 */
function withoutVolatileParams(links: DiscoveredLink[], volatile: ReadonlySet<string>): DiscoveredLink[] {
  if (volatile.size === 0) return links;
  const byUrl = new Map<string, DiscoveredLink>();
  for (const link of links) {
    const url = withoutParameters(link.url, volatile);
    if (!byUrl.has(url)) byUrl.set(url, url === link.url ? link : { ...link, url });
  }
  return [...byUrl.values()];
}

/** The parameter names kept in the source's record: those known and those learned, a few, short ones. */
function volatileKept(
  known: ReadonlySet<string>,
  learned: ReadonlySet<string>,
): { volatileParams?: string[] } {
  const names = [...new Set([...known, ...learned])]
    .filter((name) => name.length > 0 && name.length <= 40)
    .slice(0, HEALTH_LIMITS.volatileParams);
  return names.length > 0 ? { volatileParams: names } : {};
}

/** A new link whose page repeats another new link of the same poll (see PollStories). */
type TwinArticle = {
  kind: 'twin';
  of: { id: string; stored: Promise<boolean> };
  urls: string[];
  warnings: string[];
};

/**
 * Fetches, extracts and stores links no stored article was known by: bodies first, then the
 * entries of the whole batch in batch writes. One link's failure is its own.
 */
async function ingestNewLinks(links: DiscoveredLink[], work: NewLinkWork): Promise<LinkResult[]> {
  const read = await mapWithConcurrency(links, ARTICLE_CONCURRENCY, (link) =>
    readNewLink(link, work).catch((error: unknown) =>
      error instanceof OutOfTime ? ({ kind: 'later' } as const) : failed(error, link.url),
    ),
  );
  const ready = read.filter((result): result is ReadyArticle => result.kind === 'ready');
  let created: boolean[];
  try {
    created = await work.deps.articles.createMany(
      ready.map(({ entry }) => ({ entry, listing: listingOf(entry, work.now()) })),
    );
  } catch (error) {
    for (const result of ready) work.stories.settle(result.entry.id, false);
    return Promise.all(
      read.map((result) => (result.kind === 'ready' ? failed(error) : twinResult(result, work))),
    );
  }
  const stored = new Map(ready.map((result, n) => [result, created[n]!]));
  // Settled by id: two links whose pages name one canonical URL make one entry, written once.
  const createdIds = new Set(ready.filter((result) => stored.get(result)).map((result) => result.entry.id));
  for (const result of ready) work.stories.settle(result.entry.id, createdIds.has(result.entry.id));
  const results = await mapWithConcurrency(read, ARTICLE_CONCURRENCY, async (result): Promise<LinkResult> => {
    if (result.kind !== 'ready') return twinResult(result, work);
    const { entry, article, linkUrl, warnings } = result;
    try {
      // The entry is this poll's: so is the body (a racing poll's may have been stored first).
      if (stored.get(result) && !result.bodyWritten) await work.deps.content.putArticle(article);
      await work.deps.articles.addAlias(aliasOf(linkUrl), entry.id);
    } catch (error) {
      return failed(error);
    }
    if (!stored.get(result)) return { kind: 'duplicate', warnings };
    return { kind: 'new', event: eventFor(entry, 'article.published', work.now, article), warnings };
  });
  // The new articles' feed item ids, a batch for them all (one write an article was a tenth of a
  // poll's requests): a paper that moves one of them to a new address is found by it. A failure
  // loses that alone: the articles are stored and announced.
  const feedIds = ready.filter((result) => result.guid && stored.get(result));
  if (feedIds.length === 0) return results;
  try {
    await work.deps.articles.setAliases(
      feedIds.map((result) => ({
        alias: guidAlias(work.source.id, result.guid!),
        articleId: result.entry.id,
      })),
    );
  } catch (error) {
    work.warnings.push(`feed item ids of the new articles not kept: ${message(error)}`);
  }
  return results;
}

/**
 * A twin's outcome once the article it repeats is stored: its URLs lead there. Its twin not
 * stored, it fails: the next poll reads it again. Other results are passed through.
 */
async function twinResult(result: LinkResult | TwinArticle, work: NewLinkWork): Promise<LinkResult> {
  if (result.kind !== 'twin') return result;
  if (!(await result.of.stored))
    return { kind: 'failed', reason: 'the same page under another URL was not stored' };
  try {
    for (const url of new Set(result.urls)) await work.deps.articles.addAlias(aliasOf(url), result.of.id);
  } catch (error) {
    return failed(error);
  }
  return { kind: 'duplicate', warnings: result.warnings };
}

/** Fetches and extracts a new link's page; stores its body unless it leads to a stored article. */
async function readNewLink(
  link: DiscoveredLink,
  work: NewLinkWork,
): Promise<LinkResult | ReadyArticle | TwinArticle> {
  const { source, deps, now, hosting } = work;
  let read = await readArticlePage(source, link, {
    fetch: (url, options) =>
      work.fetchPage(() => {
        if (now().getTime() > work.pagesUntil) throw new OutOfTime();
        return deps.fetch(url, options);
      }),
    allowLoopback: deps.allowLoopback,
  });
  // A link of this source's that redirects onto another source's site brings that paper's
  // article: it is that source's to take (ownLinks looks at the links as listed, not where they lead).
  const owner = await ownerElsewhere(source, read.url, deps.sources, now());
  if (owner) {
    return {
      kind: 'failed',
      reason: `it leads to ${read.url}, on the site of source ${owner}: left to it`,
      lasting: true,
    };
  }
  work.tally.record(read.extracted, link);
  // The link's own id was looked up with its batch; a canonical URL elsewhere is looked up here.
  let existing = read.id === articleIdFor(link.url) ? undefined : await deps.articles.get(read.id);
  // A canonical URL naming an article under another headline names another article (a CMS that
  // prints one article's address on others, attack run 32): this page is its own address's.
  const headline = storyKeyFor(read.extracted.title);
  if (existing?.storyKey && headline && existing.storyKey !== headline) {
    const own = canonicalizeUrl(read.url) ?? read.url;
    read = { ...read, canonicalUrl: own, id: articleIdFor(own) };
    existing = read.id === articleIdFor(link.url) ? undefined : await deps.articles.get(read.id);
  }
  // Another page of this poll, under another headline, named this address first: this page is
  // its own address's (the pages' canonical URLs would have made the two one).
  if (!work.stories.claim(read.id, read.extracted) && read.id !== articleIdFor(link.url)) {
    // What the canonical URL left out of this link chose this article: it is not to be dropped.
    for (const name of parametersDroppedBy(link.url, read.canonicalUrl)) work.choosing.add(name);
    const own = canonicalizeUrl(read.url) ?? read.url;
    read = { ...read, canonicalUrl: own, id: articleIdFor(own) };
    work.stories.claim(read.id, read.extracted);
    existing = read.id === articleIdFor(link.url) ? undefined : await deps.articles.get(read.id);
  }
  const { id, canonicalUrl, warnings } = read;
  // Parameters the paper's own canonical URL leaves out of the link choose no article (a few at most).
  const dropped = parametersDroppedBy(link.url, canonicalUrl);
  if (dropped.length > 0 && dropped.length <= 3)
    for (const name of dropped) if (!source.keepLinkParams?.includes(name)) work.learned.add(name);
  if (existing) {
    await deps.articles.addAlias(aliasOf(link.url), id);
    return duplicateOf(existing, warnings, now);
  }

  const built = buildArticle(source, link, read, toZonedIso(now(), source.timeZone));
  // This link and the page's own address lead to a stored article from now on.
  const leadTo = async (articleId: string) => {
    for (const url of new Set([link.url, canonicalUrl]))
      await deps.articles.addAlias(aliasOf(url), articleId);
  };
  // Another paper's story this page repeats: credited and linked there, not stored again.
  const creditCopy = async (story: StoryMatch): Promise<LinkResult> => {
    if (story.entry.withdrawn) return withdrawnAgain(story.entry);
    // The sections this paper filed it under open their feeds as a stored article's do.
    const filed = { ...built, categories: work.categories.admit(built.categories) };
    const { entry, rewritten } = await recordStoryCopy(deps, story, source, filed, now());
    // This paper ran the story too: its own feed lists it, from now. Before the aliases: a link
    // with an alias is known at the next poll, so a failure here must leave it unknown, to be
    // read again. (Should this poll's events not reach the topic, the feed shows the story at
    // its next rebuild: feeds read their listings.)
    const copy =
      entry.sourceId === source.id
        ? undefined
        : (entry.alsoPublishedBy ?? []).find((recorded) => recorded.sourceId === source.id);
    const listed =
      copy !== undefined && (await deps.articles.addListing(entry.id, copyListingOf(entry.id, copy, now())));
    await leadTo(entry.id);
    // The story credits another paper now, or enters this paper's feed: its feeds are told (they
    // keep rendered articles). The event names this paper alone among the copies: the feeds of
    // the papers that ran it before keep the credits they show until the story changes (told all
    // at each copy, a wire story's hundredth paper rebuilt a hundred feeds).
    if ((rewritten || listed) && entry.published && !entry.withdrawn) {
      const { alsoListedIn: _earlier, ...event } = eventFor(entry, 'article.updated', now);
      return {
        kind: 'duplicate',
        // (Its categories are those the story is listed under now: the copy's sections too.)
        event: copy
          ? {
              ...event,
              alsoListedIn: [source.id],
              ...(listed ? { copiedBy: source.id } : {}),
            }
          : event,
        warnings,
      };
    }
    return duplicateOf(entry, warnings, now);
  };
  // A withdrawn story found again (another paper's copy, the paper's own page under a new
  // address: attack run 38): kept out of every feed, unannounced; the link leads to it, so it is
  // not read again; the poll says so.
  const withdrawnAgain = async (entry: ArticleEntry): Promise<LinkResult> => {
    await leadTo(entry.id);
    const note = `${link.url}: the story of withdrawn article ${entry.id} (${entry.withdrawn?.reason ?? ''}): not listed`;
    return duplicateOf(entry, [...warnings, note], now);
  };
  // The story already stored: another paper's copy is credited and linked there, not stored
  // again; the same paper's page under another URL becomes another address of its article.
  const story = await findSameStory(deps, built, work.stories);
  if (story?.entry.withdrawn) return withdrawnAgain(story.entry);
  if (story?.mirror) {
    await leadTo(story.entry.id);
    return duplicateOf(story.entry, warnings, now);
  }
  if (story) return creditCopy(story);
  // The same page under another of this poll's links: one article (it is settled in ingestNewLinks).
  const twin = work.stories.twinOf(built);
  if (twin) return { kind: 'twin', of: twin, urls: [link.url, canonicalUrl], warnings };
  // The same story another paper's poll is storing at this moment: a copy of it too.
  const elsewhere = await storyClaimedElsewhere(deps, built, now());
  if (elsewhere) {
    work.stories.settle(id, false);
    return creditCopy(elsewhere);
  }
  // A twin brings no categories (it opens no feed): only the article stored does.
  const article = { ...built, categories: work.categories.admit(built.categories) };
  try {
    const stored = hosting
      ? await hosting.rehost(article)
      : await withoutRefusedImages(article, deps.allowLoopback);
    // Raw page and body first (side by side): an entry never points at a missing body. The body
    // only if none is stored: a racing poll of another source may be storing the same article.
    const [, bodyWritten] = await Promise.all([
      deps.content.putRawPage(id, read.html),
      deps.content.createArticle(stored),
    ]);
    const entry = entryOf(article, storyKeyFor(article.title), bodyKeyFor(article.contentText));
    return {
      kind: 'ready',
      entry,
      article: stored,
      linkUrl: link.url,
      ...(work.guids.has(link) ? { guid: link.guid } : {}),
      warnings,
      bodyWritten,
    };
  } catch (error) {
    work.stories.settle(id, false);
    throw error;
  }
}

/**
 * A link's failure. The poll's warning names the link, so a fetch error of that very URL gives
 * its reason alone ("HTTP 404 Not Found"), as readArticlePage does for a page that is no page.
 */
function failed(error: unknown, linkUrl?: string): LinkResult {
  return {
    kind: 'failed',
    reason: reasonOf(error, linkUrl),
    ...(isLasting(error, linkUrl) ? { lasting: true } : {}),
  };
}

/**
 * A failure the next poll would meet again: the page holds no article (refused as one), or is one
 * Bantin never fetches (too large, a refused address). A 404 may be a page not yet out where the
 * feed already links it, and network errors and 5xx may pass: those are tried at the next poll.
 */
function isLasting(error: unknown, linkUrl?: string): boolean {
  if (error instanceof ValidationError) return true;
  return error instanceof FetchError && error.url === linkUrl && error.code !== undefined;
}

/** How long a refused link is left alone before a poll reads it again. */
export const REFUSED_LINK_RETRY_MS = 6 * 60 * 60_000;

/** Why reading `url` failed, without the URL when the error is that URL's own fetch error. */
function reasonOf(error: unknown, url?: string): string {
  return error instanceof FetchError && error.url === url ? error.reason : message(error);
}

/** Of these articles waiting for images, those not withdrawn; the withdrawn leave the source's list. */
async function notWithdrawn(ids: string[], sourceId: string, deps: IngestDeps): Promise<string[]> {
  if (ids.length === 0) return ids;
  const entries = await deps.articles.resolveMany(ids);
  const gone = ids.filter((id) => entries.get(id)?.withdrawn);
  if (gone.length > 0) await deps.sources.notePendingImages(sourceId, { remove: gone });
  return ids.filter((id) => !gone.includes(id));
}

/** A link that leads to a stored article; its event again if it never reached the topic. */
function duplicateOf(entry: ArticleEntry, warnings: string[], now: () => Date): LinkResult {
  return {
    kind: 'duplicate',
    event: entry.published || entry.withdrawn ? undefined : eventFor(entry, 'article.published', now),
    warnings,
  };
}

/**
 * One `article.published` event per article. A poll may reach an article stored but not yet
 * announced again under another URL (its canonical URL, another section's address), in a later
 * batch: each reaching made its event. The first reading's event is kept where it carries more
 * (the excerpt and image, which only a page just read gives); updates pass as they are.
 */
export function onePublicationEach(events: readonly ArticleEvent[]): ArticleEvent[] {
  const kept: ArticleEvent[] = [];
  const published = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'article.published') {
      kept.push(event);
      continue;
    }
    const at = published.get(event.articleId);
    if (at === undefined) {
      published.set(event.articleId, kept.length);
      kept.push(event);
    } else if (event.excerpt && !kept[at]!.excerpt) kept[at] = event;
  }
  return kept;
}

/** A link's key among the last poll's links (seenLinks in domain/source-record.ts). */
function seenKey(url: string): string {
  return articleIdFor(url).slice(0, 12);
}

/**
 * A listed link's key among the last poll's links: its URL, and the modification its listing
 * states, so that a link listed again with a later one is looked at again (a correction).
 */
function linkKey(link: DiscoveredLink): string {
  return link.updatedAt
    ? articleIdFor(`${link.url}#updated=${link.updatedAt}`).slice(0, 12)
    : seenKey(link.url);
}

/** How far back a poll looks for its paper's articles stored and never announced. */
const UNANNOUNCED_LOOKBACK = 50;

/** The paper's own newest articles stored and not announced (withdrawn ones apart: never announced). */
async function unannouncedOf(
  sourceId: string,
  articles: Pick<ArticleRepository, 'newest'>,
): Promise<ArticleEntry[]> {
  const newest = await articles.newest({ kind: 'source', sourceId }, UNANNOUNCED_LOOKBACK);
  return newest.filter((entry) => entry.sourceId === sourceId && !entry.published && !entry.withdrawn);
}

function eventFor(
  entry: ArticleEntry,
  type: ArticleEvent['type'],
  now: () => Date,
  article?: Article,
): ArticleEvent {
  return articleEventOf(entry, type, toZonedIso(now()), article);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
