/**
 * Category slugs: the ASCII form of a category name used in feed paths
 * (`feeds/categories/{slug}.rss`), in SNS filter policies and in webhook filters. Vietnamese
 * letters fold to their base letter ("Văn hóa" → `van-hoa`, "Đầu tư" → `dau-tu`), so the same
 * category spelt with different accents, case or Unicode normalization gets the same slug. A "+"
 * or "#" that ends a word is part of it ("C++" → `c-plus-plus`, "C#" → `c-sharp`): dropped, it
 * made "C++", "C#" and "C" one category.
 */

const MAX_SLUG = 64;

export function categorySlug(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(WORD_SUFFIX, (suffix) => [...suffix].map((c) => (c === '+' ? '-plus' : '-sharp')).join(''))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  // A name with no Latin letter or digit (e.g. "中文", "!!!") still needs a stable, distinct slug.
  if (!folded) return `c-${fnv1a(name.normalize('NFC').trim())}`;
  // Words in another script beside the Latin ones or digits are part of the name: dropped, they
  // made "Спорт 2024" and "Политика 2024" one category (`2024`), and let "Văn hóa — Казино"
  // take the feed of "Văn hóa" and rename it. Such a name keeps a hash of all its words.
  if (!OTHER_SCRIPT_LETTER.test(name)) return folded;
  const key = name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return `${folded.slice(0, MAX_SLUG - 9).replace(/-+$/, '')}-${fnv1a(key)}`;
}

/** "+" and "#" signs ending a word: after a letter, digit or sign, before no letter or digit. */
const WORD_SUFFIX = /(?<=[\p{L}\p{N}])[+#]+(?![+#\p{L}\p{N}])/gu;

/** A letter of a script other than Latin (Cyrillic, Greek, Han…). */
const OTHER_SCRIPT_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/** Whether `value` has the shape of a slug (what categorySlug returns). */
export function isCategorySlug(value: string): boolean {
  return value.length <= MAX_SLUG && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value);
}

/** 32-bit FNV-1a as 8 hex digits: tiny, stable across runtimes, no dependency. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
