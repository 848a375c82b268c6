/**
 * An article's excerpt: what a notice of it shows (a mail alert, a digest, a webhook receiver's
 * list), made once when it is stored and carried by its event, so no consumer reads the body
 * for it.
 */
import type { Article } from './article.js';

/** An excerpt's most characters. */
export const EXCERPT_CHARS = 600;

/** The lead (sapo), else the text's beginning, cut at a word boundary. */
export function excerptOf(article: Pick<Article, 'summary' | 'contentText'>): string {
  return truncate(article.summary || article.contentText, EXCERPT_CHARS);
}

/** Cuts `text` to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
