/**
 * The alerts queue's work, for each batch of article events: record a clipping of every new
 * article (what digests are made from), bring those of revised articles up to date, then mail the `instant` subscribers whose choice
 * matches. Alerts are capped per subscriber per hour; what comes over the cap waits and rolls
 * into the next alert (the digest planner asks for it once the hour turns).
 */
import { randomUUID } from 'node:crypto';
import { mapWithConcurrency, pauseAfterLostRace } from '../concurrency.js';
import { ARTICLE_LIMITS, type Article } from '../domain/article.js';
import type { ArticleEntry } from '../domain/article-entry.js';
import type { ArticleEvent } from '../domain/events.js';
import { excerptOf, truncate } from '../domain/excerpt.js';
import { type Image, shownImages } from '../domain/image.js';
import { MAX_URL_LENGTH } from '../domain/web-url.js';
import type { ArticleRepository, ContentStore, SourceRepository } from '../ports.js';
import { articleOfRef, type Clipping, clippingRef, paperNames, utcDay } from './clipping.js';
import { personalLinks } from './links.js';
import { buildMime } from './mime.js';
import type { ClippingStore, SendingDeps, SubscriberRepository } from './ports.js';
import { matcherFor, preferenceKey, prepareClipping, selectItems } from './preferences.js';
import {
  type AlertLease,
  type AlertState,
  leaseEnded,
  MAX_DIGEST_WINDOW_MS,
  MAX_PENDING_ALERTS,
  type SubscriberRecord,
} from './records.js';
import { renderAlert } from './render/digest.js';
import { personalize } from './render/personal.js';

export const ALERT_LIMITS = {
  /** Alert messages per subscriber per clock hour (UTC). */
  perHour: 5,
  /** Articles shown in one alert; the others of the same alert are counted, with a link to Bantin. */
  itemsPerAlert: 20,
  /**
   * Articles kept waiting per subscriber over the hourly cap (each costs the state's write);
   * beyond, the oldest are only counted (`overflow`), and the next alert says how many more there are.
   */
  maxPending: MAX_PENDING_ALERTS,
  /**
   * Remembered alerted articles per subscriber, so a redelivered event alerts once: more than one
   * alert can cover (a batch of 50 events beside the 100 waiting), twice over.
   */
  recent: 400,
  concurrency: 8,
};

/** Article bodies read at once per batch (the clippings are written in batches). */
const CLIP_CONCURRENCY = 8;
/** Reads and conditional writes of one subscriber's alert state before giving up (concurrent batches). */
const STATE_ATTEMPTS = 8;
/**
 * How long a reserved alert may take to be sent and confirmed: longer than send-alerts' 120 s
 * timeout (a live invocation never outlasts it), shorter than the alerts queue's 750 s
 * visibility timeout, so the redelivery of a lost invocation's events finds the lease ended.
 */
export const ALERT_LEASE_MS = 150_000;

export interface AlertDeps extends SendingDeps {
  articles: Pick<ArticleRepository, 'resolveMany'>;
  content: Pick<ContentStore, 'getArticle'>;
  clippings: ClippingStore;
  subscribers: Pick<SubscriberRepository, 'instantSubscribers' | 'getMany'>;
  sources: Pick<SourceRepository, 'list'>;
}

export interface AlertResult {
  clipped: number;
  /** Clippings rewritten because their article changed (re-extracted, corrected, images re-hosted). */
  revised: number;
  /** Clippings deleted because their article was withdrawn: no digest not yet sent carries it. */
  unclipped: number;
  alertsSent: number;
  /** Subscribers whose matching articles wait because of the hourly cap. */
  deferred: number;
  failed: { subscriberId: string; error: string }[];
}

/**
 * Makes the clipping of one stored article, its story key from `entry` (the article's entry)
 * when there is one: from the event's excerpt and image when it carries them, else from the
 * body; undefined when it must read the body and the body is not in the store.
 */
