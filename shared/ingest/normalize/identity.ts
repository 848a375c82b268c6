import { createHash } from 'node:crypto';

/** An article's id: a digest of its canonical URL, so it never changes when the article is edited. */
export function articleIdFor(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 24);
}

/** The alias of an article at `url` (another address of it): the id that URL would have. */
export function aliasOf(url: string): { id: string; url: string } {
  return { id: articleIdFor(url), url };
}

/**
 * A digest of what the story says, blind to markup, case, punctuation and Unicode form: the
 * same story republished elsewhere, or fetched twice, has the same fingerprint.
 */
export function contentFingerprint(title: string, text: string): string {
  const words =
    `${title}\n${text}`
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 32);
}
