/**
 * Dedupe of stories: the same story republished by another paper is one story, and so is one
 * paper's article found under a second URL (a page without a canonical link). Candidates
 * share a story key, a digest of the headline folded to bare letters (no tone marks, case or
 * punctuation: papers place Vietnamese tone marks differently, "Tọa đàm" / "Toạ đàm", and
 * quote differently); a candidate is confirmed when the bodies share most of their word
 * shingles, so an edited word, a dropped paragraph or an added credit line still match while
 * two different stories under a generic headline ("Thông báo") do not. Within one paper the bar
 * is near-identical bodies (MIRROR_JACCARD).
 */
import { createHash } from 'node:crypto';
import type { Article, StoryCopy } from '../../domain/article.js';
import type { ArticleEntry } from '../../domain/article-entry.js';
import type { Source } from '../../domain/source.js';
import type { ArticleRepository, ContentStore } from '../../ports.js';
import { textKey } from '../extract/text.js';
import { aliasOf } from '../normalize/identity.js';

/** Republications are looked for this far either side of the new article's publication time. */
export const STORY_WINDOW_DAYS = 3;
/** Candidates read per new article, at most (each costs one body read). */
const MAX_CANDIDATES = 10;
const SHINGLE = 4;
/** Jaccard index of the shingle sets at or above which two bodies are one story. */
const SAME_JACCARD = 0.5;
/** Share of the shorter body's shingles found in the longer one (a trimmed or extended copy). */
const SAME_CONTAINMENT = 0.8;
/** Containment alone is trusted only for bodies at least this long (in shingles). */
const MIN_CONTAINED = 20;
/**
 * Jaccard index at or above which a page of the same paper is the same article under another URL
 * (a second section's path, a print or mobile URL without a canonical link). Near-identical only:
 * a paper's own follow-up under the same headline ("Thông báo", a daily price list) differs more.
 */
const MIRROR_JACCARD = 0.9;

/** Words folded to bare lowercase letters and digits: "Đầu tư" → ["dau", "tu"]. */
export function foldedWords(text: string): string[] {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** The story key of a headline; empty when the headline has no letters or digits. */
export function storyKeyFor(title: string): string {
  const words = foldedWords(title);
  if (words.length === 0) return '';
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 24);
}

/** Words a body needs for its key: shorter ones (a video's one line) are alike across articles. */
const MIN_BODY_KEY_WORDS = 40;
/** The paper's newest articles looked at for the same body under another headline. */
const RECENT_OF_PAPER = 50;

/**
 * The key of an article's text: a digest of its words folded as headlines are; empty for a text
 * too short to tell articles apart.
 */
export function bodyKeyFor(contentText: string): string {
  const words = foldedWords(contentText);
  if (words.length < MIN_BODY_KEY_WORDS) return '';
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 24);
}

function shingleSet(text: string): Set<string> {
  const words = foldedWords(text);
  const out = new Set<string>();
  if (words.length < SHINGLE) {
    if (words.length > 0) out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(' '));
  return out;
}

/** How much two bodies share: Jaccard index and containment of the shorter in the longer. */
export function bodySimilarity(
  a: string,
  b: string,
): { jaccard: number; containment: number; smaller: number } {
  const x = shingleSet(a);
  const y = shingleSet(b);
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  const union = x.size + y.size - shared;
  return {
    jaccard: union === 0 ? 0 : shared / union,
    containment: small.size === 0 ? 0 : shared / small.size,
    smaller: small.size,
  };
}

/** Whether two bodies tell the same story (see the thresholds above). */
export function isSameBody(a: string, b: string): boolean {
  const { jaccard, containment, smaller } = bodySimilarity(a, b);
  return jaccard >= SAME_JACCARD || (smaller >= MIN_CONTAINED && containment >= SAME_CONTAINMENT);
}

/** Where a story stands when a new copy of it arrives. */
export interface StoryMatch {
  entry: ArticleEntry;
  article: Article;
  /** The same source's article: the new URL is another address of it, not a copy to credit. */
  mirror?: boolean;
}

type StoryDeps = { articles: ArticleRepository; content: ContentStore };

/**
 * The stored story that `article` repeats, if any: another source's (a republication, or one it
 * republishes), or the same source's under another URL (`mirror`: nearly the same body).
 */