export async function clipArticle(
  event: ArticleEvent,
  deps: Pick<AlertDeps, 'content'>,
  now: Date,
  entry?: ArticleEntry,
): Promise<Clipping | undefined> {
  const notice =
    event.excerpt !== undefined && entry
      ? { ...event, summary: event.excerpt, image: event.image, fingerprint: entry.fingerprint }
      : await bodyNotice(event, deps);
  if (!notice) return undefined;
  return {
    articleId: notice.articleId,
    day: utcDay(now),
    recordedAt: now.toISOString(),
    sourceId: notice.sourceId,
    ...shownOf(notice),
    // One story, one stored article (ingest files other papers' copies under it): not its
    // headline, which different stories share (attack run 32: "Giá vàng hôm nay" three times).
    storyKey: notice.articleId,
  };
}

/** What a clipping shows of its article: all a revision of the article may change in it. */
function shownOf(notice: {
  title: string;
  summary: string;
  canonicalUrl: string;
  publishedAt: string;
  categories: string[];
  image?: Image;
}): Pick<Clipping, RevisedField> {
  const image = notice.image && mailImage(notice.image, notice.title);
  return {
    title: notice.title,
    summary: notice.summary,
    url: notice.canonicalUrl,
    publishedAt: notice.publishedAt,
    categories: notice.categories,
    ...(image ? { image } : {}),
  };
}

/**
 * The clipping of a copy: the stored story, as the paper that ran it too shows it (that paper,
 * its page). Undefined when the story or the copy is no longer known (a copy is never clipped as
 * its story's paper).
 */
async function clipCopy(
  event: ArticleEvent,
  entry: ArticleEntry | undefined,
  deps: Pick<AlertDeps, 'content' | 'log'>,
  now: Date,
): Promise<Clipping | undefined> {
  const copy = entry?.alsoPublishedBy?.find((c) => c.sourceId === event.copiedBy);
  const clipping = copy && (await clipArticle(event, deps, now, entry));
  if (!clipping || !copy) {
    deps.log?.('warn', 'copy of a story not found: no clipping', {
      articleId: event.articleId,
      copiedBy: event.copiedBy,
    });
    return undefined;
  }
  return {
    ...clipping,
    sourceId: copy.sourceId,
    url: copy.url,
    publishedAt: copy.publishedAt,
    // Filed under that paper's sections (attack run 31: its readers who follow a section missed it).
    ...(copy.categories ? { categories: copy.categories } : {}),
    copyOf: entry!.sourceId,
  };
}

/** What a clipping needs of an article, read from its stored body. */
async function bodyNotice(event: ArticleEvent, deps: Pick<AlertDeps, 'content'>) {
  const article = await deps.content.getArticle(event.articleId);
  return article && noticeOf(article);
}

/** What a clipping needs of a stored article. */
function noticeOf(article: Article) {
  return {
    ...article,
    articleId: article.id,
    summary: excerptOf(article),
    image: shownImages(article.images)[0],
  };
}

/**
 * Articles changed after they were clipped (re-extracted, corrected, their images re-hosted): the
 * clippings recorded of them show them as they are now, so a digest not yet sent carries the
 * corrected title, lead and image (attack run 29: digests kept what a re-extraction had fixed).
 * A clipping is recorded when its article's event arrives: on the (UTC) day the article was
 * stored, or the next. Returns how many changed. Copies' clippings keep what they showed: the day
 * a copy was found is not known here.
 */
async function reviseClippings(
  events: ArticleEvent[],
  deps: Pick<AlertDeps, 'content' | 'clippings'>,
): Promise<number> {
  const current = new Map<string, Pick<Clipping, RevisedField>>();
  await mapWithConcurrency(events, CLIP_CONCURRENCY, async (event) => {
    const article = await deps.content.getArticle(event.articleId);
    const stored = article ? Date.parse(article.ingestedAt) : Number.NaN;
    if (!article || Number.isNaN(stored)) return;
    const now = shownOf(noticeOf(article));
    for (const day of [0, 1])
      current.set(`${utcDay(new Date(stored + day * 86_400_000))}/${article.id}`, now);
  });
  if (current.size === 0) return 0;
  const changed: Clipping[] = [];
  for (const clipping of await deps.clippings.getMany([...current.keys()])) {
    const now = current.get(clippingRef(clipping));
    if (!now || REVISED_FIELDS.every((field) => same(clipping[field], now[field]))) continue;
    const { image: _before, ...kept } = clipping;
    changed.push({ ...kept, ...now });
  }
  await deps.clippings.replaceMany(changed);
  return changed.length;
}

