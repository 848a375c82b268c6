/**
 * Characters no text Bantin stores or sends may hold: C0 controls but the whitespace ones (tab,
 * LF, VT, FF, CR: a text's own rules collapse or keep those); DEL and C1 controls; noncharacters (U+FDD0–U+FDEF, and U+FFFE and U+FFFF of every plane); lone
 * surrogates. None is text a reader can see, none is allowed in XML 1.0 (feeds, OPML), and
 * strict JSON readers (an aggregator's webhook receiver) refuse a lone surrogate.
 */
const UNSAFE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}\p{Cs}]/gu;

/** Any of them, or any surrogate (most texts have none, and are not copied). */
const MAYBE_UNSAFE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;

export function withoutUnsafeCharacters(text: string): string {
  return MAYBE_UNSAFE.test(text) ? text.replace(UNSAFE, '') : text;
}
