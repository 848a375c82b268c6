/**
 * Text folding for matching subscribers' words against articles: Vietnamese accents, case and
 * Unicode form are ignored ("Hà Nội", "ha noi" and "HÀ NỘI" match), and words match whole
 * ("ha" does not match inside "hanh").
 */
import { withoutUnsafeCharacters } from '../domain/plain-text.js';

/** Lower-case ASCII words joined by single spaces: accents, đ/Đ and punctuation folded away. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether the folded `phrase` occurs in the folded `text` as whole words. */
export function containsPhrase(foldedText: string, foldedPhrase: string): boolean {
  if (!foldedPhrase) return false;
  return ` ${foldedText} `.includes(` ${foldedPhrase} `);
}

/** Removes C0/C1 control characters (tabs and line breaks become spaces) from text meant for mail. */
export function stripControls(text: string): string {
  return withoutUnsafeCharacters(text.replace(/[\t\n\r]+/g, ' ').replace(/[\u000B\u000C]/g, ''));
}
