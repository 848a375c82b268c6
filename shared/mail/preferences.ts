/**
 * Which articles a subscriber asked for. Sources, categories and keywords each narrow the
 * choice when given (an empty list means "all"); categories are compared as their feeds' slugs
 * (without accents or case; "C++" is not "C"),
 * keywords as whole words of the title or summary, without case and with the accents the reader
 * typed (`containsTypedPhrase`).
 */
import { createHash } from 'node:crypto';
import { categorySlug } from '../domain/category.js';
import type { SubscriptionPreferences } from '../domain/subscriber.js';
import type { Clipping, MailItem } from './clipping.js';
import { containsTypedPhrase, type MatchableText, matchableText, spelledWords, typedPhrase } from './text.js';

type Choice = Pick<SubscriptionPreferences, 'sources' | 'categories' | 'keywords'>;

/** A clipping with its text folded once, however many preference sets it is matched against. */
export interface PreparedClipping {
  clipping: Clipping;
  text: MatchableText;
  categories: Set<string>;
}

export function prepareClipping(clipping: Clipping): PreparedClipping {
  return {
    clipping,
    text: matchableText(`${clipping.title} ${clipping.summary}`),
    categories: new Set(clipping.categories.map(categorySlug)),
  };
}

/** The canonical form of a choice: subscribers with the same key get the same articles. */
export function normalizedChoice(preferences: Choice): {
  sources: string[];
  categories: string[];
  keywords: string[];
} {
  const unique = (values: string[]) => [...new Set(values.filter(Boolean))].sort();
  return {
    sources: unique(preferences.sources),
    categories: unique(preferences.categories.map(categorySlug)),
    keywords: unique(preferences.keywords.map((keyword) => spelledWords(keyword).join(' '))),
  };
}

/** A short digest of the normalized choice. */
export function preferenceKey(preferences: Choice): string {
  return createHash('sha256')
    .update(JSON.stringify(normalizedChoice(preferences)))
    .digest('hex')
    .slice(0, 16);
}

export function matcherFor(preferences: Choice): (article: PreparedClipping) => boolean {
  const { sources, categories, keywords: typed } = normalizedChoice(preferences);
  const keywords = typed.map(typedPhrase);
  const sourceSet = new Set(sources);
  // A paper's copy of a story stored under another is for readers who picked that paper and not
  // the other: the others got (or get) the story itself.
  const paperMatches = ({ sourceId, copyOf }: Clipping) =>
    copyOf === undefined
      ? sourceSet.size === 0 || sourceSet.has(sourceId)
      : sourceSet.has(sourceId) && !sourceSet.has(copyOf);
  return (article) =>
    paperMatches(article.clipping) &&
    (categories.length === 0 || categories.some((category) => article.categories.has(category))) &&
    (keywords.length === 0 || keywords.some((keyword) => containsTypedPhrase(article.text, keyword)));
}

/**
 * Whether a reader with this choice hears from this clipping where else a story they get ran: a
 * paper they take (any paper, without a choice of papers), whatever its categories and words (it
 * is the same story). It counts even when the clipping itself is not for them: a paper's copy of
 * a story they get under its own paper (attack run 29: a reader of both never saw the credit).
 */
export function creditFor(preferences: Choice): (article: PreparedClipping) => boolean {
  const sources = new Set(normalizedChoice(preferences).sources);
  return (article) => sources.size === 0 || sources.has(article.clipping.sourceId);
}

/**
 * The items of one digest or alert: matching clippings, one per story (its stored article, which
 * other papers' copies share; the first recorded
 * stands for it; the other papers are named in `alsoIn`, and so are those of `credited`, the
 * clippings that only name where else a story ran), newest first, at most `max`.
 */
export function selectItems(
  articles: readonly PreparedClipping[],
  matches: (article: PreparedClipping) => boolean,
  max: number,
  credited: readonly PreparedClipping[] = [],
): { items: MailItem[]; total: number } {
  const stories = new Map<string, MailItem>();
  const byRecording = (list: readonly PreparedClipping[]) =>
    [...list].sort((a, b) => a.clipping.recordedAt.localeCompare(b.clipping.recordedAt));
  // Another paper's clipping of the story (another article, or its copy of this one) is credited.
  const credit = ({ clipping }: PreparedClipping) => {
    const story = stories.get(clipping.articleId);
    if (story && story.sourceId !== clipping.sourceId && !story.alsoIn.includes(clipping.sourceId))
      story.alsoIn.push(clipping.sourceId);
  };
  for (const article of byRecording(articles)) {
    if (!matches(article)) continue;
    if (stories.has(article.clipping.articleId)) credit(article);
    else stories.set(article.clipping.articleId, { ...article.clipping, alsoIn: [] });
  }
  for (const article of byRecording(credited)) credit(article);
  const items = [...stories.values()].sort(
    (a, b) =>
      Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || b.recordedAt.localeCompare(a.recordedAt),
  );
  return { items: items.slice(0, max), total: items.length };
}