/**
 * Withdrawn articles: their clippings go, so no digest or held-back alert still to come carries
 * them (those already sent cannot be recalled). The story's clipping is recorded on the UTC day
 * its article was stored or the next (by the body's `ingestedAt`; without a body, by the day it
 * was published), each paper's copy (the event's `alsoListedIn`) on the day it was found: any day
 * since, of those a digest still to come can reach.
 */
async function unclip(
  events: ArticleEvent[],
  deps: Pick<AlertDeps, 'content' | 'clippings' | 'now'>,
): Promise<number> {
  const refs: string[] = [];
  const reach = deps.now().getTime() - MAX_DIGEST_WINDOW_MS;
  await mapWithConcurrency(events, CLIP_CONCURRENCY, async (event) => {
    const article = await deps.content.getArticle(event.articleId).catch(() => undefined);
    const stored = Date.parse(article?.ingestedAt ?? event.publishedAt);
    if (Number.isNaN(stored)) return;
    for (const day of [0, 1]) refs.push(`${utcDay(new Date(stored + day * 86_400_000))}/${event.articleId}`);
    const papers = event.alsoListedIn ?? [];
    if (papers.length === 0) return;
    for (let at = Math.max(stored, reach); at <= deps.now().getTime() + 86_400_000; at += 86_400_000) {
      for (const paper of papers) refs.push(`${utcDay(new Date(at))}/${event.articleId}@${paper}`);
    }
  });
  const found = await deps.clippings.getMany(refs);
  if (found.length > 0) await deps.clippings.removeMany(found.map(clippingRef));
  return found.length;
}

/** What a revision of its article changes in a clipping (when and under what story it was recorded stays). */
const REVISED_FIELDS = ['title', 'summary', 'url', 'publishedAt', 'categories', 'image'] as const;
type RevisedField = (typeof REVISED_FIELDS)[number];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Mail shows Bantin's narrow copy of an image where there is one: papers refuse other sites' loads. */
function mailImage(image: Image, title: string): Clipping['image'] {
  // Within what a clipping holds, whatever an article stored before pictures were capped carries
  // (attack run 32: a 3 MB address failed the whole alerts batch, other articles' clippings too).
  const alt = truncate(image.caption || title, ARTICLE_LIMITS.captionChars);
  const copy = image.hosted?.mail;
  if (copy) return { url: copy.url, alt, width: copy.width, height: copy.height };
  return image.url.length <= MAX_URL_LENGTH ? { url: image.url, alt } : undefined;
}

