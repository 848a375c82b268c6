/**
 * Source health flags, computed after each poll: `failing` when the source has failed 3 polls in
 * a row; `selectors-broken` when the articles a poll extracts turn incomplete (no title, no date,
 * next to no body) where they used to come out whole — the sign of a redesigned page.
 */
import type { PollRecord, SourceFlag, SourceHealth } from '../domain/source-record.js';
import type { DiscoveredLink } from './discover/discover-links.js';
import type { ExtractedArticle } from './extract/extract-article.js';

export const FAILING_AFTER_FAILURES = 3;
/** A body shorter than this (in characters of text) is a teaser or an error page, not an article. */
export const MIN_BODY_CHARACTERS = 200;
/** Share of incomplete articles from which a poll counts as extracting badly. */
export const BROKEN_SHARE = 0.5;

/** Counts, over one poll, the article pages extracted and the fields they lacked. */
export class ExtractionTally {
  private articles = 0;
  private incomplete = 0;
  private readonly empty = { title: 0, date: 0, body: 0 };

  /** Records one extracted page, before it is validated (a rejected article counts too). */
  record(extracted: ExtractedArticle, link: Pick<DiscoveredLink, 'title' | 'publishedAt'>): void {
    const title = !(extracted.title || link.title).trim();
    const date = !extracted.publishedAt && !link.publishedAt;
    const body = extracted.contentText.trim().length < MIN_BODY_CHARACTERS;
    this.articles++;
    if (title) this.empty.title++;
    if (date) this.empty.date++;
    if (body) this.empty.body++;
    if (title || date || body) this.incomplete++;
  }

  counts(): Required<Pick<PollRecord, 'articlesExtracted' | 'articlesIncomplete' | 'emptyFields'>> {
    return {
      articlesExtracted: this.articles,
      articlesIncomplete: this.incomplete,
      emptyFields: { ...this.empty },
    };
  }
}

/**
 * The flags after a poll, and the extraction baseline to keep. `selectors-broken` is raised when
 * a poll's incomplete share reaches BROKEN_SHARE while the last poll that extracted anything was
 * below it, stays while the share stays there, and clears once a poll extracts well; a poll that
 * extracts nothing (not modified, only known links, failed) keeps it as it was.
 */
export function healthFlags(
  previous: SourceHealth,
  poll: PollRecord,
  consecutiveFailures: number,
): Pick<SourceHealth, 'flags' | 'incompleteShare'> {
  const flags: SourceFlag[] = [];
  if (consecutiveFailures >= FAILING_AFTER_FAILURES) flags.push('failing');
  let broken = previous.flags?.includes('selectors-broken') ?? false;
  let incompleteShare = previous.incompleteShare;
  const extracted = poll.articlesExtracted ?? 0;
  if (extracted > 0) {
    const share = (poll.articlesIncomplete ?? 0) / extracted;
    const wasExtractingWell =
      previous.incompleteShare !== undefined && previous.incompleteShare < BROKEN_SHARE;
    broken = share >= BROKEN_SHARE && (broken || wasExtractingWell);
    incompleteShare = share;
  }
  if (broken) flags.push('selectors-broken');
  return { flags, incompleteShare };
}