export async function findSameStory(
  deps: StoryDeps,
  article: Article,
  poll?: PollStories,
): Promise<StoryMatch | undefined> {
  const storyKey = storyKeyFor(article.title);
  if (!storyKey) return undefined;
  const at = Date.parse(article.publishedAt);
  const window = STORY_WINDOW_DAYS * 24 * 3600 * 1000;
  const candidates = await deps.articles.findByStoryKey(
    storyKey,
    { from: new Date(at - window).toISOString(), to: new Date(at + window).toISOString() },
    MAX_CANDIDATES,
  );
  for (const entry of candidates) {
    if (entry.id === article.id) continue;
    const stored = await deps.content.getArticle(entry.id);
    if (!stored) continue;
    if (entry.sourceId !== article.sourceId) {
      if (isSameBody(stored.contentText, article.contentText)) return { entry, article: stored };
    } else if (isMirror(stored.contentText, article.contentText)) {
      return { entry, article: stored, mirror: true };
    }
  }
  return sameTextOfPaper(deps, article, poll);
}

/**
 * The key under which the polls of two papers claim a story for the day they store it: both run
 * at once (plan-ingest starts every due source each minute), and neither sees the other's article
 * in the index before its own poll ends.
 */
export function storyClaim(storyKey: string, at: Date): { id: string; url: string } {
  return aliasOf(`urn:bantin:story:${storyKey}:${at.toISOString().slice(0, 10)}`);
}

/** Pauses while another poll's claimed article is not stored yet (about 16 s in all). */
const CLAIM_WAITS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];

/**
 * The same story another paper's poll is storing at the same moment (attack run 36: two papers
 * carrying one wire story, polled together, both stored it as the original: two feed items, two
 * alerts, two webhooks). The first poll to claim the story's key stores it; the other waits for
 * that article's entry and, when the bodies are one story's, credits its paper as a copy of it.
 * An article the claim names that never appears (its poll failed) leaves this one to be stored.
 */
export async function storyClaimedElsewhere(
  deps: StoryDeps,
  article: Article,
  now: Date,
): Promise<StoryMatch | undefined> {
  const storyKey = storyKeyFor(article.title);
  if (!storyKey) return undefined;
  const claim = storyClaim(storyKey, now);
  const holder = await deps.articles.claimAlias(claim, article.id);
  if (holder === article.id) return undefined;
  for (const pause of [0, ...CLAIM_WAITS_MS]) {
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    const entry = await deps.articles.get(holder);
    if (!entry) continue;
    if (entry.sourceId === article.sourceId) return undefined;
    const stored = await deps.content.getArticle(entry.id);
    return stored && isSameBody(stored.contentText, article.contentText)
      ? { entry, article: stored }
      : undefined;
  }
  return undefined;
}

/**
 * The paper's own recent article with the very same text under another headline: Vietnamese papers
 * make the URL's slug from the headline, so an edited headline is a new URL (attack run 25: the
 * story was stored again, and its readers alerted twice). The entries carry their text's key.
 * A poll reads the paper's newest entries once, for all its new articles (one Query a poll, not
 * one an article); the articles it stores itself are its PollStories' to find.
 */
async function sameTextOfPaper(
  deps: StoryDeps,
  article: Article,
  poll?: PollStories,
): Promise<StoryMatch | undefined> {
  const bodyKey = bodyKeyFor(article.contentText);
  if (!bodyKey) return undefined;
  const read = () => deps.articles.newest({ kind: 'source', sourceId: article.sourceId }, RECENT_OF_PAPER);
  const recent = await (poll ? poll.recentOfPaper(read) : read());
  // Under a related headline only: a template's text (a members-only notice, a "page not found"
  // page) is the same under every headline, and made distinct articles one (attack run 33).
  const entry = recent.find(
    (other) =>
      other.id !== article.id && other.bodyKey === bodyKey && headlinesRelated(other.title, article.title),
  );
  const stored = entry && (await deps.content.getArticle(entry.id));
  return entry && stored ? { entry, article: stored, mirror: true } : undefined;
}

/**
 * Whether two headlines can be one story's, edited: at least half the words of the shorter are in
 * the other ("Khánh thành cầu mới" and "Khánh thành cầu Châu Giang mới nối hai bờ"). A headline
 * without words tells nothing against it.
 */
export function headlinesRelated(a: string, b: string): boolean {
  const x = new Set(foldedWords(a));
  const y = new Set(foldedWords(b));
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size === 0) return true;
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return shared / small.size >= 0.5;
}

/** Whether two bodies of one paper are one article (under two URLs): nearly the same words. */
export function isMirror(a: string, b: string): boolean {
  return bodySimilarity(a, b).jaccard >= MIRROR_JACCARD;
}

/**
 * The new articles of one poll by story key and by text key, so that a page listed under two URLs
 * at once (or under two headlines: an edit between the listing's renderings) is found to be one
 * article before either is stored (findSameStory sees stored entries only). Each recorded article
 * is settled once its entry is written (or not).
 */