export async function processAlerts(
  input: { events: ArticleEvent[]; flushFor: string[] },
  deps: AlertDeps,
): Promise<AlertResult> {
  const now = deps.now();
  const result: AlertResult = {
    clipped: 0,
    revised: 0,
    unclipped: 0,
    alertsSent: 0,
    deferred: 0,
    failed: [],
  };
  // New articles, and copies just found of stored stories (clipped as the copying paper's); not
  // one this batch withdraws (SQS keeps no order: its publication may come with it, or after).
  const withdrawnNow = new Set(
    input.events.filter((event) => event.type === 'article.withdrawn').map((event) => event.articleId),
  );
  const candidates = input.events.filter(
    (event) =>
      !withdrawnNow.has(event.articleId) &&
      (event.type === 'article.published' || (event.copiedBy && event.copiedBy !== event.sourceId)),
  );
  // The entries (story keys) and the clippings in batches; the bodies a few at once.
  // A copy's event is published just after the copy is written: read as written, or the copy
  // could be missing and its paper's readers never hear of the story.
  const entries =
    candidates.length > 0
      ? await deps.articles.resolveMany(
          candidates.map((event) => event.articleId),
          { consistent: candidates.some((event) => event.copiedBy !== undefined) },
        )
      : new Map<string, ArticleEntry>();
  // An article withdrawn before its event came (a redelivery) is neither clipped nor alerted.
  const clippable = candidates.filter((event) => !entries.get(event.articleId)?.withdrawn);
  // The papers' names, recorded with their clippings (mail names a paper deleted since by it).
  const sourceNames =
    clippable.length > 0 || input.flushFor.length > 0
      ? new Map((await deps.sources.list()).map((r) => [r.source.id, r.source.name]))
      : new Map<string, string>();
  const named = (clipping: Clipping | undefined): Clipping | undefined => {
    const paper = clipping && sourceNames.get(clipping.sourceId);
    return clipping && paper ? { ...clipping, paper } : clipping;
  };
  const clipped = await mapWithConcurrency(clippable, CLIP_CONCURRENCY, async (event) => {
    const entry = entries.get(event.articleId);
    if (event.type !== 'article.published') return named(await clipCopy(event, entry, deps, now));
    const clipping = await clipArticle(event, deps, now, entry);
    if (!clipping) deps.log?.('warn', 'article body missing: no clipping', { articleId: event.articleId });
    return named(clipping);
  });
  const fresh = clipped.filter((clipping): clipping is Clipping => clipping !== undefined);
  result.clipped = (await deps.clippings.recordMany(fresh)).filter(Boolean).length;
  const revisions = input.events.filter((event) => event.type === 'article.updated' && !event.copiedBy);
  if (revisions.length > 0) result.revised = await reviseClippings(revisions, deps);
  const withdrawn = input.events.filter((event) => event.type === 'article.withdrawn');
  if (withdrawn.length > 0) result.unclipped = await unclip(withdrawn, deps);
  if (fresh.length === 0 && input.flushFor.length === 0) return result;

  // Who gets what: match once per distinct choice.
  const instant = await deps.subscribers.instantSubscribers();
  const prepared = fresh.map(prepareClipping);
  const matchedByChoice = new Map<string, Clipping[]>();
  const work = new Map<string, { record: SubscriberRecord; refs: string[] }>();
  for (const record of instant) {
    const key = preferenceKey(record.subscriber.preferences);
    let matched = matchedByChoice.get(key);
    if (!matched) {
      matched = prepared.filter(matcherFor(record.subscriber.preferences)).map((p) => p.clipping);
      matchedByChoice.set(key, matched);
    }
    if (matched.length > 0) work.set(record.subscriber.id, { record, refs: matched.map(clippingRef) });
  }
  const flushIds = input.flushFor.filter((id) => !work.has(id));
  for (const record of await deps.subscribers.getMany(flushIds)) {
    if (record.subscriber.status === 'confirmed') work.set(record.subscriber.id, { record, refs: [] });
  }
  if (work.size === 0) return result;

  const known = new Map(fresh.map((c) => [clippingRef(c), c]));
  await mapWithConcurrency([...work.values()], ALERT_LIMITS.concurrency, async ({ record, refs }) => {
    try {
      const outcome = await alertOne(record, refs, known, sourceNames, deps, now);
      if (outcome === 'sent') result.alertsSent++;
      if (outcome === 'deferred') result.deferred++;
    } catch (error) {
      deps.log?.('error', 'alert not sent', { subscriberId: record.subscriber.id, error });
      result.failed.push({
        subscriberId: record.subscriber.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  return result;
}

async function alertOne(
  record: SubscriberRecord,
  newRefs: string[],
  known: Map<string, Clipping>,
  sourceNames: ReadonlyMap<string, string>,
  deps: AlertDeps,
  now: Date,
): Promise<'sent' | 'deferred' | 'nothing'> {
  const { subscriber } = record;
  const hour = now.toISOString().slice(0, 13);
  for (let attempt = 0; attempt < STATE_ATTEMPTS; attempt++) {
    // Another invocation saved the state since it was read: a pause, then read it again.
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const stored = await deps.deliveries.getAlertState(subscriber.id);
    const state: AlertState = stored?.state ?? {
      subscriberId: subscriber.id,
      hour,
      sentThisHour: 0,
      pending: [],
      recent: [],
    };
    // A reservation whose lease ended unconfirmed: its mail may never have left (the invocation
    // ended between the two). Its articles are no longer counted as alerted: they go again, with
    // the count of those beyond the list it carried, and it no longer counts against the hour.
    const leases = state.sending ?? [];
    const lost = leases.filter((lease) => leaseEnded(lease, now));
    const live = leases.filter((lease) => !lost.includes(lease));
    const sentThisHour =
      state.hour === hour
        ? Math.max(0, state.sentThisHour - lost.filter((lease) => lease.hour === hour).length)
        : 0;
    const waitingBeyond = (state.overflow ?? 0) + lost.reduce((n, lease) => n + (lease.overflow ?? 0), 0);
    const lostRefs = lost.flatMap((lease) => lease.refs);
    const lostIds = new Set(lostRefs.map(articleOfRef));
    const recent = state.recent.filter((id) => !lostIds.has(id));
    const alerted = new Set(recent);
    const candidates = [...new Set([...state.pending, ...lostRefs, ...newRefs])].filter(
      (ref) => !alerted.has(articleOfRef(ref)),
    );
    if (candidates.length === 0 && lost.length === 0) return 'nothing';

    if (sentThisHour >= ALERT_LIMITS.perHour || candidates.length === 0) {
      const kept = candidates.slice(-ALERT_LIMITS.maxPending);
      const overflow = waitingBeyond + (candidates.length - kept.length);
      const next = {
        ...withLeases(state, live),
        hour,
        sentThisHour,
        pending: kept,
        recent,
        ...(overflow > 0 ? { overflow } : {}),
      };
      if (await deps.deliveries.saveAlertState(next, stored?.version, now))
        return candidates.length > 0 ? 'deferred' : 'nothing';
      continue;
    }

    const missing = candidates.filter((ref) => !known.has(ref));
    for (const clipping of missing.length > 0 ? await deps.clippings.getMany(missing) : [])
      known.set(clippingRef(clipping), clipping);
    const available = candidates.filter((ref) => known.has(ref));
    const prepared = new Map(available.map((ref) => [ref, prepareClipping(known.get(ref)!)]));
    // What waited (the hourly cap, a lost send) is matched again against the reader's choice as it
    // is now: one since changed, or a reader no longer alerted, gets none of it (attack run 29:
    // the next alert carried it "as you chose"). This batch's articles were matched to it already.
    const matchedNow = new Set(newRefs);
    const instant = subscriber.preferences.frequency === 'instant';
    const matches =
      instant && available.some((ref) => !matchedNow.has(ref))
        ? matcherFor(subscriber.preferences)
        : undefined;
    const wanted = instant
      ? available.filter((ref) => matchedNow.has(ref) || matches!(prepared.get(ref)!))
      : [];
    // Every waiting article goes in this alert: the newest shown, the others counted (with the
    // ones that waited beyond the kept list) and linked, so none waits an hour or is lost.
    const { items, total } = selectItems(
      wanted.map((ref) => prepared.get(ref)!),
      () => true,
      ALERT_LIMITS.itemsPerAlert,
    );
    const more = total - items.length + waitingBeyond;
    // Clippings that expired while waiting are dropped (their digest carried them).
    const gone = new Set(candidates.filter((ref) => !known.has(ref)));
    const settled = new Set([...available, ...gone]);
    // Reserved before it is sent: the state naming these articles alerted is written first,
    // from the version read, so two deliveries of one event (or two batches naming the same
    // article) never both send it. A send that fails gives the reservation back.
    const alertedIds = wanted.map(articleOfRef);
    // The lease names this alert's articles, until the mail is confirmed sent.
    const lease =
      items.length > 0
        ? {
            id: randomUUID(),
            refs: wanted,
            until: new Date(now.getTime() + ALERT_LEASE_MS).toISOString(),
            hour,
            ...(waitingBeyond > 0 ? { overflow: waitingBeyond } : {}),
          }
        : undefined;
    const reserved = withLeases(
      {
        subscriberId: subscriber.id,
        hour,
        sentThisHour: sentThisHour + (items.length > 0 ? 1 : 0),
        pending: state.pending.filter((ref) => !settled.has(ref)).slice(-ALERT_LIMITS.maxPending),
        recent: [...new Set([...recent, ...alertedIds])].slice(-ALERT_LIMITS.recent),
      },
      lease ? [...live, lease] : live,
    );
    if (!(await deps.deliveries.saveAlertState(reserved, stored?.version, now))) continue;
    if (!lease) return 'nothing';
    try {
      const links = personalLinks(deps.settings, deps.signer, subscriber, now);
      const mail = personalize(
        renderAlert({
          items,
          more,
          sourceNames: paperNames(sourceNames, items),
          timeZone: subscriber.preferences.timeZone,
          homeUrl: deps.settings.homeUrl,
        }),
        links,
      );
      const raw = await buildMime({
        ...mail,
        from: deps.settings.from,
        replyTo: deps.settings.replyTo,
        to: subscriber.email,
        kind: 'alert',
        unsubscribeUrl: links.unsubscribeUrl,
        date: now,
      });
      await deps.mailer.send({ to: subscriber.email, raw, kind: 'alert' });
    } catch (error) {
      await giveBack(subscriber.id, hour, available, lease.id, waitingBeyond, deps, now);
      throw error;
    }
    await confirmSent(subscriber.id, lease.id, deps, now);
    return 'sent';
  }
  throw new Error(`alert state of ${subscriber.id} kept changing; try again`);
}

/** The state with these leases (none: no `sending` field). */
function withLeases(state: AlertState, leases: AlertLease[]): AlertState {
  const { sending: _old, ...rest } = state;
  return leases.length > 0 ? { ...rest, sending: leases } : rest;
}

/**
 * Ends a sent alert's lease. Should that write fail, the lease ends on its own and the alert's
 * articles go again with the subscriber's next alert: a mail twice rather than none.
 */
async function confirmSent(subscriberId: string, leaseId: string, deps: AlertDeps, now: Date): Promise<void> {
  await changeAlertState(
    subscriberId,
    (state) =>
      state.sending?.some((lease) => lease.id === leaseId)
        ? withLeases(
            state,
            state.sending.filter((lease) => lease.id !== leaseId),
          )
        : undefined,
    'an alert was sent but its lease stays: its articles will be alerted again',
    deps,
    now,
  );
}

/** Undoes a reservation whose mail was not sent: its articles wait again, and the hour's count drops. */
async function giveBack(
  subscriberId: string,
  hour: string,
  refs: string[],
  leaseId: string,
  overflow: number,
  deps: AlertDeps,
  now: Date,
): Promise<void> {
  const ids = new Set(refs.map(articleOfRef));
  await changeAlertState(
    subscriberId,
    (state) => {
      const merged = [...new Set([...state.pending, ...refs])];
      const kept = merged.slice(-ALERT_LIMITS.maxPending);
      // What the kept list cannot name is counted: the next alert says how many more there are.
      const counted = (state.overflow ?? 0) + overflow + (merged.length - kept.length);
      return {
        ...withLeases(
          state,
          (state.sending ?? []).filter((lease) => lease.id !== leaseId),
        ),
        sentThisHour: state.hour === hour ? Math.max(0, state.sentThisHour - 1) : state.sentThisHour,
        pending: kept,
        recent: state.recent.filter((id) => !ids.has(id)),
        ...(counted > 0 ? { overflow: counted } : {}),
      };
    },
    'an unsent alert stays reserved: its lease ends and its articles go again then',
    deps,
    now,
  );
}

/**
 * Saves `change` of a reader's alert state, read afresh at each try, until no other invocation
 * saved it meanwhile (STATE_ATTEMPTS tries, a failed read or write among them); `change` gives
 * undefined when nothing is to change. `failure` is logged when every try lost: the lease's end
 * then settles it.
 */
async function changeAlertState(
  subscriberId: string,
  change: (state: AlertState) => AlertState | undefined,
  failure: string,
  deps: AlertDeps,
  now: Date,
): Promise<void> {
  for (let attempt = 0; attempt < STATE_ATTEMPTS; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    try {
      const stored = await deps.deliveries.getAlertState(subscriberId);
      const next = stored && change(stored.state);
      if (!next) return;
      if (await deps.deliveries.saveAlertState(next, stored.version, now)) return;
    } catch (error) {
      deps.log?.('warn', "changing a reader's alert state failed; trying again", { subscriberId, error });
    }
  }
  deps.log?.('warn', failure, { subscriberId });
}
