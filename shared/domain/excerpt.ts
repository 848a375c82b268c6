/**
 * An article's excerpt: what a notice of it shows (a mail alert, a digest, a webhook receiver's
 * list), made once when it is stored and carried by its event, so no consumer reads the body
 * for it.
 */
import type { Article } from './article.js';

/** An excerpt's most characters. */
export const EXCERPT_CHARS = 600;

/**
 * The lead (sapo), else the text's beginning, cut at a word boundary, without the paper's
 * dateline: feeds, mail and webhooks name the paper apart.
 */
export function excerptOf(article: Pick<Article, 'summary' | 'contentText'>): string {
  return truncate(withoutDateline(article.summary || article.contentText), EXCERPT_CHARS);
}

/**
 * How a paper or agency tags its work: in capitals ("TTXVN", "VOV.VN", "(SGGPO)" inside) or as
 * its domain ("VTV.vn"). Signatures end with it ("Thu Hằng/VOV.VN"); datelines open leads with it.
 */
export const PAPER_TAG = String.raw`(?:[\p{Lu}\d.+]{2,}|[\p{L}\d]+\.(?:vn|com|net|org))`;

/**
 * The dateline papers open a lead with: the paper's tag in parentheses, in capitals, as its
 * domain or "Online" ("(Dân trí) - ", "(SGGPO).- ", "TTO - ", "VTV.vn - ", "QĐND Online - ",
 * "BKT- "), or the place ("HÀ NỘI - ").
 */
const TAG_WORD = `(?:${PAPER_TAG}|Online)`;
const DATELINE = new RegExp(
  String.raw`^(?:\([^()]{2,40}\)\.?|${TAG_WORD}(?:\s+${TAG_WORD}){0,2})\s*[-–—]\s+(?=\p{Lu})`,
  'u',
);

/** A lead as feeds and mail show it: without its dateline, when words enough follow it. */
export function withoutDateline(text: string): string {
  const m = DATELINE.exec(text);
  return m && text.length - m[0].length >= 40 ? text.slice(m[0].length) : text;
}

/** Cuts `text` to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  // Never between the two halves of a character beyond the BMP (an emoji): a lone surrogate is
  // refused by strict JSON readers (attack run 39: an aggregator's webhook receiver).
  const end = isHighSurrogate(clean.charCodeAt(max - 2)) ? max - 2 : max - 1;
  const cut = clean.slice(0, end);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