export class PollStories {
  private readonly byKey = new Map<string, PollArticle[]>();
  private readonly byText = new Map<string, PollArticle>();
  private readonly settlers = new Map<string, (stored: boolean) => void>();
  /** The ids this poll's pages took, with the headline key and text of the first to take each. */
  private readonly claims = new Map<string, { key: string | undefined; text: string }>();
  private recent: Promise<ArticleEntry[]> | undefined;

  /** The paper's newest stored entries, read at the first call of the poll (again after a failed read). */
  recentOfPaper(read: () => Promise<ArticleEntry[]>): Promise<ArticleEntry[]> {
    if (!this.recent) {
      const reading = read();
      this.recent = reading;
      reading.catch(() => {
        if (this.recent === reading) this.recent = undefined;
      });
    }
    return this.recent;
  }

  /**
   * The id of this poll's article that `article` repeats, with whether it got stored; or
   * undefined, and `article` is recorded (without waiting: two callers cannot both miss).
   */
  twinOf(
    article: Pick<Article, 'id' | 'title' | 'contentText'>,
  ): { id: string; stored: Promise<boolean> } | undefined {
    const key = storyKeyFor(article.title);
    const textKey = bodyKeyFor(article.contentText);
    const recorded = (key && this.byKey.get(key)) || [];
    const sameText = textKey ? this.byText.get(textKey) : undefined;
    const twin =
      recorded.find((other) => other.id !== article.id && isMirror(other.text, article.contentText)) ??
      (sameText?.id !== article.id && sameText && headlinesRelated(sameText.title, article.title)
        ? sameText
        : undefined);
    if (twin) return twin;
    // Nothing to know it by, or already recorded (two links whose pages name one canonical URL).
    if ((!key && !textKey) || sameText || recorded.some((other) => other.id === article.id)) return undefined;
    const stored = new Promise<boolean>((resolve) => this.settlers.set(article.id, resolve));
    const entry = { id: article.id, title: article.title, text: article.contentText, stored };
    if (key) this.byKey.set(key, [...recorded, entry]);
    if (textKey) this.byText.set(textKey, entry);
    return undefined;
  }

  /**
   * Takes `id` for a page of this poll: true when no other page took it, or the one that did has
   * this headline or this text (one page under two links). False when a page of another headline
   * and another text took it: two pages naming one canonical URL are two articles then (a CMS
   * printing one address on every page, or one article's on another's). Synchronous, so two pages
   * read at once cannot both take it.
   */
  claim(id: string, article: Pick<Article, 'title' | 'contentText'>): boolean {
    const key = storyKeyFor(article.title);
    const held = this.claims.get(id);
    if (!held) {
      this.claims.set(id, { key, text: article.contentText });
      return true;
    }
    return (
      (!!key && held.key === key) ||
      held.text === article.contentText ||
      isMirror(held.text, article.contentText)
    );
  }

  /** Settles a recorded article: its entry was written (`true`), or it was not stored. */
  settle(id: string, stored: boolean): void {
    this.settlers.get(id)?.(stored);
    this.settlers.delete(id);
  }
}

type PollArticle = { id: string; title: string; text: string; stored: Promise<boolean> };

/**
 * Whether `copy` should be credited instead of the story's current original: it was published
 * earlier or, at the same instant, the original itself names the copy's paper as its source.
 */
export function precedes(
  copy: { publishedAt: string; sourceName: string },
  original: { publishedAt: string; attribution?: string },
): boolean {
  const a = Date.parse(copy.publishedAt);
  const b = Date.parse(original.publishedAt);
  // A copy dated to the day only (midnight: a date line without a time) is not earlier than an
  // original timed on that day: the day is all it says.
  const sameDay = datedToTheDay(copy.publishedAt) && b >= a && b - a < DAY_MS;
  if (a !== b && !sameDay) return a < b;
  return creditsPaper(original, copy.sourceName);
}

