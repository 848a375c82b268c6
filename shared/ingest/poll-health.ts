/**
 * Source health flags, computed after each poll: `failing` when the source has failed 3 polls in
 * a row; `selectors-broken` when half or more of the source's recent articles come out incomplete
 * (no title, no date, next to no body) where they used to come out whole — the sign of a
 * redesigned page. Recent articles are judged together, across polls, so one odd article does
 * not turn a paper red, and the flag clears as whole articles push the bad ones out.
 */
import type { JudgedArticle, PollRecord, SourceFlag, SourceHealth } from '../domain/source-record.js';
import type { DiscoveredLink } from './discover/discover-links.js';
import type { ExtractedArticle } from './extract/extract-article.js';

export const FAILING_AFTER_FAILURES = 3;
/** A body shorter than this (in characters of text) is a teaser or an error page, not an article. */
export const MIN_BODY_CHARACTERS = 200;
/** Share of incomplete articles in the window from which a source counts as extracting badly. */
export const BROKEN_SHARE = 0.5;
/** How many of the newest extracted articles are judged together. */
export const HEALTH_WINDOW = 10;
/** Fewer articles than this say nothing about the selectors, either way. */
export const MIN_JUDGED = 4;

export type ArticleField = 'title' | 'date' | 'body';

/** The fields an extracted article lacks (the listing's title and date count as found). */
export function missingFields(
  extracted: Pick<ExtractedArticle, 'title' | 'publishedAt' | 'contentText'>,
  link: Pick<DiscoveredLink, 'title' | 'publishedAt'>,
): ArticleField[] {
  const missing: ArticleField[] = [];
  if (!(extracted.title || link.title).trim()) missing.push('title');
  if (!extracted.publishedAt && !link.publishedAt) missing.push('date');
  if (extracted.contentText.trim().length < MIN_BODY_CHARACTERS) missing.push('body');
  return missing;
}

/** Counts, over one poll, the article pages extracted and the fields they lacked, in order. */
export class ExtractionTally {
  private readonly judged: JudgedArticle[] = [];
  private readonly empty = { title: 0, date: 0, body: 0 };

  /** Records one extracted page, before it is validated (a rejected article counts too). */
  record(extracted: ExtractedArticle, link: Pick<DiscoveredLink, 'url' | 'title' | 'publishedAt'>): void {
    const missing = missingFields(extracted, link);
    for (const field of missing) this.empty[field]++;
    this.judged.push({ url: link.url, incomplete: missing.length > 0 });
  }

  /** Each extracted article, in the order they were extracted. */
  articles(): JudgedArticle[] {
    return [...this.judged];
  }

  counts(): Required<Pick<PollRecord, 'articlesExtracted' | 'articlesIncomplete' | 'emptyFields'>> {
    return {
      articlesExtracted: this.judged.length,
      articlesIncomplete: this.judged.filter((a) => a.incomplete).length,
      emptyFields: { ...this.empty },
    };
  }
}

/**
 * The flags after a poll, and the window of recent articles to keep (an article extracted again,
 * e.g. a rejected page retried, replaces its earlier verdict). `selectors-broken` is raised when
 * the window (at least MIN_JUDGED articles) reaches BROKEN_SHARE incomplete while it was below
 * that before this poll, stays while it stays there, and clears once whole articles bring the
 * window back below it. A poll that extracts nothing keeps the flag as it was.
 */
export function healthFlags(
  previous: SourceHealth,
  consecutiveFailures: number,
  extracted: JudgedArticle[],
): Pick<SourceHealth, 'flags' | 'recentArticles'> {
  const flags: SourceFlag[] = [];
  if (consecutiveFailures >= FAILING_AFTER_FAILURES) flags.push('failing');
  const before = previous.recentArticles ?? [];
  const again = new Set(extracted.map((a) => a.url));
  const window = [...before.filter((a) => !again.has(a.url)), ...extracted].slice(-HEALTH_WINDOW);
  // A flag kept without a window was raised by the former per-poll rule: the window judges afresh.
  let broken =
    previous.recentArticles !== undefined && (previous.flags?.includes('selectors-broken') ?? false);
  if (extracted.length > 0 && window.length >= MIN_JUDGED) {
    const wasExtractingWell = before.length > 0 && incompleteShare(before) < BROKEN_SHARE;
    broken = incompleteShare(window) >= BROKEN_SHARE && (broken || wasExtractingWell);
  }
  if (broken) flags.push('selectors-broken');
  return { flags, recentArticles: window };
}

export function incompleteShare(window: JudgedArticle[]): number {
  return window.length === 0 ? 0 : window.filter((a) => a.incomplete).length / window.length;
}
