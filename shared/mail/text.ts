/**
 * Text folding for matching subscribers' words against articles. Case and Unicode form are
 * ignored, words match whole ("ha" does not match inside "hanh"), and accents as the reader typed
 * them: a word typed without marks matches any ("ha noi" matches "Hà Nội", as Vietnamese is often
 * typed without them), a word typed with its marks matches only that spelling ("bão", a storm,
 * does not match "báo", a newspaper, nor "bao").
 */
import { withoutUnsafeCharacters } from '../domain/plain-text.js';

/**
 * A text's words as a word typed without marks matches them: lower case, accents and đ/Đ folded
 * away, joined by single spaces (`MatchableText.folded`).
 */
export function fold(text: string): string {
  return spelledWords(text).map(foldWord).join(' ');
}

/** Whether the folded `phrase` occurs in the folded `text` as whole words. */
export function containsPhrase(foldedText: string, foldedPhrase: string): boolean {
  if (!foldedPhrase) return false;
  return ` ${foldedText} `.includes(` ${foldedPhrase} `);
}

/**
 * Lower-case NFC words, marks kept (a Hindi matra or a Thai vowel sign stays in its word), and a
 * "+" or "#" that ends a word kept in it ("C++" and "C#" are not "C").
 */
export function spelledWords(text: string): string[] {
  return (text.normalize('NFC').toLowerCase().match(WORD) ?? []).filter((word) => foldWord(word) !== '');
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:[+#]+(?![+#\p{L}\p{N}]))?/gu;

/** One of `spelledWords` without its marks, đ as d. */
function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd');
}

/** Text prepared once for any number of phrases: its words as spelt and as folded. */
export interface MatchableText {
  folded: string;
  words: string[];
  foldedWords: string[];
}

/** Vietnamese tone marks (not the vowels' own marks: circumflex, breve, horn). */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * A word with its one Vietnamese tone mark after its letters, wherever it was set: papers write
 * "hòa" and "hoà", "thủy" and "thuỷ" (the new and old placements) for one word (attack run 29:
 * a reader of "hòa bình" missed "hoà bình"). Other words as they are.
 */
function toneNeutral(word: string): string {
  const decomposed = word.normalize('NFD');
  const tones = decomposed.match(TONE);
  if (tones?.length !== 1 || !/^[\p{Script=Latin}\p{M}\p{N}]+$/u.test(decomposed)) return word;
  return decomposed.replace(TONE, '') + tones[0];
}

export function matchableText(text: string): MatchableText {
  const words = spelledWords(text).map(toneNeutral);
  const foldedWords = words.map(foldWord);
  return { folded: foldedWords.join(' '), words, foldedWords };
}

/** A phrase as the reader typed it: its words, folded, and which of them carry marks. */
export interface TypedPhrase {
  words: string[];
  folded: string[];
  marked: boolean[];
}

export function typedPhrase(phrase: string): TypedPhrase {
  const words = spelledWords(phrase).map(toneNeutral);
  const folded = words.map(foldWord);
  return { words, folded, marked: words.map((word, i) => word !== folded[i]) };
}

/**
 * Whether the phrase occurs in `text` as whole words, each word typed with marks spelt as typed
 * (case aside) and each word typed without them in any spelling.
 */
export function containsTypedPhrase(text: MatchableText, phrase: TypedPhrase): boolean {
  const { words, folded, marked } = phrase;
  if (!containsPhrase(text.folded, folded.join(' '))) return false;
  if (!marked.includes(true)) return true;
  for (let start = 0; start <= text.words.length - words.length; start++) {
    if (
      words.every((word, i) =>
        marked[i] ? text.words[start + i] === word : text.foldedWords[start + i] === folded[i],
      )
    ) {
      return true;
    }
  }
  return false;
}

/** Removes C0/C1 control characters (tabs and line breaks become spaces) from text meant for mail. */
export function stripControls(text: string): string {
  return withoutUnsafeCharacters(text.replace(/[\t\n\r]+/g, ' ').replace(/[\u000B\u000C]/g, ''));
}
