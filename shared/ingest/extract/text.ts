/** Text normalization shared by the extractor: every string it returns goes through here. */
import { BIDI_CONTROLS, withoutUnsafeCharacters, ZERO_WIDTH } from '../../domain/plain-text.js';

/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
 * a title or a category read backwards in a feed reader or a mail (an isolate left open reorders
 * all that follows), and right-to-left text needs none of them (its marks, U+200E/U+200F, stay).
 */
export const BIDI_OVERRIDES = new RegExp(`[${BIDI_CONTROLS}]`, 'g');
/**
 * Invisible characters an extracted text loses: soft hyphens, zero-width spaces, bidi overrides
 * and isolates (an isolate left open, U+2067 with no U+2069, reorders every word after it in a
 * feed title or a mail's Subject; the text reads the same without them).
 * Zero-width joiners and non-joiners stay: they spell words (Persian "می‌شود", Bengali "র‍্যাব")
 * and emoji.
 */
const INVISIBLE = new RegExp(`[\\u00ad\\u2060${ZERO_WIDTH}${BIDI_CONTROLS}]`, 'g');
const SPACES = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;
/** Whitespace that SPACES would change: any but a lone space. Most texts have none, and need no copy. */
const ODD_SPACE = /[^\S ]| {2}/;

/** NFC, invisible characters dropped, runs of whitespace collapsed to one space, trimmed. */
export function cleanText(text: string): string {
  // Removed before composing: a character between a letter and its mark would keep them apart.
  const visible = withoutUnsafeCharacters(text.replace(INVISIBLE, '')).normalize('NFC');
  return (ODD_SPACE.test(visible) ? visible.replace(SPACES, ' ') : visible).trim();
}

/** Like cleanText, but keeps line breaks (one per run) so `<br>`-separated lines survive. */
export function cleanLines(text: string): string {
  const visible = withoutUnsafeCharacters(text.replace(INVISIBLE, '')).normalize('NFC');
  // No line break and no whitespace but lone spaces (most texts): one line, nothing to collapse.
  if (!ODD_SPACE.test(visible)) return visible.trim();
  return visible
    .split('\n')
    .map((line) => (ODD_SPACE.test(line) ? line.replace(SPACES, ' ') : line).trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** The keys of recent texts: the cleanup steps compare the same blocks with one another again and again. */
const KEYS = new Map<string, string>();
const KEYS_KEPT = 4096;

/**
 * A comparison key: case-folded, punctuation-free, whitespace-collapsed. Marks stay with their
 * letters (the vowel signs of Indic scripts); joiners go, and the dot Turkish "İ" leaves on its
 * lower case ("İLGİLİ HABERLER" is "ilgili haberler").
 */
export function textKey(text: string): string {
  let key = KEYS.get(text);
  if (key === undefined) {
    key = cleanText(text)
      .toLowerCase()
      .replace(/i\u0307/g, 'i')
      .replace(/[\u200c\u200d]/g, '')
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
      .trim();
    if (KEYS.size >= KEYS_KEPT) KEYS.clear();
    KEYS.set(text, key);
  }
  return key;
}

/**
 * A description cut short: an ellipsis, or WordPress's `excerpt_more` marker in brackets ("[…]",
 * "[...]", "[&hellip;]" escaped twice) or another CMS's in parentheses ("(…)").
 */
const CUT_MARK = /(?:\.{3}|…|\[\s*(?:…|\.{3}|&hellip;)\s*\]|\(\s*(?:…|\.{3})\s*\))\s*$/;

/** Whether a description ends with a mark that it was cut short (see CUT_MARK). */
export function endsCut(description: string): boolean {
  return CUT_MARK.test(description);
}

/**
 * The text a page's meta description gives: the same, or its start when the site cut the
 * description short with an ellipsis ("… với ông Nguyễn Văn T..."), at least 40 characters of it.
 */
export function describedBy(text: string, description: string): boolean {
  const key = textKey(text);
  const described = textKey(description);
  if (!key || !described) return false;
  if (key === described) return true;
  // The description is the text's first sentence or sentences ("Perex: … . …" → its first sentence).
  if (described.length >= 40 && endsSentence(description) && key.startsWith(`${described} `)) return true;
  // The description is the text cut at a clause's end ("…, según los datos" of "…, según los datos, y…").
  if (described.length >= 40 && key.startsWith(`${described} `)) {
    const said = cleanText(description);
    const whole = cleanText(text);
    if (whole.startsWith(said) && /^\s*[,;:–—]/.test(whole.slice(said.length))) return true;
  }
  if (!endsCut(description)) return false;
  // The last word may be cut too ("T..." of "Thịnh").
  const stem = described.replace(/\s*\S*$/, '');
  return stem.length >= 40 && key.startsWith(stem);
}

/** The text ends a sentence, as a paragraph does and a headline rarely does. */
export function endsSentence(text: string): boolean {
  return /[.!?…。！？۔؟।॥።፧။។།։]["”’»)]?$/u.test(text.trimEnd());
}

/**
 * A label a box sets over its words ("Muhtasari", "摘要", "Key points"): a short line that says
 * no sentence and lists nothing. `most` characters at the most (a heading may say more).
 */
export function isLabelLine(text: string, most = 24): boolean {
  return text !== '' && text.length <= most && !endsSentence(text) && !/[,，、;；]/.test(text);
}

/** Number of words (runs of letters or digits). */
export function wordCount(text: string): number {
  // A word's marks are part of it: Devanagari's vowel signs and virama are marks (blind probe 39:
  // a three-word Nepali label counted six).
  return text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu)?.length ?? 0;
}

/** Commas, including the full-width and ideographic ones: a cheap signal of running prose. */
export function commaCount(text: string): number {
  return text.match(/[,，、،]/g)?.length ?? 0;
}

/** Scripts written without spaces between words: their runs are compared by pairs of characters. */
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

/** A text's words to compare (lowercased, NFC; runs of an unspaced script as pairs of characters). */
function comparedWords(text: string): string[] {
  const out: string[] = [];
  for (const word of text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (!word) continue;
    if (UNSPACED.test(word)) {
      const chars = [...word];
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else out.push(word);
  }
  return out;
}

/**
 * The share of a description's words (of five letters or more, else of three) that the article's own words
 * (its headline and text) hold, a word's first five letters standing for it ("ناوچەی", "area
 * of", in "ناوچەکانیان", "their areas"). Undefined when the description has fewer than three
 * such words to judge by.
 */
export function wordsSupported(description: string, article: string): number | undefined {
  const words = comparedWords(description);
  // The longer words, where there are three: "and", "the", "from" are in every text.
  const long = words.filter((w) => UNSPACED.test(w) || [...w].length >= 5);
  const judged = long.length >= 3 ? long : words.filter((w) => [...w].length >= 3);
  if (judged.length < 3) return undefined;
  const own = new Set<string>();
  for (const word of comparedWords(article)) {
    own.add(word);
    const chars = [...word];
    if (chars.length >= 5) own.add(`${chars.slice(0, 5).join('')}…`);
  }
  const held = judged.filter((w) => {
    if (own.has(w)) return true;
    const chars = [...w];
    return chars.length >= 5 && own.has(`${chars.slice(0, 5).join('')}…`);
  });
  return held.length / judged.length;
}