/** Whether the original names the paper as its source ("Theo Báo Hà Nam"). */
function creditsPaper(original: { attribution?: string }, paper: string): boolean {
  return !!original.attribution && textKey(original.attribution) === textKey(paper);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How late past its paper's poll interval a copy may be found for the time it claims to be believed. */
export const CLAIM_GRACE_MS = 2 * 60 * 60 * 1000;

/**
 * Whether a copy's claim to be first can take a story's credit: Bantin found it within its
 * paper's poll interval of the time it claims (and CLAIM_GRACE_MS more, for a feed that lags or a
 * poll missed), or the original itself names the copy's paper. A date is only what a page says:
 * a paper could otherwise take any story by dating its copy earlier (attack run 34: a copy dated
 * two days back took a story stored the day before, and every feed credited it).
 */
export function claimBelievable(
  copy: { publishedAt: string; sourceName: string; pollIntervalMinutes: number },
  original: { attribution?: string },
  foundAt: Date,
): boolean {
  const late = foundAt.getTime() - Date.parse(copy.publishedAt);
  if (late <= copy.pollIntervalMinutes * 60_000 + CLAIM_GRACE_MS) return true;
  return creditsPaper(original, copy.sourceName);
}

/** Midnight in its own offset: what a page gives that states the day and no time. */
function datedToTheDay(iso: string): boolean {
  return /T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(iso);
}

/**
 * Other papers' copies a story records at most (feeds link 20 of them): past it, a later paper
 * can no longer take the credit, so it is well above the papers that republish one wire story.
 */
export const MAX_STORY_COPIES = 100;

/** Tries before giving up on a story entry other writers keep changing. */
const RECORD_ATTEMPTS = 5;

/**
 * Records `article` (from `source`) as another paper's copy of the matched story, once per URL,
 * moving the credit to the copy's paper when it published first (and Bantin can believe it). The entry is the record: its
 * conditional update keeps the copies of concurrent writers. The stored article mirrors it and
 * is rewritten whenever it differs, so a crash between the two writes heals on the retry (two
 * papers' copies recorded at the same instant may leave the mirror one copy behind the entry).
 * Returns the entry as recorded, and whether the stored article was rewritten.
 */
export async function recordStoryCopy(
  deps: StoryDeps,
  match: StoryMatch,
  source: Pick<Source, 'id' | 'name' | 'pollIntervalMinutes'>,
  article: Article,
  /** When this poll found the copy: a claim to be first is weighed against it (claimBelievable). */
  foundAt: Date,
): Promise<{ entry: ArticleEntry; rewritten: boolean }> {
  const copy: StoryCopy = {
    sourceId: source.id,
    url: article.url,
    publishedAt: article.publishedAt,
    ...(article.categories.length > 0 ? { categories: article.categories } : {}),
  };
  // One copy a paper, and MAX_STORY_COPIES in all: a paper serving the story at many addresses
  // (a hostile one: 260 in one poll, the entry past DynamoDB's 400 KB) adds nothing more, nor does
  // the story's own paper at another address; many papers' copies stay far below the item's limit.
  const recorded = (e: ArticleEntry) =>
    e.sourceId === source.id ||
    (e.alsoPublishedBy ?? []).some((c) => c.url === copy.url || c.sourceId === source.id) ||
    (e.alsoPublishedBy?.length ?? 0) >= MAX_STORY_COPIES;
  let entry = match.entry;
  for (let attempt = 0; !recorded(entry); attempt++) {
    if (attempt === RECORD_ATTEMPTS) {
      throw new Error(
        `story ${entry.id} kept changing under other writers; ${copy.url} is recorded next poll`,
      );
    }
    const copies = entry.alsoPublishedBy ?? [];
    const original = currentOriginal(entry, match.article);
    const claim = { ...copy, sourceName: source.name, pollIntervalMinutes: source.pollIntervalMinutes };
    const credit =
      precedes(claim, original) && claimBelievable(claim, original, foundAt) ? source.id : undefined;
    if (await deps.articles.addStoryCopy(entry.id, copy, credit, copies.length)) {
      entry = {
        ...entry,
        alsoPublishedBy: [...copies, copy],
        ...(credit ? { originalSourceId: credit } : {}),
      };
    } else {
      const fresh = await deps.articles.get(entry.id);
      if (!fresh) throw new Error(`story ${entry.id} is no longer stored`);
      entry = fresh;
    }
  }
  if (mirrors(match.article, entry)) return { entry, rewritten: false };
  const { originalSourceId: _credit, ...body } = match.article;
  await deps.content.putArticle({
    ...body,
    alsoPublishedBy: entry.alsoPublishedBy,
    ...(entry.originalSourceId ? { originalSourceId: entry.originalSourceId } : {}),
  });
  return { entry, rewritten: true };
}

/** Whether the stored article carries the entry's copies and credit. */
function mirrors(article: Article, entry: ArticleEntry): boolean {
  const key = (copies: StoryCopy[] = []) =>
    copies.map((c) => `${c.sourceId} ${c.url} ${c.publishedAt}`).join('\n');
  return (
    key(article.alsoPublishedBy) === key(entry.alsoPublishedBy) &&
    article.originalSourceId === entry.originalSourceId
  );
}

/** The credited copy of a story: the entry's own article unless another paper was credited. */
function currentOriginal(
  entry: ArticleEntry,
  article: Article,
): { publishedAt: string; attribution?: string } {
  if (!entry.originalSourceId) return { publishedAt: entry.publishedAt, attribution: article.attribution };
  const credited = entry.alsoPublishedBy?.find((c) => c.sourceId === entry.originalSourceId);
  return { publishedAt: credited?.publishedAt ?? entry.publishedAt };
}
